package dbtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"sync"
	"testing"

	"gorm.io/gorm"

	"casusoverleg/internal/database"
)

// templateLock is the advisory lock (on the server's TEST_DATABASE_URL
// database) under which templates are made and old ones dropped, so that
// test binaries running side by side never race on one.
const templateLock = 0x64627470 // "dbtp"

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// freshPostgres creates a database for t from this binary's template and
// drops it when t ends.
func freshPostgres(t testing.TB, base string) (database.Config, error) {
	ctx := context.Background()
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate(ctx, base) })
	if templateErr != nil {
		return database.Config{}, templateErr
	}
	admin, err := database.Open(ctx, database.Config{URL: base})
	if err != nil {
		return database.Config{}, err
	}
	name := "test_" + randomHex(t)
	if err := admin.Exec(fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, templateName)).Error; err != nil {
		_ = database.Close(admin)
		return database.Config{}, fmt.Errorf("create %s from %s: %w", name, templateName, err)
	}
	t.Cleanup(func() {
		// After the test's own Cleanup closed its pool (cleanups run last first).
		if err := admin.Exec(fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)).Error; err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		_ = database.Close(admin)
	})
	u, err := withDatabase(base, name)
	return database.Config{URL: u}, err
}

// ensureTemplate makes the migrated template database of this test binary,
// named by a hash of the binary (a changed migration is a new binary, so a
// stale template is never used), unless it exists. Templates of other
// binaries older than a day are dropped.
func ensureTemplate(ctx context.Context, base string) (string, error) {
	sum, err := executableHash()
	if err != nil {
		return "", err
	}
	name := "casusoverleg_tpl_" + sum
	admin, err := database.Open(ctx, database.Config{URL: base})
	if err != nil {
		return "", err
	}
	defer database.Close(admin)
	err = admin.Connection(func(conn *gorm.DB) error {
		if err := conn.Exec("SELECT pg_advisory_lock(?)", templateLock).Error; err != nil {
			return err
		}
		defer conn.Exec("SELECT pg_advisory_unlock(?)", templateLock)
		if err := conn.Exec(`CREATE TABLE IF NOT EXISTS dbtest_templates (
			name text PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())`).Error; err != nil {
			return err
		}
		var old []string
		if err := conn.Raw("SELECT name FROM dbtest_templates WHERE name <> ? AND created_at < now() - interval '1 day'", name).
			Scan(&old).Error; err != nil {
			return err
		}
		for _, o := range old {
			if conn.Exec(fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", o)).Error == nil {
				conn.Exec("DELETE FROM dbtest_templates WHERE name = ?", o)
			}
		}
		var n int64
		if err := conn.Raw("SELECT count(*) FROM dbtest_templates WHERE name = ?", name).Scan(&n).Error; err != nil || n == 1 {
			return err
		}
		// A template left half-made by a killed run is not registered: make it again.
		if err := conn.Exec(fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)).Error; err != nil {
			return err
		}
		if err := conn.Exec("CREATE DATABASE " + name).Error; err != nil {
			return err
		}
		if err := migrateTemplate(ctx, base, name); err != nil {
			conn.Exec(fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
			return err
		}
		return conn.Exec("INSERT INTO dbtest_templates (name) VALUES (?)", name).Error
	})
	if err != nil {
		return "", fmt.Errorf("template database: %w", err)
	}
	return name, nil
}

func migrateTemplate(ctx context.Context, base, name string) error {
	u, err := withDatabase(base, name)
	if err != nil {
		return err
	}
	db, err := database.Open(ctx, database.Config{URL: u})
	if err != nil {
		return err
	}
	defer database.Close(db) // no connection may stay on a template
	return database.Migrate(ctx, db)
}

// withDatabase returns the URL base with its database replaced by name.
func withDatabase(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("TEST_DATABASE_URL: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

func executableHash() (string, error) {
	path, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
