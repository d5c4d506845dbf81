package conference_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

// TestCaseListWalksReferenceIndex: the cases list, newest first, is read by
// walking the reference index (year, seq) and stopping after a page, not by
// reading every case of the region and sorting them. The index is partial
// (seq > 0, so that a case stored before it is numbered is left out), and a
// planner uses it only when the query says seq > 0 itself: when the list
// lost that, the page cost a scan and a sort of all 10,000 cases of the
// benchmark region, a fifth of the load mix's CPU. The plan is asked of the
// database for the very statement Cases sends. On PostgreSQL, where a small
// table is cheaper to scan, scans and sorts are made unattractive first, so
// the plan shows whether the index can serve at all.
func TestCaseListWalksReferenceIndex(t *testing.T) {
	db := dbtest.Open(t)
	f := newFixtureOn(t, db)
	for range 5 {
		f.newCase(t, f.officer)
	}
	var listed []capturedSQL
	if err := db.Callback().Query().After("gorm:query").Register("test:capture", func(tx *gorm.DB) {
		if sql := tx.Statement.SQL.String(); strings.Contains(sql, "ORDER BY") && strings.Contains(sql, "cases") {
			listed = append(listed, capturedSQL{sql, append([]any(nil), tx.Statement.Vars...)})
		}
	}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	list, total, err := f.store.Cases(ctx, conference.ActorOf(&f.officer), conference.CaseFilter{})
	if err != nil || total != 5 || len(list) != 5 {
		t.Fatalf("Cases: %d of %d, %v; want 5 of 5", len(list), total, err)
	}
	if len(listed) != 1 {
		t.Fatalf("captured %d ordered statements, want the one page query: %v", len(listed), listed)
	}
	plan := explain(t, db, listed[0])
	if !strings.Contains(plan, "idx_case_ref") {
		t.Errorf("the cases list does not read the reference index idx_case_ref:\n%s\nplan:\n%s", listed[0].sql, plan)
	}
	if strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort") {
		t.Errorf("the cases list sorts its rows instead of reading them in index order:\n%s\nplan:\n%s", listed[0].sql, plan)
	}
}

type capturedSQL struct {
	sql  string
	vars []any
}

// explain returns the database's plan for q, one line per step.
func explain(t *testing.T, db *gorm.DB, q capturedSQL) string {
	t.Helper()
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if dbtest.Postgres() {
		for _, set := range []string{"SET enable_seqscan = off", "SET enable_sort = off", "SET enable_bitmapscan = off"} {
			if _, err := conn.ExecContext(ctx, set); err != nil {
				t.Fatal(err)
			}
		}
		defer conn.ExecContext(ctx, "RESET ALL") //nolint:errcheck // the connection is closed next
	}
	return dbtest.Explain(t, conn, q.sql, q.vars...)
}
