package agenda

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// ErrNoLaterMeeting means a deferral or a cancellation needs a later meeting
// of the series and there is none; the caller may offer to plan it.
var ErrNoLaterMeeting = &conference.ValidationError{Field: "next_meeting", Msg: "there is no later meeting of this series; plan it first"}

// Cancel cancels conference conferenceID on behalf of a (its chair, see
// conference.MayMove) for reason. Its accepted and proposed items go back to the proposals
// of the next meeting of the series (a case already there is not doubled);
// the items here become deferred to it with the reason as the chair's note,
// so their proposers see where they went. With planNext, a missing next
// meeting is planned on the series' cadence; without it, that is
// ErrNoLaterMeeting. A meeting that has started cannot be cancelled.
// Returns the meeting the items moved to.
func (s *Store) Cancel(ctx context.Context, a conference.Actor, conferenceID int64, reason string, version int, planNext bool) (conference.Conference, error) {
	conf, err := s.cases.Conference(ctx, conferenceID)
	if err != nil {
		return conference.Conference{}, err
	}
	if !conference.MayMove(a, conf) {
		return conference.Conference{}, fmt.Errorf("only the chair of conference %d: %w", conferenceID, ErrForbidden)
	}
	reason = strings.TrimSpace(reason)
	var errs conference.ValidationErrors
	if conf.Started(s.now()) {
		errs.Add("status", "the meeting has started; it can no longer be cancelled")
	}
	if reason == "" {
		errs.Add("cancel_reason", "is required: the partners see it")
	} else if len(reason) > 2000 {
		errs.Add("cancel_reason", "must be at most 2000 characters")
	}
	if err := errs.Err(); err != nil {
		return conference.Conference{}, err
	}
	next, err := s.nextConference(ctx, conf)
	missing := errors.Is(err, ErrNoLaterMeeting)
	if err != nil && !(missing && planNext) {
		return conference.Conference{}, err
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cases := s.cases.WithDB(tx)
		if missing {
			if next, err = cases.PlanNext(tx, conf.SeriesID, conf.StartsAt); err != nil {
				return err
			}
		}
		var rows []itemRow
		if err := tx.Where("conference_id = ? AND status IN ?", conf.ID, []Status{StatusAccepted, StatusProposed}).
			Order("position, id").Find(&rows).Error; err != nil {
			return dbError(err, "agenda items")
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		sets, err := itemSets(tx, ids)
		if err != nil {
			return err
		}
		for _, r := range rows {
			it := r.domain(sets[r.ID])
			if err := moveItem(tx, it, next.ID); err != nil {
				return err
			}
			if err := updateItem(tx, it, map[string]any{"status": StatusDeferred, "deferred_to_id": next.ID, "decision_note": reason}, s.now()); err != nil {
				return err
			}
		}
		old := conf
		conf.Status, conf.CancelReason, conf.Version = conference.StatusCancelled, reason, version
		if err := cases.UpdateConference(ctx, &conf); err != nil {
			return err
		}
		if kind, ok := conference.MeetingEvent(old, conf); ok {
			return cases.Notify(ctx, tx, conference.Event{Kind: kind, ConferenceID: conf.ID})
		}
		return nil
	})
	if err != nil {
		return conference.Conference{}, err
	}
	return next, nil
}

// moveItem puts a copy of it, as a proposal, on conference to, unless its case is already there.
func moveItem(tx *gorm.DB, it Item, to int64) error {
	if it.CaseID != nil {
		on, err := caseOnAgenda(tx, to, *it.CaseID)
		if err != nil || on {
			return err
		}
	}
	moved := it
	moved.ID, moved.ConferenceID, moved.Status, moved.DecisionNote, moved.DeferredToID = 0, to, StatusProposed, "", nil
	return insertItem(tx, &moved)
}

// NextConference returns the first meeting of the series after conference
// id that is not cancelled, or ErrNoLaterMeeting.
func (s *Store) NextConference(ctx context.Context, id int64) (conference.Conference, error) {
	conf, err := s.cases.Conference(ctx, id)
	if err != nil {
		return conference.Conference{}, err
	}
	return s.nextConference(ctx, conf)
}
