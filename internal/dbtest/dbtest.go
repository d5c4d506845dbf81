// Package dbtest gives each test a fresh, migrated database: an in-memory
// SQLite by default, or a database of its own on the PostgreSQL server named
// by TEST_DATABASE_URL, dropped when the test ends.
//
// On PostgreSQL the schema is migrated once per test binary into a template
// database, and each test's database is created from that template (a file
// copy in the server): migrating through gorm's information_schema queries
// took seconds per test, most of the suite's time.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/database"
)

// Clock is the fixed time every test runs at: Monday 23 November 2026, 09:00 UTC.
var Clock = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// Now returns Clock; pass it where a clock is wanted.
func Now() time.Time { return Clock }

// Postgres reports whether tests run against PostgreSQL.
func Postgres() bool { return os.Getenv("TEST_DATABASE_URL") != "" }

var (
	configsMu sync.Mutex
	configs   = map[*gorm.DB]database.Config{}
)

// ConfigOf returns the configuration that opens db, so that a test can open
// a second pool on the same database (another app server).
func ConfigOf(db *gorm.DB) database.Config {
	configsMu.Lock()
	defer configsMu.Unlock()
	return configs[db]
}

// Open returns a migrated database for t only.
func Open(t testing.TB) *gorm.DB {
	t.Helper()
	return open(t, database.Config{SQLitePath: ":memory:"})
}

// OpenShared is Open with SQLite in a file of its own rather than in memory,
// so that ConfigOf opens a second pool on it (another app server).
func OpenShared(t testing.TB) *gorm.DB {
	t.Helper()
	return open(t, database.Config{SQLitePath: filepath.Join(t.TempDir(), "test.db")})
}

func open(t testing.TB, cfg database.Config) *gorm.DB {
	t.Helper()
	ctx := context.Background()
	if url := os.Getenv("TEST_DATABASE_URL"); url != "" {
		var err error
		if cfg, err = freshPostgres(t, url); err != nil {
			t.Fatalf("test database: %v", err)
		}
	}
	db, err := database.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		configsMu.Lock()
		delete(configs, db)
		configsMu.Unlock()
		_ = database.Close(db)
	})
	// On a copy of the template this only finds every step applied (and
	// refreshes the built-in question sets); on SQLite it migrates.
	if err := database.Migrate(ctx, db); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	configsMu.Lock()
	configs[db] = cfg
	configsMu.Unlock()
	return db
}

func randomHex(t testing.TB) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
