package minutes

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Corrections of decisions and actions while the minutes are a draft. Each
// edit names the version it read; a lost edit is ErrConflict, and nothing
// changes once the minutes are final.

// errStale is the answer to an edit of a version that is no longer current.
func errStale(what string, id int64) error {
	return fmt.Errorf("%s %d was changed by someone else; reload and try again: %w", what, id, ErrConflict)
}

// decisionRowOf loads a decision.
func (s *Store) decisionRowOf(ctx context.Context, id int64) (decisionRow, error) {
	var row decisionRow
	err := s.db.WithContext(ctx).First(&row, id).Error
	return row, dbError(err, "decision")
}

// UpdateDecision replaces the text, kind, positions and mandate of decision
// d.ID with d, applying the adoption rule again; d.Version must be the version
// read. Only the chair or secretary of the meeting, while its minutes are a
// draft. A mandate that was used already (quick actions) cannot be taken
// away. Returns ErrNotFound, ErrForbidden, ErrFinal, ErrConflict or a
// *conference.ValidationError.
func (s *Store) UpdateDecision(ctx context.Context, a conference.Actor, d *Decision) error {
	cur, err := s.decisionRowOf(ctx, d.ID)
	if err != nil {
		return err
	}
	it, conf, err := s.writable(ctx, a, cur.ItemID)
	if err != nil {
		return err
	}
	if err := s.checkDecision(ctx, it, conf, d); err != nil {
		return err
	}
	if Outcome(cur.Outcome) == Resolved && d.Outcome == Escalated {
		d.Outcome, d.Resolution, d.ResolvedAt = Resolved, cur.Resolution, cur.ResolvedAt
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		upd := map[string]any{"text": d.Text, "kind": string(d.Kind), "outcome": string(d.Outcome), "version": d.Version + 1}
		if d.Outcome != Resolved {
			upd["resolution"], upd["resolved_at"] = "", nil
		}
		res := tx.Model(&decisionRow{}).Where("id = ? AND version = ?", d.ID, d.Version).Updates(upd)
		if res.Error != nil {
			return dbError(res.Error, "decision")
		}
		if res.RowsAffected == 0 {
			return errStale("decision", d.ID)
		}
		if err := tx.Where("decision_id = ?", d.ID).Delete(&positionRow{}).Error; err != nil {
			return dbError(err, "positions")
		}
		for _, p := range d.Positions {
			if err := tx.Omit("Decision").Create(&positionRow{DecisionID: d.ID, OrganisationID: p.OrganisationID,
				Stance: string(p.Stance), Remark: p.Remark}).Error; err != nil {
				return dbError(err, "positions")
			}
		}
		if err := s.replaceMandate(tx, cur, d); err != nil {
			return err
		}
		d.Version, d.CreatedAt = d.Version+1, cur.CreatedAt
		d.ItemID, d.ConferenceID, d.CaseID = cur.ItemID, cur.ConferenceID, cur.CaseID
		return nil
	})
}

// replaceMandate makes the decision's mandate what d says: updated, added or removed.
func (s *Store) replaceMandate(tx *gorm.DB, cur decisionRow, d *Decision) error {
	var old mandateRow
	if err := tx.Where("decision_id = ?", cur.ID).Limit(1).Find(&old).Error; err != nil {
		return dbError(err, "mandate")
	}
	m := d.Mandate
	switch {
	case old.ID == 0 && m == nil:
		return nil
	case old.ID != 0 && m == nil:
		if err := s.unused(tx, old.ID); err != nil {
			return err
		}
		return dbError(tx.Delete(&mandateRow{}, old.ID).Error, "mandate")
	case old.ID == 0:
		mr := mandateRow{DecisionID: cur.ID, ConferenceID: cur.ConferenceID, CaseID: *cur.CaseID, GranteeOrganisationID: m.GranteeOrganisationID,
			GranteeUserID: m.GranteeUserID, Scope: m.Scope, Conditions: m.Conditions, ValidFrom: m.ValidFrom.UTC(),
			ValidUntil: m.ValidUntil.UTC(), CreatedAt: s.now()}
		if err := tx.Omit("Decision").Create(&mr).Error; err != nil {
			return dbError(err, "mandate")
		}
		*m = mr.domain(nil)
		return nil
	}
	if old.GranteeOrganisationID != m.GranteeOrganisationID {
		if err := s.unused(tx, old.ID); err != nil {
			return err
		}
	}
	if err := tx.Model(&mandateRow{}).Where("id = ?", old.ID).Updates(map[string]any{
		"grantee_organisation_id": m.GranteeOrganisationID, "grantee_user_id": m.GranteeUserID, "scope": m.Scope,
		"conditions": m.Conditions, "valid_from": m.ValidFrom.UTC(), "valid_until": m.ValidUntil.UTC()}).Error; err != nil {
		return dbError(err, "mandate")
	}
	old.GranteeOrganisationID, old.GranteeUserID, old.Scope, old.Conditions = m.GranteeOrganisationID, m.GranteeUserID, m.Scope, m.Conditions
	old.ValidFrom, old.ValidUntil = m.ValidFrom.UTC(), m.ValidUntil.UTC()
	*m = old.domain(nil)
	return nil
}

// unused refuses to take away a mandate under which quick actions were logged.
func (s *Store) unused(tx *gorm.DB, mandateID int64) error {
	var n int64
	if err := tx.Model(&quickActionRow{}).Where("mandate_id = ?", mandateID).Count(&n).Error; err != nil {
		return dbError(err, "quick actions")
	}
	if n > 0 {
		return &conference.ValidationError{Field: "mandate", Msg: "the mandate has been used already; revoke it instead"}
	}
	return nil
}

// DeleteDecision removes a decision (with its positions and an unused
// mandate) while the minutes are a draft; version must be the version read.
// Returns the removed decision, or ErrNotFound, ErrForbidden, ErrFinal,
// ErrConflict or a *conference.ValidationError.
func (s *Store) DeleteDecision(ctx context.Context, a conference.Actor, id int64, version int) (Decision, error) {
	cur, err := s.decisionRowOf(ctx, id)
	if err != nil {
		return Decision{}, err
	}
	if _, _, err := s.writable(ctx, a, cur.ItemID); err != nil {
		return Decision{}, err
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if cur.Version != version {
			return errStale("decision", id)
		}
		var m mandateRow
		if err := tx.Where("decision_id = ?", id).Limit(1).Find(&m).Error; err != nil {
			return dbError(err, "mandate")
		}
		if m.ID != 0 {
			if err := s.unused(tx, m.ID); err != nil {
				return err
			}
			if err := tx.Delete(&mandateRow{}, m.ID).Error; err != nil {
				return dbError(err, "mandate")
			}
		}
		if err := tx.Where("decision_id = ?", id).Delete(&positionRow{}).Error; err != nil {
			return dbError(err, "positions")
		}
		res := tx.Where("id = ? AND version = ?", id, version).Delete(&decisionRow{})
		if res.Error != nil {
			return dbError(res.Error, "decision")
		}
		if res.RowsAffected == 0 {
			return errStale("decision", id)
		}
		return nil
	})
	return cur.domain(nil), err
}

// actionRowOf loads an action.
func (s *Store) actionRowOf(ctx context.Context, id int64) (actionRow, error) {
	var row actionRow
	err := s.db.WithContext(ctx).First(&row, id).Error
	return row, dbError(err, "action")
}

// UpdateAction replaces what, owner and due date of action act.ID;
// act.Version must be the version read. Only the chair or secretary, while
// the minutes are a draft. Returns ErrNotFound, ErrForbidden, ErrFinal,
// ErrConflict or a *conference.ValidationError.
func (s *Store) UpdateAction(ctx context.Context, a conference.Actor, act *Action) error {
	cur, err := s.actionRowOf(ctx, act.ID)
	if err != nil {
		return err
	}
	it, _, err := s.writable(ctx, a, cur.ItemID)
	if err != nil {
		return err
	}
	if err := s.checkAction(ctx, it, act); err != nil {
		return err
	}
	res := s.db.WithContext(ctx).Model(&actionRow{}).Where("id = ? AND version = ?", act.ID, act.Version).Updates(map[string]any{
		"what": act.What, "owner_organisation_id": act.OwnerOrganisationID, "owner_user_id": act.OwnerUserID,
		"due_date": dateOf(act.DueDate), "version": act.Version + 1})
	if res.Error != nil {
		return dbError(res.Error, "action")
	}
	if res.RowsAffected == 0 {
		return errStale("action", act.ID)
	}
	cur.What, cur.OwnerOrganisationID, cur.OwnerUserID, cur.DueDate, cur.Version = act.What, act.OwnerOrganisationID, act.OwnerUserID, dateOf(act.DueDate), act.Version+1
	*act = cur.domain(s.now())
	return nil
}

// DeleteAction removes an action while the minutes are a draft; version must
// be the version read. Returns the removed action, or ErrNotFound,
// ErrForbidden, ErrFinal or ErrConflict.
func (s *Store) DeleteAction(ctx context.Context, a conference.Actor, id int64, version int) (Action, error) {
	cur, err := s.actionRowOf(ctx, id)
	if err != nil {
		return Action{}, err
	}
	if _, _, err := s.writable(ctx, a, cur.ItemID); err != nil {
		return Action{}, err
	}
	res := s.db.WithContext(ctx).Where("id = ? AND version = ?", id, version).Delete(&actionRow{})
	if res.Error != nil {
		return Action{}, dbError(res.Error, "action")
	}
	if res.RowsAffected == 0 {
		return Action{}, errStale("action", id)
	}
	return cur.domain(s.now()), nil
}

// Where returns the agenda item and conference of a decision (kind
// "decision") or an action (kind "action"), so that a page can return to it.
// Returns ErrNotFound.
func (s *Store) Where(ctx context.Context, kind string, id int64) (itemID, conferenceID int64, err error) {
	switch kind {
	case "decision":
		row, err := s.decisionRowOf(ctx, id)
		return row.ItemID, row.ConferenceID, err
	case "action":
		row, err := s.actionRowOf(ctx, id)
		return row.ItemID, row.ConferenceID, err
	}
	return 0, 0, ErrNotFound
}
