package audit_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"gorm.io/gorm"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/database"
	"casusoverleg/internal/dbtest"
)

// twoServers returns two pools on one database, as two app servers have: on
// PostgreSQL the test's database opened twice, on SQLite a file of the test's
// own (an in-memory database is private to its pool).
func twoServers(t *testing.T) (*gorm.DB, *gorm.DB) {
	t.Helper()
	ctx := context.Background()
	var cfg database.Config
	if dbtest.Postgres() {
		cfg = dbtest.ConfigOf(dbtest.Open(t))
	} else {
		cfg = database.Config{SQLitePath: filepath.Join(t.TempDir(), "audit.db")}
	}
	open := func() *gorm.DB {
		db, err := database.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = database.Close(db) })
		return db
	}
	a, b := open(), open()
	if err := errors.Join(audit.MigrateSchema(a), audit.MigrateCheckpoints(a), audit.MigrateRecords(a), audit.MigrateTexts(a)); err != nil {
		t.Fatalf("migrate audit: %v", err)
	}
	return a, b
}

// Two app servers each keep the chain head of their own Log in memory; when
// the other wrote, the next append finds the seq taken, reads the head and
// goes on after it. Writing at the same time, alternately and in bursts,
// they still leave one intact chain with every event once.
func TestRecordTwoServers(t *testing.T) {
	ctx := context.Background()
	dbA, dbB := twoServers(t)
	logs := []*audit.Log{audit.New(dbA, dbtest.Now), audit.New(dbB, dbtest.Now)}
	record := func(l *audit.Log, who, i int) error {
		_, err := l.RecordMany(ctx, []audit.Event{
			{UserID: int64(who), Action: audit.ActionView, RecordType: "case", RecordID: fmt.Sprint(i)},
			{UserID: int64(who), Action: audit.ActionView, RecordType: "case", Records: []string{"1", fmt.Sprint(i)}},
		})
		return err
	}
	// Alternately: every append after the first finds the head moved.
	for i := range 6 {
		if err := record(logs[i%2], i%2+1, i); err != nil {
			t.Fatalf("alternate %d: %v", i, err)
		}
	}
	// At the same time, several callers on each server.
	const callers, each = 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, 2*callers*each)
	for s, l := range logs {
		for c := range callers {
			wg.Go(func() {
				for i := range each {
					errs <- record(l, 10*(s+1)+c, i)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent: %v", err)
		}
	}
	want := int64(2 * (6 + 2*callers*each))
	for s, l := range logs {
		if n, err := l.Verify(ctx); n != want || err != nil {
			t.Fatalf("Verify on server %d = %d, %v; want %d, nil", s+1, n, err, want)
		}
	}
	for s, l := range logs {
		head, err := l.Head(ctx)
		if err != nil || head.Seq != want {
			t.Fatalf("Head on server %d = %d, %v; want %d", s+1, head.Seq, err, want)
		}
	}
	// Each server goes on after the other's last event.
	for i := range 2 {
		e, err := logs[i].Record(ctx, audit.Event{Action: audit.ActionLogout})
		if err != nil || e.Seq != want+int64(i)+1 {
			t.Fatalf("after: seq %d, %v; want %d", e.Seq, err, want+int64(i)+1)
		}
	}
	if n, err := logs[0].Verify(ctx); n != want+2 || err != nil {
		t.Fatalf("Verify = %d, %v; want %d, nil", n, err, want+2)
	}
}
