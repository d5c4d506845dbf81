package minutes

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// Store keeps the minutes through gorm. Cases, conferences and agenda items
// are read through their own packages' stores.
type Store struct {
	db     *gorm.DB
	now    func() time.Time
	cases  *conference.Store
	agenda *agenda.Store
	originalCaches
}

// NewStore returns a Store on db with the stores of the packages below.
func NewStore(db *gorm.DB, now func() time.Time, cases *conference.Store, items *agenda.Store) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, cases: cases, agenda: items, originalCaches: newOriginalCaches()}
}

// RecordStatus is the state of a conference's minutes.
type RecordStatus string

// The states of the minutes: draft while recording, final once the secretary
// finalises them (signing follows).
const (
	RecordDraft RecordStatus = "draft"
	RecordFinal RecordStatus = "final"
)

type recordRow struct {
	ConferenceID int64  `gorm:"primaryKey;autoIncrement:false"`
	Status       string `gorm:"size:20;not null"`
	FinalisedAt  *time.Time
	FinalisedBy  *int64
}

func (recordRow) TableName() string { return "minutes_records" }

type itemRecordRow struct {
	ItemID       int64  `gorm:"primaryKey;autoIncrement:false"`
	ConferenceID int64  `gorm:"not null;index"`
	CaseID       *int64 `gorm:"index"`
	Summary      string `gorm:"type:text"`
	Answers      string `gorm:"type:text"`
	Version      int    `gorm:"not null"`
	UpdatedBy    int64
	UpdatedAt    time.Time
}

func (itemRecordRow) TableName() string { return "item_records" }

type decisionRow struct {
	ID           int64  `gorm:"primaryKey"`
	ItemID       int64  `gorm:"not null;index"`
	ConferenceID int64  `gorm:"not null;index"`
	CaseID       *int64 `gorm:"index"`
	Text         string `gorm:"type:text;not null"`
	Kind         string `gorm:"size:30;not null"`
	Outcome      string `gorm:"size:20;not null;index"`
	Resolution   string `gorm:"size:2000"`
	ResolvedAt   *time.Time
	CreatedBy    int64
	CreatedAt    time.Time
	// Version counts the edits while the minutes are a draft (optimistic locking).
	Version int `gorm:"not null;default:1"`
}

func (decisionRow) TableName() string { return "decisions" }

type positionRow struct {
	DecisionID     int64       `gorm:"primaryKey;autoIncrement:false"`
	Decision       decisionRow `gorm:"constraint:OnDelete:CASCADE"`
	OrganisationID int64       `gorm:"primaryKey;autoIncrement:false"`
	Stance         string      `gorm:"size:10;not null"`
	Remark         string      `gorm:"size:1000"`
}

func (positionRow) TableName() string { return "decision_positions" }

type actionRow struct {
	ID                  int64  `gorm:"primaryKey"`
	ItemID              int64  `gorm:"not null;index"`
	ConferenceID        int64  `gorm:"not null;index"`
	CaseID              *int64 `gorm:"index"`
	What                string `gorm:"size:2000;not null"`
	OwnerOrganisationID int64  `gorm:"not null;index"`
	OwnerUserID         *int64
	DueDate             time.Time `gorm:"not null;index"`
	DoneAt              *time.Time
	DoneNote            string `gorm:"size:2000"`
	DoneBy              *int64
	CreatedAt           time.Time
	// Version counts the edits while the minutes are a draft (optimistic locking).
	Version int `gorm:"not null;default:1"`
}

func (actionRow) TableName() string { return "actions" }

type mandateRow struct {
	ID                    int64       `gorm:"primaryKey"`
	DecisionID            int64       `gorm:"not null;uniqueIndex"`
	Decision              decisionRow `gorm:"constraint:OnDelete:RESTRICT"`
	ConferenceID          int64       `gorm:"not null;index"`
	CaseID                int64       `gorm:"not null;index"`
	GranteeOrganisationID int64       `gorm:"not null"`
	GranteeUserID         *int64
	Scope                 string    `gorm:"size:2000;not null"`
	Conditions            string    `gorm:"size:2000"`
	ValidFrom             time.Time `gorm:"not null"`
	ValidUntil            time.Time `gorm:"not null;index"`
	RevokedAt             *time.Time
	RevokeReason          string `gorm:"size:2000"`
	RevokedBy             *int64
	CreatedAt             time.Time
}

func (mandateRow) TableName() string { return "mandates" }

type quickActionRow struct {
	ID        int64      `gorm:"primaryKey"`
	MandateID int64      `gorm:"not null;index"`
	Mandate   mandateRow `gorm:"constraint:OnDelete:RESTRICT"`
	TakenAt   time.Time  `gorm:"not null;index"`
	What      string     `gorm:"size:2000;not null"`
	ByUserID  int64      `gorm:"not null"`
	LoggedAt  time.Time  `gorm:"not null"`
}

func (quickActionRow) TableName() string { return "quick_actions" }

// MigrateSchema creates the minutes tables.
func MigrateSchema(tx *gorm.DB) error {
	return tx.AutoMigrate(&recordRow{}, &itemRecordRow{}, &decisionRow{}, &positionRow{}, &actionRow{},
		&mandateRow{}, &quickActionRow{})
}

func dbError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func (r itemRecordRow) domain() ItemRecord {
	rec := ItemRecord{ItemID: r.ItemID, ConferenceID: r.ConferenceID, CaseID: r.CaseID, Summary: r.Summary,
		Version: r.Version, UpdatedBy: r.UpdatedBy, UpdatedAt: r.UpdatedAt, Answers: map[string]string{}}
	if r.Answers != "" {
		_ = json.Unmarshal([]byte(r.Answers), &rec.Answers) // written by SaveItemRecord only
	}
	return rec
}

func (r decisionRow) domain(positions []Position) Decision {
	if positions == nil {
		positions = []Position{}
	}
	return Decision{ID: r.ID, ItemID: r.ItemID, ConferenceID: r.ConferenceID, CaseID: r.CaseID, Text: r.Text,
		Kind: DecisionKind(r.Kind), Positions: positions, Outcome: Outcome(r.Outcome), Resolution: r.Resolution,
		ResolvedAt: r.ResolvedAt, CreatedAt: r.CreatedAt, Version: r.Version}
}

func (r actionRow) domain(now time.Time) Action {
	a := Action{ID: r.ID, ItemID: r.ItemID, ConferenceID: r.ConferenceID, CaseID: r.CaseID, What: r.What,
		OwnerOrganisationID: r.OwnerOrganisationID, OwnerUserID: r.OwnerUserID, DueDate: r.DueDate.UTC(),
		DoneAt: r.DoneAt, DoneNote: r.DoneNote, CreatedAt: r.CreatedAt, Version: r.Version}
	a.Status = a.StatusAt(now)
	return a
}

func (r mandateRow) domain(quick []QuickAction) Mandate {
	if quick == nil {
		quick = []QuickAction{}
	}
	return Mandate{ID: r.ID, DecisionID: r.DecisionID, ConferenceID: r.ConferenceID, CaseID: r.CaseID,
		GranteeOrganisationID: r.GranteeOrganisationID, GranteeUserID: r.GranteeUserID, Scope: r.Scope,
		Conditions: r.Conditions, ValidFrom: r.ValidFrom.UTC(), ValidUntil: r.ValidUntil.UTC(), RevokedAt: r.RevokedAt,
		RevokeReason: r.RevokeReason, QuickActions: quick, CreatedAt: r.CreatedAt}
}

func (r quickActionRow) domain() QuickAction {
	return QuickAction{ID: r.ID, MandateID: r.MandateID, TakenAt: r.TakenAt.UTC(), What: r.What, ByUserID: r.ByUserID, LoggedAt: r.LoggedAt}
}

// status returns the state of a conference's minutes (draft when none recorded yet).
func status(db *gorm.DB, conferenceID int64) (RecordStatus, error) {
	var row recordRow
	err := db.Where("conference_id = ?", conferenceID).Limit(1).Find(&row).Error
	if err != nil {
		return "", dbError(err, "minutes")
	}
	if row.Status == "" {
		return RecordDraft, nil
	}
	return RecordStatus(row.Status), nil
}
