package minutes_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/minutes"
)

func TestCorrectDecisionsAndActions(t *testing.T) {
	ctx := context.Background()
	m := newMeeting(t)
	d := minutes.Decision{Text: "Woning opzeggen", Kind: minutes.DecisionPlan, Positions: []minutes.Position{
		{OrganisationID: m.probation.OrganisationID, Stance: minutes.Object, Remark: "te vroeg"}}}
	if err := m.minutes.AddDecision(ctx, m.secretary, m.item.ID, &d); err != nil || d.Outcome != minutes.Escalated || d.Version != 1 {
		t.Fatalf("AddDecision() = %v, %+v", err, d)
	}
	t.Run("OK/correction applies the rule again", func(t *testing.T) {
		fix := minutes.Decision{ID: d.ID, Version: 1, Text: "Woning behouden", Kind: minutes.DecisionPlan,
			Positions: []minutes.Position{{OrganisationID: m.probation.OrganisationID, Stance: minutes.Agree}}}
		if err := m.minutes.UpdateDecision(ctx, m.secretary, &fix); err != nil {
			t.Fatal(err)
		}
		if fix.Outcome != minutes.Adopted || fix.Version != 2 {
			t.Fatalf("corrected decision = %+v", fix)
		}
		v, err := m.minutes.Minutes(ctx, m.secretary, m.first.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := v.Items[0].Decisions[0]
		if got.Text != "Woning behouden" || got.Outcome != minutes.Adopted || len(got.Positions) != 1 || got.Positions[0].Stance != minutes.Agree {
			t.Fatalf("stored decision = %+v", got)
		}
	})
	t.Run("ErrConflict/stale version", func(t *testing.T) {
		stale := minutes.Decision{ID: d.ID, Version: 1, Text: "Oude lezing", Kind: minutes.DecisionPlan}
		if err := m.minutes.UpdateDecision(ctx, m.chair, &stale); !errors.Is(err, conference.ErrConflict) {
			t.Fatalf("stale correction = %v", err)
		}
		if _, err := m.minutes.DeleteDecision(ctx, m.chair, d.ID, 1); !errors.Is(err, conference.ErrConflict) {
			t.Fatalf("stale removal = %v", err)
		}
	})
	t.Run("ErrForbidden/participant", func(t *testing.T) {
		fix := minutes.Decision{ID: d.ID, Version: 2, Text: "x", Kind: minutes.DecisionOther}
		if err := m.minutes.UpdateDecision(ctx, m.police, &fix); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("participant correction = %v", err)
		}
		if _, err := m.minutes.DeleteAction(ctx, m.police, 1, 1); !errors.Is(err, conference.ErrNotFound) && !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("participant removal = %v", err)
		}
	})
	t.Run("ErrValidation/used mandate stays", func(t *testing.T) {
		g := minutes.Decision{Text: "Mandaat", Kind: minutes.DecisionMandateGrant, Mandate: &minutes.Mandate{GranteeOrganisationID: m.probation.OrganisationID,
			Scope: "meldplicht", ValidFrom: dbtest.Clock.Add(-time.Hour), ValidUntil: dbtest.Clock.AddDate(0, 1, 0)}}
		if err := m.minutes.AddDecision(ctx, m.secretary, m.item.ID, &g); err != nil {
			t.Fatal(err)
		}
		q := minutes.QuickAction{TakenAt: dbtest.Clock.Add(-time.Minute), What: "meldplicht opgelegd"}
		if err := m.minutes.LogQuickAction(ctx, m.probation, g.Mandate.ID, &q); err != nil {
			t.Fatal(err)
		}
		var ve *conference.ValidationError
		if _, err := m.minutes.DeleteDecision(ctx, m.secretary, g.ID, g.Version); !errors.As(err, &ve) || ve.Field != "mandate" {
			t.Fatalf("removing a used mandate = %v", err)
		}
	})
	act := minutes.Action{What: "Huisbezoek", OwnerOrganisationID: m.probation.OrganisationID, DueDate: dbtest.Clock.AddDate(0, 0, 14)}
	if err := m.minutes.AddAction(ctx, m.secretary, m.item.ID, &act); err != nil {
		t.Fatal(err)
	}
	t.Run("OK/action corrected and removed", func(t *testing.T) {
		fix := minutes.Action{ID: act.ID, Version: act.Version, What: "Huisbezoek met wijkagent", OwnerOrganisationID: m.probation.OrganisationID,
			DueDate: dbtest.Clock.AddDate(0, 0, 7)}
		if err := m.minutes.UpdateAction(ctx, m.secretary, &fix); err != nil || fix.Version != 2 || fix.What != "Huisbezoek met wijkagent" {
			t.Fatalf("UpdateAction() = %v, %+v", err, fix)
		}
		bad := fix
		bad.OwnerOrganisationID = m.ggz.OrganisationID
		var ve *conference.ValidationError
		if err := m.minutes.UpdateAction(ctx, m.secretary, &bad); !errors.As(err, &ve) || ve.Field != "owner_organisation_id" {
			t.Fatalf("owner not involved = %v", err)
		}
		if _, err := m.minutes.DeleteAction(ctx, m.secretary, act.ID, 1); !errors.Is(err, conference.ErrConflict) {
			t.Fatalf("stale removal = %v", err)
		}
		if _, err := m.minutes.DeleteAction(ctx, m.secretary, act.ID, 2); err != nil {
			t.Fatal(err)
		}
		list, err := m.minutes.MyActions(ctx, m.probation, conference.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.All()) != 0 {
			t.Fatalf("the removed action is still listed: %+v", list)
		}
	})
	t.Run("ErrFinal/after finalising", func(t *testing.T) {
		if err := m.minutes.Finalise(ctx, m.secretary, m.first.ID, "zonder verslagtekst"); err != nil {
			t.Fatal(err)
		}
		fix := minutes.Decision{ID: d.ID, Version: 2, Text: "te laat", Kind: minutes.DecisionOther}
		if err := m.minutes.UpdateDecision(ctx, m.secretary, &fix); !errors.Is(err, minutes.ErrFinal) {
			t.Fatalf("correction after finalising = %v", err)
		}
		if _, err := m.minutes.DeleteDecision(ctx, m.secretary, d.ID, 2); !errors.Is(err, minutes.ErrFinal) {
			t.Fatalf("removal after finalising = %v", err)
		}
	})
}
