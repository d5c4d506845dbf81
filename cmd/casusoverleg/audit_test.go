package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/database"
)

func TestAuditPrune(t *testing.T) {
	getenv, path := sqliteEnv(t)
	if _, err := run(t, getenv, "migrate"); err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(context.Background(), database.Config{SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(db)
	// Three events in 2025, two now.
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	log := audit.New(db, func() time.Time { return at })
	record := func(n int) {
		for range n {
			if _, err := log.Record(context.Background(), audit.Event{Action: audit.ActionView, RecordType: "case", RecordID: "1"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	record(3)
	at = time.Now()
	record(2)

	for _, bad := range [][]string{{"prune"}, {"prune", "--before", "gisteren"}, {"prune", "--before", "2999-01-01"}, {"shred"}, {}} {
		if _, err := run(t, getenv, append([]string{"audit"}, bad...)...); err == nil {
			t.Errorf("audit %v succeeded", bad)
		}
	}
	out, err := run(t, getenv, "audit", "prune", "--before", "2026-01-01")
	if err != nil || !strings.Contains(out, "3 events before 2026-01-01T00:00:00Z pruned; checkpoint at event 3") {
		t.Fatalf("audit prune: %q, %v", out, err)
	}
	if out, err := run(t, getenv, "audit", "prune", "--before", "2026-01-01"); err != nil || !strings.Contains(out, "no events before") {
		t.Fatalf("audit prune again: %q, %v", out, err)
	}
	out, err = run(t, getenv, "audit", "verify")
	if err != nil || !strings.Contains(out, "2 events verified after the signed checkpoint at event 3") || !strings.Contains(out, "head is event 5") {
		t.Fatalf("audit verify after prune: %q, %v", out, err)
	}
	if err := db.Exec("UPDATE audit_checkpoints SET hash = substr(hash, 2) || substr(hash, 1, 1)").Error; err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, getenv, "audit", "verify"); err == nil || !strings.Contains(err.Error(), "checkpoint") {
		t.Fatalf("audit verify after tampering with the checkpoint: %v", err)
	}
}
