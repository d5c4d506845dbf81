package minutes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// organises reports whether a chairs conf or takes its minutes.
func organises(a conference.Actor, conf conference.Conference) bool {
	return (conf.ChairID != nil && *conf.ChairID == a.UserID) || (conf.SecretaryID != nil && *conf.SecretaryID == a.UserID)
}

// writable returns the conference of an accepted agenda item when a may
// record it and the minutes are not final.
func (s *Store) writable(ctx context.Context, a conference.Actor, itemID int64) (agenda.Item, conference.Conference, error) {
	it, err := s.agenda.Item(ctx, itemID)
	if err != nil {
		return agenda.Item{}, conference.Conference{}, err
	}
	conf, err := s.cases.Conference(ctx, it.ConferenceID)
	if err != nil {
		return agenda.Item{}, conference.Conference{}, err
	}
	if !organises(a, conf) {
		return agenda.Item{}, conference.Conference{}, fmt.Errorf("only the chair or secretary of conference %d: %w", conf.ID, ErrForbidden)
	}
	if err := s.checkOpen(ctx, conf); err != nil {
		return agenda.Item{}, conference.Conference{}, err
	}
	if it.Status != agenda.StatusAccepted {
		return agenda.Item{}, conference.Conference{}, &conference.ValidationError{Field: "item_id", Msg: "is not on the agenda (not accepted)"}
	}
	return it, conf, nil
}

// errNotStarted refuses what only happens at a meeting (attendance,
// decisions, actions, finalising) before the meeting has begun.
var errNotStarted = &conference.ValidationError{Field: "conference", Msg: "the meeting has not started yet; this is recorded at the meeting"}

// checkStarted refuses decisions, actions and finalising before conf has begun.
func (s *Store) checkStarted(conf conference.Conference) error {
	if !conf.HasStarted(s.now()) {
		return errNotStarted
	}
	return nil
}

// checkOpen refuses changes to the minutes of a closed or signed meeting.
func (s *Store) checkOpen(ctx context.Context, conf conference.Conference) error {
	st, err := status(s.db.WithContext(ctx), conf.ID)
	if err != nil {
		return err
	}
	if st != RecordDraft || conf.Status == conference.StatusClosed || conf.Status == conference.StatusSigned {
		return ErrFinal
	}
	return nil
}

// SaveItemRecord stores the summary and answers of an item. rec.Version must
// be the version read (0 for a first save); when someone else saved in
// between, the answer is a *ConflictError carrying their text.
// Returns agenda.ErrNotFound when there is no such item, ErrForbidden when a neither chairs nor
// takes the minutes of its meeting, ErrFinal when the minutes are final, and a
// conference.ValidationError naming the field for invalid input, an answer to a question not
// planned on the item or an item not on the agenda.
func (s *Store) SaveItemRecord(ctx context.Context, a conference.Actor, rec *ItemRecord) error {
	it, conf, err := s.writable(ctx, a, rec.ItemID)
	if err != nil {
		return err
	}
	verr := rec.Validate()
	kerr := s.checkAnswerKeys(ctx, it, rec.Answers)
	var keys conference.ValidationErrors
	if kerr != nil && !errors.As(kerr, &keys) {
		return kerr
	}
	if verr != nil || kerr != nil {
		var all conference.ValidationErrors
		errors.As(verr, &all)
		return append(all, keys...)
	}
	answers, _ := json.Marshal(rec.Answers) // a map of strings always marshals
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var cur itemRecordRow
		if err := tx.Where("item_id = ?", it.ID).Limit(1).Find(&cur).Error; err != nil {
			return dbError(err, "item record")
		}
		if cur.Version != rec.Version {
			return &ConflictError{Current: cur.domain()}
		}
		row := itemRecordRow{ItemID: it.ID, ConferenceID: conf.ID, CaseID: it.CaseID, Summary: rec.Summary,
			Answers: string(answers), Version: rec.Version + 1, UpdatedBy: a.UserID, UpdatedAt: s.now()}
		var res *gorm.DB
		if rec.Version == 0 {
			res = tx.Create(&row)
		} else {
			res = tx.Model(&itemRecordRow{}).Where("item_id = ? AND version = ?", it.ID, rec.Version).
				Updates(map[string]any{"summary": row.Summary, "answers": row.Answers, "version": row.Version,
					"updated_by": row.UpdatedBy, "updated_at": row.UpdatedAt})
		}
		if res.Error != nil || res.RowsAffected == 0 {
			// A concurrent first save wins the primary key; a concurrent update the version.
			var now itemRecordRow
			if err := tx.Where("item_id = ?", it.ID).Limit(1).Find(&now).Error; err != nil {
				return dbError(err, "item record")
			}
			return &ConflictError{Current: now.domain()}
		}
		*rec = row.domain()
		return nil
	})
}

// checkAnswerKeys refuses answers to questions that are not in the question
// sets planned on the item, naming each as "answers.<key>".
func (s *Store) checkAnswerKeys(ctx context.Context, it agenda.Item, answers map[string]string) error {
	if len(answers) == 0 {
		return nil
	}
	sets, err := s.agenda.QuestionSetsByID(ctx, it.QuestionSetIDs)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, set := range sets {
		for _, q := range set.Questions {
			known[set.Key+"."+q.Key] = true
		}
	}
	var errs conference.ValidationErrors
	for k := range answers {
		if !known[k] {
			errs.Add("answers."+k, "is not a question of the question sets planned on this item")
		}
	}
	return errs.Err()
}

// PresentInvolved lists the organisations involved in the case that are
// present at the meeting: those whose position on a decision counts.
// Returns only database errors.
func (s *Store) PresentInvolved(ctx context.Context, conf conference.Conference, caseID int64) ([]int64, error) {
	cases, err := s.cases.CasesByID(ctx, conference.System, []int64{caseID})
	if err != nil {
		return nil, err
	}
	att, err := s.cases.Attendance(ctx, conf.ID)
	if err != nil {
		return nil, err
	}
	return presentInvolved(att, cases[caseID]), nil
}

// presentInvolved is PresentInvolved on what is loaded already.
func presentInvolved(att []conference.Attendance, c conference.Case) []int64 {
	out := []int64{}
	for _, at := range att {
		if at.Presence == conference.Present && c.Involves(at.OrganisationID) && !containsID(out, at.OrganisationID) {
			out = append(out, at.OrganisationID)
		}
	}
	return out
}

// AddDecision records a decision on an item with the positions of the present
// involved organisations, applies the adoption rule and, for a mandate grant,
// stores the mandate — all in one transaction.
// Returns agenda.ErrNotFound when there is no such item, ErrForbidden when a neither chairs nor
// takes the minutes of its meeting, ErrFinal when the minutes are final, and a
// conference.ValidationError naming the field for invalid input, an item not on the agenda, a
// meeting that has not started, or a mandate on a general topic or for an organisation not involved
// in the case.
func (s *Store) AddDecision(ctx context.Context, a conference.Actor, itemID int64, d *Decision) error {
	it, conf, err := s.writable(ctx, a, itemID)
	if err != nil {
		return err
	}
	if err := s.checkStarted(conf); err != nil {
		return err
	}
	if err := s.checkDecision(ctx, it, conf, d); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := decisionRow{ItemID: it.ID, ConferenceID: conf.ID, CaseID: it.CaseID, Text: d.Text, Kind: string(d.Kind),
			Outcome: string(d.Outcome), CreatedBy: a.UserID, CreatedAt: s.now(), Version: 1}
		if err := tx.Create(&row).Error; err != nil {
			return dbError(err, "decision")
		}
		for _, p := range d.Positions {
			if err := tx.Omit("Decision").Create(&positionRow{DecisionID: row.ID, OrganisationID: p.OrganisationID,
				Stance: string(p.Stance), Remark: p.Remark}).Error; err != nil {
				return dbError(err, "positions")
			}
		}
		d.ID, d.CreatedAt, d.Version = row.ID, row.CreatedAt, row.Version
		if m := d.Mandate; m != nil {
			mr := mandateRow{DecisionID: row.ID, ConferenceID: conf.ID, CaseID: *it.CaseID, GranteeOrganisationID: m.GranteeOrganisationID,
				GranteeUserID: m.GranteeUserID, Scope: m.Scope, Conditions: m.Conditions, ValidFrom: m.ValidFrom.UTC(),
				ValidUntil: m.ValidUntil.UTC(), CreatedAt: s.now()}
			if err := tx.Omit("Decision").Create(&mr).Error; err != nil {
				return dbError(err, "mandate")
			}
			*m = mr.domain(nil)
		}
		return nil
	})
}

// checkDecision validates d for item it of conf and applies the adoption
// rule: positions of the present involved organisations only, a mandate only
// for a case and to an organisation involved in it.
func (s *Store) checkDecision(ctx context.Context, it agenda.Item, conf conference.Conference, d *Decision) error {
	var present []int64
	var err error
	if it.CaseID != nil {
		if present, err = s.PresentInvolved(ctx, conf, *it.CaseID); err != nil {
			return err
		}
	} else if d.Mandate != nil {
		return &conference.ValidationError{Field: "mandate", Msg: "a mandate needs a case; this is a general topic"}
	}
	if err := d.Validate(present); err != nil {
		return err
	}
	d.ItemID, d.ConferenceID, d.CaseID = it.ID, conf.ID, it.CaseID
	d.Outcome = Decide(d.Positions, present)
	if d.Mandate != nil {
		ok, err := s.cases.CanSeeCase(ctx, conference.Actor{OrganisationID: d.Mandate.GranteeOrganisationID}, *it.CaseID)
		if err != nil {
			return err
		}
		if !ok {
			return &conference.ValidationError{Field: "mandate.grantee_organisation_id", Msg: "must be an organisation involved in the case"}
		}
	}
	return nil
}

// ResolveDecision settles an escalated decision. The chair or secretary of a
// meeting of the same series may record how.
// Returns ErrNotFound when there is no such decision, ErrForbidden when a organises no meeting of
// the series, and a conference.ValidationError when the decision is not escalated or the resolution
// is missing or too long.
func (s *Store) ResolveDecision(ctx context.Context, a conference.Actor, decisionID int64, resolution string) (Decision, error) {
	db := s.db.WithContext(ctx)
	var row decisionRow
	if err := db.First(&row, decisionID).Error; err != nil {
		return Decision{}, dbError(err, "decision")
	}
	if err := s.organisesSeriesOf(ctx, a, row.ConferenceID); err != nil {
		return Decision{}, err
	}
	var errs conference.ValidationErrors
	if Outcome(row.Outcome) != Escalated {
		errs.Add("outcome", "only an escalated decision can be resolved")
	}
	if len(resolution) == 0 || len(resolution) > 2000 {
		errs.Add("resolution", "is required (at most 2000 characters)")
	}
	if err := errs.Err(); err != nil {
		return Decision{}, err
	}
	now := s.now()
	if err := db.Model(&decisionRow{}).Where("id = ?", row.ID).
		Updates(map[string]any{"outcome": Resolved, "resolution": resolution, "resolved_at": now}).Error; err != nil {
		return Decision{}, dbError(err, "decision")
	}
	row.Outcome, row.Resolution, row.ResolvedAt = string(Resolved), resolution, &now
	return row.domain(nil), nil
}

// organisesSeriesOf reports ErrForbidden unless a chairs or takes the minutes
// of some meeting of the series that conferenceID belongs to.
func (s *Store) organisesSeriesOf(ctx context.Context, a conference.Actor, conferenceID int64) error {
	conf, err := s.cases.Conference(ctx, conferenceID)
	if err != nil {
		return err
	}
	var n int64
	if err := s.db.WithContext(ctx).Table("conferences").Where("series_id = ? AND (chair_id = ? OR secretary_id = ?)",
		conf.SeriesID, a.UserID, a.UserID).Count(&n).Error; err != nil {
		return dbError(err, "conferences")
	}
	if n == 0 {
		return fmt.Errorf("not an organiser of series %d: %w", conf.SeriesID, ErrForbidden)
	}
	return nil
}

// AddAction records an action agreed on an item. The owner must be an
// organisation involved in the case (any member of the series for a general topic).
// Returns agenda.ErrNotFound when there is no such item, ErrForbidden when a neither chairs nor
// takes the minutes of its meeting, ErrFinal when the minutes are final, and a
// conference.ValidationError naming the field for invalid input, an item not on the agenda, a
// meeting that has not started, or an owner not involved in the case.
func (s *Store) AddAction(ctx context.Context, a conference.Actor, itemID int64, act *Action) error {
	it, conf, err := s.writable(ctx, a, itemID)
	if err != nil {
		return err
	}
	if err := s.checkStarted(conf); err != nil {
		return err
	}
	if err := s.checkAction(ctx, it, act); err != nil {
		return err
	}
	row := actionRow{ItemID: it.ID, ConferenceID: conf.ID, CaseID: it.CaseID, What: act.What, OwnerOrganisationID: act.OwnerOrganisationID,
		OwnerUserID: act.OwnerUserID, DueDate: dateOf(act.DueDate), CreatedAt: s.now(), Version: 1}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return dbError(err, "action")
		}
		return s.cases.Notify(ctx, tx, conference.Event{Kind: conference.EventActionAssigned, ConferenceID: conf.ID, ActionID: row.ID})
	})
	if err != nil {
		return err
	}
	*act = row.domain(s.now())
	return nil
}

// checkAction validates act for item it: the owner must be an organisation
// involved in the case, and the owner person one of that organisation.
func (s *Store) checkAction(ctx context.Context, it agenda.Item, act *Action) error {
	if err := act.Validate(); err != nil {
		return err
	}
	owner := conference.Actor{OrganisationID: act.OwnerOrganisationID}
	if it.CaseID != nil {
		ok, err := s.cases.CanSeeCase(ctx, owner, *it.CaseID)
		if err != nil {
			return err
		}
		if !ok {
			return &conference.ValidationError{Field: "owner_organisation_id", Msg: "must be an organisation involved in the case"}
		}
	}
	if act.OwnerUserID != nil {
		users, err := s.cases.UsersByID(ctx, []int64{*act.OwnerUserID})
		if err != nil {
			return err
		}
		if u, ok := users[*act.OwnerUserID]; !ok || u.OrganisationID != act.OwnerOrganisationID {
			return &conference.ValidationError{Field: "owner_user_id", Msg: "must be a person of the owner organisation"}
		}
	}
	return nil
}

// CompleteAction marks an action done with a note. Anyone of the owner
// organisation may, also after the minutes are final: actions outlive the meeting.
// Returns ErrNotFound when there is no such action, ErrForbidden when a's organisation does not own
// it, and a conference.ValidationError when it is done already or the note is too long.
func (s *Store) CompleteAction(ctx context.Context, a conference.Actor, actionID int64, note string) (Action, error) {
	db := s.db.WithContext(ctx)
	var row actionRow
	if err := db.First(&row, actionID).Error; err != nil {
		return Action{}, dbError(err, "action")
	}
	if a.OrganisationID != row.OwnerOrganisationID {
		return Action{}, fmt.Errorf("action %d belongs to another organisation: %w", actionID, ErrForbidden)
	}
	if row.DoneAt != nil {
		return Action{}, &conference.ValidationError{Field: "status", Msg: "the action is already done"}
	}
	if len(note) > 2000 {
		return Action{}, &conference.ValidationError{Field: "done_note", Msg: "must be at most 2000 characters"}
	}
	now := s.now()
	res := db.Model(&actionRow{}).Where("id = ? AND done_at IS NULL", row.ID).
		Updates(map[string]any{"done_at": now, "done_note": note, "done_by": a.UserID})
	if res.Error != nil {
		return Action{}, dbError(res.Error, "action")
	}
	if res.RowsAffected == 0 {
		return Action{}, &conference.ValidationError{Field: "status", Msg: "the action is already done"}
	}
	row.DoneAt, row.DoneNote, row.DoneBy = &now, note, &a.UserID
	return row.domain(now), nil
}
