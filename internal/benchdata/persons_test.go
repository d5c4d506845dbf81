package benchdata_test

import (
	"context"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/benchdata"
)

// TestGeneratedPersons: every case has persons (households for the family
// cases), its subject derives from its main person, a share of the
// referrals names an earlier main person again, and each case marked as a
// repeat referral has a match the known-person check finds, discussed within
// twelve months before.
func TestGeneratedPersons(t *testing.T) {
	ctx := context.Background()
	size := benchdata.Small()
	db, sum, _ := generate(t, size)
	s := wire(db)
	persons, cases := sum.Rows("persons"), sum.Rows("cases")
	if float64(persons) < 2.5*float64(cases) {
		t.Fatalf("%d persons on %d cases, want at least 2.5 a case (25,000 on the region's 10,000)", persons, cases)
	}
	var mains int64
	if err := db.Table("persons").Where("role = ?", conference.RoleMain).Count(&mains).Error; err != nil || mains != int64(cases) {
		t.Fatalf("%d main persons on %d cases (%v)", mains, cases, err)
	}
	all, _, err := s.conf.Cases(ctx, conference.System, conference.CaseFilter{Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	repeats, known := 0, 0
	for _, c := range all {
		full, err := s.conf.Case(ctx, conference.System, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		main, _ := conference.MainPerson(full.Persons)
		if full.Subject != main.Subject() {
			t.Errorf("case %s: subject %q, its main person makes %q", c.Reference, full.Subject, main.Subject())
		}
		if full.Status == conference.CaseClosed && full.ClosedAt == nil {
			t.Errorf("closed case %s has no closing date", c.Reference)
		}
		m, err := s.conf.PersonMatches(ctx, []int64{c.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(m[c.ID]) > 0 {
			known++
		}
		if full.RepeatOf == nil {
			continue
		}
		repeats++
		if len(m[c.ID]) == 0 {
			t.Errorf("repeat referral %s matches no other case", c.Reference)
		}
		if full.RepeatOf.After(full.CreatedAt) || full.RepeatOf.Before(full.CreatedAt.AddDate(-1, 0, -1)) {
			t.Errorf("repeat referral %s of %s, referred %s", c.Reference, full.RepeatOf, full.CreatedAt.Format(time.DateOnly))
		}
	}
	t.Logf("%d persons, %d cases, %d with a known person, %d repeat referrals", persons, cases, known, repeats)
	if known < cases/10 || repeats == 0 || repeats > cases/2 {
		t.Errorf("%d known and %d repeat referrals among %d cases: not in a realistic proportion", known, repeats, cases)
	}
}
