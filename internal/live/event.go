package live

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Kind names what changed.
type Kind string

// The kinds of events.
const (
	// Current: the meeting started or moved to another item (Ref is the item).
	Current Kind = "current"
	// Agenda: the agenda changed: an item added, triaged, planned, moved or removed.
	Agenda Kind = "agenda"
	// Minutes: a record, decision, action or mandate was saved (Ref is the item, when known).
	Minutes Kind = "minutes"
	// Presence: someone opened or closed the meeting page.
	Presence Kind = "presence"
)

// Event is one change of a meeting. It names records by id only.
type Event struct {
	ID           int64     `json:"id"`
	ConferenceID int64     `json:"conference_id"`
	Kind         Kind      `json:"kind"`
	Ref          int64     `json:"ref,omitempty"`
	Version      int       `json:"version,omitempty"`
	At           time.Time `json:"at"`
}

type eventRow struct {
	ID           int64     `gorm:"primaryKey"`
	ConferenceID int64     `gorm:"not null;index:idx_live_events_conference,priority:1"`
	Kind         string    `gorm:"size:20;not null"`
	Ref          int64     `gorm:"not null;default:0"`
	Version      int       `gorm:"not null;default:0"`
	At           time.Time `gorm:"not null;index"`
}

func (eventRow) TableName() string { return "live_events" }

func (r eventRow) domain() Event {
	return Event{ID: r.ID, ConferenceID: r.ConferenceID, Kind: Kind(r.Kind), Ref: r.Ref, Version: r.Version, At: r.At.UTC()}
}

type presenceRow struct {
	ID           int64     `gorm:"primaryKey"`
	ConferenceID int64     `gorm:"not null;index"`
	UserID       int64     `gorm:"not null"`
	SeenAt       time.Time `gorm:"not null"`
}

func (presenceRow) TableName() string { return "live_presence" }

// MigrateSchema creates the tables of events and presence (migration step 2026120222_live).
func MigrateSchema(tx *gorm.DB) error { return tx.AutoMigrate(&eventRow{}, &presenceRow{}) }

// Since lists the events of conference conferenceID after event id after, oldest first (at most 500).
// Returns only database errors.
func (h *Hub) Since(ctx context.Context, conferenceID, after int64) ([]Event, error) {
	var rows []eventRow
	if err := h.db.WithContext(ctx).Where("conference_id = ? AND id > ?", conferenceID, after).
		Order("id").Limit(500).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("live events: %w", err)
	}
	out := make([]Event, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// Last is the id of the newest event of conference conferenceID, or 0: a page
// rendered now starts its stream after it, and so hears only what comes later.
// Returns only database errors.
func (h *Hub) Last(ctx context.Context, conferenceID int64) (int64, error) {
	var id *int64
	if err := h.db.WithContext(ctx).Model(&eventRow{}).Where("conference_id = ?", conferenceID).
		Select("MAX(id)").Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("live events: %w", err)
	}
	if id == nil {
		return 0, nil
	}
	return *id, nil
}

// Join records that user has conference's page open; the returned id is
// given back to Touch and Leave.
// Returns only database errors.
func (h *Hub) Join(ctx context.Context, conferenceID, userID int64) (int64, error) {
	row := presenceRow{ConferenceID: conferenceID, UserID: userID, SeenAt: h.now().UTC()}
	if err := h.db.WithContext(ctx).Create(&row).Error; err != nil {
		return 0, fmt.Errorf("live presence: %w", err)
	}
	h.Publish(ctx, conferenceID, Presence, userID, 0)
	return row.ID, nil
}

// Touch marks open page id as still open.
// Returns only database errors.
func (h *Hub) Touch(ctx context.Context, id int64) error {
	return h.db.WithContext(ctx).Model(&presenceRow{}).Where("id = ?", id).Update("seen_at", h.now().UTC()).Error
}

// Leave records that open page id was closed.
// Returns only database errors.
func (h *Hub) Leave(ctx context.Context, id int64) error {
	var row presenceRow
	if err := h.db.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&row).Error; err != nil || row.ID == 0 {
		return err
	}
	if err := h.db.WithContext(ctx).Delete(&presenceRow{}, id).Error; err != nil {
		return fmt.Errorf("live presence: %w", err)
	}
	h.Publish(ctx, row.ConferenceID, Presence, row.UserID, 0)
	return nil
}

// PresenceTTL is how long an open page counts as open without a sign of
// life; a stream touches its row every Heartbeat.
const (
	Heartbeat   = 20 * time.Second
	PresenceTTL = 3 * Heartbeat
)

// Present lists the users who have conference's page open, by id.
// Returns only database errors.
func (h *Hub) Present(ctx context.Context, conferenceID int64) ([]int64, error) {
	var ids []int64
	err := h.db.WithContext(ctx).Model(&presenceRow{}).Distinct("user_id").
		Where("conference_id = ? AND seen_at > ?", conferenceID, h.now().UTC().Add(-PresenceTTL)).
		Order("user_id").Pluck("user_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("live presence: %w", err)
	}
	return ids, nil
}

// Cleanup deletes events older than a day and presence of pages that gave no
// sign of life (a server that stopped without closing its streams).
// Returns only database errors.
func (h *Hub) Cleanup(ctx context.Context) error {
	now := h.now().UTC()
	db := h.db.WithContext(ctx)
	if err := db.Where("at < ?", now.Add(-24*time.Hour)).Delete(&eventRow{}).Error; err != nil {
		return fmt.Errorf("live events: %w", err)
	}
	return db.Where("seen_at < ?", now.Add(-PresenceTTL)).Delete(&presenceRow{}).Error
}
