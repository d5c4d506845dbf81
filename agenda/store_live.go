package agenda

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"casusoverleg/conference"
)

type liveRow struct {
	ConferenceID  int64 `gorm:"primaryKey;autoIncrement:false"`
	CurrentItemID *int64
	CurrentSince  time.Time
	Version       int `gorm:"not null"`
	UpdatedAt     time.Time
}

func (liveRow) TableName() string { return "live_meetings" }

func (r liveRow) domain() Live {
	return Live{ConferenceID: r.ConferenceID, CurrentItemID: r.CurrentItemID, CurrentSince: r.CurrentSince.UTC(), Version: r.Version}
}

// MigrateLive creates the table of meetings in session (migration step 2026120222_live).
func MigrateLive(tx *gorm.DB) error { return tx.AutoMigrate(&liveRow{}) }

// Live returns the running state of conference id; a meeting that never
// started has no current item and version 0.
// Returns only database errors.
func (s *Store) Live(ctx context.Context, conferenceID int64) (Live, error) {
	var rows []liveRow
	if err := s.db.WithContext(ctx).Where("conference_id = ?", conferenceID).Limit(1).Find(&rows).Error; err != nil {
		return Live{}, dbError(err, "live meeting")
	}
	if len(rows) == 0 {
		return Live{ConferenceID: conferenceID}, nil
	}
	return rows[0].domain(), nil
}

// MaySee reports whether a may follow conference id: its organisation is a
// member of the series, or a chairs or takes the minutes of the meeting.
// Returns conference.ErrNotFound when there is no such conference and ErrForbidden otherwise.
func (s *Store) MaySee(ctx context.Context, a conference.Actor, conferenceID int64) error {
	conf, series, err := s.conferenceOf(ctx, conferenceID)
	if err != nil {
		return err
	}
	if !isMember(a, conf, series) {
		return fmt.Errorf("organisation %d is not a member of series %d: %w", a.OrganisationID, series.ID, ErrForbidden)
	}
	return nil
}

// StartMeeting opens the published meeting conferenceID for the chair: its
// status becomes in session and the first item of the agenda is current.
// Returns ErrForbidden when a does not chair the meeting, a ValidationError on
// "status" when the agenda is not published and ErrConflict when the meeting
// is in session already.
func (s *Store) StartMeeting(ctx context.Context, a conference.Actor, conferenceID int64) (Live, error) {
	conf, err := s.conferenceForChair(ctx, a, conferenceID)
	if err != nil {
		return Live{}, err
	}
	switch conf.Status {
	case conference.StatusPublished:
	case conference.StatusInSession:
		return Live{}, fmt.Errorf("conference %d is in session already: %w", conferenceID, ErrConflict)
	default:
		return Live{}, &conference.ValidationError{Field: "status", Msg: "only a meeting with a published agenda can start"}
	}
	now := s.now().UTC()
	var out Live
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Table("conferences").Where("id = ? AND status = ?", conferenceID, string(conference.StatusPublished)).
			Updates(map[string]any{"status": string(conference.StatusInSession), "version": gorm.Expr("version + 1"), "updated_at": now})
		if res.Error != nil {
			return dbError(res.Error, "conference")
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("conference %d changed while starting: %w", conferenceID, ErrConflict)
		}
		items, err := s.acceptedItems(tx, conferenceID)
		if err != nil {
			return err
		}
		row := liveRow{ConferenceID: conferenceID, CurrentSince: now, Version: 1, UpdatedAt: now}
		if len(items) > 0 {
			row.CurrentItemID = &items[0].ID
		}
		if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "conference_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"current_item_id", "current_since", "version", "updated_at"})}).
			Create(&row).Error; err != nil {
			return dbError(err, "live meeting")
		}
		out = row.domain()
		return nil
	})
	return out, err
}

// MoveTo makes another item of the meeting in session current, when version
// is the version of the running state the chair saw: a second click made on
// the same state is refused instead of skipping an item.
// Returns ErrForbidden when a does not chair the meeting, a ValidationError on
// "status" when the meeting is not in session, on "item_id" or "step" for a
// target that is not on the agenda, and ErrConflict for a stale version.
func (s *Store) MoveTo(ctx context.Context, a conference.Actor, conferenceID int64, to Target, version int) (Live, error) {
	conf, err := s.conferenceForChair(ctx, a, conferenceID)
	if err != nil {
		return Live{}, err
	}
	if conf.Status != conference.StatusInSession {
		return Live{}, &conference.ValidationError{Field: "status", Msg: "the meeting is not in session"}
	}
	now := s.now().UTC()
	var out Live
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row liveRow
		if err := tx.Where("conference_id = ?", conferenceID).First(&row).Error; err != nil {
			return dbError(err, "live meeting")
		}
		if row.Version != version {
			return fmt.Errorf("meeting %d moved on since version %d: %w", conferenceID, version, ErrConflict)
		}
		items, err := s.acceptedItems(tx, conferenceID)
		if err != nil {
			return err
		}
		id, err := targetOf(row.domain(), items, to)
		if err != nil {
			return err
		}
		res := tx.Model(&liveRow{}).Where("conference_id = ? AND version = ?", conferenceID, version).
			Updates(map[string]any{"current_item_id": id, "current_since": now, "version": gorm.Expr("version + 1"), "updated_at": now})
		if res.Error != nil {
			return dbError(res.Error, "live meeting")
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("meeting %d moved on since version %d: %w", conferenceID, version, ErrConflict)
		}
		row.CurrentItemID, row.CurrentSince, row.Version = &id, now, version+1
		out = row.domain()
		return nil
	})
	return out, err
}

// acceptedItems lists the items of the agenda itself, in order.
func (s *Store) acceptedItems(db *gorm.DB, conferenceID int64) ([]Item, error) {
	all, err := s.items(db, conferenceID)
	if err != nil {
		return nil, err
	}
	var out []Item
	for _, it := range all {
		if it.Status == StatusAccepted {
			out = append(out, it)
		}
	}
	return out, nil
}
