package auth_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/auth"
	"casusoverleg/internal/dbtest"
)

// openDB returns a fresh database with the package's tables.
func openDB(t *testing.T) *gorm.DB {
	t.Helper()
	db := dbtest.Open(t)
	if err := auth.MigrateSchema(db); err != nil {
		t.Fatalf("migrate auth schema: %v", err)
	}
	return db
}

// clock is a test clock that starts at dbtest.Clock and moves only when told.
type clock struct{ t time.Time }

func newClock() *clock { return &clock{t: dbtest.Clock} }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

var ctx = context.Background()

func TestMigrateSchemaTwice(t *testing.T) {
	db := openDB(t)
	if err := auth.MigrateSchema(db); err != nil {
		t.Fatalf("second MigrateSchema: %v", err)
	}
	for _, table := range []string{"sessions", "api_tokens", "totp_secrets", "login_attempts"} {
		if !db.Migrator().HasTable(table) {
			t.Errorf("table %s missing", table)
		}
	}
}
