package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/database"
)

// sqliteEnv runs the commands on a SQLite file of the test's own.
func sqliteEnv(t *testing.T) (env, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	return func(k string) string {
		if k == "SQLITE_PATH" {
			return path
		}
		return ""
	}, path
}

func run(t *testing.T, getenv env, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Run(context.Background(), args, getenv, &out, &errOut)
	return out.String(), err
}

func TestSeedDemoIsIdempotent(t *testing.T) {
	getenv, path := sqliteEnv(t)
	first, err := run(t, getenv, "seed", "--demo")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first, "t.verhoeven@politie.example.nl") || !strings.Contains(first, "2026-0001") {
		t.Fatalf("seed output lacks the visibility table:\n%s", first)
	}
	if _, err := run(t, getenv, "seed", "--demo"); err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(context.Background(), database.Config{SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(db)
	store := conference.NewStore(db, nil)
	_, cases, _ := store.Cases(context.Background(), conference.System, conference.CaseFilter{})
	_, users, _ := store.Users(context.Background(), conference.UserFilter{})
	_, confs, _ := store.Conferences(context.Background(), conference.ConferenceFilter{})
	_, signed, _ := store.Conferences(context.Background(), conference.ConferenceFilter{Status: conference.StatusSigned})
	// Two series with a past and a next meeting each, and the demo's history: two signed meetings.
	if cases != 6 || users != 15 || confs != 6 || signed != 2 {
		t.Fatalf("after two seeds: %d cases, %d users, %d conferences (%d signed); want 6, 15, 6 (2)", cases, users, confs, signed)
	}
}

func TestTokenAndAuditVerify(t *testing.T) {
	getenv, path := sqliteEnv(t)
	if _, err := run(t, getenv, "seed", "--demo"); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, getenv, "token", "create"); err == nil || !strings.Contains(err.Error(), "--user") {
		t.Fatalf("token create without --user: %v", err)
	}
	out, err := run(t, getenv, "token", "create", "--user", "t.verhoeven@politie.example.nl")
	if err != nil || !strings.HasPrefix(out, "cso_") {
		t.Fatalf("token create: %q, %v", out, err)
	}
	if _, err := run(t, getenv, "token", "create", "--user", "nobody@example.nl"); err == nil {
		t.Fatal("token for an unknown user was created")
	}
	if out, err := run(t, getenv, "audit", "verify"); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify on a fresh log: %q, %v", out, err)
	}

	// Three events, then one is changed behind the application's back.
	db, err := database.Open(context.Background(), database.Config{SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(db)
	log := audit.New(db, nil)
	for _, d := range []string{"een", "twee", "drie"} {
		if _, err := log.Record(context.Background(), audit.Event{Action: audit.ActionView, RecordType: "case", RecordID: "1", Detail: d}); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := run(t, getenv, "audit", "verify"); err != nil || !strings.Contains(out, "3 events verified") {
		t.Fatalf("audit verify: %q, %v", out, err)
	}
	if err := db.Exec("UPDATE audit_events SET detail = 'vier' WHERE seq = 2").Error; err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, getenv, "audit", "verify"); err == nil || !strings.Contains(err.Error(), "audit event 2") {
		t.Fatalf("audit verify after tampering: %v, want an error naming event 2", err)
	}
}

func TestUnknownCommand(t *testing.T) {
	getenv, _ := sqliteEnv(t)
	if _, err := run(t, getenv, "frobnicate"); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("unknown command: %v", err)
	}
	if _, err := run(t, getenv, "seed"); err == nil {
		t.Fatal("seed without --demo succeeded")
	}
}
