package minutes

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// originalRow is a stored signed copy. The PDF is in the database so that
// every app server serves the same bytes.
type originalRow struct {
	ID            int64  `gorm:"primaryKey"`
	ConferenceID  int64  `gorm:"not null;uniqueIndex:idx_original_view,priority:1"`
	Revision      int    `gorm:"not null;uniqueIndex:idx_original_view,priority:2"`
	ViewKey       string `gorm:"size:80;not null;uniqueIndex:idx_original_view,priority:3"`
	Kind          string `gorm:"size:20;not null"`
	Organisations string `gorm:"type:text;not null"`
	CaseIDs       string `gorm:"type:text;not null"`
	ContentHash   string `gorm:"size:64;not null"`
	SHA256        string `gorm:"size:64;not null;index"`
	Size          int    `gorm:"not null"`
	SignedAt      time.Time
	Level         string `gorm:"size:8;not null"`
	TimestampedAt *time.Time
	CreatedAt     time.Time
	PDF           []byte `gorm:"not null"`
}

func (originalRow) TableName() string { return "minutes_originals" }

// MigrateOriginals creates the table of signed originals.
func MigrateOriginals(tx *gorm.DB) error { return tx.AutoMigrate(&originalRow{}) }

// describeColumns are the columns of an original without its PDF.
var describeColumns = []string{"id", "conference_id", "revision", "view_key", "kind", "organisations", "case_ids",
	"content_hash", "sha256", "size", "signed_at", "level", "timestamped_at", "created_at"}

func (r originalRow) domain() Original {
	o := Original{ID: r.ID, ConferenceID: r.ConferenceID, Revision: r.Revision, Kind: r.Kind, ViewKey: r.ViewKey,
		Organisations: r.Organisations, ContentHash: r.ContentHash, SHA256: r.SHA256, Size: r.Size,
		SignedAt: r.SignedAt, Level: r.Level, TimestampedAt: r.TimestampedAt, CreatedAt: r.CreatedAt, PDF: r.PDF}
	for _, s := range strings.Split(r.CaseIDs, ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			o.CaseIDs = append(o.CaseIDs, id)
		}
	}
	return o
}

func originalRowOf(o Original, now time.Time) originalRow {
	ids := make([]string, len(o.CaseIDs))
	for i, id := range o.CaseIDs {
		ids[i] = strconv.FormatInt(id, 10)
	}
	return originalRow{ConferenceID: o.ConferenceID, Revision: o.Revision, ViewKey: o.ViewKey, Kind: o.Kind,
		Organisations: o.Organisations, CaseIDs: strings.Join(ids, ","), ContentHash: o.ContentHash, SHA256: o.SHA256,
		Size: len(o.PDF), SignedAt: o.SignedAt, Level: o.Level, TimestampedAt: o.TimestampedAt, CreatedAt: now, PDF: o.PDF}
}

// insertOriginals stores copies; a copy of the same view and revision
// stored meanwhile by another server wins (the two are equally valid).
func insertOriginals(tx *gorm.DB, copies []Original, now time.Time) error {
	for _, o := range copies {
		row := originalRowOf(o, now)
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
			return dbError(err, "signed original")
		}
	}
	return nil
}

// StoreOriginal stores a copy made after signing — for minutes signed before
// originals were stored, or for a view no copy was made for — and returns the
// stored one: when another server stored the same view first, that one.
func (s *Store) StoreOriginal(ctx context.Context, o Original) (Original, error) {
	row := originalRowOf(o, s.now())
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return Original{}, dbError(res.Error, "signed original")
	}
	if res.RowsAffected == 1 && row.ID != 0 {
		// Stored as made: no need to read the PDF back.
		return row.domain(), nil
	}
	return s.Original(ctx, o.ConferenceID, o.Revision, o.ViewKey)
}

// Original returns the stored copy of a view at a revision, with its PDF.
// Returns ErrNotFound when there is none.
func (s *Store) Original(ctx context.Context, conferenceID int64, revision int, viewKey string) (Original, error) {
	return s.copies.Load(ctx, originalKey{conferenceID, revision, viewKey}, func() (Original, error) {
		var row originalRow
		err := s.db.WithContext(ctx).Where("conference_id = ? AND revision = ? AND view_key = ?", conferenceID, revision, viewKey).
			First(&row).Error
		if err != nil {
			return Original{}, dbError(err, "signed original")
		}
		return row.domain(), nil
	})
}

// LatestFull describes (without the PDF) the full copy of the newest
// revision of a conference's signed minutes. Returns ErrNotFound when no
// original is stored.
func (s *Store) LatestFull(ctx context.Context, conferenceID int64) (Original, error) {
	return s.latest.Load(ctx, conferenceID, func() (Original, error) {
		var row originalRow
		err := s.db.WithContext(ctx).Select(describeColumns).Where("conference_id = ? AND view_key = ?", conferenceID, FullView).
			Order("revision DESC").First(&row).Error
		if err != nil {
			return Original{}, dbError(err, "signed original")
		}
		return row.domain(), nil
	})
}

// LatestFullCopy is LatestFull with the PDF: what the meeting's organisers
// download, found in one query when not in memory. Returns ErrNotFound when
// no original is stored.
func (s *Store) LatestFullCopy(ctx context.Context, conferenceID int64) (Original, error) {
	full, hit, st := s.latest.Get(ctx, conferenceID)
	if hit {
		return s.Original(ctx, conferenceID, full.Revision, FullView)
	}
	var row originalRow
	err := s.db.WithContext(ctx).Where("conference_id = ? AND view_key = ?", conferenceID, FullView).
		Order("revision DESC").First(&row).Error
	if err != nil {
		return Original{}, dbError(err, "signed original")
	}
	o := row.domain()
	s.copies.Put(originalKey{o.ConferenceID, o.Revision, o.ViewKey}, o, st)
	desc := o
	desc.PDF = nil
	s.latest.Put(conferenceID, desc, st)
	return o, nil
}

// Originals describes (without the PDFs) every stored copy of a
// conference's minutes, by revision and kind (full first).
func (s *Store) Originals(ctx context.Context, conferenceID int64) ([]Original, error) {
	var rows []originalRow
	err := s.db.WithContext(ctx).Select(describeColumns).Where("conference_id = ?", conferenceID).
		Order("revision, kind, id").Find(&rows).Error
	if err != nil {
		return nil, dbError(err, "signed originals")
	}
	out := make([]Original, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// OriginalBySHA256 describes (without the PDF) the stored copy whose file
// has the hex SHA-256 sum. Returns ErrNotFound when none has.
func (s *Store) OriginalBySHA256(ctx context.Context, sum string) (Original, error) {
	var row originalRow
	if err := s.db.WithContext(ctx).Select(describeColumns).Where("sha256 = ?", sum).Order("id").First(&row).Error; err != nil {
		return Original{}, dbError(err, "signed original")
	}
	return row.domain(), nil
}

// sealIfLast asks seal for the copies of revision when a's approval
// completes the approvals (roles held plus roles given). Without seal, or
// when approvals remain, it returns nil.
func sealIfLast(ctx context.Context, seal Sealer, held []Approval, roles []Role, sg Signed, revision int) ([]Original, error) {
	have := map[Role]bool{}
	for _, a := range held {
		have[a.Role] = true
	}
	for _, r := range roles {
		have[r] = true
	}
	if seal == nil || !have[RoleChair] || !have[RoleSecretary] {
		return nil, nil
	}
	copies, err := seal.Seal(ctx, sg, revision)
	if err != nil {
		return nil, fmt.Errorf("sign the minutes: %w", err)
	}
	return copies, nil
}

// MeetingName names a conference's meeting for a reader: its series and its
// date and time in Amsterdam, e.g. "Justitieel casusoverleg Oss, 23-11-2026
// 10:00". Returns ErrNotFound for an unknown conference.
func (s *Store) MeetingName(ctx context.Context, conferenceID int64) (string, error) {
	conf, err := s.cases.Conference(ctx, conferenceID)
	if err != nil {
		return "", err
	}
	series, err := s.cases.Series(ctx, conf.SeriesID)
	if err != nil {
		return "", err
	}
	return series.Name + ", " + conf.StartsAt.In(amsterdam).Format("02-01-2006 15:04"), nil
}
