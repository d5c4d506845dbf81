// Package dbtest gives each test a fresh, migrated database: an in-memory
// SQLite by default, or a schema of its own on the PostgreSQL server named by
// TEST_DATABASE_URL, dropped when the test ends.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
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

// Open returns a migrated database for t only.
func Open(t testing.TB) *gorm.DB {
	t.Helper()
	ctx := context.Background()
	cfg := database.Config{SQLitePath: ":memory:"}
	if url := os.Getenv("TEST_DATABASE_URL"); url != "" {
		schema := "test_" + randomHex(t)
		admin, err := database.Open(ctx, database.Config{URL: url})
		if err != nil {
			t.Fatalf("open test database: %v", err)
		}
		if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
			t.Fatalf("create schema: %v", err)
		}
		t.Cleanup(func() {
			if err := admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error; err != nil {
				t.Errorf("drop schema %s: %v", schema, err)
			}
			_ = database.Close(admin)
		})
		cfg = database.Config{URL: url, SearchPath: schema}
	}
	db, err := database.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { _ = database.Close(db) })
	if err := database.Migrate(ctx, db); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func randomHex(t testing.TB) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
