package conference_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

func referral() conference.Case {
	return conference.Case{Subject: "Familie L.", Theme: conference.ThemeDomestic, Postcode: "5342", Neighbourhood: "Ruwaard"}
}

// TestReferenceTakenLast: a referral whose transaction has stored its case
// and is still at work holds no lock on the reference counter, so a second
// referral completes meanwhile; both end with distinct, gap-free references.
// Before the number was taken last, the second waited on the counter's row
// lock until the first committed. PostgreSQL only: SQLite locks the whole
// database for a writing transaction.
func TestReferenceTakenLast(t *testing.T) {
	if !dbtest.Postgres() {
		t.Skip("PostgreSQL only: SQLite serialises writing transactions")
	}
	f := newFixture(t)
	ctx := context.Background()
	officer := conference.ActorOf(&f.officer)
	stored, release := make(chan struct{}), make(chan struct{})
	first := referral()
	done := make(chan error, 1)
	go func() {
		done <- f.store.CreateCaseThen(ctx, officer, &first, func() error {
			if first.ID == 0 || first.Reference != "" {
				t.Errorf("then sees case %d with reference %q, want an id and no reference yet", first.ID, first.Reference)
			}
			close(stored)
			<-release
			return nil
		})
	}()
	select {
	case <-stored:
	case err := <-done:
		t.Fatalf("first referral ended before its remaining work: %v", err)
	}
	second := referral()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	err := f.store.CreateCase(tctx, officer, &second)
	cancel()
	close(release)
	if err != nil {
		t.Fatalf("second referral while the first is at work: %v (waiting on the counter?)", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("first referral: %v", err)
	}
	if want := conference.FormatReference(2026, 1); second.Reference != want {
		t.Errorf("second referral = %q, want %q (it was numbered first)", second.Reference, want)
	}
	if want := conference.FormatReference(2026, 2); first.Reference != want {
		t.Errorf("first referral = %q, want %q", first.Reference, want)
	}
}

// TestPendingCaseNeverStored: when the work after storing a case fails, the
// unnumbered case is not kept and takes no number; the next referral gets the
// next number without a gap, and every stored case has a reference.
func TestPendingCaseNeverStored(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	officer := conference.ActorOf(&f.officer)
	a := f.newCase(t, f.officer)
	failed := referral()
	failed.Subject = "Mislukt"
	boom := errors.New("remaining work failed")
	if err := f.store.CreateCaseThen(ctx, officer, &failed, func() error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("CreateCaseThen with failing work = %v, want %v", err, boom)
	}
	if failed.Reference != "" {
		t.Errorf("a failed referral got reference %q", failed.Reference)
	}
	b := f.newCase(t, f.officer)
	if want := conference.FormatReference(2026, 2); a.Reference != conference.FormatReference(2026, 1) || b.Reference != want {
		t.Errorf("references %q, %q; want 2026-0001 and %q without a gap", a.Reference, b.Reference, want)
	}
	list, total, err := f.store.Cases(ctx, conference.System, conference.CaseFilter{IncludeClosed: true})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 {
		t.Errorf("%d cases stored, want 2 (the failed referral left one behind?)", total)
	}
	for _, c := range list {
		if c.Reference == "" {
			t.Errorf("case %d was stored without a reference", c.ID)
		}
	}
}

// TestReferenceIndexesPartial: the unique indexes on a case's reference leave
// unnumbered cases out, both as a fresh schema makes them and after the
// migration that replaces the full ones of older releases.
func TestReferenceIndexesPartial(t *testing.T) {
	db := dbtest.Open(t)
	check := func(when string) {
		t.Helper()
		for _, name := range []string{"idx_case_ref", "idx_cases_reference"} {
			var def string
			q := "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?"
			if dbtest.Postgres() {
				q = "SELECT indexdef FROM pg_indexes WHERE indexname = ?"
			}
			if err := db.Raw(q, name).Scan(&def).Error; err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(def, "UNIQUE") || !strings.Contains(strings.ReplaceAll(def, "(seq > 0)", "seq > 0"), "WHERE seq > 0") {
				t.Errorf("%s: index %s = %q, want unique WHERE seq > 0", when, name, def)
			}
		}
	}
	check("fresh schema")
	for _, q := range []string{"DROP INDEX idx_case_ref", "DROP INDEX idx_cases_reference",
		"CREATE UNIQUE INDEX idx_case_ref ON cases (year, seq)", "CREATE UNIQUE INDEX idx_cases_reference ON cases (reference)"} {
		if err := db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := conference.MigrateReferenceLast(db); err != nil {
		t.Fatal(err)
	}
	check("migrated")
}
