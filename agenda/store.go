package agenda

import (
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/cache"
)

// Store keeps agenda items and question sets through gorm. Case data is read
// through the conference store, so the need-to-know rule applies unchanged.
type Store struct {
	db      *gorm.DB
	now     func() time.Time
	cases   *conference.Store
	sources []FollowUpSource
	// sets holds question sets by id, checked against the cache versions.
	sets *cache.Map[int64, QuestionSet]
	// agendas holds what each conference's agenda holds (store_view.go).
	agendas *cache.Map[int64, *itemRows]
}

// NewStore returns a Store on db; cases is the conference store of the same database.
func NewStore(db *gorm.DB, now func() time.Time, cases *conference.Store) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, cases: cases, sets: cache.NewMap[int64](cache.QuestionSets, cloneQuestionSet),
		agendas: cache.NewMap[int64, *itemRows](cache.Agenda, nil).Limit(1000)}
}
