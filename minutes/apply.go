package minutes

import (
	"context"
	"fmt"

	"casusoverleg/conference"
)

// MayApplyDecision returns nil when a may apply decision id to its case (see
// ApplyDecision), ErrNotFound for an unknown decision and ErrForbidden otherwise.
func (s *Store) MayApplyDecision(ctx context.Context, a conference.Actor, id int64) error {
	_, err := s.decisionToApply(ctx, a, id)
	return err
}

func (s *Store) decisionToApply(ctx context.Context, a conference.Actor, id int64) (Decision, error) {
	var row decisionRow
	if err := s.db.WithContext(ctx).First(&row, id).Error; err != nil {
		return Decision{}, dbError(err, "decision")
	}
	d := row.domain(nil)
	if d.CaseID == nil {
		return d, s.organisesSeriesOf(ctx, a, d.ConferenceID)
	}
	ok, err := s.cases.MayEditCase(ctx, a, *d.CaseID)
	if err == nil && !ok {
		err = fmt.Errorf("decision %d: %w", id, ErrForbidden)
	}
	return d, err
}

// ApplyDecision applies decision decisionID to its case in one step, e.g.
// "Gemeente wordt procesregisseur" sets the case director: e (its CaseID and
// DecisionID are set here) goes through conference.Store.EditCase, so the
// case's history names the decision. Whoever may edit the case (the chair,
// the secretary, the case director's organisation) may apply it. Returns
// ErrNotFound for an unknown decision, ErrForbidden for anyone else, and a
// *conference.ValidationError for a decision without a case or one that is
// escalated (settle it first).
func (s *Store) ApplyDecision(ctx context.Context, a conference.Actor, decisionID int64, e conference.CaseEdit) (conference.Case, Decision, error) {
	d, err := s.decisionToApply(ctx, a, decisionID)
	if err != nil {
		return conference.Case{}, d, err
	}
	if d.CaseID == nil {
		return conference.Case{}, d, &conference.ValidationError{Field: "decision_id", Msg: "the decision is not about a case"}
	}
	if d.Outcome == Escalated {
		return conference.Case{}, d, &conference.ValidationError{Field: "decision_id", Msg: "the decision is escalated; settle it first"}
	}
	e.CaseID, e.DecisionID = *d.CaseID, &d.ID
	c, err := s.cases.EditCase(ctx, a, e)
	return c, d, err
}
