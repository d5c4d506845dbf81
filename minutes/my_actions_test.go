package minutes_test

import (
	"context"
	"testing"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/minutes"
)

// "Mijn acties" after years of meetings: many done actions due long ago and
// a few open ones due later. Every open action is listed, whatever the
// number of done ones; the done ones come a page at a time, the most
// recently done first. (Before, the first 500 by due date were listed, so
// the open actions of an organisation with 500 done ones were not shown.)
func TestMyActionsListsEveryOpenActionAndPagesTheDoneOnes(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	add := func(what string, days int) minutes.Action {
		t.Helper()
		a := minutes.Action{What: what, OwnerOrganisationID: m.probation.OrganisationID, DueDate: dbtest.Clock.AddDate(0, 0, days)}
		if err := m.minutes.AddAction(ctx, m.secretary, m.item.ID, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	var done []minutes.Action
	for i, what := range []string{"oud 1", "oud 2", "oud 3"} {
		a := add(what, -30+i)
		if _, err := m.minutes.CompleteAction(ctx, m.probation, a.ID, "klaar"); err != nil {
			t.Fatal(err)
		}
		done = append(done, a)
	}
	later, sooner := add("later", 14), add("eerder", 7)

	list, err := m.minutes.MyActions(ctx, m.probation, conference.Page{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(list.Open); len(got) != 2 || got[0] != sooner.ID || got[1] != later.ID || list.OpenTotal != 2 {
		t.Fatalf("open = %v (total %d), want %d then %d", got, list.OpenTotal, sooner.ID, later.ID)
	}
	// Completed at the same moment (the test clock): the last completed first by id.
	if got := ids(list.Done); len(got) != 2 || got[0] != done[2].ID || got[1] != done[1].ID || list.DoneTotal != 3 {
		t.Fatalf("done page 1 = %v (total %d), want %d, %d of 3", got, list.DoneTotal, done[2].ID, done[1].ID)
	}
	for _, a := range list.Done {
		if a.Status != minutes.ActionDone || a.DoneAt == nil {
			t.Fatalf("done action %d has status %s", a.ID, a.Status)
		}
	}
	list, err = m.minutes.MyActions(ctx, m.probation, conference.Page{Limit: 2, Offset: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(list.Done); len(got) != 1 || got[0] != done[0].ID || len(list.Open) != 2 {
		t.Fatalf("done page 2 = %v, open %d; want [%d] and both open ones", got, len(list.Open), done[0].ID)
	}
	if all := list.All(); len(all) != 3 || all[0].ID != sooner.ID || all[2].ID != done[0].ID {
		t.Fatalf("All() = %v, want the open ones, then the page of done ones", ids(all))
	}
	// Another organisation sees none of them.
	other, err := m.minutes.MyActions(ctx, m.police, conference.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(other.All()) != 0 || other.OpenTotal != 0 || other.DoneTotal != 0 {
		t.Fatalf("police sees probation's actions: %+v", other)
	}
}

func ids(list []minutes.Action) []int64 {
	out := make([]int64, len(list))
	for i, a := range list {
		out[i] = a.ID
	}
	return out
}
