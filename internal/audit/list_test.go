package audit_test

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/dbtest"
)

func TestList(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	if err := errors.Join(audit.MigrateSchema(db), audit.MigrateCheckpoints(db), audit.MigrateRecords(db)); err != nil {
		t.Fatal(err)
	}
	// A clock that ticks 1.5 s per event, so the events have distinct times
	// with a fractional second half of the time.
	tick := dbtest.Clock
	l := audit.New(db, func() time.Time { tick = tick.Add(1500 * time.Millisecond); return tick })
	inputs := []audit.Event{
		{UserID: 1, OrganisationID: 10, Action: audit.ActionLogin, RecordType: "session"},
		{UserID: 1, OrganisationID: 10, Action: audit.ActionView, RecordType: "case", RecordID: "42"},
		{UserID: 2, OrganisationID: 20, Action: audit.ActionView, RecordType: "case", RecordID: "42"},
		{UserID: 2, OrganisationID: 20, Action: audit.ActionUpdate, RecordType: "case", RecordID: "43"},
		{UserID: 1, OrganisationID: 10, Action: audit.ActionExport, RecordType: "minutes", RecordID: "42"},
		{UserEmail: "who@x.nl", Action: audit.ActionLoginFailed, RecordType: "session"},
	}
	var stored []audit.Event
	for _, e := range inputs {
		s, err := l.Record(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, s)
	}
	for _, tc := range []struct {
		name  string
		f     audit.Filter
		seqs  []int64
		total int64
	}{
		{"OK/all newest first", audit.Filter{}, []int64{6, 5, 4, 3, 2, 1}, 6},
		{"OK/user", audit.Filter{UserID: 1}, []int64{5, 2, 1}, 3},
		{"OK/organisation", audit.Filter{OrganisationID: 20}, []int64{4, 3}, 2},
		{"OK/action", audit.Filter{Action: audit.ActionView}, []int64{3, 2}, 2},
		{"OK/record", audit.Filter{RecordType: "case", RecordID: "42"}, []int64{3, 2}, 2},
		{"OK/record id", audit.Filter{RecordID: "42"}, []int64{5, 3, 2}, 3},
		{"OK/from inclusive", audit.Filter{From: stored[3].At}, []int64{6, 5, 4}, 3},
		{"OK/to exclusive", audit.Filter{To: stored[2].At}, []int64{2, 1}, 2},
		{"OK/between", audit.Filter{From: stored[1].At.Add(time.Microsecond), To: stored[4].At.Add(time.Microsecond)}, []int64{5, 4, 3}, 3},
		{"OK/other zone", audit.Filter{From: stored[4].At.In(time.FixedZone("CET", 3600))}, []int64{6, 5}, 2},
		{"OK/page", audit.Filter{Limit: 2, Offset: 1}, []int64{5, 4}, 6},
		{"OK/page past end", audit.Filter{Offset: 10}, []int64{}, 6},
		{"OK/combined", audit.Filter{UserID: 2, Action: audit.ActionUpdate}, []int64{4}, 1},
		{"OK/none", audit.Filter{UserID: 99}, []int64{}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := l.List(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if total != tc.total || len(got) != len(tc.seqs) {
				t.Fatalf("List = %d events, total %d; want %v, total %d", len(got), total, tc.seqs, tc.total)
			}
			for i, e := range got {
				if e.Seq != tc.seqs[i] {
					t.Fatalf("event %d has seq %d; want %v", i, e.Seq, tc.seqs)
				}
				if !reflect.DeepEqual(e, stored[e.Seq-1]) {
					t.Fatalf("listed %+v; recorded %+v", e, stored[e.Seq-1])
				}
			}
			latest, err := l.Latest(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(latest, got) {
				t.Fatalf("Latest = %v, List = %v", latest, got)
			}
		})
	}
}

func TestFilterNormalize(t *testing.T) {
	for _, tc := range []struct {
		name       string
		in         audit.Filter
		limit, off int
	}{
		{"OK/default limit", audit.Filter{}, audit.DefaultLimit, 0},
		{"OK/kept", audit.Filter{Limit: 10, Offset: 20}, 10, 20},
		{"OK/capped", audit.Filter{Limit: 10000}, audit.MaxLimit, 0},
		{"OK/negative offset", audit.Filter{Limit: -1, Offset: -5}, audit.DefaultLimit, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.in.Normalize()
			if got.Limit != tc.limit || got.Offset != tc.off {
				t.Fatalf("Normalize = %d, %d; want %d, %d", got.Limit, got.Offset, tc.limit, tc.off)
			}
		})
	}
}

// stealSeq makes the first n inserts into audit_events collide: just before
// each, it inserts another event with the same seq in the same transaction,
// as a concurrent writer without the lock would. It returns the insert count.
func stealSeq(t *testing.T, db *gorm.DB, n int64) *atomic.Int64 {
	t.Helper()
	var calls atomic.Int64
	err := db.Callback().Create().Before("gorm:create").Register("test:steal_seq", func(tx *gorm.DB) {
		if tx.Statement.Table != "audit_events" || calls.Add(1) > n {
			return
		}
		first := tx.Statement.ReflectValue
		if first.Kind() == reflect.Slice { // RecordMany inserts a batch
			first = first.Index(0)
		}
		seq := first.FieldByName("Seq").Int()
		err := tx.Session(&gorm.Session{NewDB: true}).Exec("INSERT INTO audit_events (seq, at, user_id, user_email, organisation_id, "+
			"action, record_type, record_id, detail, ip, prev_hash, hash) VALUES (?, ?, 0, '', 0, 'view', '', '', 'other', '', '', '')",
			seq, dbtest.Clock).Error
		if err != nil {
			t.Errorf("steal seq %d: %v", seq, err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return &calls
}

func TestRecordRetry(t *testing.T) {
	ctx := context.Background()
	t.Run("OK/retried after collision", func(t *testing.T) {
		l, db := newLog(t)
		calls := stealSeq(t, db, 1)
		e, err := l.Record(ctx, audit.Event{Action: audit.ActionView})
		if err != nil || e.Seq != 1 {
			t.Fatalf("Record = %+v, %v; want seq 1", e, err)
		}
		if calls.Load() != 2 {
			t.Errorf("inserts = %d; want 2", calls.Load())
		}
		if n, err := l.Verify(ctx); n != 1 || err != nil {
			t.Errorf("Verify = %d, %v; want 1, nil", n, err)
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		l, db := newLog(t)
		stealSeq(t, db, 1000)
		if _, err := l.Record(ctx, audit.Event{Action: audit.ActionView}); !errors.Is(err, audit.ErrConflict) {
			t.Fatalf("err = %v; want ErrConflict", err)
		}
		if n, err := l.Verify(ctx); n != 0 || err != nil {
			t.Errorf("Verify = %d, %v; want 0, nil (nothing written)", n, err)
		}
	})
}

func TestRecordMany(t *testing.T) {
	ctx := context.Background()
	l, _ := newLog(t)
	if _, err := l.Record(ctx, audit.Event{Action: audit.ActionLogin, UserEmail: "a@x.nl"}); err != nil {
		t.Fatal(err)
	}
	batch := []audit.Event{
		{Action: audit.ActionView, RecordType: "case", RecordID: "1"},
		{Action: audit.ActionView, RecordType: "case", RecordID: "2"},
		{Action: audit.ActionView, RecordType: "case", RecordID: "3"},
	}
	stored, err := l.RecordMany(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 3 || stored[0].Seq != 2 || stored[2].Seq != 4 || stored[1].PrevHash != stored[0].Hash {
		t.Fatalf("RecordMany() = %+v", stored)
	}
	if n, err := l.Verify(ctx); err != nil || n != 4 {
		t.Fatalf("Verify() = %d, %v", n, err)
	}
	if _, err := l.RecordMany(ctx, []audit.Event{{Action: "peek"}}); err == nil {
		t.Fatal("an unknown action was recorded")
	}
}

func TestReadsOf(t *testing.T) {
	ctx := context.Background()
	l, _ := newLog(t)
	for _, e := range []audit.Event{
		{UserID: 1, OrganisationID: 3, Action: audit.ActionView, RecordType: "case", RecordID: "1"},
		{UserID: 2, OrganisationID: 4, Action: audit.ActionUpdate, RecordType: "case", RecordID: "1"},
		{UserID: 2, OrganisationID: 4, Action: audit.ActionExport, RecordType: "case", RecordID: "2"},
		{UserID: 3, OrganisationID: 5, Action: audit.ActionView, RecordType: "case", RecordID: "3"},
		{UserID: 3, OrganisationID: 5, Action: audit.ActionView, RecordType: "minutes", RecordID: "1"},
	} {
		if _, err := l.Record(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("OK", func(t *testing.T) {
		got, err := l.ReadsOf(ctx, "case", []string{"1", "2"})
		if err != nil || len(got) != 2 || got[0].Seq != 1 || got[1].Seq != 3 {
			t.Fatalf("ReadsOf = %+v, %v; want events 1 and 3", got, err)
		}
	})
	t.Run("OK/one event listing several records", func(t *testing.T) {
		e, err := l.Record(ctx, audit.Event{UserID: 6, OrganisationID: 7, Action: audit.ActionView, RecordType: "case", Records: []string{"9", "2", "8"}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := l.ReadsOf(ctx, "case", []string{"2", "8"})
		if err != nil || len(got) != 3 {
			t.Fatalf("ReadsOf = %+v, %v; want event 3 for case 2 and the list event for cases 2 and 8", got, err)
		}
		if got[0].Seq != 3 || got[1].Seq != e.Seq || got[1].RecordID != "2" || got[2].Seq != e.Seq || got[2].RecordID != "8" || got[2].UserID != 6 {
			t.Errorf("ReadsOf = %+v", got)
		}
	})
	t.Run("OK/none asked", func(t *testing.T) {
		if got, err := l.ReadsOf(ctx, "case", nil); err != nil || len(got) != 0 {
			t.Fatalf("ReadsOf = %+v, %v", got, err)
		}
	})
}
