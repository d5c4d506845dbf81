package minutes

import (
	"time"

	"gorm.io/gorm"
)

// roundRow is the comment round of a conference's draft minutes.
type roundRow struct {
	ConferenceID int64 `gorm:"primaryKey;autoIncrement:false"`
	Deadline     time.Time
	OpenedBy     int64 `gorm:"not null"`
	OpenedAt     time.Time
}

func (roundRow) TableName() string { return "minutes_comment_rounds" }

// commentRow is a comment on an item of the draft minutes.
type commentRow struct {
	ID             int64  `gorm:"primaryKey"`
	ConferenceID   int64  `gorm:"not null;index"`
	ItemID         int64  `gorm:"not null;index"`
	UserID         int64  `gorm:"not null"`
	OrganisationID int64  `gorm:"not null"`
	Text           string `gorm:"type:text;not null"`
	CreatedAt      time.Time
	Status         string `gorm:"size:20;not null"`
	Note           string `gorm:"type:text;not null"`
	HandledBy      *int64
	HandledAt      *time.Time
}

func (commentRow) TableName() string { return "minutes_comments" }

// MigrateComments creates the tables of the comment round.
func MigrateComments(tx *gorm.DB) error { return tx.AutoMigrate(&roundRow{}, &commentRow{}) }

func (r roundRow) domain(now time.Time) CommentRound {
	return CommentRound{ConferenceID: r.ConferenceID, Deadline: r.Deadline, OpenedBy: r.OpenedBy, OpenedAt: r.OpenedAt,
		Open: now.Before(r.Deadline)}
}

func (r commentRow) domain() Comment {
	return Comment{ID: r.ID, ConferenceID: r.ConferenceID, ItemID: r.ItemID, UserID: r.UserID, OrganisationID: r.OrganisationID,
		Text: r.Text, CreatedAt: r.CreatedAt, Status: CommentStatus(r.Status), Note: r.Note, HandledBy: r.HandledBy, HandledAt: r.HandledAt}
}

// round returns the comment round of a conference, nil when none was opened.
func (s *Store) round(db *gorm.DB, conferenceID int64) (*CommentRound, error) {
	var rows []roundRow
	if err := db.Where("conference_id = ?", conferenceID).Limit(1).Find(&rows).Error; err != nil {
		return nil, dbError(err, "comment round")
	}
	if len(rows) == 0 {
		return nil, nil
	}
	r := rows[0].domain(s.now())
	return &r, nil
}
