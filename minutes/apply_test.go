package minutes_test

import (
	"context"
	"errors"
	"testing"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

func TestApplyDecision(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	d := minutes.Decision{Text: "Reclassering wordt procesregisseur", Kind: minutes.DecisionPlan}
	if err := m.minutes.AddDecision(ctx, m.secretary, m.item.ID, &d); err != nil {
		t.Fatal(err)
	}
	edit := conference.CaseEdit{Version: m.c.Version, DirectorOrganisationID: &m.probation.OrganisationID, Status: conference.CaseInProgress}
	t.Run("ErrForbidden/not involved", func(t *testing.T) {
		if _, _, err := m.minutes.ApplyDecision(ctx, m.ggz, d.ID, edit); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("GGZ applies a decision on a case it cannot see: %v", err)
		}
	})
	t.Run("OK/secretary sets the director, on the timeline", func(t *testing.T) {
		c, _, err := m.minutes.ApplyDecision(ctx, m.secretary, d.ID, edit)
		if err != nil {
			t.Fatal(err)
		}
		if c.CaseDirectorOrganisationID == nil || *c.CaseDirectorOrganisationID != m.probation.OrganisationID || c.Status != conference.CaseInProgress {
			t.Fatalf("case after the decision = %+v", c)
		}
		events, err := m.minutes.Timeline(ctx, m.police, m.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var applied int
		for _, e := range events {
			if e.Kind == "case_change" && e.Change.DecisionID != nil && *e.Change.DecisionID == d.ID {
				applied++
			}
		}
		if applied != 2 { // director and status
			t.Fatalf("timeline has %d changes from the decision: %+v", applied, events)
		}
	})
}
