package conference

// Meetings (conferences) and the checks of the users and organisations they name.

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

type conferenceRow struct {
	ID              int64     `gorm:"primaryKey"`
	SeriesID        int64     `gorm:"not null;index"`
	Series          seriesRow `gorm:"constraint:OnDelete:RESTRICT"`
	StartsAt        time.Time `gorm:"not null;index"`
	DurationMinutes int       `gorm:"not null"`
	Location        string    `gorm:"size:200"`
	ChairID         *int64
	Chair           *userRow `gorm:"constraint:OnDelete:SET NULL"`
	SecretaryID     *int64
	Secretary       *userRow `gorm:"constraint:OnDelete:SET NULL"`
	Status          string   `gorm:"size:20;not null"`
	CancelReason    string   `gorm:"size:2000"`
	Version         int      `gorm:"not null;default:1"`
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (conferenceRow) TableName() string { return "conferences" }

func (r conferenceRow) domain() Conference {
	return Conference{ID: r.ID, SeriesID: r.SeriesID, StartsAt: r.StartsAt.UTC(), DurationMinutes: r.DurationMinutes,
		Location: r.Location, ChairID: r.ChairID, SecretaryID: r.SecretaryID, Status: Status(r.Status),
		CancelReason: r.CancelReason, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// CreateConference validates and stores c. Chair, secretary, location and
// length default to the series' defaults.
// Returns a ValidationError naming the field for invalid input or a series, chair or secretary that
// does not exist.
func (s *Store) CreateConference(ctx context.Context, c *Conference) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var series seriesRow
		if c.SeriesID > 0 {
			if err := tx.First(&series, c.SeriesID).Error; err != nil {
				return &ValidationError{Field: "series_id", Msg: "refers to a series that does not exist"}
			}
			if c.ChairID == nil {
				c.ChairID = series.DefaultChairID
			}
			if c.SecretaryID == nil {
				c.SecretaryID = series.DefaultSecretaryID
			}
			if c.Location == "" {
				c.Location = series.DefaultLocation
			}
			if c.DurationMinutes == 0 {
				c.DurationMinutes = series.DefaultDurationMinutes
			}
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if err := checkUsers(tx, map[string]*int64{"chair_id": c.ChairID, "secretary_id": c.SecretaryID}); err != nil {
			return err
		}
		row := conferenceRow{SeriesID: c.SeriesID, StartsAt: c.StartsAt.UTC(), DurationMinutes: c.DurationMinutes,
			Location: c.Location, ChairID: c.ChairID, SecretaryID: c.SecretaryID, Status: string(c.Status), Version: 1}
		if err := tx.Omit("Series", "Chair", "Secretary").Create(&row).Error; err != nil {
			return dbError(err, "conference")
		}
		*c = row.domain()
		return nil
	})
}

// UpdateConference stores the changed c when c.Version is the stored version
// (optimistic locking); a stale version is ErrConflict.
// Returns ErrNotFound when there is no such conference and a ValidationError naming the field for
// invalid input, a chair or secretary that does not exist, a changed series or a meeting whose
// minutes are signed.
func (s *Store) UpdateConference(ctx context.Context, c *Conference) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row conferenceRow
		if err := tx.First(&row, c.ID).Error; err != nil {
			return dbError(err, "conference")
		}
		if row.SeriesID != c.SeriesID {
			return &ValidationError{Field: "series_id", Msg: "cannot be changed"}
		}
		if Status(row.Status) == StatusSigned {
			return &ValidationError{Field: "status", Msg: "the minutes of this meeting are signed; it can no longer change"}
		}
		if Status(row.Status) == StatusCancelled && c.Status != StatusCancelled {
			return &ValidationError{Field: "status", Msg: "the meeting is cancelled"}
		}
		if err := checkUsers(tx, map[string]*int64{"chair_id": c.ChairID, "secretary_id": c.SecretaryID}); err != nil {
			return err
		}
		res := tx.Model(&conferenceRow{}).Where("id = ? AND version = ?", c.ID, c.Version).Updates(map[string]any{
			"starts_at": c.StartsAt.UTC(), "duration_minutes": c.DurationMinutes, "location": c.Location,
			"chair_id": c.ChairID, "secretary_id": c.SecretaryID, "status": string(c.Status), "cancel_reason": c.CancelReason,
			"version": gorm.Expr("version + 1"), "updated_at": s.now(),
		})
		if res.Error != nil {
			return dbError(res.Error, "conference")
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("conference %d changed since version %d: %w", c.ID, c.Version, ErrConflict)
		}
		if err := tx.First(&row, c.ID).Error; err != nil {
			return dbError(err, "conference")
		}
		*c = row.domain()
		return nil
	})
}

// Conference returns one conference.
// Returns ErrNotFound when there is no such conference.
func (s *Store) Conference(ctx context.Context, id int64) (Conference, error) {
	return s.conferences.Load(ctx, id, func() (Conference, error) {
		var row conferenceRow
		if err := s.db.WithContext(ctx).First(&row, id).Error; err != nil {
			return Conference{}, dbError(err, "conference")
		}
		return row.domain(), nil
	})
}

// ConferencesByID returns the conferences with those ids, keyed by id; unknown ids are left out.
// Returns only database errors.
func (s *Store) ConferencesByID(ctx context.Context, ids []int64) (map[int64]Conference, error) {
	if len(ids) == 0 {
		return map[int64]Conference{}, nil
	}
	// Each conference from the cache when current; the others in one statement.
	return s.conferences.LoadMany(ctx, ids, func(missing []int64) (map[int64]Conference, error) {
		var rows []conferenceRow
		if err := s.db.WithContext(ctx).Where(IDIn(s.db, "id", missing)).Find(&rows).Error; err != nil {
			return nil, dbError(err, "conferences")
		}
		out := make(map[int64]Conference, len(rows))
		for _, r := range rows {
			out[r.ID] = r.domain()
		}
		return out, nil
	})
}

// Conferences lists conferences, the newest first.
// Returns only database errors.
func (s *Store) Conferences(ctx context.Context, f ConferenceFilter) ([]Conference, int64, error) {
	q := s.db.WithContext(ctx).Model(&conferenceRow{})
	if f.SeriesID > 0 {
		q = q.Where("series_id = ?", f.SeriesID)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if !f.From.IsZero() {
		q = q.Where("starts_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("starts_at < ?", f.To.UTC())
	}
	var rows []conferenceRow
	total, err := list(q, f.Page, "starts_at DESC, id DESC", &rows)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Conference, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, nil
}

// checkUsers reports, per field, the user ids that do not exist.
func checkUsers(tx *gorm.DB, fields map[string]*int64) error {
	var errs ValidationErrors
	for _, field := range sortedKeys(fields) {
		id := fields[field]
		if id == nil {
			continue
		}
		var n int64
		if err := tx.Model(&userRow{}).Where("id = ?", *id).Count(&n).Error; err != nil {
			return dbError(err, field)
		}
		if n == 0 {
			errs.Add(field, "refers to a user that does not exist")
		}
	}
	return errs.Err()
}

// checkOrganisations reports when one of ids is not an organisation.
func checkOrganisations(tx *gorm.DB, field string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var n int64
	if err := tx.Model(&organisationRow{}).Where("id IN ?", ids).Count(&n).Error; err != nil {
		return dbError(err, field)
	}
	if int(n) != len(ids) {
		return ValidationErrors{{Field: field, Msg: "refers to an organisation that does not exist"}}
	}
	return nil
}
