package agenda

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Decision is the chair's answer to a proposal.
type Decision string

// The chair's decisions.
const (
	Accept Decision = "accept"
	Reject Decision = "reject"
	Defer  Decision = "defer"
)

// Triage records the chair's decision on a proposed item. A rejection needs a
// note, which the proposer sees. A deferral moves a copy of the proposal to
// the next conference of the series. version must be the item's current one.
// Returns ErrNotFound when there is no such item, ErrForbidden when a does not chair its meeting,
// ErrConflict when the item changed since version, and a conference.ValidationError naming the
// field for an unknown decision, a rejection without a note, an item triaged already or a closed
// meeting; when deferring and the series has no later meeting, ErrNoLaterMeeting.
func (s *Store) Triage(ctx context.Context, a conference.Actor, itemID int64, d Decision, note string, version int) (Item, error) {
	return s.TriagePlanning(ctx, a, itemID, d, note, version, false)
}

// TriagePlanning is Triage that, with planNext, plans the next meeting of
// the series on its cadence when a deferral finds none, in the same transaction.
func (s *Store) TriagePlanning(ctx context.Context, a conference.Actor, itemID int64, d Decision, note string, version int, planNext bool) (Item, error) {
	it, conf, err := s.itemForChair(ctx, a, itemID)
	if err != nil {
		return Item{}, err
	}
	note = strings.TrimSpace(note)
	var errs conference.ValidationErrors
	switch d {
	case Accept, Defer:
	case Reject:
		if note == "" {
			errs.Add("decision_note", "is required when rejecting: the proposer sees it")
		}
	default:
		errs.Add("decision", "must be accept, reject or defer")
	}
	if len(note) > 2000 { // the column's size: longer would fail on PostgreSQL
		errs.Add("decision_note", "must be at most 2000 characters")
	}
	if it.Status != StatusProposed {
		errs.Add("decision", "the item was already triaged ("+string(it.Status)+")")
	}
	if err := errs.Err(); err != nil {
		return Item{}, err
	}
	it.Version = version
	var next conference.Conference
	missing := false
	if d == Defer {
		// Read before the transaction: SQLite has one connection, which the transaction holds.
		next, err = s.nextConference(ctx, conf)
		missing = errors.Is(err, ErrNoLaterMeeting)
		if err != nil && !(missing && planNext) {
			return Item{}, err
		}
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if missing {
			var err error
			if next, err = s.cases.WithDB(tx).PlanNext(tx, conf.SeriesID, conf.StartsAt); err != nil {
				return err
			}
		}
		fields := map[string]any{"decision_note": note}
		switch d {
		case Accept:
			var maxPos int
			if err := tx.Model(&itemRow{}).Where("conference_id = ? AND status = ?", conf.ID, StatusAccepted).
				Select("COALESCE(MAX(position), 0)").Scan(&maxPos).Error; err != nil {
				return dbError(err, "position")
			}
			fields["status"], fields["position"] = StatusAccepted, maxPos+1
		case Reject:
			fields["status"] = StatusRejected
		case Defer:
			if err := moveItem(tx, it, next.ID); err != nil {
				return err
			}
			fields["status"], fields["deferred_to_id"] = StatusDeferred, next.ID
		}
		if err := updateItem(tx, it, fields, s.now()); err != nil {
			return err
		}
		if it.CaseID == nil {
			return nil // a general topic: the referrer hears of cases only
		}
		kind := map[Decision]conference.EventKind{Accept: conference.EventReferralAccepted,
			Reject: conference.EventReferralRejected, Defer: conference.EventReferralDeferred}[d]
		return s.cases.Notify(ctx, tx, conference.Event{Kind: kind, ConferenceID: conf.ID, ItemID: it.ID})
	})
	if err != nil {
		return Item{}, err
	}
	return s.Item(ctx, itemID)
}

// nextConference returns the first conference of the same series after conf.
func (s *Store) nextConference(ctx context.Context, conf conference.Conference) (conference.Conference, error) {
	list, _, err := s.cases.Conferences(ctx, conference.ConferenceFilter{SeriesID: conf.SeriesID, From: conf.StartsAt,
		Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		return conference.Conference{}, err
	}
	// The list is newest first; the database may round times, so compare here.
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].ID != conf.ID && list[i].StartsAt.After(conf.StartsAt) && list[i].Status != conference.StatusCancelled {
			return list[i], nil
		}
	}
	return conference.Conference{}, ErrNoLaterMeeting
}

// Order sets the order of the accepted items: itemIDs must list each of them once.
// Returns conference.ErrNotFound when there is no such conference, ErrForbidden when a does not
// chair it, and a conference.ValidationError when the meeting is closed or itemIDs do not list each
// accepted item once.
func (s *Store) Order(ctx context.Context, a conference.Actor, conferenceID int64, itemIDs []int64) error {
	conf, err := s.conferenceForChair(ctx, a, conferenceID)
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var accepted []int64
		if err := tx.Model(&itemRow{}).Where("conference_id = ? AND status = ?", conf.ID, StatusAccepted).Pluck("id", &accepted).Error; err != nil {
			return dbError(err, "agenda items")
		}
		sorted := slices.Clone(itemIDs)
		slices.Sort(sorted)
		slices.Sort(accepted)
		if !slices.Equal(sorted, accepted) {
			return &conference.ValidationError{Field: "item_ids", Msg: "must list every accepted item of the meeting exactly once"}
		}
		for i, id := range itemIDs {
			if err := tx.Model(&itemRow{}).Where("id = ?", id).
				Updates(map[string]any{"position": i + 1, "version": gorm.Expr("version + 1"), "updated_at": s.now()}).Error; err != nil {
				return dbError(err, "agenda item")
			}
		}
		return nil
	})
}

// Plan sets an item's planned minutes and its question sets (in order).
// Returns ErrNotFound when there is no such item, ErrForbidden when a does not chair its meeting,
// ErrConflict when the item changed since version, and a conference.ValidationError naming the
// field for minutes out of range, a question set that does not exist or a closed meeting.
func (s *Store) Plan(ctx context.Context, a conference.Actor, itemID int64, minutes int, questionSetIDs []int64, version int) (Item, error) {
	it, _, err := s.itemForChair(ctx, a, itemID)
	if err != nil {
		return Item{}, err
	}
	var errs conference.ValidationErrors
	if minutes < 0 || minutes > 240 {
		errs.Add("planned_minutes", "must be between 0 and 240")
	}
	known, err := s.QuestionSetsByID(ctx, questionSetIDs)
	if err != nil {
		return Item{}, err
	}
	for i, id := range questionSetIDs {
		if _, ok := known[id]; !ok {
			errs.Add(fmt.Sprintf("question_set_ids[%d]", i), "refers to a question set that does not exist")
		}
	}
	if err := errs.Err(); err != nil {
		return Item{}, err
	}
	it.Version = version
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := updateItem(tx, it, map[string]any{"planned_minutes": minutes}, s.now()); err != nil {
			return err
		}
		return setItemSets(tx, it.ID, uniqueInOrder(questionSetIDs))
	})
	if err != nil {
		return Item{}, err
	}
	return s.Item(ctx, itemID)
}

// Remove deletes an item the system added by itself; proposals are rejected instead.
// Returns ErrNotFound when there is no such item, ErrForbidden when a does not chair its meeting,
// and a conference.ValidationError when the meeting is closed or the item was proposed rather than
// added by the system.
func (s *Store) Remove(ctx context.Context, a conference.Actor, itemID int64) error {
	it, _, err := s.itemForChair(ctx, a, itemID)
	if err != nil {
		return err
	}
	if !it.AutoAdded {
		return &conference.ValidationError{Field: "id", Msg: "only items added by the system can be removed; reject a proposal instead"}
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("item_id = ?", it.ID).Delete(&itemSetRow{}).Error; err != nil {
			return dbError(err, "agenda item")
		}
		return dbError(tx.Delete(&itemRow{}, it.ID).Error, "agenda item")
	})
}

// Publish makes the agenda visible to the participants.
// Returns conference.ErrNotFound when there is no such conference, ErrForbidden when a does not
// chair it, a conference.ValidationError when the agenda is no longer a draft, and
// conference.ErrConflict when the meeting changed meanwhile.
func (s *Store) Publish(ctx context.Context, a conference.Actor, conferenceID int64) (conference.Conference, error) {
	conf, err := s.conferenceForChair(ctx, a, conferenceID)
	if err != nil {
		return conference.Conference{}, err
	}
	if conf.Status != conference.StatusDraft {
		return conference.Conference{}, &conference.ValidationError{Field: "status", Msg: "only a draft agenda can be published"}
	}
	conf.Status = conference.StatusPublished
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.cases.WithDB(tx).UpdateConference(ctx, &conf); err != nil {
			return err
		}
		return s.cases.Notify(ctx, tx, conference.Event{Kind: conference.EventAgendaPublished, ConferenceID: conf.ID})
	})
	if err != nil {
		return conference.Conference{}, err
	}
	return conf, nil
}

// conferenceForChair returns the conference when a chairs it, ErrForbidden otherwise.
func (s *Store) conferenceForChair(ctx context.Context, a conference.Actor, id int64) (conference.Conference, error) {
	conf, err := s.cases.Conference(ctx, id)
	if err != nil {
		return conference.Conference{}, err
	}
	if !chairs(a, conf) {
		return conference.Conference{}, fmt.Errorf("only the chair of conference %d: %w", id, ErrForbidden)
	}
	if conf.Status == conference.StatusCancelled {
		return conference.Conference{}, &conference.ValidationError{Field: "status", Msg: "the meeting is cancelled; its agenda cannot change"}
	}
	if conf.Status == conference.StatusClosed || conf.Status == conference.StatusSigned {
		return conference.Conference{}, &conference.ValidationError{Field: "status", Msg: "the meeting is closed; its agenda cannot change"}
	}
	return conf, nil
}

func (s *Store) itemForChair(ctx context.Context, a conference.Actor, itemID int64) (Item, conference.Conference, error) {
	it, err := s.Item(ctx, itemID)
	if err != nil {
		return Item{}, conference.Conference{}, err
	}
	conf, err := s.conferenceForChair(ctx, a, it.ConferenceID)
	return it, conf, err
}

func derefID(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}
