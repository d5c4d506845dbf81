package conference

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Acceptance records that a participant accepted the series' confidentiality
// statement themselves, on the meeting page while the meeting was in session.
// The secretary's confirmation of presence takes it over.
type Acceptance struct {
	ConferenceID int64     `json:"conference_id"`
	UserID       int64     `json:"user_id"`
	AcceptedAt   time.Time `json:"accepted_at"`
	// StatementSHA256 is the hash of the statement as it read when accepted.
	StatementSHA256 string `json:"statement_sha256"`
}

type acceptanceRow struct {
	ConferenceID    int64         `gorm:"primaryKey;autoIncrement:false"`
	Conference      conferenceRow `gorm:"constraint:OnDelete:CASCADE"`
	UserID          int64         `gorm:"primaryKey;autoIncrement:false"`
	User            userRow       `gorm:"constraint:OnDelete:CASCADE"`
	AcceptedAt      time.Time     `gorm:"not null"`
	StatementSHA256 string        `gorm:"size:64;not null"`
}

func (acceptanceRow) TableName() string { return "confidentiality_acceptances" }

func (r acceptanceRow) domain() Acceptance {
	return Acceptance{ConferenceID: r.ConferenceID, UserID: r.UserID, AcceptedAt: r.AcceptedAt.UTC(), StatementSHA256: r.StatementSHA256}
}

// MigrateAcceptances creates the table of statements accepted on the meeting page.
func MigrateAcceptances(tx *gorm.DB) error { return tx.AutoMigrate(&acceptanceRow{}) }

// AcceptConfidentiality records that a accepts the confidentiality statement
// of conference conferenceID; accepting again keeps the first time. Who may
// (a member of the series) is checked by the caller.
// Returns ErrNotFound for an unknown conference and a ValidationError on
// "status" when the meeting is not in session.
func (s *Store) AcceptConfidentiality(ctx context.Context, a Actor, conferenceID int64) (Acceptance, error) {
	conf, err := s.Conference(ctx, conferenceID)
	if err != nil {
		return Acceptance{}, err
	}
	if conf.Status != StatusInSession {
		return Acceptance{}, &ValidationError{Field: "status", Msg: "the statement is accepted during the meeting, while it is in session"}
	}
	cf, err := s.Confidentiality(ctx, conf.SeriesID)
	if err != nil {
		return Acceptance{}, err
	}
	sum := sha256.Sum256([]byte(cf.Text))
	row := acceptanceRow{ConferenceID: conferenceID, UserID: a.UserID, AcceptedAt: s.now().UTC(), StatementSHA256: hex.EncodeToString(sum[:])}
	db := s.db.WithContext(ctx)
	if err := db.Omit("Conference", "User").Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return Acceptance{}, dbError(err, "confidentiality acceptance")
	}
	if err := db.Where("conference_id = ? AND user_id = ?", conferenceID, a.UserID).First(&row).Error; err != nil {
		return Acceptance{}, dbError(err, "confidentiality acceptance")
	}
	return row.domain(), nil
}

// Acceptances lists who accepted the statement of conference conferenceID on
// the meeting page, keyed by user id.
// Returns only database errors.
func (s *Store) Acceptances(ctx context.Context, conferenceID int64) (map[int64]Acceptance, error) {
	var rows []acceptanceRow
	if err := s.db.WithContext(ctx).Where("conference_id = ?", conferenceID).Find(&rows).Error; err != nil {
		return nil, dbError(err, "confidentiality acceptance")
	}
	out := make(map[int64]Acceptance, len(rows))
	for _, r := range rows {
		out[r.UserID] = r.domain()
	}
	return out, nil
}
