package conference

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Local is the time zone the meetings are held in; a series' weekday and
// start time are read in it.
var Local = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// MaxPlanned is the most meetings one planning request makes (half a year of weekly meetings).
const MaxPlanned = 26

// MayPlan reports whether a may plan the next meetings of a series: an admin or a chair.
func MayPlan(a Actor) bool { return a.IsSystem() || a.Has(RoleAdmin) || a.Has(RoleChair) }

// MayMove reports whether a may move or cancel meeting c: its chair, who
// answers to the partners for it (an admin changes the chair first).
func MayMove(a Actor, c Conference) bool {
	return a.IsSystem() || c.ChairID != nil && *c.ChairID == a.UserID
}

// PlanMeetings plans the next n meetings of series seriesID on its weekday,
// time and cadence, after the last meeting planned (or after now), with the
// series' defaults, in one transaction. A slot that already has a meeting of
// the series is left alone, so planning twice at once makes no duplicates.
// Returns ErrForbidden when a may not plan (see MayPlan), ErrNotFound for an
// unknown series and a *ValidationError for a bad n.
func (s *Store) PlanMeetings(ctx context.Context, a Actor, seriesID int64, n int) ([]Conference, error) {
	if !MayPlan(a) {
		return nil, fmt.Errorf("planning meetings: %w", ErrForbidden)
	}
	if n < 1 || n > MaxPlanned {
		return nil, &ValidationError{Field: "count", Msg: "must be between 1 and 26"}
	}
	series, err := s.Series(ctx, seriesID)
	if err != nil {
		return nil, err
	}
	after := s.now()
	var last conferenceRow
	err = s.db.WithContext(ctx).Where("series_id = ? AND status <> ?", seriesID, StatusCancelled).
		Order("starts_at DESC").Limit(1).Find(&last).Error
	if err != nil {
		return nil, dbError(err, "conferences")
	}
	slots := series.NextSlots(after, n, Local)
	if last.ID != 0 && last.StartsAt.After(after) {
		slots = series.Following(last.StartsAt, n, Local)
	}
	var out []Conference
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		out, err = s.WithDB(tx).planSlots(tx, series, slots)
		return err
	})
	return out, err
}

// PlanNext plans, in tx, the meeting of series seriesID that follows a
// meeting at after on its cadence, unless one exists at that moment; it
// returns that meeting.
func (s *Store) PlanNext(tx *gorm.DB, seriesID int64, after time.Time) (Conference, error) {
	var row seriesRow
	if err := tx.First(&row, seriesID).Error; err != nil {
		return Conference{}, dbError(err, "series")
	}
	series := row.domain(nil, nil)
	list, err := s.WithDB(tx).planSlots(tx, series, series.Following(after, 1, Local))
	if err != nil {
		return Conference{}, err
	}
	return list[0], nil
}

// planSlots creates a meeting of series at each slot that has none yet and
// returns the meetings at the slots, created or found.
func (s *Store) planSlots(tx *gorm.DB, series Series, slots []time.Time) ([]Conference, error) {
	out := make([]Conference, 0, len(slots))
	for _, at := range slots {
		var existing conferenceRow
		if err := tx.Where("series_id = ? AND starts_at = ? AND status <> ?", series.ID, at.UTC(), StatusCancelled).
			Limit(1).Find(&existing).Error; err != nil {
			return nil, dbError(err, "conferences")
		}
		if existing.ID != 0 {
			out = append(out, existing.domain())
			continue
		}
		c := Conference{SeriesID: series.ID, StartsAt: at.UTC()}
		if err := s.CreateConference(tx.Statement.Context, &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Reschedule moves meeting id to startsAt for durationMinutes at location, on
// behalf of a (see MayMove). A meeting that has started (by the clock or its status) keeps
// its time and place, and a meeting cannot move into the past (a
// *ValidationError); version must be the stored one (ErrConflict otherwise).
func (s *Store) Reschedule(ctx context.Context, a Actor, id int64, startsAt time.Time, durationMinutes int, location string, version int) (Conference, error) {
	c, err := s.Conference(ctx, id)
	if err != nil {
		return Conference{}, err
	}
	if !MayMove(a, c) {
		return Conference{}, fmt.Errorf("moving meeting %d: %w", id, ErrForbidden)
	}
	next := c
	next.StartsAt, next.DurationMinutes, next.Location, next.Version = startsAt.UTC(), durationMinutes, location, version
	if err := s.ChangeMeeting(ctx, c, &next); err != nil {
		return Conference{}, err
	}
	return next, nil
}

// ChangeMeeting stores next, a change of meeting old checked with CheckMove,
// and in the same transaction tells the members of the series when old was
// published: EventMeetingCancelled when next cancels it, EventMeetingChanged
// when its time, length, place or chair changed (the invite's SEQUENCE rises
// with the version). It does not check who may; callers do. Returns what
// UpdateConference returns (ErrConflict, a *ValidationError).
func (s *Store) ChangeMeeting(ctx context.Context, old Conference, next *Conference) error {
	if err := CheckMove(old, *next, s.now()); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.WithDB(tx)
		if err := st.UpdateConference(ctx, next); err != nil {
			return err
		}
		if kind, ok := MeetingEvent(old, *next); ok {
			return st.Notify(ctx, tx, Event{Kind: kind, ConferenceID: next.ID})
		}
		return nil
	})
}

// MeetingEvent returns the message a change of meeting old into next causes:
// none unless old was published (only then did the members get an invite).
func MeetingEvent(old, next Conference) (EventKind, bool) {
	if old.Status != StatusPublished {
		return "", false
	}
	sameChair := (old.ChairID == nil) == (next.ChairID == nil) && (old.ChairID == nil || *old.ChairID == *next.ChairID)
	switch {
	case next.Status == StatusCancelled:
		return EventMeetingCancelled, true
	case !old.StartsAt.Equal(next.StartsAt) || old.DurationMinutes != next.DurationMinutes ||
		strings.TrimSpace(old.Location) != strings.TrimSpace(next.Location) || !sameChair:
		return EventMeetingChanged, true
	}
	return "", false
}

// CheckMove refuses to move meeting old to next's time, length or place at
// now when old has started (by the clock or its status), or when next would
// start in the past. A change of anything else passes.
func CheckMove(old, next Conference, now time.Time) error {
	next.Location = strings.TrimSpace(next.Location)
	moved := !old.StartsAt.Equal(next.StartsAt) || old.DurationMinutes != next.DurationMinutes || old.Location != next.Location
	switch {
	case !moved:
		return nil
	case old.Started(now):
		return &ValidationError{Field: "starts_at", Msg: "the meeting has started; it can no longer be moved"}
	case !next.StartsAt.After(now):
		return &ValidationError{Field: "starts_at", Msg: "must be in the future"}
	}
	return nil
}
