package agenda_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

// world is a series with two meetings a week apart, a chair, and participants
// of the police, probation and GGZ (GGZ is no member of the series).
type world struct {
	db                     *gorm.DB
	cases                  *conference.Store
	agenda                 *agenda.Store
	police, probation, ggz conference.Actor
	chair                  conference.Actor
	series                 conference.Series
	first, second          conference.Conference
	policeCase, sharedCase conference.Case
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t)
	w := &world{db: db, cases: conference.NewStore(db, dbtest.Now)}
	w.cases.AddCaseGrant(agenda.CaseGrant)
	w.agenda = agenda.NewStore(db, dbtest.Now, w.cases)
	actor := func(org, email string, role conference.Role) conference.Actor {
		o := conference.Organisation{Name: org, Kind: conference.OrgOther}
		if err := w.cases.CreateOrganisation(ctx, &o); err != nil {
			t.Fatal(err)
		}
		u := conference.User{Name: email, Email: email, OrganisationID: o.ID, Roles: []conference.Role{role}, Active: true}
		if err := w.cases.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		return conference.ActorOf(&u)
	}
	w.police = actor("Politie", "p@x.nl", conference.RoleParticipant)
	w.probation = actor("Reclassering", "r@x.nl", conference.RoleParticipant)
	w.ggz = actor("GGZ", "g@x.nl", conference.RoleParticipant)
	w.chair = actor("ZVH", "c@x.nl", conference.RoleChair)
	w.series = conference.Series{Name: "Justitieel casusoverleg", DefaultChairID: &w.chair.UserID,
		MemberOrganisationIDs: []int64{w.police.OrganisationID, w.probation.OrganisationID, w.chair.OrganisationID}}
	if err := w.cases.SaveSeries(ctx, &w.series); err != nil {
		t.Fatal(err)
	}
	w.first = conference.Conference{SeriesID: w.series.ID, StartsAt: dbtest.Clock.Add(24 * time.Hour)}
	w.second = conference.Conference{SeriesID: w.series.ID, StartsAt: dbtest.Clock.Add(8 * 24 * time.Hour)}
	for _, c := range []*conference.Conference{&w.first, &w.second} {
		if err := w.cases.CreateConference(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	w.policeCase = w.newCase(t, w.police, conference.ThemeHighImpact, "5348")
	w.sharedCase = w.newCase(t, w.probation, conference.ThemeReturn, "5342", w.police.OrganisationID)
	return w
}

func (w *world) newCase(t *testing.T, by conference.Actor, theme conference.Theme, pc4 string, involved ...int64) conference.Case {
	t.Helper()
	c := conference.Case{Subject: "Betrokkene " + pc4, Theme: theme, Postcode: pc4, Neighbourhood: "Wijk " + pc4, InvolvedOrganisationIDs: involved}
	if err := w.cases.CreateCase(context.Background(), by, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *world) propose(t *testing.T, by conference.Actor, conf conference.Conference, c conference.Case) agenda.Item {
	t.Helper()
	it, err := w.agenda.Propose(context.Background(), by, agenda.Proposal{ConferenceID: conf.ID, CaseID: &c.ID, Reason: "bespreken"})
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func fieldsOf(err error) []string {
	var v conference.ValidationErrors
	var one *conference.ValidationError
	if errors.As(err, &one) {
		return []string{one.Field}
	}
	if !errors.As(err, &v) {
		return nil
	}
	var out []string
	for _, e := range v {
		out = append(out, e.Field)
	}
	return out
}

func TestPropose(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	t.Run("OK/existing case gets question sets", func(t *testing.T) {
		it := w.propose(t, w.probation, w.first, w.sharedCase)
		if it.Status != agenda.StatusProposed || it.Kind != agenda.KindFollowUp || len(it.QuestionSetIDs) == 0 {
			t.Fatalf("item = %+v", it)
		}
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		_, err := w.agenda.Propose(ctx, w.police, agenda.Proposal{ConferenceID: w.first.ID, CaseID: &w.sharedCase.ID, Reason: "ook"})
		if !slices.Contains(fieldsOf(err), "case_id") {
			t.Fatalf("second proposal of the same case: %v", err)
		}
	})
	t.Run("ErrForbidden/case of another organisation", func(t *testing.T) {
		_, err := w.agenda.Propose(ctx, w.probation, agenda.Proposal{ConferenceID: w.first.ID, CaseID: &w.policeCase.ID, Reason: "x"})
		if !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("proposing a case the organisation cannot see: %v", err)
		}
	})
	t.Run("ErrForbidden/not a member", func(t *testing.T) {
		c := w.newCase(t, w.ggz, conference.ThemeCare, "5343")
		_, err := w.agenda.Propose(ctx, w.ggz, agenda.Proposal{ConferenceID: w.first.ID, CaseID: &c.ID, Reason: "x"})
		if !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("an organisation outside the series proposed: %v", err)
		}
	})
	t.Run("ErrReferralFacts", func(t *testing.T) {
		nc := conference.Case{Subject: "Nieuw", Theme: conference.ThemeYouth, Postcode: "5351", Neighbourhood: "Berghem"}
		_, err := w.agenda.Propose(ctx, w.police, agenda.Proposal{ConferenceID: w.first.ID, NewCase: &nc, Reason: "aanmelding"})
		got := fieldsOf(err)
		if len(got) == 0 || !slices.ContainsFunc(got, func(f string) bool { return len(f) > 8 && f[:8] == "answers." }) {
			t.Fatalf("a referral without its facts: %v", err)
		}
		if _, total, _ := w.cases.Cases(ctx, conference.System, conference.CaseFilter{Query: "Nieuw"}); total != 0 {
			t.Fatal("a refused referral left a case behind")
		}
	})
	t.Run("OK/new referral", func(t *testing.T) {
		sets, err := w.agenda.QuestionSets(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		nc := conference.Case{Subject: "Nieuw", Theme: conference.ThemeYouth, Postcode: "5351", Neighbourhood: "Berghem"}
		answers := map[string]string{}
		for _, s := range agenda.Select(sets, nc, agenda.KindNew) {
			for _, q := range s.Questions {
				answers[q.Key] = "antwoord"
			}
		}
		it, err := w.agenda.Propose(ctx, w.police, agenda.Proposal{ConferenceID: w.first.ID, NewCase: &nc, Reason: "aanmelding", Answers: answers})
		if err != nil {
			t.Fatal(err)
		}
		if it.Kind != agenda.KindNew || it.CaseID == nil || it.Answers == nil {
			t.Fatalf("referral item = %+v", it)
		}
	})
}

func TestTriageOrderPublish(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	a := w.propose(t, w.probation, w.first, w.sharedCase)
	b := w.propose(t, w.police, w.first, w.policeCase)
	c := w.newCase(t, w.police, conference.ThemeCare, "5345")
	rejected := w.propose(t, w.police, w.first, c)

	if _, err := w.agenda.Triage(ctx, w.police, a.ID, agenda.Accept, "", a.Version); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("a participant triaged: %v", err)
	}
	if _, err := w.agenda.Triage(ctx, w.chair, rejected.ID, agenda.Reject, " ", rejected.Version); !slices.Contains(fieldsOf(err), "decision_note") {
		t.Fatalf("reject without a note: %v", err)
	}
	for _, it := range []agenda.Item{a, b} {
		if _, err := w.agenda.Triage(ctx, w.chair, it.ID, agenda.Accept, "", it.Version); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.agenda.Triage(ctx, w.chair, rejected.ID, agenda.Reject, "Past beter in het zorgoverleg", rejected.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := w.agenda.Triage(ctx, w.chair, a.ID, agenda.Reject, "x", a.Version); err == nil {
		t.Fatal("an accepted item was triaged again")
	}
	if err := w.agenda.Order(ctx, w.chair, w.first.ID, []int64{b.ID}); !slices.Contains(fieldsOf(err), "item_ids") {
		t.Fatalf("an order missing an item: %v", err)
	}
	if err := w.agenda.Order(ctx, w.chair, w.first.ID, []int64{b.ID, a.ID}); err != nil {
		t.Fatal(err)
	}

	// Before publication the police see only their own proposals.
	v, err := w.agenda.Agenda(ctx, w.police, w.first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Items) != 0 || len(v.Decided) != 1 || v.Decided[0].DecisionNote != "Past beter in het zorgoverleg" {
		t.Fatalf("unpublished agenda as police: items %d, decided %+v", len(v.Items), v.Decided)
	}
	if _, err := w.agenda.Publish(ctx, w.chair, w.first.ID); err != nil {
		t.Fatal(err)
	}

	// The chair sees both cases in full (the agenda grants it), in the new order.
	v, err = w.agenda.Agenda(ctx, w.chair, w.first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Items) != 2 || v.Items[0].ID != b.ID || v.Items[0].Redacted() || v.Items[1].Redacted() {
		t.Fatalf("chair's agenda = %+v", v.Items)
	}
	if !v.Items[1].StartsAt.Equal(w.first.StartsAt.Add(time.Duration(v.Items[0].PlannedMinutes) * time.Minute)) {
		t.Fatalf("planned start of item 2 = %v", v.Items[1].StartsAt)
	}
	// Probation sees its case in full and the police case as a reference only.
	v, err = w.agenda.Agenda(ctx, w.probation, w.first.ID)
	if err != nil {
		t.Fatal(err)
	}
	police := v.Items[0]
	if !police.Redacted() || police.Case.Subject != "" || police.Reason != "" || len(police.QuestionSets) != 0 || police.Kind != "" {
		t.Fatalf("probation sees the police case: %+v", police)
	}
	if v.Items[1].Redacted() || v.Items[1].Case.Subject == "" {
		t.Fatalf("probation does not see its own case: %+v", v.Items[1])
	}
	if _, err := w.agenda.Agenda(ctx, w.ggz, w.first.ID); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("an organisation outside the series read the agenda: %v", err)
	}
}

func TestDeferMovesToNextMeeting(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	it := w.propose(t, w.police, w.first, w.policeCase)
	if _, err := w.agenda.Triage(ctx, w.chair, it.ID, agenda.Defer, "volgende week", it.Version); err != nil {
		t.Fatal(err)
	}
	v, err := w.agenda.Agenda(ctx, w.chair, w.second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Proposals) != 1 || *v.Proposals[0].CaseID != w.policeCase.ID {
		t.Fatalf("next meeting's proposals = %+v", v.Proposals)
	}
	moved := v.Proposals[0]
	if _, err := w.agenda.Triage(ctx, w.chair, moved.ID, agenda.Defer, "", moved.Version); !errors.Is(err, agenda.ErrNoLaterMeeting) || !slices.Contains(fieldsOf(err), "next_meeting") {
		t.Fatalf("deferring past the last planned meeting: %v", err)
	}
}

type fakeSource []agenda.FollowUp

func (f fakeSource) FollowUps(context.Context, int64, time.Time, time.Time) ([]agenda.FollowUp, error) {
	return f, nil
}

func TestPrepareCarriesOverOnce(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	// The shared case was discussed at the first meeting; its review date falls before the second.
	it := w.propose(t, w.probation, w.first, w.sharedCase)
	if _, err := w.agenda.Triage(ctx, w.chair, it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	review := w.second.StartsAt.Add(-48 * time.Hour)
	w.sharedCase.ReviewDate = &review
	if err := w.cases.UpdateCase(ctx, w.probation, &w.sharedCase); err != nil {
		t.Fatal(err)
	}
	// An overdue action (reported by the minutes) for the same case and a mandate report for the police case.
	w.agenda.AddFollowUpSource(fakeSource{
		{CaseID: w.sharedCase.ID, Kind: agenda.KindFollowUp, Reason: "actie over tijd: woning zoeken"},
		{CaseID: w.policeCase.ID, Kind: agenda.KindMandateReport, Reason: "mandaat gebruikt: meldplicht"},
	})
	added, err := w.agenda.Prepare(ctx, w.chair, w.second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 2 {
		t.Fatalf("added %d items, want 2: %+v", len(added), added)
	}
	if added[0].Kind != agenda.KindFollowUp || !added[0].AutoAdded || added[0].Reason != "evaluatiedatum "+review.Format("02-01-2006")+" is bereikt; actie over tijd: woning zoeken" {
		t.Fatalf("follow-up = %+v", added[0])
	}
	if added[1].Kind != agenda.KindMandateReport {
		t.Fatalf("mandate report = %+v", added[1])
	}
	again, err := w.agenda.Prepare(ctx, w.chair, w.second.ID)
	if err != nil || len(again) != 0 {
		t.Fatalf("preparing twice added %d items (%v)", len(again), err)
	}
	v, _ := w.agenda.Agenda(ctx, w.chair, w.second.ID)
	count := 0
	for _, e := range v.Items {
		if *e.CaseID == w.sharedCase.ID {
			count++
		}
	}
	if count != 1 {
		t.Fatalf("the case is %d times on the agenda, want exactly once", count)
	}
	if err := w.agenda.Remove(ctx, w.chair, added[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := w.agenda.Remove(ctx, w.chair, it.ID); err == nil {
		t.Fatal("a proposal was removed instead of rejected")
	}
}
