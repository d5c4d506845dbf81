package minutes_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/minutes"
)

// meeting is a recorded meeting: police and probation are involved in the
// case, GGZ attends but is not involved.
type meeting struct {
	db                     *gorm.DB
	cases                  *conference.Store
	agenda                 *agenda.Store
	minutes                *minutes.Store
	police, probation, ggz conference.Actor
	chair, secretary       conference.Actor
	first, second          conference.Conference
	c                      conference.Case
	item                   agenda.Item
}

func newMeeting(t *testing.T) *meeting {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t)
	m := &meeting{db: db, cases: conference.NewStore(db, dbtest.Now)}
	m.cases.AddCaseGrant(agenda.CaseGrant)
	m.agenda = agenda.NewStore(db, dbtest.Now, m.cases)
	m.minutes = minutes.NewStore(db, dbtest.Now, m.cases, m.agenda)
	m.agenda.AddFollowUpSource(m.minutes)
	actor := func(org, email string, role conference.Role) conference.Actor {
		o := conference.Organisation{Name: org, Kind: conference.OrgOther}
		if err := m.cases.CreateOrganisation(ctx, &o); err != nil {
			t.Fatal(err)
		}
		u := conference.User{Name: email, Email: email, OrganisationID: o.ID, Roles: []conference.Role{role}, Active: true}
		if err := m.cases.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		return conference.ActorOf(&u)
	}
	m.police = actor("Politie", "p@x.nl", conference.RoleParticipant)
	m.probation = actor("Reclassering", "r@x.nl", conference.RoleParticipant)
	m.ggz = actor("GGZ", "g@x.nl", conference.RoleParticipant)
	m.chair = actor("ZVH", "c@x.nl", conference.RoleChair)
	m.secretary = conference.Actor{}
	sec := conference.User{Name: "Notulist", Email: "s@x.nl", OrganisationID: m.chair.OrganisationID, Roles: []conference.Role{conference.RoleSecretary}, Active: true}
	if err := m.cases.CreateUser(ctx, &sec); err != nil {
		t.Fatal(err)
	}
	m.secretary = conference.ActorOf(&sec)
	series := conference.Series{Name: "Casusoverleg", DefaultChairID: &m.chair.UserID, DefaultSecretaryID: &m.secretary.UserID,
		MemberOrganisationIDs: []int64{m.police.OrganisationID, m.probation.OrganisationID, m.ggz.OrganisationID, m.chair.OrganisationID}}
	if err := m.cases.SaveSeries(ctx, &series); err != nil {
		t.Fatal(err)
	}
	m.first = conference.Conference{SeriesID: series.ID, StartsAt: dbtest.Clock.Add(-2 * time.Hour)}
	m.second = conference.Conference{SeriesID: series.ID, StartsAt: dbtest.Clock.AddDate(0, 0, 7)}
	for _, c := range []*conference.Conference{&m.first, &m.second} {
		if err := m.cases.CreateConference(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	m.c = conference.Case{Subject: "D. S.", Theme: conference.ThemeHighImpact, Postcode: "5348", Neighbourhood: "Ussen",
		InvolvedOrganisationIDs: []int64{m.probation.OrganisationID}}
	if err := m.cases.CreateCase(ctx, m.police, &m.c); err != nil {
		t.Fatal(err)
	}
	it, err := m.agenda.Propose(ctx, m.police, agenda.Proposal{ConferenceID: m.first.ID, CaseID: &m.c.ID, Reason: "inbraken"})
	if err != nil {
		t.Fatal(err)
	}
	if m.item, err = m.agenda.Triage(ctx, m.chair, it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	err = m.cases.SetAttendance(ctx, m.first.ID, []conference.Attendance{
		{UserID: m.police.UserID, Presence: conference.Present}, {UserID: m.probation.UserID, Presence: conference.Present},
		{UserID: m.ggz.UserID, Presence: conference.Present}, {UserID: m.chair.UserID, Presence: conference.Present}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestItemRecordConflict(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	first := minutes.ItemRecord{ItemID: m.item.ID, Summary: "Eerste versie", Answers: map[string]string{"buurtgericht.de-buurt": "Ussen"}}
	if err := m.minutes.SaveItemRecord(ctx, m.secretary, &first); err != nil {
		t.Fatal(err)
	}
	second := minutes.ItemRecord{ItemID: m.item.ID, Summary: "Tegelijk getypt"} // read before the first save
	err := m.minutes.SaveItemRecord(ctx, m.chair, &second)
	var conflict *minutes.ConflictError
	if !errors.As(err, &conflict) || !errors.Is(err, conference.ErrConflict) || conflict.Current.Summary != "Eerste versie" {
		t.Fatalf("second save = %v, want a conflict carrying the first text", err)
	}
	second.Version = conflict.Current.Version
	if err := m.minutes.SaveItemRecord(ctx, m.chair, &second); err != nil || second.Version != 2 {
		t.Fatalf("save after reading the newer version: %v (version %d)", err, second.Version)
	}
	if err := m.minutes.SaveItemRecord(ctx, m.police, &minutes.ItemRecord{ItemID: m.item.ID, Version: 2}); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("a participant recorded the minutes: %v", err)
	}
}

func TestDecisionsActionsMandates(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	t.Run("ErrPosition/not involved", func(t *testing.T) {
		d := minutes.Decision{Text: "Plan", Kind: minutes.DecisionPlan, Positions: []minutes.Position{{OrganisationID: m.ggz.OrganisationID, Stance: minutes.Agree}}}
		err := m.minutes.AddDecision(ctx, m.secretary, m.item.ID, &d)
		var ve conference.ValidationErrors
		if !errors.As(err, &ve) || ve[0].Field != "positions[0].organisation_id" {
			t.Fatalf("AddDecision() = %v", err)
		}
	})
	t.Run("Escalated", func(t *testing.T) {
		d := minutes.Decision{Text: "Woning opzeggen", Kind: minutes.DecisionEscalation, Positions: []minutes.Position{
			{OrganisationID: m.police.OrganisationID, Stance: minutes.Agree}, {OrganisationID: m.probation.OrganisationID, Stance: minutes.Object, Remark: "risico op terugval"}}}
		if err := m.minutes.AddDecision(ctx, m.secretary, m.item.ID, &d); err != nil {
			t.Fatal(err)
		}
		if d.Outcome != minutes.Escalated {
			t.Fatalf("outcome = %s, want escalated", d.Outcome)
		}
	})
	var mandate minutes.Mandate
	t.Run("OK/mandate grant", func(t *testing.T) {
		d := minutes.Decision{Text: "Reclassering mag meldplicht opleggen", Kind: minutes.DecisionMandateGrant,
			Positions: []minutes.Position{{OrganisationID: m.police.OrganisationID, Stance: minutes.Agree}},
			Mandate: &minutes.Mandate{GranteeOrganisationID: m.probation.OrganisationID, Scope: "meldplicht als lichte dwang",
				Conditions: "in overleg met het OM", ValidFrom: dbtest.Clock.AddDate(0, 0, -1), ValidUntil: dbtest.Clock.AddDate(0, 0, 10)}}
		if err := m.minutes.AddDecision(ctx, m.secretary, m.item.ID, &d); err != nil {
			t.Fatal(err)
		}
		if d.Outcome != minutes.Adopted || d.Mandate == nil || d.Mandate.ID == 0 {
			t.Fatalf("decision = %+v", d)
		}
		mandate = *d.Mandate
		if mine, older, err := m.minutes.MyMandates(ctx, m.probation); err != nil || len(mine) != 1 || mine[0].ID != mandate.ID || older != 0 {
			t.Fatalf("MyMandates(probation) = %+v, %d older, %v", mine, older, err)
		}
		if theirs, older, err := m.minutes.MyMandates(ctx, m.police); err != nil || len(theirs) != 0 || older != 0 {
			t.Fatalf("MyMandates(police) = %+v, %d older, %v; want none", theirs, older, err)
		}
		// An expired mandate stays on "Mijn acties" for MandatesRecent after
		// its last day, then is counted among the older ones.
		for _, tc := range []struct {
			at          time.Time
			shown, left int
		}{
			{mandate.ValidUntil.Add(minutes.MandatesRecent - time.Minute), 1, 0},
			{mandate.ValidUntil.Add(minutes.MandatesRecent + time.Minute), 0, 1},
		} {
			later := minutes.NewStore(m.db, func() time.Time { return tc.at }, m.cases, m.agenda)
			mine, older, err := later.MyMandates(ctx, m.probation)
			if err != nil || len(mine) != tc.shown || older != int64(tc.left) {
				t.Errorf("MyMandates(probation) at %s = %d shown, %d older, %v; want %d and %d", tc.at, len(mine), older, err, tc.shown, tc.left)
			}
		}
	})
	t.Run("ErrMandate/grantee not involved", func(t *testing.T) {
		d := minutes.Decision{Text: "GGZ mag", Kind: minutes.DecisionMandateGrant, Mandate: &minutes.Mandate{GranteeOrganisationID: m.ggz.OrganisationID,
			Scope: "x", ValidFrom: dbtest.Clock, ValidUntil: dbtest.Clock.AddDate(0, 0, 1)}}
		err := m.minutes.AddDecision(ctx, m.secretary, m.item.ID, &d)
		var ve *conference.ValidationError
		if !errors.As(err, &ve) || ve.Field != "mandate.grantee_organisation_id" {
			t.Fatalf("AddDecision() = %v", err)
		}
	})
	t.Run("QuickActions", func(t *testing.T) {
		ok := minutes.QuickAction{TakenAt: dbtest.Clock.Add(-time.Hour), What: "Meldplicht opgelegd"}
		if err := m.minutes.LogQuickAction(ctx, m.probation, mandate.ID, &ok); err != nil {
			t.Fatal(err)
		}
		late := minutes.QuickAction{TakenAt: dbtest.Clock.AddDate(0, 0, -3), What: "te vroeg"}
		if err := m.minutes.LogQuickAction(ctx, m.probation, mandate.ID, &late); err == nil || !strings.Contains(err.Error(), "before the mandate is valid") {
			t.Fatalf("quick action before the validity: %v", err)
		}
		if err := m.minutes.LogQuickAction(ctx, m.police, mandate.ID, &minutes.QuickAction{TakenAt: dbtest.Clock, What: "x"}); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("quick action by another organisation: %v", err)
		}
		if _, err := m.minutes.RevokeMandate(ctx, m.police, mandate.ID, "weg"); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("a participant revoked a mandate: %v", err)
		}
	})
	t.Run("Actions", func(t *testing.T) {
		overdue := minutes.Action{What: "Woning zoeken", OwnerOrganisationID: m.probation.OrganisationID, DueDate: dbtest.Clock.AddDate(0, 0, -1)}
		if err := m.minutes.AddAction(ctx, m.secretary, m.item.ID, &overdue); err != nil {
			t.Fatal(err)
		}
		if overdue.Status != minutes.ActionOverdue {
			t.Fatalf("status = %s, want overdue", overdue.Status)
		}
		bad := minutes.Action{What: "x", OwnerOrganisationID: m.ggz.OrganisationID, DueDate: dbtest.Clock}
		if err := m.minutes.AddAction(ctx, m.secretary, m.item.ID, &bad); err == nil {
			t.Fatal("an action for an organisation not involved was stored")
		}
		mine, err := m.minutes.MyActions(ctx, m.probation, conference.Page{})
		if err != nil || len(mine.Open) != 1 || mine.OpenTotal != 1 || mine.DoneTotal != 0 {
			t.Fatalf("MyActions() = %v, %v", mine, err)
		}
		if _, err := m.minutes.CompleteAction(ctx, m.police, overdue.ID, "klaar"); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("another organisation completed the action: %v", err)
		}
	})
	t.Run("FollowUps on the next agenda", func(t *testing.T) {
		added, err := m.agenda.Prepare(ctx, m.chair, m.second.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(added) != 1 || added[0].Kind != agenda.KindFollowUp {
			t.Fatalf("added = %+v, want the case once as a follow-up", added)
		}
		for _, want := range []string{"actie over tijd: Woning zoeken", "opgeschaald besluit: Woning opzeggen", "mandaat gebruikt: 1 snelle actie"} {
			if !strings.Contains(added[0].Reason, want) {
				t.Errorf("reason %q lacks %q", added[0].Reason, want)
			}
		}
	})
	t.Run("Timeline", func(t *testing.T) {
		events, err := m.minutes.Timeline(ctx, m.police, m.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for i, e := range events {
			kinds[e.Kind]++
			if i > 0 && e.At.Before(events[i-1].At) {
				t.Fatalf("events out of order at %d", i)
			}
		}
		if kinds["decision"] != 2 || kinds["mandate"] != 1 || kinds["quick_action"] != 1 || kinds["action"] != 1 || kinds["agenda"] != 2 {
			t.Fatalf("timeline kinds = %v", kinds)
		}
		if _, err := m.minutes.Timeline(ctx, m.ggz, m.c.ID); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("GGZ read the timeline: %v", err)
		}
	})
}

func TestFinalisedMinutesRefuseChanges(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	if err := m.minutes.Finalise(ctx, m.chair, m.first.ID, ""); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("the chair finalised: %v", err)
	}
	if err := m.minutes.Finalise(ctx, m.secretary, m.first.ID, "zonder aanwezigheid"); err != nil {
		t.Fatal(err)
	}
	rec := minutes.ItemRecord{ItemID: m.item.ID, Summary: "later"}
	if err := m.minutes.SaveItemRecord(ctx, m.secretary, &rec); !errors.Is(err, minutes.ErrFinal) {
		t.Fatalf("record after finalising: %v", err)
	}
	d := minutes.Decision{Text: "later", Kind: minutes.DecisionOther}
	if err := m.minutes.AddDecision(ctx, m.secretary, m.item.ID, &d); !errors.Is(err, minutes.ErrFinal) {
		t.Fatalf("decision after finalising: %v", err)
	}
	if err := m.cases.SetAttendance(ctx, m.first.ID, nil); err == nil {
		t.Fatal("attendance changed after finalising")
	}
	conf, _ := m.cases.Conference(ctx, m.first.ID)
	if conf.Status != conference.StatusClosed {
		t.Fatalf("conference status = %s, want closed", conf.Status)
	}
	if err := m.minutes.Finalise(ctx, m.secretary, m.first.ID, "zonder aanwezigheid"); !errors.Is(err, minutes.ErrFinal) {
		t.Fatalf("finalising twice: %v", err)
	}
}

// TestClosedCaseDoesNotCarryOver: a closed case left the working lists; its
// overdue action does not bring it back on the next agenda.
func TestClosedCaseDoesNotCarryOver(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	overdue := minutes.Action{What: "Woning zoeken", OwnerOrganisationID: m.probation.OrganisationID, DueDate: dbtest.Clock.AddDate(0, 0, -1)}
	if err := m.minutes.AddAction(ctx, m.secretary, m.item.ID, &overdue); err != nil {
		t.Fatal(err)
	}
	c, err := m.cases.Case(ctx, conference.System, m.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.cases.EditCase(ctx, conference.System, conference.CaseEdit{CaseID: c.ID, Version: c.Version, Status: conference.CaseClosed,
		ClosingReason: "Verhuisd naar elders", Outcome: conference.OutcomeMoved}); err != nil {
		t.Fatal(err)
	}
	added, err := m.agenda.Prepare(ctx, m.chair, m.second.ID)
	if err != nil || len(added) != 0 {
		t.Fatalf("Prepare() added %+v, %v; want no closed case", added, err)
	}
}
