package conference_test

import (
	"context"
	"testing"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

// TestMigrateClosingKeepsOldReasons: a case closed before outcomes existed
// gets "anders" with its reason kept, and a closing moment when it had none.
func TestMigrateClosingKeepsOldReasons(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	f := newFixtureOn(t, db)
	c := f.newCase(t, f.officer)
	if err := db.Exec("UPDATE cases SET status = ?, closing_reason = ?, closed_at = NULL, outcome = '' WHERE id = ?",
		string(conference.CaseClosed), "Oude reden", c.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := conference.MigrateClosing(db); err != nil {
		t.Fatal(err)
	}
	got, err := f.store.Case(ctx, conference.System, c.ID)
	if err != nil || got.Outcome != conference.OutcomeOther || got.ClosingReason != "Oude reden" || got.ClosedAt == nil {
		t.Fatalf("migrated case = %+v, %v", got, err)
	}
}

// TestClosedCasesLeaveTheWorkingList: a list without a status filter leaves
// closed cases out; IncludeClosed and the status filter bring them back.
func TestClosedCasesLeaveTheWorkingList(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	open, closed := f.newCase(t, f.officer), f.newCase(t, f.officer)
	police := conference.ActorOf(&f.officer)
	if _, err := f.store.EditCase(ctx, police, conference.CaseEdit{CaseID: closed.ID, Version: closed.Version, Status: conference.CaseClosed,
		ClosingReason: "Klaar", Outcome: conference.OutcomeMoved}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		f    conference.CaseFilter
		want []int64
	}{
		{conference.CaseFilter{}, []int64{open.ID}},
		{conference.CaseFilter{IncludeClosed: true}, []int64{closed.ID, open.ID}},
		{conference.CaseFilter{Status: conference.CaseClosed}, []int64{closed.ID}},
	} {
		list, _, err := f.store.Cases(ctx, police, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, c := range list {
			ids = append(ids, c.ID)
		}
		if len(ids) != len(tc.want) || (len(ids) > 0 && ids[0] != tc.want[0]) {
			t.Errorf("filter %+v: cases %v, want %v", tc.f, ids, tc.want)
		}
	}
}
