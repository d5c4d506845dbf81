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

// fieldsOf names the fields of a validation error, one or many.
func fieldsOf(err error) []string {
	var one *conference.ValidationError
	if errors.As(err, &one) {
		return []string{one.Field}
	}
	return fields(err)
}

func TestCanMoveTo(t *testing.T) {
	for _, tc := range []struct {
		from, to conference.CaseStatus
		want     bool
	}{
		{conference.CaseReferred, conference.CaseInProgress, true},
		{conference.CaseInProgress, conference.CaseMonitoring, true},
		{conference.CaseMonitoring, conference.CaseInProgress, true},
		{conference.CaseMonitoring, conference.CaseClosed, true},
		{conference.CaseInProgress, conference.CaseReferred, false},
		{conference.CaseClosed, conference.CaseInProgress, false},
		{conference.CaseClosed, conference.CaseClosed, true},
	} {
		if got := conference.CanMoveTo(tc.from, tc.to); got != tc.want {
			t.Errorf("CanMoveTo(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestReviewDue(t *testing.T) {
	review := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	c := conference.Case{ReviewDate: &review, Status: conference.CaseInProgress}
	if c.ReviewDue(review.Add(-time.Minute)) {
		t.Error("due the evening before")
	}
	if !c.ReviewDue(review.Add(9 * time.Hour)) {
		t.Error("not due on the day itself")
	}
	c.Status = conference.CaseClosed
	if c.ReviewDue(review.Add(48 * time.Hour)) {
		t.Error("a closed case is due for review")
	}
}

func TestEditCase(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.newCase(t, f.officer, f.ggz.ID) // police refers, GGZ involved, the school is not
	police, ggz := conference.ActorOf(&f.officer), conference.ActorOf(&f.nurse)
	teacher := conference.User{Name: "Leraar", Email: "l@school.nl", OrganisationID: f.school.ID, Roles: []conference.Role{conference.RoleChair}, Active: true}
	if err := f.store.CreateUser(ctx, &teacher); err != nil {
		t.Fatal(err)
	}

	t.Run("ErrForbidden/foreign chair", func(t *testing.T) {
		_, err := f.store.EditCase(ctx, conference.ActorOf(&teacher), conference.CaseEdit{CaseID: c.ID, Version: c.Version, Status: conference.CaseInProgress})
		if !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("EditCase by a chair who cannot see the case = %v", err)
		}
	})
	t.Run("ErrForbidden/involved but not director", func(t *testing.T) {
		_, err := f.store.EditCase(ctx, ggz, conference.CaseEdit{CaseID: c.ID, Version: c.Version, Status: conference.CaseInProgress})
		if !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("EditCase by an involved organisation that does not direct = %v", err)
		}
	})
	t.Run("Invalid/director person of another organisation", func(t *testing.T) {
		_, err := f.store.EditCase(ctx, police, conference.CaseEdit{CaseID: c.ID, Version: c.Version,
			DirectorOrganisationID: &f.ggz.ID, DirectorID: &f.officer.ID})
		if !slices.Contains(fieldsOf(err), "case_director_id") {
			t.Fatalf("director of another organisation: %v", err)
		}
	})
	t.Run("Invalid/director organisation not involved", func(t *testing.T) {
		_, err := f.store.EditCase(ctx, police, conference.CaseEdit{CaseID: c.ID, Version: c.Version, DirectorOrganisationID: &f.school.ID})
		if !slices.Contains(fieldsOf(err), "case_director_organisation_id") {
			t.Fatalf("director organisation not involved: %v", err)
		}
	})
	t.Run("OK/director set by the referrer, then only the director edits", func(t *testing.T) {
		got, err := f.store.EditCase(ctx, police, conference.CaseEdit{CaseID: c.ID, Version: c.Version,
			DirectorOrganisationID: &f.ggz.ID, DirectorID: &f.nurse.ID, Status: conference.CaseInProgress})
		if err != nil {
			t.Fatal(err)
		}
		if *got.CaseDirectorOrganisationID != f.ggz.ID || *got.CaseDirectorID != f.nurse.ID || got.Status != conference.CaseInProgress || got.Version != c.Version+1 {
			t.Fatalf("edited case = %+v", got)
		}
		c = got
		if _, err := f.store.EditCase(ctx, police, conference.CaseEdit{CaseID: c.ID, Version: c.Version, Status: conference.CaseMonitoring}); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("the referrer edits after a director was set: %v", err)
		}
	})
	t.Run("ErrConflict/stale version", func(t *testing.T) {
		_, err := f.store.EditCase(ctx, ggz, conference.CaseEdit{CaseID: c.ID, Version: c.Version - 1, Status: conference.CaseMonitoring})
		if !errors.Is(err, conference.ErrConflict) {
			t.Fatalf("stale version: %v", err)
		}
	})
	t.Run("Invalid/back to aangemeld", func(t *testing.T) {
		_, err := f.store.EditCase(ctx, ggz, conference.CaseEdit{CaseID: c.ID, Version: c.Version, Status: conference.CaseReferred})
		if !slices.Contains(fieldsOf(err), "status") {
			t.Fatalf("back to aangemeld: %v", err)
		}
	})
	t.Run("ReviewDate/clock", func(t *testing.T) {
		yesterday := dbtest.Clock.AddDate(0, 0, -1)
		_, err := f.store.EditCase(ctx, ggz, conference.CaseEdit{CaseID: c.ID, Version: c.Version, ReviewDate: &yesterday})
		if !slices.Contains(fieldsOf(err), "review_date") {
			t.Fatalf("review date yesterday: %v", err)
		}
		today := dbtest.Clock
		got, err := f.store.EditCase(ctx, ggz, conference.CaseEdit{CaseID: c.ID, Version: c.Version, ReviewDate: &today})
		if err != nil {
			t.Fatalf("review date today: %v", err)
		}
		if !got.ReviewDue(dbtest.Clock) || got.ReviewDue(dbtest.Clock.AddDate(0, 0, -1)) {
			t.Fatalf("review due around %v: %v", got.ReviewDate, got.ReviewDue(dbtest.Clock))
		}
		c = got
	})
	t.Run("Invalid/closing without a reason", func(t *testing.T) {
		_, err := f.store.EditCase(ctx, ggz, conference.CaseEdit{CaseID: c.ID, Version: c.Version, Status: conference.CaseClosed})
		if !slices.Contains(fieldsOf(err), "closing_reason") {
			t.Fatalf("closing without a reason: %v", err)
		}
	})
	t.Run("Invalid/closing without an outcome from the list", func(t *testing.T) {
		for _, e := range []conference.CaseEdit{
			{Outcome: ""}, {Outcome: "vertrokken"}, {Outcome: conference.OutcomeTransferred, OutcomeDetail: " "},
		} {
			e.CaseID, e.Version, e.Status, e.ClosingReason = c.ID, c.Version, conference.CaseClosed, "Klaar"
			_, err := f.store.EditCase(ctx, ggz, e)
			if !slices.Contains(fieldsOf(err), "outcome") && !slices.Contains(fieldsOf(err), "outcome_detail") {
				t.Fatalf("closing with outcome %q %q: %v", e.Outcome, e.OutcomeDetail, err)
			}
		}
	})
	t.Run("OK/closing and history", func(t *testing.T) {
		got, err := f.store.EditCase(ctx, ggz, conference.CaseEdit{CaseID: c.ID, Version: c.Version, Status: conference.CaseClosed,
			ClosingReason: "Doelen bereikt", Outcome: conference.OutcomeTransferred, OutcomeDetail: " Wijkteam Oss ", DecisionID: ptr[int64](42)})
		if err != nil {
			t.Fatal(err)
		}
		if got.ClosingReason != "Doelen bereikt" || got.ClosedAt == nil || got.Outcome != conference.OutcomeTransferred || got.OutcomeDetail != "Wijkteam Oss" {
			t.Fatalf("closed case = %+v", got)
		}
		changes, err := f.store.CaseChanges(ctx, ggz, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []conference.ChangeKind
		for _, ch := range changes {
			kinds = append(kinds, ch.Kind)
		}
		want := []conference.ChangeKind{conference.ChangeDirector, conference.ChangeStatus, conference.ChangeReview, conference.ChangeStatus}
		if !slices.Equal(kinds, want) {
			t.Fatalf("history = %v, want %v", kinds, want)
		}
		last := changes[len(changes)-1]
		if last.Reason != "Doelen bereikt" || last.DecisionID == nil || *last.DecisionID != 42 || last.UserID != f.nurse.ID {
			t.Fatalf("closing change = %+v", last)
		}
		if _, err := f.store.CaseChanges(ctx, conference.ActorOf(&teacher), c.ID); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("history for a foreign organisation: %v", err)
		}
	})
}

func TestChangeInvolvement(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	police := conference.ActorOf(&f.officer)
	c := f.newCase(t, f.officer)

	t.Run("Invalid/no reason", func(t *testing.T) {
		_, err := f.store.ChangeInvolvement(ctx, police, c.ID, f.ggz.ID, true, " ", c.Version)
		if !slices.Contains(fieldsOf(err), "reason") {
			t.Fatalf("adding without a reason: %v", err)
		}
	})
	t.Run("Invalid/last organisation", func(t *testing.T) {
		_, err := f.store.ChangeInvolvement(ctx, police, c.ID, f.police.ID, false, "niet meer nodig", c.Version)
		if !slices.Contains(fieldsOf(err), "organisation_id") {
			t.Fatalf("removing the last organisation: %v", err)
		}
	})
	t.Run("ErrForbidden/foreign", func(t *testing.T) {
		_, err := f.store.ChangeInvolvement(ctx, conference.ActorOf(&f.nurse), c.ID, f.ggz.ID, true, "wij willen meekijken", c.Version)
		if !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("a foreign organisation adds itself: %v", err)
		}
	})
	t.Run("OK/added, seen, removed", func(t *testing.T) {
		got, err := f.store.ChangeInvolvement(ctx, police, c.ID, f.ggz.ID, true, "behandelaar betrokken", c.Version)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Involves(f.ggz.ID) || got.Version != c.Version+1 {
			t.Fatalf("after adding = %+v", got)
		}
		if seen, _ := f.store.CanSeeCase(ctx, conference.ActorOf(&f.nurse), c.ID); !seen {
			t.Fatal("the added organisation cannot see the case")
		}
		if _, err := f.store.ChangeInvolvement(ctx, police, c.ID, f.ggz.ID, false, "x", c.Version); !errors.Is(err, conference.ErrConflict) {
			t.Fatalf("stale version: %v", err)
		}
		if _, err := f.store.ChangeInvolvement(ctx, police, c.ID, f.police.ID, false, "x", got.Version); !slices.Contains(fieldsOf(err), "organisation_id") {
			t.Fatalf("removing the referrer: %v", err)
		}
		got, err = f.store.ChangeInvolvement(ctx, police, c.ID, f.ggz.ID, false, "behandeling gestopt", got.Version)
		if err != nil || got.Involves(f.ggz.ID) {
			t.Fatalf("after removing = %+v, %v", got, err)
		}
		if seen, _ := f.store.CanSeeCase(ctx, conference.ActorOf(&f.nurse), c.ID); seen {
			t.Fatal("the removed organisation still sees the case")
		}
		changes, err := f.store.CaseChanges(ctx, police, c.ID)
		if err != nil || len(changes) != 2 || changes[1].Kind != conference.ChangeOrgRemoved || changes[1].Reason != "behandeling gestopt" {
			t.Fatalf("history = %+v, %v", changes, err)
		}
	})
	t.Run("Invalid/PUT changes involvement", func(t *testing.T) {
		cur, _ := f.store.Case(ctx, police, c.ID)
		cur.InvolvedOrganisationIDs = append(cur.InvolvedOrganisationIDs, f.school.ID)
		if err := f.store.UpdateCase(ctx, police, &cur); !slices.Contains(fieldsOf(err), "involved_organisation_ids") {
			t.Fatalf("involvement through UpdateCase: %v", err)
		}
	})
}
