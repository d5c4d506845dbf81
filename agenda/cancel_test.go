package agenda_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

func TestCancel(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	accepted := w.propose(t, w.probation, w.first, w.sharedCase)
	if _, err := w.agenda.Triage(ctx, w.chair, accepted.ID, agenda.Accept, "", accepted.Version); err != nil {
		t.Fatal(err)
	}
	proposed := w.propose(t, w.police, w.first, w.policeCase)
	first, _ := w.cases.Conference(ctx, w.first.ID)

	t.Run("ErrForbidden/participant", func(t *testing.T) {
		if _, err := w.agenda.Cancel(ctx, w.police, first.ID, "ziek", first.Version, false); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("a participant cancels: %v", err)
		}
	})
	t.Run("Invalid/no reason", func(t *testing.T) {
		if _, err := w.agenda.Cancel(ctx, w.chair, first.ID, "", first.Version, false); !slices.Contains(fieldsOf(err), "cancel_reason") {
			t.Fatalf("cancel without a reason: %v", err)
		}
	})
	t.Run("Invalid/started", func(t *testing.T) {
		late := agenda.NewStore(w.db, func() time.Time { return first.StartsAt }, w.cases)
		if _, err := late.Cancel(ctx, w.chair, first.ID, "ziek", first.Version, false); !slices.Contains(fieldsOf(err), "status") {
			t.Fatalf("cancel at the start: %v", err)
		}
		early := agenda.NewStore(w.db, func() time.Time { return first.StartsAt.Add(-time.Minute) }, w.cases)
		if _, err := early.Cancel(ctx, w.chair, first.ID, "", first.Version, false); slices.Contains(fieldsOf(err), "status") {
			t.Fatalf("a minute before the start counts as started: %v", err)
		}
	})
	t.Run("OK/items go to the next meeting", func(t *testing.T) {
		next, err := w.agenda.Cancel(ctx, w.chair, first.ID, "Voorzitter ziek", first.Version, false)
		if err != nil {
			t.Fatal(err)
		}
		if next.ID != w.second.ID {
			t.Fatalf("moved to %d, want %d", next.ID, w.second.ID)
		}
		got, _ := w.cases.Conference(ctx, first.ID)
		if got.Status != conference.StatusCancelled || got.CancelReason != "Voorzitter ziek" {
			t.Fatalf("cancelled meeting = %+v", got)
		}
		v, err := w.agenda.Agenda(ctx, w.chair, w.second.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Proposals) != 2 {
			t.Fatalf("proposals of the next meeting = %+v", v.Proposals)
		}
		for _, id := range []int64{accepted.ID, proposed.ID} {
			it, _ := w.agenda.Item(ctx, id)
			if it.Status != agenda.StatusDeferred || it.DeferredToID == nil || *it.DeferredToID != w.second.ID || it.DecisionNote != "Voorzitter ziek" {
				t.Fatalf("item on the cancelled meeting = %+v", it)
			}
		}
		if _, err := w.agenda.Prepare(ctx, w.chair, first.ID); err == nil {
			t.Fatal("prepared a cancelled meeting")
		}
	})
	t.Run("NoLaterMeeting/offers to plan", func(t *testing.T) {
		second, _ := w.cases.Conference(ctx, w.second.ID)
		if _, err := w.agenda.Cancel(ctx, w.chair, second.ID, "Kerst", second.Version, false); !errors.Is(err, agenda.ErrNoLaterMeeting) {
			t.Fatalf("cancel the last meeting: %v", err)
		}
		next, err := w.agenda.Cancel(ctx, w.chair, second.ID, "Kerst", second.Version, true)
		if err != nil {
			t.Fatal(err)
		}
		want := w.series.Following(second.StartsAt, 1, conference.Local)[0] // Monday 09:30, a week on
		if !next.StartsAt.Equal(want) || !next.StartsAt.After(second.StartsAt) || next.SeriesID != w.series.ID {
			t.Fatalf("planned next = %+v", next)
		}
		v, _ := w.agenda.Agenda(ctx, w.chair, next.ID)
		if len(v.Proposals) != 2 {
			t.Fatalf("proposals of the planned meeting = %d", len(v.Proposals))
		}
	})
}

func TestDeferPlansNextMeeting(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	it := w.propose(t, w.police, w.second, w.policeCase)
	if _, err := w.agenda.Triage(ctx, w.chair, it.ID, agenda.Defer, "eerst rapport", it.Version); !errors.Is(err, agenda.ErrNoLaterMeeting) {
		t.Fatalf("defer past the last meeting: %v", err)
	}
	got, err := w.agenda.TriagePlanning(ctx, w.chair, it.ID, agenda.Defer, "eerst rapport", it.Version, true)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != agenda.StatusDeferred || got.DecisionNote != "eerst rapport" || got.DeferredToID == nil {
		t.Fatalf("deferred item = %+v", got)
	}
	next, err := w.cases.Conference(ctx, *got.DeferredToID)
	if err != nil || !next.StartsAt.Equal(w.series.Following(w.second.StartsAt, 1, conference.Local)[0]) {
		t.Fatalf("planned meeting = %+v, %v", next, err)
	}
}
