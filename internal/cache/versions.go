package cache

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// Kind names a group of tables whose writes bump one counter.
type Kind string

// The kinds of cached records.
const (
	Users        Kind = "users"         // users
	Tokens       Kind = "tokens"        // api_tokens: revoked or deleted
	Sessions     Kind = "sessions"      // sessions: data changed or deleted
	Conferences  Kind = "conferences"   // conferences
	Series       Kind = "series"        // series, their members and default question sets
	QuestionSets Kind = "question_sets" // question_sets
	// Organisations: the partner organisations, read by every page for the
	// names it shows (migration 2026120318_cache_organisations).
	Organisations Kind = "organisations"
	// Originals: the stored signed copies of minutes, which never change
	// once stored but are added (an addendum) and destroyed (retention)
	// (migration 2026120316_cache_originals).
	Originals Kind = "minutes_originals"
	// Agenda: agenda items with their question sets, and the cases and
	// involved organisations an agenda shows (migration 2026120316_cache_agenda).
	Agenda Kind = "agenda"
)

// Kinds lists every kind, as the migrations create their counters.
var Kinds = []Kind{Users, Tokens, Sessions, Conferences, Series, QuestionSets, Organisations, Originals, Agenda}

// MaxAge is how long after it was read a request's reading of the counters
// is trusted; a longer request (an event stream) goes to the database after it.
const MaxAge = 2 * time.Second

type versionRow struct {
	Kind    string `gorm:"primaryKey;size:32"`
	Version int64  `gorm:"not null"`
}

func (versionRow) TableName() string { return "cache_versions" }

// Versions reads the counters for one app server's requests.
type Versions struct {
	db  *gorm.DB
	now func() time.Time
}

// NewVersions returns Versions reading the counters from db. The clock is
// the wall clock: ages of entries are no business rule.
func NewVersions(db *gorm.DB) *Versions {
	return &Versions{db: db, now: time.Now}
}

// snapshot is one request's reading of the counters, taken on first use.
type snapshot struct {
	v        *Versions
	once     sync.Once
	taken    time.Time
	versions map[Kind]int64 // nil when the read failed
	stopped  atomic.Bool
}

type snapshotKey struct{}

// Begin returns ctx for one request: lookups under it read the counters once,
// on first use, and trust cached entries stamped with them.
func (v *Versions) Begin(ctx context.Context) context.Context {
	return context.WithValue(ctx, snapshotKey{}, &snapshot{v: v})
}

// Stop makes every later lookup of the request under ctx go to the database
// (and fill no cache): for a request that writes, whose own writes move the
// counters past the reading it began with.
func Stop(ctx context.Context) {
	if s, ok := ctx.Value(snapshotKey{}).(*snapshot); ok {
		s.stopped.Store(true)
	}
}

// Stamp is the counter a record was loaded under; the zero Stamp caches nothing.
type Stamp struct {
	version int64
	ok      bool
}

// OK reports whether a record loaded under st may be kept: the request
// trusts the cache and read its counter.
func (st Stamp) OK() bool { return st.ok }

// stamp returns the request's counter of kind, reading the counters first if
// this is the request's first lookup.
func stamp(ctx context.Context, kind Kind) Stamp {
	s, ok := ctx.Value(snapshotKey{}).(*snapshot)
	if !ok || s.stopped.Load() {
		return Stamp{}
	}
	s.once.Do(func() { s.versions, s.taken = s.v.read(ctx), s.v.now() })
	n, ok := s.versions[kind]
	if !ok || s.v.now().Sub(s.taken) > MaxAge {
		return Stamp{}
	}
	return Stamp{version: n, ok: true}
}

// read returns the counters as committed (not in the caller's transaction),
// or nil when they cannot be read. It scans by hand: it runs once per request.
func (v *Versions) read(ctx context.Context) map[Kind]int64 {
	rows, err := v.db.WithContext(ctx).Raw("SELECT kind, version FROM cache_versions").Rows()
	if err != nil {
		return nil
	}
	defer rows.Close()
	out := make(map[Kind]int64, len(Kinds))
	for rows.Next() {
		var kind string
		var n int64
		if err := rows.Scan(&kind, &n); err != nil {
			return nil
		}
		out[Kind(kind)] = n
	}
	if rows.Err() != nil {
		return nil
	}
	return out
}
