package bench_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/bench"
	"casusoverleg/internal/database"
	"casusoverleg/internal/dbtest"
)

// The load mix in short, as CI runs it: sessions reading and writing for a
// few seconds with no error and no failed write, then no duplicate
// reference, every session valid on every server and an intact audit chain.
// On PostgreSQL it runs on two app servers with pools of their own.
func TestLoadMixShort(t *testing.T) {
	s, ctx := suite(t)
	cfg := bench.MixConfig{Sessions: 12, Duration: 3 * time.Second, Servers: 1}
	if dbtest.Postgres() {
		cfg.Servers = 2
		cfg.OpenDB = func() (*gorm.DB, error) {
			return database.Open(context.Background(), dbtest.ConfigOf(s.DB()))
		}
	}
	res, err := s.Mix(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res.Print(&out)
	t.Log("\n" + out.String())
	if res.Requests == 0 || res.Writes == 0 {
		t.Errorf("%d requests, %d writes: the mix did not run", res.Requests, res.Writes)
	}
	if res.Errors != 0 || res.FailedWrites != 0 {
		t.Errorf("%d errors, %d failed writes; first: %s", res.Errors, res.FailedWrites, res.FirstError)
	}
	for _, kind := range []string{"referral", "person on a case", "item record (action)"} {
		if res.WritesByKind[kind] == 0 && res.Writes > 30 {
			t.Errorf("no %s among %d writes", kind, res.Writes)
		}
	}
	if res.DuplicateReferences != 0 || !res.SessionsValidOnEvery || res.AuditError != "" || res.AuditChecked == 0 {
		t.Errorf("afterwards: %d duplicate references, sessions valid on every server %v, audit %d events, %q",
			res.DuplicateReferences, res.SessionsValidOnEvery, res.AuditChecked, res.AuditError)
	}
	for kind, n := range res.ReadsPerKind {
		if n > 0 && res.P95PerKind[kind] <= 0 {
			t.Errorf("%d %s requests but no p95 of their own: %v", n, kind, res.P95PerKind)
		}
	}
	if !strings.Contains(out.String(), "p95 per kind: ") {
		t.Errorf("the result lacks p95: %s", out.String())
	}
}

// With think time a session pauses between requests: a few sessions thinking
// 300 ms on average send some ten requests a second between them, not the
// hundreds they send back to back, and the report says so.
func TestLoadMixThinkTime(t *testing.T) {
	s, ctx := suite(t)
	cfg := bench.MixConfig{Sessions: 4, Duration: 2 * time.Second, Think: 300 * time.Millisecond}
	res, err := s.Mix(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res.Print(&out)
	// 4 sessions × 2 s / (300 ms pause + the answer) is about 25; allow for chance.
	if res.Requests == 0 || res.Requests > 60 {
		t.Errorf("%d requests in 2 s from 4 sessions thinking 300 ms", res.Requests)
	}
	if res.Errors != 0 {
		t.Errorf("%d errors; first: %s", res.Errors, res.FirstError)
	}
	if !strings.Contains(out.String(), "think time 300ms on average") {
		t.Errorf("the result does not name the think time: %s", out.String())
	}
}
