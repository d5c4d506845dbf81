package audit_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/database"
	"casusoverleg/internal/dbtest"
)

// BenchmarkRecord appends one event per call on one app server, as a read
// of a page does: on a file SQLite, or on PostgreSQL with TEST_DATABASE_URL.
func BenchmarkRecord(b *testing.B) {
	ctx := context.Background()
	cfg := database.Config{SQLitePath: filepath.Join(b.TempDir(), "audit.db")}
	if dbtest.Postgres() {
		cfg = dbtest.ConfigOf(dbtest.Open(b))
	}
	db, err := database.Open(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = database.Close(db) })
	if err := errors.Join(audit.MigrateSchema(db), audit.MigrateCheckpoints(db), audit.MigrateRecords(db)); err != nil {
		b.Fatal(err)
	}
	l := audit.New(db, dbtest.Now)
	e := audit.Event{UserID: 7, UserEmail: "chair@zvh.nl", OrganisationID: 3, Action: audit.ActionView,
		RecordType: "case", Records: []string{"1", "2", "3"}, Detail: "GET /api/agenda/1", IP: "192.0.2.1"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Record(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}
