package bench_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"casusoverleg/internal/auth"
	"casusoverleg/internal/bench"
	"casusoverleg/internal/benchdata"
	"casusoverleg/internal/database"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/demo"
)

var (
	hashOnce sync.Once
	hash     string
)

// suite generates a small region into a fresh database and prepares the suite on it.
func suite(tb testing.TB) (*bench.Suite, context.Context) {
	tb.Helper()
	ctx := context.Background()
	hashOnce.Do(func() { hash, _ = auth.HashPassword(demo.Password) })
	db := dbtest.Open(tb)
	if _, err := benchdata.Generate(ctx, db, benchdata.Small(), benchdata.Options{PasswordHash: hash, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	s, err := bench.NewSuite(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	return s, ctx
}

// region opens a database that holds a generated region and prepares the suite on it.
func region(tb testing.TB, cfg database.Config) (*bench.Suite, context.Context) {
	tb.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = database.Close(db) })
	if err := database.Migrate(ctx, db); err != nil {
		tb.Fatal(err)
	}
	s, err := bench.NewSuite(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	return s, ctx
}

// The Go benchmarks run on a small region here (go test -bench .); `make
// bench` runs the same functions on the full region. With BENCH_SQLITE_PATH
// or BENCH_DATABASE_URL set they run on that database, which holds a
// generated region (casusoverleg seed --bench): to profile one figure of
// `make bench` on the data it measures.
func BenchmarkAgendaBuild(b *testing.B)          { s, _ := benchSuite(b); s.AgendaBuild(b) }
func BenchmarkQuestionSetSelection(b *testing.B) { s, _ := benchSuite(b); s.QuestionSetSelection(b) }
func BenchmarkMinutesPDF(b *testing.B)           { s, _ := benchSuite(b); s.MinutesPDF(b) }
func BenchmarkPlainPDF(b *testing.B)             { s, _ := benchSuite(b); s.PlainPDF(b) }
func BenchmarkSeal(b *testing.B)                 { s, _ := benchSuite(b); s.Seal(b) }
func BenchmarkReportYear(b *testing.B)           { s, _ := benchSuite(b); s.ReportYear(b) }

// benchSuite is the suite on the region the environment names, else on a small one of its own.
func benchSuite(tb testing.TB) (*bench.Suite, context.Context) {
	if cfg := (database.Config{SQLitePath: os.Getenv("BENCH_SQLITE_PATH"), URL: os.Getenv("BENCH_DATABASE_URL")}); cfg != (database.Config{}) {
		return region(tb, cfg)
	}
	return suite(tb)
}

// BenchmarkRequest serves one request of each HTTP load in process, without
// the network or concurrency: CPU time and allocations per request, e.g.
// go test -run - -bench Request/agenda.page -cpuprofile cpu.out ./internal/bench/
//
// With BENCH_SQLITE_PATH or BENCH_DATABASE_URL set it runs on that database,
// which holds a generated region (casusoverleg seed --bench), instead of a
// small region of its own: the loads' 40-item agenda.
func BenchmarkRequest(b *testing.B) {
	s, ctx := benchSuite(b)
	handlers, err := s.Handlers(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"anchor", "agenda JSON", "agenda page", "case page", "signed minutes PDF", "bare stored-PDF download (audited)"} {
		h := handlers[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.H.ServeHTTP(rec, h.Req())
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", name, rec.Code)
				}
			}
			// The process's CPU time per request (the audit writer's
			// goroutine and the GC included): on a shared machine
			// steadier than ns/op, which counts waiting for a core.
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

func TestRunReportsEveryFigure(t *testing.T) {
	ctx := context.Background()
	hashOnce.Do(func() { hash, _ = auth.HashPassword(demo.Password) })
	db := dbtest.Open(t)
	if _, err := benchdata.Generate(ctx, db, benchdata.Small(), benchdata.Options{PasswordHash: hash, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	rep, err := bench.Run(ctx, db, bench.Config{Concurrency: 2, Duration: 200 * time.Millisecond, Progress: &progress,
		LiveConnections: 10, LiveMoves: 3})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := rep.Print(&out); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
	for _, want := range []string{"agenda build with carry-over, p95", "reports page, one year, p95", "question-set selection", "signing at approval: full copy", "signing at approval: all",
		"HTTP empty gin handler", "HTTP anchor (bare net-http agenda", "HTTP agenda JSON", "HTTP agenda page", "HTTP case page", "HTTP signed minutes PDF", "HTTP signed minutes PDF, chair (full copy)", "stored original against rendering per download", "HTTP bare stored-PDF download (audited)", "HTTP bare stored-PDF download against rendering per download",
		"10 open live pages on one meeting: an item change reaches all, p95", "memory per open live connection"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	ratios := 0
	for _, row := range rep.Rows {
		if row.Figure == "" {
			t.Errorf("row %q has no figure", row.What)
		}
		if row.Ratio != "" {
			ratios++
		}
		if row.Target != "" && row.Met != "met" && row.Met != "MISSED" {
			t.Errorf("row %q has a target but no verdict", row.What)
		}
	}
	if ratios != 10 {
		t.Errorf("%d rows with a ratio to their baseline, want 10 (the PDF, the anchor to empty gin, six HTTP loads to the anchor, the stored and the bare download against rendering)", ratios)
	}
	if !strings.Contains(progress.String(), "measuring agenda JSON") {
		t.Errorf("no progress: %q", progress.String())
	}
}

// The load generator refuses to measure error pages: an outsider's case page
// is a 403, and the run says so instead of counting it.
func TestLoadRefusesErrorAnswers(t *testing.T) {
	s, ctx := suite(t)
	if err := s.LoadAsOutsider(ctx); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("load of a refused case page: %v, want a 403 error", err)
	}
}

// TestLivePages opens live pages on the upcoming meeting of a small region as
// its members, moves the meeting through the API, and checks that every page
// heard every move in time; the meeting is put back as it was.
func TestLivePages(t *testing.T) {
	s, ctx := suite(t)
	res, err := s.Live(ctx, bench.LiveConfig{Connections: 30, Moves: 5})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if res.P95 <= 0 || res.P95 > res.Max || res.P95 >= bench.TargetLiveP95 {
		t.Errorf("p95 %v (slowest %v), want above zero and below %v", res.P95, res.Max, bench.TargetLiveP95)
	}
	// A stream holds a goroutine or two, buffers and a presence row: more than
	// nothing, far less than a megabyte.
	if server := res.PerConnection - res.ClientPerConnection; res.PerConnection <= 0 || server > 1<<20 {
		t.Errorf("memory per connection %d bytes (clients alone %d)", res.PerConnection, res.ClientPerConnection)
	}
	again, err := s.Live(ctx, bench.LiveConfig{Connections: 2, Moves: 1})
	if err != nil {
		t.Fatalf("a second run on the same region (the meeting was not put back?): %v", err)
	}
	if again.Connections != 2 {
		t.Errorf("second run = %+v", again)
	}
	if st, err := s.MeetingStatus(ctx); err != nil || st != s.Targets().Upcoming.Status {
		t.Errorf("the meeting was left %q (%v), want %q", st, err, s.Targets().Upcoming.Status)
	}
}
