package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/database"
	"casusoverleg/internal/retention"
	"casusoverleg/internal/signing"
)

// TestDailyJobPrunesTheAuditLog: serve's daily retention job removes the audit
// events older than the audit log's retention period (84 months by default)
// under a signed checkpoint, keeps those a day younger, and the chain still
// verifies.
func TestDailyJobPrunesTheAuditLog(t *testing.T) {
	ctx := context.Background()
	getenv, path := sqliteEnv(t)
	if _, err := run(t, getenv, "migrate"); err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(ctx, database.Config{SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(db)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	cut := now.AddDate(0, -retention.DefaultAuditMonths, 0)
	at := cut.Add(-24 * time.Hour)
	log := audit.New(db, func() time.Time { return at })
	for _, when := range []time.Time{cut.Add(-24 * time.Hour), cut.Add(-time.Second), cut.Add(24 * time.Hour), now} {
		at = when
		if _, err := log.Record(ctx, audit.Event{Action: audit.ActionView, RecordType: "case", RecordID: "7"}); err != nil {
			t.Fatal(err)
		}
	}
	signer, _, err := signing.Load(ctx, db, signingConfig(getenv), now)
	if err != nil {
		t.Fatal(err)
	}
	ran, _, err := retentionJob(db, func() time.Time { return now }, signer.Key, signer.Cert).RunOnce(ctx)
	if err != nil || !ran {
		t.Fatalf("job: ran %v, %v", ran, err)
	}
	var left []time.Time
	if err := db.Table("audit_events").Order("seq").Pluck("at", &left).Error; err != nil {
		t.Fatal(err)
	}
	for _, a := range left {
		if a.Before(cut) {
			t.Errorf("event of %s kept, older than the cut %s", a, cut)
		}
	}
	if len(left) < 2 {
		t.Errorf("%d events left, want the two younger than the cut", len(left))
	}
	out, err := run(t, getenv, "audit", "verify")
	if err != nil || !strings.Contains(out, "signed checkpoint at event 2") {
		t.Fatalf("audit verify after the job: %q, %v", out, err)
	}
}
