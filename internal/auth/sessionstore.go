package auth

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"casusoverleg/internal/cache"
)

// The session store implements every store interface of scs.
var (
	_ scs.Store            = (*SessionStore)(nil)
	_ scs.CtxStore         = (*SessionStore)(nil)
	_ scs.IterableStore    = (*SessionStore)(nil)
	_ scs.IterableCtxStore = (*SessionStore)(nil)
)

type sessionRow struct {
	Token  string    `gorm:"primaryKey;size:100"`
	Data   []byte    `gorm:"not null"`
	Expiry time.Time `gorm:"not null;index"`
}

func (sessionRow) TableName() string { return "sessions" }

// SessionStore keeps scs sessions in the table sessions, so that every app
// server behind a load balancer sees the same sessions. Expired rows are
// ignored when read and removed by Cleanup.
//
// The idle timeout makes scs commit the session at every request only to
// move its expiry on; the store writes such a touch at most once per
// TouchEvery for the same data (issue 18: a write per page view queued behind
// the audit writes on SQLite). Changed data is always written.
type SessionStore struct {
	db  *gorm.DB
	now func() time.Time

	mu      sync.Mutex
	written map[string]committed // by token: what this server last wrote

	// found holds unexpired sessions by token, checked against the cache versions.
	found *cache.Map[string, foundSession]
}

// foundSession is a session as FindCtx read it.
type foundSession struct {
	data   []byte
	expiry time.Time
}

// TouchEvery is how often at most a session whose data did not change is
// written again to move its expiry: the expiry in the database may lag the
// sliding idle timeout by this much.
const TouchEvery = time.Minute

// maxRemembered bounds the commits the store remembers; past it they are forgotten
// (and the next touch of each is written).
const maxRemembered = 100_000

// committed is what the store last wrote for a token.
type committed struct {
	sum    [sha256.Size]byte
	expiry time.Time
	at     time.Time
}

// NewSessionStore returns a SessionStore on db; now is the clock (tests pass a
// fixed one; nil means time.Now).
func NewSessionStore(db *gorm.DB, now func() time.Time) *SessionStore {
	if now == nil {
		now = time.Now
	}
	return &SessionStore{db: db, now: now, written: map[string]committed{},
		found: cache.NewMap[string, foundSession](cache.Sessions, nil)}
}

// FindCtx returns the data of an unexpired session. An unknown or expired
// token is found == false with a nil error. A session found is kept in memory
// while no session's data changes and none is deleted (package cache).
func (s *SessionStore) FindCtx(ctx context.Context, token string) (b []byte, found bool, err error) {
	now := s.now().UTC()
	f, hit, st := s.found.Get(ctx, token)
	// The database's expiry may have moved on since (a touch bumps no version): ask it again.
	if hit && f.expiry.After(now) {
		return f.data, true, nil
	}
	var rows []sessionRow
	err = s.db.WithContext(ctx).Where("token = ? AND expiry > ?", token, now).Limit(1).Find(&rows).Error
	if err != nil {
		return nil, false, dbError(err, "find session")
	}
	if len(rows) == 0 {
		return nil, false, nil
	}
	s.found.Put(token, foundSession{data: rows[0].Data, expiry: rows[0].Expiry}, st)
	return rows[0].Data, true, nil
}

// CommitCtx stores the session's data and expiry, replacing what the token held.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if b == nil {
		b = []byte{}
	}
	sum, now := sha256.Sum256(b), s.now()
	s.mu.Lock()
	last, ok := s.written[token]
	s.mu.Unlock()
	if ok && last.sum == sum && !expiry.Before(last.expiry) && now.Sub(last.at) < TouchEvery {
		return nil // only a touch, and the last one is recent
	}
	row := sessionRow{Token: token, Data: b, Expiry: expiry.UTC()}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "token"}},
		DoUpdates: clause.AssignmentColumns([]string{"data", "expiry"}),
	}).Create(&row).Error
	if err != nil {
		return dbError(err, "commit session")
	}
	s.found.Forget(token)
	s.mu.Lock()
	if len(s.written) >= maxRemembered {
		clear(s.written)
	}
	s.written[token] = committed{sum: sum, expiry: expiry, at: now}
	s.mu.Unlock()
	return nil
}

// DeleteCtx removes the session; an unknown token is not an error.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	s.found.Forget(token)
	s.mu.Lock()
	delete(s.written, token)
	s.mu.Unlock()
	err := s.db.WithContext(ctx).Where("token = ?", token).Delete(&sessionRow{}).Error
	return dbError(err, "delete session")
}

// AllCtx returns the data of every unexpired session by token (an empty map
// when there is none). scs uses it to iterate over sessions, e.g. to end all
// sessions of a user whose password was changed.
func (s *SessionStore) AllCtx(ctx context.Context) (map[string][]byte, error) {
	var rows []sessionRow
	if err := s.db.WithContext(ctx).Where("expiry > ?", s.now().UTC()).Find(&rows).Error; err != nil {
		return nil, dbError(err, "list sessions")
	}
	out := make(map[string][]byte, len(rows))
	for _, r := range rows {
		out[r.Token] = r.Data
	}
	return out, nil
}

// Cleanup deletes expired sessions and returns how many it deleted. Run it
// periodically (from one server or all; it is idempotent).
func (s *SessionStore) Cleanup(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Where("expiry <= ?", s.now().UTC()).Delete(&sessionRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("clean up sessions: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// Find implements scs.Store; it is FindCtx without a context.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit implements scs.Store; it is CommitCtx without a context.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete implements scs.Store; it is DeleteCtx without a context.
func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// All implements scs.IterableStore; it is AllCtx without a context.
func (s *SessionStore) All() (map[string][]byte, error) {
	return s.AllCtx(context.Background())
}
