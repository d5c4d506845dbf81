package audit_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"gorm.io/gorm"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/dbtest"
)

// newLog returns a Log on a fresh database with the audit table, and that database.
func newLog(t *testing.T) (*audit.Log, *gorm.DB) {
	t.Helper()
	db := dbtest.Open(t)
	if err := errors.Join(audit.MigrateSchema(db), audit.MigrateCheckpoints(db), audit.MigrateRecords(db), audit.MigrateTexts(db)); err != nil {
		t.Fatalf("migrate audit: %v", err)
	}
	return audit.New(db, dbtest.Now), db
}

// recordN appends n view events of case 1..n and returns them as stored.
func recordN(t *testing.T, l *audit.Log, n int) []audit.Event {
	t.Helper()
	out := make([]audit.Event, n)
	for i := range out {
		e, err := l.Record(context.Background(), audit.Event{UserID: 7, UserEmail: "chair@zvh.nl", OrganisationID: 3,
			Action: audit.ActionView, RecordType: "case", RecordID: fmt.Sprint(i + 1), Detail: fmt.Sprintf("2026-%04d", i+1), IP: "192.0.2.1"})
		if err != nil {
			t.Fatalf("record %d: %v", i+1, err)
		}
		out[i] = e
	}
	return out
}

// exec runs raw SQL, as someone tampering with the table would.
func exec(t *testing.T, db *gorm.DB, sql string, args ...any) {
	t.Helper()
	if err := db.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// wantBroken fails unless err is a *BrokenError at seq after wantChecked intact events.
func wantBroken(t *testing.T, checked int64, err error, seq, wantChecked int64) {
	t.Helper()
	var b *audit.BrokenError
	if !errors.As(err, &b) || !errors.Is(err, audit.ErrBroken) {
		t.Fatalf("Verify err = %v; want *BrokenError at %d", err, seq)
	}
	if b.Seq != seq {
		t.Fatalf("Verify broken at %d (%v); want %d", b.Seq, err, seq)
	}
	if checked != wantChecked {
		t.Errorf("checked = %d; want %d", checked, wantChecked)
	}
}

func TestRecord(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		l, _ := newLog(t)
		got := recordN(t, l, 3)
		for i, e := range got {
			if e.Seq != int64(i+1) || !e.At.Equal(dbtest.Clock) || len(e.Hash) != 64 {
				t.Errorf("event %d = %+v", i+1, e)
			}
			if i == 0 && e.PrevHash != "" || i > 0 && e.PrevHash != got[i-1].Hash {
				t.Errorf("event %d PrevHash = %q", i+1, e.PrevHash)
			}
		}
		head, err := l.Head(ctx)
		if err != nil || !reflect.DeepEqual(head, got[2]) {
			t.Errorf("Head = %+v, %v; want %+v", head, err, got[2])
		}
	})
	t.Run("OK/assigned fields ignored", func(t *testing.T) {
		l, _ := newLog(t)
		e, err := l.Record(ctx, audit.Event{Seq: 99, PrevHash: "x", Hash: "y", Action: audit.ActionLogout})
		if err != nil || e.Seq != 1 || e.PrevHash != "" || e.Hash == "y" {
			t.Fatalf("Record = %+v, %v", e, err)
		}
	})
	t.Run("OK/cleaned", func(t *testing.T) {
		l, _ := newLog(t)
		e, err := l.Record(ctx, audit.Event{Action: audit.ActionLoginFailed, UserEmail: "a\x00b\n\xffc@x.nl",
			RecordType: "session", Detail: strings.Repeat("é", audit.MaxDetail+10)})
		if err != nil {
			t.Fatal(err)
		}
		if e.UserEmail != "a\uFFFDb\uFFFD\uFFFDc@x.nl" || utf8.RuneCountInString(e.Detail) != audit.MaxDetail {
			t.Errorf("cleaned = %q, %d runes", e.UserEmail, utf8.RuneCountInString(e.Detail))
		}
		list, _, err := l.List(ctx, audit.Filter{})
		if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], e) {
			t.Errorf("stored = %+v, %v; want %+v", list, err, e)
		}
		if n, err := l.Verify(ctx); n != 1 || err != nil {
			t.Errorf("Verify = %d, %v", n, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		l, _ := newLog(t)
		if _, err := l.Record(ctx, audit.Event{Action: "peek"}); !errors.Is(err, audit.ErrInvalid) {
			t.Fatalf("err = %v; want ErrInvalid", err)
		}
	})
	t.Run("ErrNotFound/empty head", func(t *testing.T) {
		l, _ := newLog(t)
		if _, err := l.Head(ctx); !errors.Is(err, audit.ErrNotFound) {
			t.Fatalf("err = %v; want ErrNotFound", err)
		}
	})
}

func TestVerify(t *testing.T) {
	ctx := context.Background()
	t.Run("OK/empty", func(t *testing.T) {
		l, _ := newLog(t)
		if n, err := l.Verify(ctx); n != 0 || err != nil {
			t.Fatalf("Verify = %d, %v; want 0, nil", n, err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		l, _ := newLog(t)
		recordN(t, l, 5)
		if n, err := l.Verify(ctx); n != 5 || err != nil {
			t.Fatalf("Verify = %d, %v; want 5, nil", n, err)
		}
	})
	t.Run("OK/last deleted is undetectable", func(t *testing.T) {
		l, db := newLog(t)
		recordN(t, l, 4)
		exec(t, db, "DELETE FROM audit_events WHERE seq = 4")
		if n, err := l.Verify(ctx); n != 3 || err != nil {
			t.Fatalf("Verify = %d, %v; want 3, nil (a pure chain cannot see this)", n, err)
		}
	})
	for _, tc := range []struct {
		name         string
		sql          string
		seq, checked int64
	}{
		{"changed/detail", "UPDATE audit_events SET detail = '2026-9999' WHERE seq = 2", 2, 1},
		{"changed/user", "UPDATE audit_events SET user_id = 8 WHERE seq = 3", 3, 2},
		{"changed/email", "UPDATE audit_events SET user_email = 'x@zvh.nl' WHERE seq = 1", 1, 0},
		{"changed/hash", "UPDATE audit_events SET hash = prev_hash WHERE seq = 2", 2, 1},
		{"changed/prev_hash", "UPDATE audit_events SET prev_hash = '' WHERE seq = 4", 4, 3},
		{"deleted", "DELETE FROM audit_events WHERE seq = 2", 3, 1},
		{"deleted/first", "DELETE FROM audit_events WHERE seq = 1", 2, 0},
		{"inserted", "INSERT INTO audit_events (seq, at, user_id, user_email, organisation_id, action, record_type, record_id, detail, ip, prev_hash, hash) " +
			"SELECT seq + 100, at, user_id, user_email, organisation_id, action, record_type, record_id, detail, ip, prev_hash, hash FROM audit_events WHERE seq = 1", 101, 4},
		{"renumbered", "UPDATE audit_events SET seq = seq + 1 WHERE seq = 4", 5, 3},
	} {
		t.Run("ErrBroken/"+tc.name, func(t *testing.T) {
			l, db := newLog(t)
			recordN(t, l, 4)
			exec(t, db, tc.sql)
			n, err := l.Verify(ctx)
			wantBroken(t, n, err, tc.seq, tc.checked)
		})
	}
	t.Run("ErrBroken/swapped", func(t *testing.T) {
		l, db := newLog(t)
		recordN(t, l, 4)
		exec(t, db, "UPDATE audit_events SET seq = -2 WHERE seq = 2")
		exec(t, db, "UPDATE audit_events SET seq = 2 WHERE seq = 3")
		exec(t, db, "UPDATE audit_events SET seq = 3 WHERE seq = -2")
		n, err := l.Verify(ctx)
		wantBroken(t, n, err, 2, 1)
	})
	t.Run("ErrBroken/rewritten with a valid hash", func(t *testing.T) {
		l, db := newLog(t)
		recordN(t, l, 3)
		// The forger builds the same chain elsewhere with event 2 changed and
		// copies the consistent row over: event 3 no longer follows it.
		forger, _ := newLog(t)
		recordN(t, forger, 1)
		forged, err := forger.Record(ctx, audit.Event{UserID: 7, UserEmail: "chair@zvh.nl", OrganisationID: 3,
			Action: audit.ActionView, RecordType: "case", RecordID: "2", Detail: "nothing to see", IP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		exec(t, db, "UPDATE audit_events SET detail = ?, hash = ? WHERE seq = 2", forged.Detail, forged.Hash)
		n, err := l.Verify(ctx)
		wantBroken(t, n, err, 3, 2)
	})
	t.Run("ErrBroken/beyond one batch", func(t *testing.T) {
		if testing.Short() {
			t.Skip("records 1100 events")
		}
		l, db := newLog(t)
		recordN(t, l, 1100)
		exec(t, db, "UPDATE audit_events SET detail = 'x' WHERE seq = 1050")
		n, err := l.Verify(ctx)
		wantBroken(t, n, err, 1050, 1049)
	})
}

func TestRecordConcurrent(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		ctx := context.Background()
		l, _ := newLog(t)
		const workers, each = 8, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					_, err := l.Record(ctx, audit.Event{UserID: int64(w + 1), Action: audit.ActionView, RecordType: "case", RecordID: fmt.Sprint(i)})
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("Record: %v", err)
			}
		}
		if n, err := l.Verify(ctx); n != workers*each || err != nil {
			t.Fatalf("Verify = %d, %v; want %d, nil", n, err, workers*each)
		}
		list, total, err := l.List(ctx, audit.Filter{Limit: audit.MaxLimit})
		if err != nil || total != workers*each || len(list) != workers*each {
			t.Fatalf("List = %d events, total %d, %v", len(list), total, err)
		}
		for i, e := range list {
			if want := int64(workers*each - i); e.Seq != want {
				t.Fatalf("list[%d].Seq = %d; want %d", i, e.Seq, want)
			}
		}
	})
}

// Concurrent calls are written together (group commit); each still gets its
// own events back, in order and chained, exactly as stored.
func TestRecordManyConcurrentGetsOwnEvents(t *testing.T) {
	ctx := context.Background()
	l, _ := newLog(t)
	const calls = 40
	results := make([][]audit.Event, calls)
	var wg sync.WaitGroup
	for c := range calls {
		wg.Go(func() {
			in := make([]audit.Event, 3)
			for i := range in {
				in[i] = audit.Event{UserID: int64(c + 1), Action: audit.ActionView, RecordType: "case", RecordID: fmt.Sprint(i)}
			}
			got, err := l.RecordMany(ctx, in)
			if err != nil {
				t.Errorf("call %d: %v", c, err)
				return
			}
			results[c] = got
		})
	}
	wg.Wait()
	list, _, err := l.List(ctx, audit.Filter{Limit: audit.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	bySeq := map[int64]audit.Event{}
	for _, e := range list {
		bySeq[e.Seq] = e
	}
	for c, got := range results {
		if len(got) != 3 {
			t.Fatalf("call %d got %d events", c, len(got))
		}
		for i, e := range got {
			if e.UserID != int64(c+1) || e.RecordID != fmt.Sprint(i) {
				t.Errorf("call %d event %d is someone else's: %+v", c, i, e)
			}
			if i > 0 && (e.Seq != got[i-1].Seq+1 || e.PrevHash != got[i-1].Hash) {
				t.Errorf("call %d: event %d does not follow the one before it", c, i)
			}
			if !reflect.DeepEqual(bySeq[e.Seq], e) {
				t.Errorf("call %d: returned %+v, stored %+v", c, e, bySeq[e.Seq])
			}
		}
	}
	if n, err := l.Verify(ctx); n != 3*calls || err != nil {
		t.Fatalf("Verify = %d, %v; want %d, nil", n, err, 3*calls)
	}
}
