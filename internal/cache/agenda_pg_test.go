package cache_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"casusoverleg/internal/dbtest"
)

// TestAgendaCounterAtCommit: on PostgreSQL the agenda's counter is bumped at
// commit, once per transaction. Bumped by the statement, it would be locked
// from a transaction's first write to a case until its commit, and two
// transactions that write two cases in opposite order would deadlock: the
// first holds case 1 and the counter and waits for case 2, which the second
// holds while waiting for the counter. On SQLite writers take turns; the
// counter is bumped by the statement there.
func TestAgendaCounterAtCommit(t *testing.T) {
	db := dbtest.Open(t)
	if db.Dialector.Name() != "postgres" {
		t.Skip("PostgreSQL only: SQLite has one writer at a time (make test runs this on PostgreSQL too)")
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var org int64
	if err := sqlDB.QueryRowContext(ctx, "INSERT INTO organisations (name, kind) "+
		"VALUES ('Politie', 'politie') RETURNING id").Scan(&org); err != nil {
		t.Fatal(err)
	}
	var ids [2]int64
	for i := range ids {
		if err := sqlDB.QueryRowContext(ctx, "INSERT INTO cases (year, seq, reference, subject, theme, postcode, neighbourhood, "+
			"referring_organisation_id, status, version, created_at, updated_at) VALUES (2026, $1, $2, 'x', 'care', '5341', 'Oss', $3, 'open', 1, now(), now()) RETURNING id",
			i+1, []string{"2026-0001", "2026-0002"}[i], org).Scan(&ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	counter := func() int64 {
		var n int64
		if err := sqlDB.QueryRowContext(ctx, "SELECT version FROM cache_versions WHERE kind = 'agenda'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := counter()
	begin := func() *sql.Tx {
		tx, err := sqlDB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	update := func(tx *sql.Tx, id int64) error {
		_, err := tx.ExecContext(ctx, "UPDATE cases SET subject = subject || '.' WHERE id = $1", id)
		return err
	}
	first, second := begin(), begin()
	if err := update(first, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := update(second, ids[1]); err != nil {
		t.Fatal(err)
	}
	// The first now waits for case 2 until the second commits.
	done := make(chan error, 1)
	go func() {
		if err := update(first, ids[1]); err != nil {
			done <- err
			return
		}
		done <- first.Commit()
	}()
	time.Sleep(200 * time.Millisecond)
	if err := second.Commit(); err != nil {
		t.Fatalf("the second transaction: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the first transaction: %v", err)
	}
	if got := counter(); got != before+2 {
		t.Errorf("counter %d after two transactions (one writing two cases), want %d: once per transaction", got, before+2)
	}
}
