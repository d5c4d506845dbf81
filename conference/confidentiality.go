package conference

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// DefaultConfidentiality is the confidentiality statement (geheimhoudingsverklaring)
// of a series that has none of its own: the chair reads it out at every
// meeting and each person present confirms it.
const DefaultConfidentiality = "Wat in dit overleg wordt besproken is vertrouwelijk. Ik gebruik de gegevens " +
	"alleen voor het doel waarvoor ze hier worden gedeeld, deel ze niet verder dan nodig is voor de afspraken " +
	"van dit overleg, en houd me aan de geheimhoudingsplicht van mijn organisatie en aan het privacyconvenant " +
	"van het Zorg- en Veiligheidshuis."

// Confidentiality is a series' confidentiality statement.
type Confidentiality struct {
	SeriesID int64 `json:"series_id"`
	// Text is the series' own statement, or DefaultConfidentiality.
	Text string `json:"text" validate:"required,max=4000"`
	// Own is true when the series has a text of its own.
	Own       bool       `json:"own"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

type confidentialityRow struct {
	SeriesID  int64     `gorm:"primaryKey;autoIncrement:false"`
	Series    seriesRow `gorm:"constraint:OnDelete:CASCADE"`
	Text      string    `gorm:"type:text;not null"`
	UpdatedBy int64
	UpdatedAt time.Time
}

func (confidentialityRow) TableName() string { return "series_confidentiality" }

// MigrateConfidentiality creates the table of the series' statements and the
// attendance column of the confirmations.
func MigrateConfidentiality(tx *gorm.DB) error {
	return tx.AutoMigrate(&confidentialityRow{}, &attendanceRow{})
}

// Confidentiality returns the statement of a series (the default when it has
// none of its own). Returns ErrNotFound for an unknown series.
func (s *Store) Confidentiality(ctx context.Context, seriesID int64) (Confidentiality, error) {
	db := s.db.WithContext(ctx)
	// A series in the cache exists (deleting it bumps the counter); others are counted.
	if _, hit, _ := s.series.Get(ctx, seriesID); !hit {
		var n int64
		if err := db.Model(&seriesRow{}).Where("id = ?", seriesID).Count(&n).Error; err != nil {
			return Confidentiality{}, dbError(err, "series")
		}
		if n == 0 {
			return Confidentiality{}, dbError(gorm.ErrRecordNotFound, "series")
		}
	}
	var row confidentialityRow
	if err := db.Where("series_id = ?", seriesID).Limit(1).Find(&row).Error; err != nil {
		return Confidentiality{}, dbError(err, "confidentiality")
	}
	if row.SeriesID == 0 {
		return Confidentiality{SeriesID: seriesID, Text: DefaultConfidentiality}, nil
	}
	at := row.UpdatedAt
	return Confidentiality{SeriesID: seriesID, Text: row.Text, Own: true, UpdatedAt: &at}, nil
}

// SetConfidentiality stores a series' own statement; an empty text returns
// the series to the default. Returns ErrNotFound or a ValidationError.
func (s *Store) SetConfidentiality(ctx context.Context, a Actor, seriesID int64, text string) (Confidentiality, error) {
	if _, err := s.Confidentiality(ctx, seriesID); err != nil {
		return Confidentiality{}, err
	}
	text = strings.TrimSpace(text)
	db := s.db.WithContext(ctx)
	if text == "" {
		if err := db.Where("series_id = ?", seriesID).Delete(&confidentialityRow{}).Error; err != nil {
			return Confidentiality{}, dbError(err, "confidentiality")
		}
		return s.Confidentiality(ctx, seriesID)
	}
	if len(text) > 4000 {
		return Confidentiality{}, &ValidationError{Field: "text", Msg: "must be at most 4000 characters"}
	}
	row := confidentialityRow{SeriesID: seriesID, Text: text, UpdatedBy: a.UserID, UpdatedAt: s.now()}
	err := db.Omit("Series").Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "series_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"text", "updated_by", "updated_at"})}).Create(&row).Error
	if err != nil {
		return Confidentiality{}, dbError(err, "confidentiality")
	}
	return s.Confidentiality(ctx, seriesID)
}
