package privacy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// requestRow is a Request as stored. PersonID has no foreign key: the
// register outlives the destruction of the person's records.
type requestRow struct {
	ID          int64     `gorm:"primaryKey"`
	Year        int       `gorm:"not null;uniqueIndex:idx_privacy_requests_number"`
	Number      int       `gorm:"not null;uniqueIndex:idx_privacy_requests_number"`
	PersonID    int64     `gorm:"not null;index"`
	Kind        string    `gorm:"size:20;not null"`
	ReceivedOn  time.Time `gorm:"not null"`
	Asked       string    `gorm:"size:2000;not null"`
	Decision    string    `gorm:"size:20;not null"`
	Reason      string    `gorm:"size:2000;not null"`
	DecidedByID int64     `gorm:"not null"`
	DecidedBy   string    `gorm:"size:200;not null"`
	DecidedAt   time.Time `gorm:"not null"`
}

func (requestRow) TableName() string { return "privacy_requests" }

func (r requestRow) domain() Request {
	on := r.ReceivedOn.UTC()
	return Request{ID: r.ID, Reference: fmt.Sprintf("AVG-%d-%04d", r.Year, r.Number), PersonID: r.PersonID,
		Kind: RequestKind(r.Kind), ReceivedOn: &on, Asked: r.Asked, Decision: Decision(r.Decision), Reason: r.Reason,
		DecidedByID: r.DecidedByID, DecidedBy: r.DecidedBy, DecidedAt: r.DecidedAt.UTC()}
}

// MigrateSchema creates the table privacy_requests (issue 17).
func MigrateSchema(tx *gorm.DB) error { return tx.AutoMigrate(&requestRow{}) }

// Persons checks that a person record exists (conference.Store.PersonRecords).
type Persons interface {
	PersonRecords(ctx context.Context, id int64) ([]conference.Person, error)
}

// Register is the register of requests for correction or erasure.
type Register struct {
	db      *gorm.DB
	persons Persons
	now     func() time.Time
}

// NewRegister returns the register on db; now is the clock.
func NewRegister(db *gorm.DB, persons Persons, now func() time.Time) *Register {
	return &Register{db: db, persons: persons, now: now}
}

// Record stores r, decided now by the user u, and sets its ID, Reference and
// decision fields. Returns conference.ValidationErrors for invalid input,
// also when the person record does not exist.
func (g *Register) Record(ctx context.Context, u conference.User, r *Request) error {
	now := g.now().UTC()
	if err := r.Validate(now); err != nil {
		return err
	}
	if _, err := g.persons.PersonRecords(ctx, r.PersonID); errors.Is(err, conference.ErrNotFound) {
		return conference.ValidationErrors{{Field: "person_id", Msg: "no such person"}}
	} else if err != nil {
		return err
	}
	r.DecidedByID, r.DecidedBy, r.DecidedAt = u.ID, u.Name, now.Truncate(time.Microsecond)
	return g.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		n, err := conference.NextNumber(tx, fmt.Sprintf("privacy_request:%d", now.Year()),
			"SELECT COALESCE(MAX(number), 0) FROM privacy_requests WHERE year = ?", now.Year())
		if err != nil {
			return err
		}
		row := requestRow{Year: now.Year(), Number: n, PersonID: r.PersonID, Kind: string(r.Kind), ReceivedOn: *r.ReceivedOn,
			Asked: r.Asked, Decision: string(r.Decision), Reason: r.Reason, DecidedByID: r.DecidedByID, DecidedBy: r.DecidedBy, DecidedAt: r.DecidedAt}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("privacy requests: %w", err)
		}
		*r = row.domain()
		return nil
	})
}

// List returns the requests, newest first, a page at a time, with the total.
// personID, when not 0, keeps those about that person record.
func (g *Register) List(ctx context.Context, personID int64, p conference.Page) ([]Request, int64, error) {
	p = p.Normalize()
	q := g.db.WithContext(ctx).Model(&requestRow{})
	if personID != 0 {
		q = q.Where("person_id = ?", personID)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("privacy requests: %w", err)
	}
	var rows []requestRow
	if err := q.Order("id DESC").Limit(p.Limit).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("privacy requests: %w", err)
	}
	out := make([]Request, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, nil
}
