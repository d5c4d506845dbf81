package bench

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/benchdata"
	"casusoverleg/internal/pdfdoc"
	"casusoverleg/internal/pdfsign"
	"casusoverleg/internal/web"
	"casusoverleg/minutes"
)

// Suite runs the benchmarks on a database that holds a generated region
// (package benchdata), through the same server and stores the application uses.
type Suite struct {
	db      *gorm.DB
	srv     *web.Server
	signer  *pdfsign.Signer
	targets benchdata.Targets
	// entries are the items of the upcoming agenda, as its chair sees them.
	entries []agenda.Entry
	// doc is the full copy of the signed minutes of Targets.Signed.
	doc pdfdoc.Minutes
	// signed is those minutes as the store holds them, for sealing.
	signed minutes.Signed

	// buildTimes are the durations of the agenda builds of the last run.
	buildTimes []time.Duration
	// err is the first error a benchmark met; testing.Benchmark only says it failed.
	err error
}

// NewSuite prepares the benchmarks on db. The region must exist (see
// benchdata.Generate); the benchmarks change nothing in it but sessions,
// tokens and audit events, and the agenda items the agenda build adds and
// removes again. The load mix (Mix) also adds what its writes make: referred
// cases with their persons and proposals, persons on cases and actions.
func NewSuite(ctx context.Context, db *gorm.DB) (*Suite, error) {
	signer, err := pdfsign.SelfSigned("Zorg- en Veiligheidshuis Brabant Noordoost", time.Now().Add(-time.Hour))
	if err != nil {
		return nil, err
	}
	srv, err := web.New(web.Config{SiteName: "Zorg- en Veiligheidshuis Brabant Noordoost", Signer: signer}, db)
	if err != nil {
		return nil, err
	}
	s := &Suite{db: db, srv: srv, signer: signer}
	if s.targets, err = benchdata.Find(ctx, srv.Store(), srv.Agenda()); err != nil {
		return nil, err
	}
	view, err := srv.Agenda().Agenda(ctx, conference.ActorOf(&s.targets.Chair), s.targets.Upcoming.ID)
	if err != nil {
		return nil, err
	}
	s.entries = view.Items
	sg, err := srv.Minutes().Signed(ctx, s.targets.Signed.ID)
	if err != nil {
		return nil, err
	}
	if s.doc, err = srv.MinutesDocument(ctx, "nl", sg); err != nil {
		return nil, err
	}
	s.signed = sg
	// A carried-over item left by an interrupted run would make the build add less.
	if err := s.clearDraft(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Targets returns what the suite measures.
func (s *Suite) Targets() benchdata.Targets { return s.targets }

// Err returns the first error a benchmark met.
func (s *Suite) Err() error { return s.err }

func (s *Suite) fail(b *testing.B, err error) {
	if s.err == nil {
		s.err = fmt.Errorf("%s: %w", b.Name(), err)
	}
	b.Fatal(err)
}

// clearDraft removes the items the system added to the draft meeting.
func (s *Suite) clearDraft(ctx context.Context) error {
	chair := conference.ActorOf(&s.targets.Chair)
	view, err := s.srv.Agenda().Agenda(ctx, chair, s.targets.Draft.ID)
	if err != nil {
		return err
	}
	for _, e := range slices.Concat(view.Items, view.Proposals, view.Decided) {
		if e.AutoAdded {
			if err := s.srv.Agenda().Remove(ctx, chair, e.ID); err != nil {
				return err
			}
		}
	}
	// On PostgreSQL a removed item stays behind as a dead row until vacuum,
	// and the next build's reads walk past it: after forty builds the
	// review-date query read 18,000 of them (9 ms against 1.4 ms). A region
	// does not build one agenda forty times a minute, and autovacuum clears
	// what a week leaves, so each build starts from a vacuumed table.
	if s.db.Dialector.Name() == "postgres" {
		return s.db.WithContext(ctx).Exec("VACUUM agenda_items, agenda_item_question_sets").Error
	}
	return nil
}

// AgendaBuild measures building the draft meeting's agenda as its chair
// does: the carry-over (cases due for review, open and overdue actions,
// escalations, mandates used or expiring, found in five years of history)
// and reading the agenda back. The carried-over items are removed between
// runs, untimed.
func (s *Suite) AgendaBuild(b *testing.B) {
	ctx := context.Background()
	chair := conference.ActorOf(&s.targets.Chair)
	s.buildTimes = s.buildTimes[:0]
	added := 0
	for b.Loop() {
		t0 := time.Now()
		items, err := s.srv.Agenda().Prepare(ctx, chair, s.targets.Draft.ID)
		if err != nil {
			s.fail(b, err)
		}
		view, err := s.srv.Agenda().Agenda(ctx, chair, s.targets.Draft.ID)
		if err != nil {
			s.fail(b, err)
		}
		s.buildTimes = append(s.buildTimes, time.Since(t0))
		if len(items) == 0 || len(view.Items) != len(items) {
			s.fail(b, fmt.Errorf("the build carried %d items over and the agenda shows %d", len(items), len(view.Items)))
		}
		added = len(items)
		b.StopTimer()
		if err := s.clearDraft(ctx); err != nil {
			s.fail(b, err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(added), "items")
	sorted := slices.Sorted(slices.Values(s.buildTimes))
	b.ReportMetric(float64(percentile(sorted, 0.95).Microseconds())/1000, "p95-ms")
}

// QuestionSetSelection measures choosing the question sets for the forty
// items of the upcoming agenda: loading the active sets and matching each
// item's case and kind against their filters.
func (s *Suite) QuestionSetSelection(b *testing.B) {
	ctx := context.Background()
	chosen := 0
	for b.Loop() {
		sets, err := s.srv.Agenda().QuestionSets(ctx, true)
		if err != nil {
			s.fail(b, err)
		}
		chosen = 0
		for _, e := range s.entries {
			var c conference.Case
			if e.Case != nil {
				c = *e.Case
			}
			chosen += len(agenda.Select(sets, c, e.Kind))
		}
	}
	if chosen == 0 {
		s.fail(b, fmt.Errorf("no question set matched any of %d items", len(s.entries)))
	}
	b.ReportMetric(float64(len(s.entries)), "items")
}

// MinutesPDF measures rendering the full copy of the signed minutes of a
// meeting with forty items and signing it (PAdES, with the approval time),
// as the last approval does for each copy.
func (s *Suite) MinutesPDF(b *testing.B) {
	size := 0
	for b.Loop() {
		var buf bytes.Buffer
		if err := pdfdoc.WriteMinutes(&buf, s.doc); err != nil {
			s.fail(b, err)
		}
		signed, err := pdfsign.Sign(buf.Bytes(), s.signer, pdfsign.Info{Name: "Benchmark", Reason: "benchmark",
			Location: s.doc.Location, Time: *s.signed.SignedAt})
		if err != nil {
			s.fail(b, err)
		}
		size = len(signed)
	}
	b.ReportMetric(float64(len(s.doc.Items)), "items")
	b.ReportMetric(float64(size)/1024, "KiB")
}

// Seal measures what the last approval does before its transaction: render
// and sign every copy of the minutes (the full one and one per distinct
// organisation view of the series' members).
func (s *Suite) Seal(b *testing.B) {
	copies := 0
	for b.Loop() {
		out, err := s.srv.Sealer().Seal(context.Background(), s.signed, 0)
		if err != nil {
			s.fail(b, err)
		}
		copies = len(out)
	}
	b.ReportMetric(float64(copies), "copies")
}

// PlainPDF is the baseline of MinutesPDF: gofpdf writing the same text in
// the same fonts as running paragraphs, with no layout and no signature.
func (s *Suite) PlainPDF(b *testing.B) {
	text := s.doc.Text()
	size := 0
	for b.Loop() {
		var buf bytes.Buffer
		if err := pdfdoc.WritePlain(&buf, s.doc.Title, text, s.doc.Created); err != nil {
			s.fail(b, err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB")
}
