package conference

import (
	"strings"
	"time"
)

// Status is the life cycle state of a conference.
type Status string

// The states of a conference: draft → published → in_session → closed → signed.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
	StatusInSession Status = "in_session"
	StatusClosed    Status = "closed"
	StatusSigned    Status = "signed"
	// StatusCancelled is a meeting that will not take place; its items moved on.
	StatusCancelled Status = "cancelled"
)

// Conference is one meeting (bijeenkomst) of a series.
type Conference struct {
	ID              int64     `json:"id"`
	SeriesID        int64     `json:"series_id" validate:"gt=0"`
	StartsAt        time.Time `json:"starts_at" validate:"required"`
	DurationMinutes int       `json:"duration_minutes" validate:"gte=15,lte=600"`
	Location        string    `json:"location" validate:"max=200"`
	ChairID         *int64    `json:"chair_id,omitempty"`
	SecretaryID     *int64    `json:"secretary_id,omitempty"`
	Status          Status    `json:"status" validate:"oneof=draft published in_session closed signed cancelled"`
	// CancelReason says why a cancelled meeting does not take place.
	CancelReason string    `json:"cancel_reason,omitempty" validate:"max=2000"`
	Version      int       `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// HasStarted reports whether the meeting has begun at now: its start time
// has come, or it is in session, closed or signed.
func (c Conference) HasStarted(now time.Time) bool {
	switch c.Status {
	case StatusInSession, StatusClosed, StatusSigned:
		return true
	}
	return !now.Before(c.StartsAt)
}

// EndsAt is the planned end of the meeting.
func (c Conference) EndsAt() time.Time {
	return c.StartsAt.Add(time.Duration(c.DurationMinutes) * time.Minute)
}

// Started reports whether the meeting has begun at now: by the clock, or by its status.
func (c Conference) Started(now time.Time) bool {
	return !now.Before(c.StartsAt) || (c.Status != StatusDraft && c.Status != StatusPublished)
}

// Validate reports what is wrong with c, field by field.
func (c *Conference) Validate() error {
	c.Location = strings.TrimSpace(c.Location)
	if c.Status == "" {
		c.Status = StatusDraft
	}
	return ValidateStruct(c)
}

// ConferenceFilter selects conferences in a list.
type ConferenceFilter struct {
	SeriesID int64
	Status   Status
	From, To time.Time
	Page
}
