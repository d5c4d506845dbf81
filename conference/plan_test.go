package conference_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

func TestNextSlots(t *testing.T) {
	s := conference.Series{Weekday: 2, StartTime: "13:30", Cadence: conference.Fortnightly}
	// dbtest.Clock is Monday 23 November 2026, 09:00 UTC.
	got := s.NextSlots(dbtest.Clock, 3, conference.Local)
	want := []string{"2026-11-24 13:30", "2026-12-08 13:30", "2026-12-22 13:30"}
	for i, at := range got {
		if at.In(conference.Local).Format("2006-01-02 15:04") != want[i] || at.In(conference.Local).Weekday() != time.Tuesday {
			t.Errorf("slot %d = %v, want %s", i, at, want[i])
		}
	}
	// A slot at the very moment of after is not after it.
	if next := s.NextSlots(got[0], 1, conference.Local)[0]; !next.Equal(got[0].AddDate(0, 0, 7)) {
		t.Errorf("slot after %v = %v", got[0], next)
	}
	// The meeting that follows one keeps the cadence.
	if next := s.Following(got[0], 1, conference.Local)[0]; !next.Equal(got[1]) {
		t.Errorf("meeting following %v = %v, want %v", got[0], next, got[1])
	}
}

func TestPlanMeetings(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	chair := conference.User{Name: "Voorzitter", Email: "vz@zvh.nl", OrganisationID: f.school.ID, Roles: []conference.Role{conference.RoleChair}, Active: true}
	if err := f.store.CreateUser(ctx, &chair); err != nil {
		t.Fatal(err)
	}
	series := conference.Series{Name: "Jeugd", MemberOrganisationIDs: []int64{f.police.ID}, Weekday: 1, StartTime: "09:30",
		DefaultLocation: "Stadhuis", DefaultChairID: &chair.ID}
	if err := f.store.SaveSeries(ctx, &series); err != nil {
		t.Fatal(err)
	}
	a := conference.ActorOf(&chair)
	t.Run("ErrForbidden/participant", func(t *testing.T) {
		if _, err := f.store.PlanMeetings(ctx, conference.ActorOf(&f.officer), series.ID, 1); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("a participant plans: %v", err)
		}
	})
	t.Run("Invalid/count", func(t *testing.T) {
		if _, err := f.store.PlanMeetings(ctx, a, series.ID, 27); !slices.Contains(fieldsOf(err), "count") {
			t.Fatalf("27 meetings: %v", err)
		}
	})
	t.Run("OK/eight weekly, then continues after them", func(t *testing.T) {
		list, err := f.store.PlanMeetings(ctx, a, series.ID, 8)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 8 || list[0].Location != "Stadhuis" || *list[0].ChairID != chair.ID {
			t.Fatalf("planned = %+v", list)
		}
		// Monday 23 November 09:00 UTC is 10:00 in Oss: 09:30 that day has passed.
		if got := list[0].StartsAt.In(conference.Local).Format("2006-01-02 15:04"); got != "2026-11-30 09:30" {
			t.Fatalf("first meeting at %s", got)
		}
		more, err := f.store.PlanMeetings(ctx, a, series.ID, 1)
		if err != nil || !more[0].StartsAt.Equal(list[7].StartsAt.AddDate(0, 0, 7)) {
			t.Fatalf("the ninth meeting = %+v, %v", more, err)
		}
	})
}

func TestReschedule(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	var now time.Time
	store := conference.NewStore(db, func() time.Time { return now })
	o := conference.Organisation{Name: "ZVH", Kind: conference.OrgOther}
	if err := store.CreateOrganisation(ctx, &o); err != nil {
		t.Fatal(err)
	}
	series := conference.Series{Name: "Casusoverleg", MemberOrganisationIDs: []int64{o.ID}}
	if err := store.SaveSeries(ctx, &series); err != nil {
		t.Fatal(err)
	}
	chair := conference.User{Name: "Voorzitter", Email: "vz@zvh.nl", OrganisationID: o.ID, Roles: []conference.Role{conference.RoleChair}, Active: true}
	if err := store.CreateUser(ctx, &chair); err != nil {
		t.Fatal(err)
	}
	conf := conference.Conference{SeriesID: series.ID, StartsAt: dbtest.Clock.Add(time.Hour), ChairID: &chair.ID}
	if err := store.CreateConference(ctx, &conf); err != nil {
		t.Fatal(err)
	}
	admin := conference.ActorOf(&chair)
	t.Run("ErrForbidden/admin", func(t *testing.T) {
		now = conf.StartsAt.Add(-time.Hour)
		a := conference.Actor{UserID: 99, OrganisationID: o.ID, Roles: []conference.Role{conference.RoleAdmin, conference.RoleChair}}
		if _, err := store.Reschedule(ctx, a, conf.ID, conf.StartsAt.Add(time.Hour), 90, "x", conf.Version); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("someone else than the chair moves the meeting: %v", err)
		}
	})
	t.Run("OK/a minute before the start", func(t *testing.T) {
		now = conf.StartsAt.Add(-time.Minute)
		got, err := store.Reschedule(ctx, admin, conf.ID, conf.StartsAt.Add(2*time.Hour), 90, "Zaal 2", conf.Version)
		if err != nil || got.Location != "Zaal 2" || got.DurationMinutes != 90 {
			t.Fatalf("Reschedule = %+v, %v", got, err)
		}
		conf = got
	})
	t.Run("Invalid/in the past", func(t *testing.T) {
		if _, err := store.Reschedule(ctx, admin, conf.ID, now.Add(-time.Hour), 90, "Zaal 2", conf.Version); !slices.Contains(fieldsOf(err), "starts_at") {
			t.Fatalf("moved into the past: %v", err)
		}
	})
	t.Run("Invalid/at the start", func(t *testing.T) {
		now = conf.StartsAt
		if _, err := store.Reschedule(ctx, admin, conf.ID, conf.StartsAt.AddDate(0, 0, 1), 90, "Zaal 3", conf.Version); !slices.Contains(fieldsOf(err), "starts_at") {
			t.Fatalf("moved after the start: %v", err)
		}
	})
}

func TestCheckMove(t *testing.T) {
	start := dbtest.Clock.Add(time.Hour)
	old := conference.Conference{StartsAt: start, DurationMinutes: 120, Location: "Zaal 1", Status: conference.StatusPublished}
	moved := old
	moved.StartsAt = start.Add(24 * time.Hour)
	renamed := old
	renamed.Status = conference.StatusInSession
	for _, tc := range []struct {
		name      string
		old, next conference.Conference
		now       time.Time
		wantErr   bool
	}{
		{"OK/a minute before the start", old, moved, start.Add(-time.Minute), false},
		{"Invalid/at the start", old, moved, start, true},
		{"Invalid/in session", renamed, func() conference.Conference { c := renamed; c.Location = "Zaal 2"; return c }(), start.Add(-time.Hour), true},
		{"OK/status only after the start", old, renamed, start.Add(time.Hour), false},
		{"Invalid/into the past", old, func() conference.Conference { c := old; c.StartsAt = start.Add(-2 * time.Hour); return c }(), start.Add(-time.Hour), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := conference.CheckMove(tc.old, tc.next, tc.now)
			if (err != nil) != tc.wantErr || err != nil && !slices.Contains(fieldsOf(err), "starts_at") {
				t.Fatalf("CheckMove = %v, want error %v", err, tc.wantErr)
			}
		})
	}
}
