package audit_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"gorm.io/gorm"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/dbtest"
)

// TestLatestReadsPlanStopsAtTheNewest: each step of the walk behind the case
// page's reads reads one index entry, even when the database's statistics
// say the record has few entries and it has thousands. PostgreSQL planned
// the first step, written as max(), as an aggregate over every entry of the
// record then (26 ms on the benchmark region's most read case); the plan is
// asked of the database for the very statement LatestReads sends, after the
// statistics were taken on an empty log.
func TestLatestReadsPlanStopsAtTheNewest(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	if err := errors.Join(audit.MigrateSchema(db), audit.MigrateRecords(db)); err != nil {
		t.Fatal(err)
	}
	if dbtest.Postgres() {
		if err := db.Exec("ANALYZE audit_event_records").Error; err != nil {
			t.Fatal(err)
		}
	}
	// Index entries alone: the plan reads no event.
	if err := db.Exec(`INSERT INTO audit_event_records (record_type, record_id, seq)
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT 'case', '42', i FROM n`).Error; err != nil {
		t.Fatal(err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	// The statement as gorm sends it (placeholders as the database writes them).
	stmt := db.Session(&gorm.Session{DryRun: true}).Raw(audit.LatestSeqsSQL, "case", "42", int64(math.MaxInt64), "case", "42", 40).Statement
	p := dbtest.Explain(t, sqlDB, stmt.SQL.String(), stmt.Vars...)
	if strings.Contains(p, "Aggregate") || strings.Contains(p, "SCAN audit_event_records") || strings.Contains(p, "Seq Scan") {
		t.Errorf("the walk reads all of a record's entries in a step:\n%s", p)
	}
	if !strings.Contains(p, "audit_event_records_pkey") && !strings.Contains(p, "sqlite_autoindex_audit_event_records_1") {
		t.Errorf("the walk does not step on the primary key:\n%s", p)
	}
	seqs, err := audit.New(db, nil).LatestSeqsOf(ctx, "case", "42", math.MaxInt64, 40)
	if err != nil || len(seqs) != 40 || seqs[0] != 5000 || seqs[39] != 4961 {
		t.Errorf("walk from the newest: %d seqs (%v), %v; want 5000 down to 4961", len(seqs), seqs, err)
	}
}
