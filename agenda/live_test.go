package agenda_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

// TestClockAt checks the meeting's clock on both sides of the end of the
// current item's time and of the meeting's planned end.
func TestClockAt(t *testing.T) {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	conf := conference.Conference{StartsAt: start, DurationMinutes: 60}
	items := []agenda.Item{{ID: 1, PlannedMinutes: 10}, {ID: 2, PlannedMinutes: 15}, {ID: 3, PlannedMinutes: 20}}
	two := int64(2)
	since := start.Add(12 * time.Minute)
	l := agenda.Live{CurrentItemID: &two, CurrentSince: since, Version: 3}
	for _, tc := range []struct {
		now                   time.Time
		elapsed, left         int
		itemOver, meetingOver bool
	}{
		{since.Add(15*time.Minute - time.Second), 14, 33, false, false},
		{since.Add(15*time.Minute + time.Second), 15, 32, true, false},
		{start.Add(60*time.Minute - time.Second), 47, 0, true, false},
		{start.Add(61 * time.Minute), 49, -1, true, true},
	} {
		c := agenda.ClockAt(l, conf, items, tc.now)
		if c.Position != 2 || c.Count != 3 || c.PlannedMinutes != 15 || c.ElapsedMinutes != tc.elapsed ||
			c.LeftMinutes != tc.left || c.ItemOver != tc.itemOver || c.MeetingOver != tc.meetingOver {
			t.Errorf("at %v: clock = %+v, want elapsed %d, left %d, item over %v, meeting over %v",
				tc.now, c, tc.elapsed, tc.left, tc.itemOver, tc.meetingOver)
		}
	}
	if c := agenda.ClockAt(agenda.Live{}, conf, items, start); c.Position != 0 || c.ElapsedMinutes != 0 || c.LeftMinutes != 60 {
		t.Errorf("clock before the meeting started = %+v", c)
	}
}

// TestMeetingMode runs a meeting: only the chair starts and moves it, only a
// published meeting starts, and two moves made on the same state move it once.
func TestMeetingMode(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	a := w.propose(t, w.probation, w.first, w.sharedCase)
	b := w.propose(t, w.police, w.first, w.policeCase)
	for _, it := range []agenda.Item{a, b} {
		if _, err := w.agenda.Triage(ctx, w.chair, it.ID, agenda.Accept, "", it.Version); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.agenda.StartMeeting(ctx, w.chair, w.first.ID); !slices.Contains(fieldsOf(err), "status") {
		t.Fatalf("a draft meeting started: %v", err)
	}
	if _, err := w.agenda.Publish(ctx, w.chair, w.first.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.agenda.StartMeeting(ctx, w.police, w.first.ID); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("a participant started the meeting: %v", err)
	}
	l, err := w.agenda.StartMeeting(ctx, w.chair, w.first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if l.CurrentItemID == nil || *l.CurrentItemID != a.ID || l.Version != 1 || !l.CurrentSince.Equal(dbtest.Now()) {
		t.Fatalf("started = %+v, want item %d current", l, a.ID)
	}
	if conf, _ := w.cases.Conference(ctx, w.first.ID); conf.Status != conference.StatusInSession {
		t.Fatalf("status = %s", conf.Status)
	}
	if _, err := w.agenda.StartMeeting(ctx, w.chair, w.first.ID); !errors.Is(err, conference.ErrConflict) {
		t.Fatalf("started twice: %v", err)
	}
	if _, err := w.agenda.MoveTo(ctx, w.police, w.first.ID, agenda.Target{Step: 1}, l.Version); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("a participant moved the meeting: %v", err)
	}
	if _, err := w.agenda.MoveTo(ctx, w.chair, w.first.ID, agenda.Target{Step: -1}, l.Version); !slices.Contains(fieldsOf(err), "step") {
		t.Fatalf("moved back before the first item: %v", err)
	}
	other := w.propose(t, w.police, w.second, w.policeCase)
	if _, err := w.agenda.MoveTo(ctx, w.chair, w.first.ID, agenda.Target{ItemID: other.ID}, l.Version); !slices.Contains(fieldsOf(err), "item_id") {
		t.Fatalf("moved to an item of another meeting: %v", err)
	}

	// Two clicks on "next" made on the same state, at the same moment: one wins, one conflicts.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = w.agenda.MoveTo(ctx, w.chair, w.first.ID, agenda.Target{Step: 1}, l.Version)
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !(errors.Is(errs[0], conference.ErrConflict) || errors.Is(errs[1], conference.ErrConflict)) {
		t.Fatalf("two moves on one state: %v, %v", errs[0], errs[1])
	}
	got, err := w.agenda.Live(ctx, w.first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *got.CurrentItemID != b.ID || got.Version != 2 {
		t.Fatalf("after one move: %+v, want item %d at version 2", got, b.ID)
	}
	if _, err := w.agenda.MoveTo(ctx, w.chair, w.first.ID, agenda.Target{Step: 1}, got.Version); !slices.Contains(fieldsOf(err), "step") {
		t.Fatalf("moved past the last item: %v", err)
	}
	back, err := w.agenda.MoveTo(ctx, w.chair, w.first.ID, agenda.Target{ItemID: a.ID}, got.Version)
	if err != nil || *back.CurrentItemID != a.ID || back.Version != 3 {
		t.Fatalf("jump back to the first item: %+v, %v", back, err)
	}
	if err := w.agenda.MaySee(ctx, w.ggz, w.first.ID); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("an organisation outside the series may follow the meeting: %v", err)
	}
	if err := w.agenda.MaySee(ctx, w.probation, w.first.ID); err != nil {
		t.Fatal(err)
	}
}
