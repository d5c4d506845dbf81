package minutes_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/minutes"
)

// TestMeetingMustHaveStarted: attendance, decisions, actions and finalising
// are refused one minute before the meeting starts and accepted at its start;
// after finalising, a proposal is told the meeting is closed, not started.
func TestMeetingMustHaveStarted(t *testing.T) {
	m := newMeeting(t)
	ctx := context.Background()
	// The second meeting starts a week after the clock; a clock we can move.
	var now time.Time
	clock := func() time.Time { return now }
	db := m.db
	cases := conference.NewStore(db, clock)
	cases.AddCaseGrant(agenda.CaseGrant)
	ag := agenda.NewStore(db, clock, cases)
	mins := minutes.NewStore(db, clock, cases, ag)
	now = dbtest.Clock
	it, err := ag.Propose(ctx, m.police, agenda.Proposal{ConferenceID: m.second.ID, CaseID: &m.c.ID, Reason: "opnieuw"})
	if err != nil {
		t.Fatal(err)
	}
	if it, err = ag.Triage(ctx, m.chair, it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	attend := func() error {
		return cases.SetAttendance(ctx, m.second.ID, []conference.Attendance{{UserID: m.police.UserID, Presence: conference.Present}})
	}
	decide := func() error {
		return mins.AddDecision(ctx, m.secretary, it.ID, &minutes.Decision{Text: "Aanpak", Kind: minutes.DecisionOther})
	}
	act := func() error {
		return mins.AddAction(ctx, m.secretary, it.ID, &minutes.Action{What: "Huisbezoek", OwnerOrganisationID: m.probation.OrganisationID,
			DueDate: m.second.StartsAt.AddDate(0, 0, 14)})
	}
	finalise := func() error { return mins.Finalise(ctx, m.secretary, m.second.ID, "geheimhouding niet vastgelegd") }
	steps := []struct {
		name string
		do   func() error
	}{{"attendance", attend}, {"decision", decide}, {"action", act}, {"finalise", finalise}}

	now = m.second.StartsAt.Add(-time.Minute)
	for _, s := range steps {
		t.Run("ErrNotStarted/"+s.name, func(t *testing.T) {
			if err := s.do(); err == nil || !strings.Contains(err.Error(), "has not started") {
				t.Fatalf("a minute before the start: %v", err)
			}
		})
	}
	now = m.second.StartsAt
	for _, s := range steps {
		t.Run("OK/"+s.name, func(t *testing.T) {
			if err := s.do(); err != nil {
				t.Fatalf("at the start: %v", err)
			}
		})
	}
	_, err = ag.Propose(ctx, m.police, agenda.Proposal{ConferenceID: m.second.ID, CaseID: &m.c.ID, Reason: "te laat"})
	if err == nil || !strings.Contains(err.Error(), "is closed") || strings.Contains(err.Error(), "started") {
		t.Fatalf("proposing to a closed meeting: %v", err)
	}
}
