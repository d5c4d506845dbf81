package audit_test

import (
	"context"
	"errors"
	"testing"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/dbtest"
)

// One event listing several records is found by each of them, beside events
// for one record alone; an export is a read as much as a view; the chain
// verifies, and a removed or changed index row or a changed list breaks it.
func TestReadsOfListedRecords(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	if err := errors.Join(audit.MigrateSchema(db), audit.MigrateRecords(db)); err != nil {
		t.Fatal(err)
	}
	l := audit.New(db, nil)
	for _, e := range []audit.Event{
		{UserID: 1, Action: audit.ActionView, RecordType: "case", RecordID: "42", Detail: "case page"},
		{UserID: 2, Action: audit.ActionView, RecordType: "case", Records: []string{"41", "42", "43"}, Detail: "agenda"},
		{UserID: 3, Action: audit.ActionView, RecordType: "person_match", Records: []string{"42"}, Detail: "other type"},
		{UserID: 4, Action: audit.ActionUpdate, RecordType: "case", RecordID: "42", Detail: "not a read"},
		{UserID: 5, Action: audit.ActionView, RecordType: "case", Records: []string{"43", "44"}, Detail: "list"},
		{UserID: 6, Action: audit.ActionExport, RecordType: "case", Records: []string{"41", "44"}, Detail: "signed minutes PDF"},
	} {
		if _, err := l.Record(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		record string
		users  []int64
	}{{"42", []int64{2, 1}}, {"43", []int64{5, 2}}, {"41", []int64{6, 2}}, {"44", []int64{6, 5}}, {"45", nil}} {
		reads, err := l.LatestReads(ctx, "case", tc.record, 10)
		if err != nil {
			t.Fatal(err)
		}
		var users []int64
		for _, e := range reads {
			users = append(users, e.UserID)
		}
		if len(users) != len(tc.users) || (len(users) > 0 && users[0] != tc.users[0]) || (len(users) > 1 && users[1] != tc.users[1]) {
			t.Errorf("LatestReads(case %s) by users %v, want %v (newest first)", tc.record, users, tc.users)
		}
	}
	if _, total, err := l.List(ctx, audit.Filter{RecordID: "42"}); err != nil || total != 4 {
		t.Errorf("List(record 42) total %d, %v; want 4 (three reads of two types and the update)", total, err)
	}
	if n, err := l.Verify(ctx); err != nil || n != 6 {
		t.Fatalf("Verify = %d, %v; want 6, nil", n, err)
	}
	for name, tamper := range map[string]string{
		"index row removed": "DELETE FROM audit_event_records WHERE record_id = '42' AND seq = 2",
		"index row moved":   "UPDATE audit_event_records SET record_id = '49' WHERE record_id = '43' AND seq = 5",
		"list changed":      "UPDATE audit_events SET records = '41,43' WHERE seq = 2",
	} {
		t.Run("ErrBroken/"+name, func(t *testing.T) {
			tx := db.Begin()
			defer tx.Rollback()
			if err := tx.Exec(tamper).Error; err != nil {
				t.Fatal(err)
			}
			if _, err := audit.New(tx, nil).Verify(ctx); !errors.Is(err, audit.ErrBroken) {
				t.Errorf("Verify after %s: %v, want ErrBroken", name, err)
			}
		})
	}
}

// The latest views of a record are found behind more of its other events
// than one batch of the index walk holds.
func TestLatestReadsBehindOtherEvents(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	if err := errors.Join(audit.MigrateSchema(db), audit.MigrateRecords(db)); err != nil {
		t.Fatal(err)
	}
	l := audit.New(db, nil)
	events := []audit.Event{
		{UserID: 7, Action: audit.ActionView, RecordType: "case", RecordID: "77", Detail: "oldest view"},
		{UserID: 8, Action: audit.ActionView, RecordType: "case", Records: []string{"76", "77"}, Detail: "list"},
	}
	for range 150 {
		events = append(events, audit.Event{UserID: 9, Action: audit.ActionUpdate, RecordType: "case", RecordID: "77", Detail: "not a read"})
	}
	if _, err := l.RecordMany(ctx, events); err != nil {
		t.Fatal(err)
	}
	reads, err := l.LatestReads(ctx, "case", "77", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(reads) != 2 || reads[0].UserID != 8 || reads[1].UserID != 7 {
		t.Errorf("LatestReads(case 77) = %d reads, want those of users 8 and 7, newest first", len(reads))
	}
	if reads, err := l.LatestReads(ctx, "case", "77", 1); err != nil || len(reads) != 1 || reads[0].UserID != 8 {
		t.Errorf("LatestReads(case 77, 1) = %d reads, %v; want user 8's", len(reads), err)
	}
}
