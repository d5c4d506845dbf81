package conference

// The series of meetings: their organisations and default question sets.

import (
	"context"
	"time"

	"gorm.io/gorm"
)

type seriesRow struct {
	ID                     int64  `gorm:"primaryKey"`
	Name                   string `gorm:"size:200;not null;uniqueIndex"`
	Description            string `gorm:"size:2000"`
	DefaultChairID         *int64
	DefaultChair           *userRow `gorm:"constraint:OnDelete:SET NULL"`
	DefaultSecretaryID     *int64
	DefaultSecretary       *userRow `gorm:"constraint:OnDelete:SET NULL"`
	DefaultLocation        string   `gorm:"size:200"`
	DefaultDurationMinutes int
	RepeatMonths           int    `gorm:"not null;default:12"`
	Weekday                int    `gorm:"not null;default:1"`
	StartTime              string `gorm:"size:5;not null;default:'09:30'"`
	Cadence                string `gorm:"size:20;not null;default:'weekly'"`
	CreatedAt              time.Time
	UpdatedAt              time.Time
}

func (seriesRow) TableName() string { return "series" }

// seriesSetRow is one default question set of a series, in order. The set
// lives in package agenda, so it carries no foreign key here.
type seriesSetRow struct {
	SeriesID      int64     `gorm:"primaryKey;autoIncrement:false"`
	Series        seriesRow `gorm:"constraint:OnDelete:CASCADE"`
	QuestionSetID int64     `gorm:"primaryKey;autoIncrement:false"`
	Position      int       `gorm:"not null"`
}

func (seriesSetRow) TableName() string { return "series_question_sets" }

// MigrateWeeklyCycle adds what the weekly cycle needs: when a series meets
// and its default question sets, why a meeting was cancelled, and the
// editing of cases after referral.
func MigrateWeeklyCycle(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&seriesRow{}, &seriesSetRow{}, &conferenceRow{}); err != nil {
		return err
	}
	return MigrateCaseEditing(tx)
}

type seriesMemberRow struct {
	SeriesID       int64           `gorm:"primaryKey;autoIncrement:false"`
	Series         seriesRow       `gorm:"constraint:OnDelete:CASCADE"`
	OrganisationID int64           `gorm:"primaryKey;autoIncrement:false;index"`
	Organisation   organisationRow `gorm:"constraint:OnDelete:CASCADE"`
}

func (seriesMemberRow) TableName() string { return "series_organisations" }

func (r seriesRow) domain(members, sets []int64) Series {
	return Series{ID: r.ID, Name: r.Name, Description: r.Description, DefaultChairID: r.DefaultChairID,
		DefaultSecretaryID: r.DefaultSecretaryID, DefaultLocation: r.DefaultLocation,
		DefaultDurationMinutes: r.DefaultDurationMinutes, MemberOrganisationIDs: members, RepeatMonths: r.RepeatMonths,
		DefaultQuestionSetIDs: nonNilIDs(sets), Weekday: r.Weekday, StartTime: r.StartTime, Cadence: Cadence(r.Cadence),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// SaveSeries validates and creates (ID 0) or updates s with its member organisations, in one transaction.
// Returns a ValidationError naming the field for invalid input or a user or organisation that does
// not exist, ErrNotFound when sr.ID names no series and ErrConflict when another series has that
// name.
func (s *Store) SaveSeries(ctx context.Context, sr *Series) error {
	if err := sr.Validate(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := join(checkUsers(tx, map[string]*int64{"default_chair_id": sr.DefaultChairID, "default_secretary_id": sr.DefaultSecretaryID}),
			checkOrganisations(tx, "member_organisation_ids", sr.MemberOrganisationIDs)); err != nil {
			return err
		}
		row := seriesRow{ID: sr.ID, Name: sr.Name, Description: sr.Description, DefaultChairID: sr.DefaultChairID,
			DefaultSecretaryID: sr.DefaultSecretaryID, DefaultLocation: sr.DefaultLocation,
			DefaultDurationMinutes: sr.DefaultDurationMinutes, RepeatMonths: sr.RepeatMonths,
			Weekday: sr.Weekday, StartTime: sr.StartTime, Cadence: string(sr.Cadence)}
		if sr.ID != 0 {
			var old seriesRow
			if err := tx.First(&old, sr.ID).Error; err != nil {
				return dbError(err, "series")
			}
			row.CreatedAt = old.CreatedAt
		}
		if err := tx.Omit("DefaultChair", "DefaultSecretary").Save(&row).Error; err != nil {
			return dbError(err, "name")
		}
		if err := tx.Where("series_id = ?", row.ID).Delete(&seriesMemberRow{}).Error; err != nil {
			return dbError(err, "member_organisation_ids")
		}
		for _, id := range sr.MemberOrganisationIDs {
			if err := tx.Omit("Series", "Organisation").Create(&seriesMemberRow{SeriesID: row.ID, OrganisationID: id}).Error; err != nil {
				return dbError(err, "member_organisation_ids")
			}
		}
		if err := tx.Where("series_id = ?", row.ID).Delete(&seriesSetRow{}).Error; err != nil {
			return dbError(err, "default_question_set_ids")
		}
		for i, id := range sr.DefaultQuestionSetIDs {
			if err := tx.Omit("Series").Create(&seriesSetRow{SeriesID: row.ID, QuestionSetID: id, Position: i + 1}).Error; err != nil {
				return dbError(err, "default_question_set_ids")
			}
		}
		*sr = row.domain(sr.MemberOrganisationIDs, sr.DefaultQuestionSetIDs)
		return nil
	})
}

// Series returns one series with its member organisations.
// Returns ErrNotFound when there is no such series.
func (s *Store) Series(ctx context.Context, id int64) (Series, error) {
	return s.series.Load(ctx, id, func() (Series, error) { return s.loadSeries(ctx, id) })
}

func (s *Store) loadSeries(ctx context.Context, id int64) (Series, error) {
	db := s.db.WithContext(ctx)
	var row seriesRow
	if err := db.First(&row, id).Error; err != nil {
		return Series{}, dbError(err, "series")
	}
	members, err := s.seriesMembers(db, []int64{id})
	if err != nil {
		return Series{}, err
	}
	sets, err := s.seriesSets(db, []int64{id})
	if err != nil {
		return Series{}, err
	}
	return row.domain(members[id], sets[id]), nil
}

// AllSeries lists every series by name.
// Returns only database errors.
func (s *Store) AllSeries(ctx context.Context, p Page) ([]Series, int64, error) {
	db := s.db.WithContext(ctx)
	var rows []seriesRow
	total, err := list(db.Model(&seriesRow{}), p, "name", &rows)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	members, err := s.seriesMembers(db, ids)
	if err != nil {
		return nil, 0, err
	}
	sets, err := s.seriesSets(db, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Series, len(rows))
	for i, r := range rows {
		out[i] = r.domain(members[r.ID], sets[r.ID])
	}
	return out, total, nil
}

func (s *Store) seriesMembers(db *gorm.DB, ids []int64) (map[int64][]int64, error) {
	var rows []seriesMemberRow
	if err := db.Where("series_id IN ?", ids).Order("organisation_id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "series members")
	}
	out := make(map[int64][]int64, len(ids))
	for _, r := range rows {
		out[r.SeriesID] = append(out[r.SeriesID], r.OrganisationID)
	}
	return out, nil
}

func (s *Store) seriesSets(db *gorm.DB, ids []int64) (map[int64][]int64, error) {
	var rows []seriesSetRow
	if err := db.Where("series_id IN ?", ids).Order("series_id, position").Find(&rows).Error; err != nil {
		return nil, dbError(err, "series question sets")
	}
	out := make(map[int64][]int64, len(ids))
	for _, r := range rows {
		out[r.SeriesID] = append(out[r.SeriesID], r.QuestionSetID)
	}
	return out, nil
}
