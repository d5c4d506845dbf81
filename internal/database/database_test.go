package database

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestSQLiteFileSettings: every connection of a file database's pool reads
// and writes as database.go says — WAL, synchronous NORMAL, foreign keys on,
// and no memory-mapped reads (each commit elsewhere unmapped the file, and
// the reads after it faulted it in again; see Open).
func TestSQLiteFileSettings(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Config{SQLitePath: filepath.Join(t.TempDir(), "s.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Close(db) })
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	// Hold several connections at once, so that each is a connection of its own.
	var conns []*sql.Conn
	for range 3 {
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conns = append(conns, conn)
	}
	for i, conn := range conns {
		for pragma, want := range map[string]string{"mmap_size": "0", "journal_mode": "wal", "synchronous": "1", "foreign_keys": "1"} {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, pragma, got, want)
			}
		}
	}
}
