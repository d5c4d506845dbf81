package retention

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// settingRow is one retention setting: key "cases" (the region default),
// "audit" or "series:<id>".
type settingRow struct {
	Key       string `gorm:"primaryKey;size:40"`
	Months    int    `gorm:"not null"`
	UpdatedBy int64  `gorm:"not null"`
	UpdatedAt time.Time
}

func (settingRow) TableName() string { return "retention_settings" }

type listRow struct {
	ID           int64     `gorm:"primaryKey"`
	Status       string    `gorm:"size:12;not null;index"`
	Version      int       `gorm:"not null"`
	ProposedAt   time.Time `gorm:"not null"`
	ApprovedBy   *int64
	ApproverName string `gorm:"size:200"`
	ApprovedAt   *time.Time
	Reason       string `gorm:"size:2000"`
	DestroyedAt  *time.Time
}

func (listRow) TableName() string { return "destruction_lists" }

type listCaseRow struct {
	ListID        int64     `gorm:"primaryKey;autoIncrement:false"`
	CaseID        int64     `gorm:"primaryKey;autoIncrement:false;index"`
	Reference     string    `gorm:"size:9;not null"`
	ClosedAt      time.Time `gorm:"not null"`
	Months        int       `gorm:"not null"`
	RetentionEnds time.Time `gorm:"not null"`
}

func (listCaseRow) TableName() string { return "destruction_list_cases" }

// recordRow is a destruction record. Counts is JSON: rows per table.
type recordRow struct {
	ID           int64     `gorm:"primaryKey"`
	ListID       int64     `gorm:"not null;index"`
	CaseID       int64     `gorm:"not null;uniqueIndex"`
	Reference    string    `gorm:"size:9;not null"`
	ClosedAt     time.Time `gorm:"not null"`
	Months       int       `gorm:"not null"`
	DestroyedAt  time.Time `gorm:"not null"`
	ApprovedBy   int64     `gorm:"not null"`
	ApproverName string    `gorm:"size:200;not null"`
	ApprovedAt   time.Time `gorm:"not null"`
	Counts       string    `gorm:"type:text;not null"`
	// AuditPending, while not NULL, lists the ids of the destroyed persons
	// (comma-separated) for the audit log, which has yet to hear of the
	// destruction and destroy its texts about them; NULL once it has.
	AuditPending *string `gorm:"type:text"`
}

func (recordRow) TableName() string { return "destruction_records" }

type originalRow struct {
	ID           int64     `gorm:"primaryKey"`
	RecordID     int64     `gorm:"not null;index"`
	ListID       int64     `gorm:"not null"`
	ConferenceID int64     `gorm:"not null;index"`
	Revision     int       `gorm:"not null"`
	Kind         string    `gorm:"size:20;not null"`
	ContentHash  string    `gorm:"size:64;not null"`
	SHA256       string    `gorm:"size:64;not null;uniqueIndex"`
	SignedAt     time.Time `gorm:"not null"`
	DestroyedAt  time.Time `gorm:"not null"`
}

func (originalRow) TableName() string { return "destroyed_originals" }

// MigrateSchema creates the retention settings, destruction lists and
// destruction records.
func MigrateSchema(tx *gorm.DB) error {
	return tx.AutoMigrate(&settingRow{}, &listRow{}, &listCaseRow{}, &recordRow{}, &originalRow{})
}

// MigrateAuditPending adds the destroyed persons still to be told to the
// audit log (issue 17); the records already made were told.
func MigrateAuditPending(tx *gorm.DB) error { return tx.AutoMigrate(&recordRow{}) }

// Store keeps the retention settings and the destruction lists.
type Store struct {
	db     *gorm.DB
	now    func() time.Time
	audit  Auditor
	pruner AuditPruner
	holder string
}

// Auditor records what the job destroyed (LogAuditor on the audit log).
type Auditor interface {
	// DestroyedCase records that case caseID, with its persons personIDs,
	// was destroyed, and destroys what the log holds about them beside its
	// chain (reasons typed, search terms).
	DestroyedCase(ctx context.Context, caseID int64, personIDs []int64, detail string) error
}

// New returns a Store on db with clock now (nil: time.Now); audit, when not
// nil, hears of every destroyed case.
func New(db *gorm.DB, now func() time.Time, audit Auditor) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, audit: audit, holder: newHolder()}
}

// Settings returns the retention settings, the defaults where none is stored.
// Returns only database errors.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	return settingsOf(s.db.WithContext(ctx))
}

func settingsOf(db *gorm.DB) (Settings, error) {
	var rows []settingRow
	if err := db.Order("key").Find(&rows).Error; err != nil {
		return Settings{}, fmt.Errorf("retention settings: %w", err)
	}
	out := Settings{CaseMonths: DefaultCaseMonths, AuditMonths: DefaultAuditMonths, Series: []SeriesPeriod{}}
	for _, r := range rows {
		if out.UpdatedAt == nil || r.UpdatedAt.After(*out.UpdatedAt) {
			at := r.UpdatedAt.UTC()
			out.UpdatedAt, out.UpdatedBy = &at, r.UpdatedBy
		}
		switch {
		case r.Key == "cases":
			out.CaseMonths = r.Months
		case r.Key == "audit":
			out.AuditMonths = r.Months
		case strings.HasPrefix(r.Key, "series:"):
			id, _ := strconv.ParseInt(strings.TrimPrefix(r.Key, "series:"), 10, 64)
			out.Series = append(out.Series, SeriesPeriod{SeriesID: id, Months: r.Months})
		}
	}
	return out, nil
}

// SaveSettings stores st as the retention settings on behalf of user
// userID, replacing every series period. Returns a *conference.ValidationError
// for a value out of range or a series that does not exist.
func (s *Store) SaveSettings(ctx context.Context, userID int64, st Settings) (Settings, error) {
	if err := st.Validate(); err != nil {
		return Settings{}, err
	}
	now := s.now().UTC()
	var out Settings
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, p := range st.Series {
			var n int64
			if err := tx.Table("series").Where("id = ?", p.SeriesID).Count(&n).Error; err != nil {
				return fmt.Errorf("retention settings: %w", err)
			}
			if n == 0 {
				return &conference.ValidationError{Field: "series", Msg: "refers to a series that does not exist"}
			}
		}
		if err := tx.Where("1 = 1").Delete(&settingRow{}).Error; err != nil {
			return fmt.Errorf("retention settings: %w", err)
		}
		rows := []settingRow{{Key: "cases", Months: st.CaseMonths}, {Key: "audit", Months: st.AuditMonths}}
		for _, p := range st.Series {
			rows = append(rows, settingRow{Key: "series:" + strconv.FormatInt(p.SeriesID, 10), Months: p.Months})
		}
		for i := range rows {
			rows[i].UpdatedBy, rows[i].UpdatedAt = max(userID, 0), now
		}
		if err := tx.Create(&rows).Error; err != nil {
			return fmt.Errorf("retention settings: %w", err)
		}
		var err error
		out, err = settingsOf(tx)
		return err
	})
	return out, err
}

// closedCase is a closed case with the series it was discussed in.
type closedCase struct {
	ID        int64
	Reference string
	ClosedAt  time.Time
	Destroyed bool
}

// periodOf returns the retention period of a case in months: the longest of
// the series it was discussed in (the region default for a series without
// its own), or the region default when it was never on an agenda.
func periodOf(st Settings, series []int64) int {
	if len(series) == 0 {
		return st.CaseMonths
	}
	months := 0
	for _, id := range series {
		months = max(months, st.Months(id))
	}
	return months
}

// seriesOf maps case ids to the series whose meetings had them on the agenda.
func seriesOf(db *gorm.DB, ids []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		CaseID   int64
		SeriesID int64
	}
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		var chunk []struct {
			CaseID   int64
			SeriesID int64
		}
		err := db.Table("agenda_items").Distinct("agenda_items.case_id AS case_id, conferences.series_id AS series_id").
			Joins("JOIN conferences ON conferences.id = agenda_items.conference_id").
			Where("agenda_items.case_id IN ?", part).Scan(&chunk).Error
		if err != nil {
			return nil, fmt.Errorf("series of cases: %w", err)
		}
		rows = append(rows, chunk...)
	}
	for _, r := range rows {
		out[r.CaseID] = append(out[r.CaseID], r.SeriesID)
	}
	return out, nil
}

// RetentionEnds returns when the retention period of closed case id ends.
// Returns conference.ErrNotFound for an unknown case and a
// *conference.ValidationError for a case that is not closed.
func (s *Store) RetentionEnds(ctx context.Context, id int64) (time.Time, error) {
	db := s.db.WithContext(ctx)
	var c closedCase
	res := db.Table("cases").Select("id, reference, closed_at").Where("id = ?", id).Limit(1).Scan(&c)
	if res.Error != nil {
		return time.Time{}, fmt.Errorf("case %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return time.Time{}, fmt.Errorf("case %d: %w", id, conference.ErrNotFound)
	}
	if c.ClosedAt.IsZero() {
		return time.Time{}, &conference.ValidationError{Field: "status", Msg: "only a closed case can be reopened"}
	}
	st, err := settingsOf(db)
	if err != nil {
		return time.Time{}, err
	}
	series, err := seriesOf(db, []int64{id})
	if err != nil {
		return time.Time{}, err
	}
	return addMonths(c.ClosedAt, periodOf(st, series[id])), nil
}

// errNoLease: another app server holds the job's lease.
var errNoLease = errors.New("retention: another app server runs the job")
