package notify_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/notify"
	"casusoverleg/minutes"
)

// recorded gives the region an accepted item with an action owned by the
// probation officer and a mandate granted to probation, at fixed moments.
func recorded(t *testing.T, r *region, due, until time.Time) {
	t.Helper()
	ctx := context.Background()
	it := r.propose(t)
	it, err := r.agenda.Triage(ctx, r.chair, it.ID, agenda.Accept, "", it.Version)
	if err != nil {
		t.Fatal(err)
	}
	r.meetingStarted()
	if err := r.cases.SetAttendance(ctx, r.first.ID, []conference.Attendance{{UserID: r.probation.UserID, Presence: conference.Present}}); err != nil {
		t.Fatal(err)
	}
	act := minutes.Action{What: "Gesprek met de moeder voeren", OwnerOrganisationID: r.probation.OrganisationID, OwnerUserID: &r.probation.UserID, DueDate: due}
	if err := r.minutes.AddAction(ctx, r.secretary, it.ID, &act); err != nil {
		t.Fatal(err)
	}
	d := minutes.Decision{Text: "Huisverbod voorbereiden", Kind: minutes.DecisionMandateGrant,
		Positions: []minutes.Position{{OrganisationID: r.probation.OrganisationID, Stance: minutes.Agree}},
		Mandate: &minutes.Mandate{GranteeOrganisationID: r.probation.OrganisationID, Scope: "meldplicht als lichte dwang",
			ValidFrom: dbtest.Clock, ValidUntil: until}}
	if err := r.minutes.AddDecision(ctx, r.secretary, it.ID, &d); err != nil {
		t.Fatal(err)
	}
}

func TestRemindersOnBothSidesOfEachMoment(t *testing.T) {
	ctx := context.Background()
	r := newRegion(t)
	// Due on Friday 27 November 2026 (Amsterdam): due soon from Wednesday
	// 25 November 00:00 CET, overdue from Saturday 28 November 00:00 CET.
	amsterdam, _ := time.LoadLocation("Europe/Amsterdam")
	dueSoon := time.Date(2026, 11, 25, 0, 0, 0, 0, amsterdam)
	overdue := time.Date(2026, 11, 28, 0, 0, 0, 0, amsterdam)
	until := dbtest.Clock.AddDate(0, 0, 12)
	expiring := until.Add(-notify.ExpiryNotice)
	recorded(t, r, time.Date(2026, 11, 27, 10, 0, 0, 0, amsterdam), until)
	job := notify.NewScheduler(r.db, r.clock.Now, r.outbox, quiet)
	count := func(k conference.EventKind) int { return len(ofKind(r.messages(t), k)) }
	for _, step := range []struct {
		at                      time.Time
		due, overdue, expiringN int
	}{
		{dueSoon.Add(-time.Second), 0, 0, 0},
		{dueSoon, 1, 0, 0},
		{dueSoon.Add(time.Hour), 1, 0, 0}, // once, however often the job runs
		{overdue.Add(-time.Second), 1, 0, 0},
		{overdue, 1, 1, 0},
		{expiring.Add(-time.Second), 1, 1, 0},
		{expiring, 1, 1, 2}, // two participants of the grantee organisation
		{until.Add(-time.Minute), 1, 1, 2},
	} {
		r.clock.Set(step.at)
		if ran, err := job.RunOnce(ctx); err != nil || !ran {
			t.Fatalf("at %s: RunOnce() = %v, %v", step.at, ran, err)
		}
		if got := [3]int{count(conference.EventActionDue), count(conference.EventActionOverdue), count(conference.EventMandateExpiring)}; got != [3]int{step.due, step.overdue, step.expiringN} {
			t.Fatalf("at %s: due/overdue/expiring messages = %v, want %v", step.at, got, [3]int{step.due, step.overdue, step.expiringN})
		}
	}
	// The action's owner is a person; the mandate has none, so its organisation's participants hear.
	if got := ofKind(r.messages(t), conference.EventMandateExpiring); !slices.Equal(got, []string{"r@x.nl", "r2@x.nl"}) {
		t.Errorf("expiring mandate to %v", got)
	}
	if got := ofKind(r.messages(t), conference.EventActionDue); !slices.Equal(got, []string{"r@x.nl"}) {
		t.Errorf("due action to %v", got)
	}
}

func TestOneServerRunsTheJob(t *testing.T) {
	ctx := context.Background()
	r := newRegion(t)
	a := notify.NewScheduler(r.db, r.clock.Now, r.outbox, quiet)
	b := notify.NewScheduler(r.db, r.clock.Now, r.outbox, quiet)
	var wg sync.WaitGroup
	ran := make([]bool, 2)
	for i, j := range []*notify.Scheduler{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := j.RunOnce(ctx)
			if err != nil {
				t.Error(err)
			}
			ran[i] = ok
		}()
	}
	wg.Wait()
	if ran[0] == ran[1] {
		t.Fatalf("ran = %v; want exactly one holder of the lease", ran)
	}
	holder, other := a, b
	if ran[1] {
		holder, other = b, a
	}
	if ok, _ := holder.RunOnce(ctx); !ok {
		t.Error("the holder could not renew its lease")
	}
	r.clock.Set(r.clock.Now().Add(10*time.Minute - time.Second))
	if ok, _ := other.RunOnce(ctx); ok {
		t.Error("the other server ran while the lease held")
	}
	r.clock.Set(r.clock.Now().Add(2 * time.Second))
	if ok, _ := other.RunOnce(ctx); !ok {
		t.Error("the other server could not take over an expired lease")
	}
}
