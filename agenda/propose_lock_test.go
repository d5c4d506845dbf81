package agenda_test

import (
	"context"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

// TestReferralHoldsCounterOnlyAtTheEnd: a referral through Propose that has
// stored its case and waits in its remaining work (its agenda item, held up
// here by a lock on its meeting's row) holds no lock on the reference
// counter: a referral for another meeting completes meanwhile. Both end with
// distinct, gap-free references. Before the number was taken last, the
// second waited on the counter's row lock until the first committed.
// PostgreSQL only: SQLite locks the whole database for a writing transaction.
func TestReferralHoldsCounterOnlyAtTheEnd(t *testing.T) {
	if !dbtest.Postgres() {
		t.Skip("PostgreSQL only: SQLite serialises writing transactions")
	}
	w := newWorld(t)
	ctx := context.Background()
	sets, err := w.agenda.QuestionSets(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	refer := func(ctx context.Context, conf conference.Conference) (conference.Case, error) {
		nc := conference.Case{Subject: "Gelijktijdig", Theme: conference.ThemeYouth, Postcode: "5351", Neighbourhood: "Berghem"}
		answers := map[string]string{}
		for _, s := range agenda.Select(sets, nc, agenda.KindNew) {
			for _, q := range s.Questions {
				answers[q.Key] = "antwoord"
			}
		}
		it, err := w.agenda.Propose(ctx, w.police, agenda.Proposal{ConferenceID: conf.ID, NewCase: &nc, Reason: "aanmelding", Answers: answers})
		if err != nil {
			return conference.Case{}, err
		}
		return w.cases.Case(ctx, conference.System, *it.CaseID)
	}

	// Hold the first meeting's row: the first referral's item insert waits
	// on it (its foreign key), after the case is stored.
	hold := w.db.Begin()
	defer hold.Rollback()
	if err := hold.Exec("SELECT id FROM conferences WHERE id = ? FOR UPDATE", w.first.ID).Error; err != nil {
		t.Fatal(err)
	}
	type result struct {
		c   conference.Case
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := refer(ctx, w.first)
		done <- result{c, err}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int64
		if err := w.db.Raw(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "agenda_items"%'`).Scan(&waiting).Error; err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		select {
		case r := <-done:
			t.Fatalf("first referral ended before waiting on its meeting: %+v", r)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("first referral never waited on its meeting's row")
		}
		time.Sleep(20 * time.Millisecond)
	}

	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	second, err := refer(tctx, w.second)
	cancel()
	if err != nil {
		t.Fatalf("second referral while the first is at work: %v (waiting on the counter?)", err)
	}
	if err := hold.Rollback().Error; err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil {
		t.Fatalf("first referral: %v", r.err)
	}
	// The world's two cases are 0001 and 0002; the second referral was numbered first.
	if want := conference.FormatReference(2026, 3); second.Reference != want {
		t.Errorf("second referral = %q, want %q", second.Reference, want)
	}
	if want := conference.FormatReference(2026, 4); r.c.Reference != want {
		t.Errorf("first referral = %q, want %q", r.c.Reference, want)
	}
}
