package agenda

import (
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Store keeps agenda items and question sets through gorm. Case data is read
// through the conference store, so the need-to-know rule applies unchanged.
type Store struct {
	db      *gorm.DB
	now     func() time.Time
	cases   *conference.Store
	sources []FollowUpSource
}

// NewStore returns a Store on db; cases is the conference store of the same database.
func NewStore(db *gorm.DB, now func() time.Time, cases *conference.Store) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, cases: cases}
}
