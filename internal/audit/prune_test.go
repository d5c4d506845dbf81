package audit_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/pdfsign"
)

// deploymentKey is one self-signed deployment key for the whole package (RSA
// generation is slow), as internal/signing makes on first start.
var deploymentKey = sync.OnceValues(func() (*pdfsign.Signer, error) {
	return pdfsign.SelfSigned("Zorg- en Veiligheidshuis Test", dbtest.Clock)
})

func signer(t *testing.T) *pdfsign.Signer {
	t.Helper()
	s, err := deploymentKey()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// clock is a settable clock shared by the Logs of one test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// prunableLog returns a Log with the deployment key on a fresh database, its
// clock (at dbtest.Clock) and the database.
func prunableLog(t *testing.T) (*audit.Log, *clock, *gorm.DB) {
	t.Helper()
	_, db := newLog(t)
	c := &clock{t: dbtest.Clock}
	s := signer(t)
	return audit.New(db, c.now, audit.WithKey(s.Key, s.Cert)), c, db
}

// history records three events at dbtest.Clock and two an hour later.
func history(t *testing.T, l *audit.Log, c *clock) {
	t.Helper()
	c.set(dbtest.Clock)
	recordN(t, l, 3)
	c.set(dbtest.Clock.Add(time.Hour))
	recordN(t, l, 2)
}

func wantVerified(t *testing.T, l *audit.Log, want int64) {
	t.Helper()
	if n, err := l.Verify(context.Background()); n != want || err != nil {
		t.Fatalf("Verify = %d, %v; want %d, nil", n, err, want)
	}
}

func TestPrune(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name         string
		before       time.Time
		pruned, kept int64
	}{
		{"OK/at the moment nothing is older", dbtest.Clock, 0, 5},
		{"OK/just after the moment", dbtest.Clock.Add(time.Nanosecond), 3, 2},
		{"OK/just before the later events", dbtest.Clock.Add(time.Hour), 3, 2},
		{"OK/after everything", dbtest.Clock.Add(time.Hour + time.Microsecond), 5, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, c, _ := prunableLog(t)
			history(t, l, c)
			c.set(dbtest.Clock.Add(48 * time.Hour))
			res, err := l.Prune(ctx, tc.before)
			if err != nil || res.Pruned != tc.pruned {
				t.Fatalf("Prune = %+v, %v; want %d pruned", res, err, tc.pruned)
			}
			wantVerified(t, l, tc.kept)
			if tc.pruned > 0 && (res.Checkpoint.Seq != tc.pruned || !res.Checkpoint.PrunedAt.Equal(c.now()) || res.Checkpoint.Signature == "") {
				t.Errorf("checkpoint = %+v", res.Checkpoint)
			}
			// The chain goes on after the checkpoint, also when nothing is left.
			e, err := l.Record(ctx, audit.Event{Action: audit.ActionLogin, UserID: 9})
			if err != nil || e.Seq != 6 {
				t.Fatalf("Record after prune = %+v, %v; want seq 6", e, err)
			}
			wantVerified(t, l, tc.kept+1)
			if head, err := l.Head(ctx); err != nil || head.Seq != 6 {
				t.Errorf("Head = %+v, %v", head, err)
			}
		})
	}
	t.Run("OK/twice", func(t *testing.T) {
		l, c, _ := prunableLog(t)
		history(t, l, c)
		if res, err := l.Prune(ctx, dbtest.Clock.Add(time.Minute)); err != nil || res.Pruned != 3 {
			t.Fatalf("first Prune = %+v, %v", res, err)
		}
		if res, err := l.Prune(ctx, dbtest.Clock.Add(time.Minute)); err != nil || res.Pruned != 0 || res.Checkpoint.Seq != 3 {
			t.Fatalf("same Prune again = %+v, %v; want nothing pruned", res, err)
		}
		res, err := l.Prune(ctx, dbtest.Clock.Add(2*time.Hour))
		if err != nil || res.Pruned != 2 || res.Checkpoint.Seq != 5 {
			t.Fatalf("second Prune = %+v, %v", res, err)
		}
		wantVerified(t, l, 0)
		if cp, err := l.LatestCheckpoint(ctx); err != nil || cp != res.Checkpoint {
			t.Errorf("LatestCheckpoint = %+v, %v; want %+v", cp, err, res.Checkpoint)
		}
	})
	t.Run("ErrNotFound/never pruned", func(t *testing.T) {
		l, _, _ := prunableLog(t)
		if _, err := l.LatestCheckpoint(ctx); !errors.Is(err, audit.ErrNotFound) {
			t.Fatalf("err = %v; want ErrNotFound", err)
		}
	})
	t.Run("ErrNoKey", func(t *testing.T) {
		l, db := newLog(t)
		recordN(t, l, 2)
		if _, err := l.Prune(ctx, dbtest.Clock.Add(time.Hour)); !errors.Is(err, audit.ErrNoKey) {
			t.Fatalf("Prune without a key: %v; want ErrNoKey", err)
		}
		wantVerified(t, l, 2)
		// A log that was pruned cannot be verified without the certificate.
		s := signer(t)
		if _, err := audit.New(db, dbtest.Now, audit.WithKey(s.Key, s.Cert)).Prune(ctx, dbtest.Clock.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Verify(ctx); !errors.Is(err, audit.ErrNoKey) {
			t.Fatalf("Verify without the certificate: %v; want ErrNoKey", err)
		}
	})
	t.Run("ErrBroken/refuses to vouch for a broken chain", func(t *testing.T) {
		l, c, db := prunableLog(t)
		history(t, l, c)
		exec(t, db, "UPDATE audit_events SET detail = 'x' WHERE seq = 2")
		_, err := l.Prune(ctx, dbtest.Clock.Add(2*time.Hour))
		var b *audit.BrokenError
		if !errors.As(err, &b) || b.Seq != 2 {
			t.Fatalf("Prune of a broken chain = %v; want *BrokenError at 2", err)
		}
		var n int64
		db.Table("audit_events").Count(&n)
		if n != 5 {
			t.Fatalf("%d events left; want all 5", n)
		}
		if _, err := l.LatestCheckpoint(ctx); !errors.Is(err, audit.ErrNotFound) {
			t.Fatalf("a checkpoint was written: %v", err)
		}
	})
}

func TestVerifyCheckpoint(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ name, sql string }{
		{"hash", "UPDATE audit_checkpoints SET hash = substr(hash, 2) || substr(hash, 1, 1)"},
		{"seq", "UPDATE audit_checkpoints SET seq = seq + 1"},
		{"count", "UPDATE audit_checkpoints SET pruned = pruned + 1"},
		{"signature", "UPDATE audit_checkpoints SET signature = 'AAAA' || substr(signature, 5)"},
		{"signature unreadable", "UPDATE audit_checkpoints SET signature = '*'"},
		{"certificate", "UPDATE audit_checkpoints SET cert_sha256 = substr(cert_sha256, 2) || substr(cert_sha256, 1, 1)"},
	} {
		t.Run("ErrBroken/tampered "+tc.name, func(t *testing.T) {
			l, c, db := prunableLog(t)
			history(t, l, c)
			if _, err := l.Prune(ctx, dbtest.Clock.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			exec(t, db, tc.sql)
			if _, err := l.Verify(ctx); !errors.Is(err, audit.ErrBroken) {
				t.Fatalf("Verify after tampering with the checkpoint's %s: %v; want ErrBroken", tc.name, err)
			}
		})
	}
	t.Run("ErrBroken/checkpoint deleted", func(t *testing.T) {
		l, c, db := prunableLog(t)
		history(t, l, c)
		if _, err := l.Prune(ctx, dbtest.Clock.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		exec(t, db, "DELETE FROM audit_checkpoints")
		n, err := l.Verify(ctx)
		wantBroken(t, n, err, 4, 0)
	})
	t.Run("ErrBroken/event after the checkpoint changed", func(t *testing.T) {
		l, c, db := prunableLog(t)
		history(t, l, c)
		if _, err := l.Prune(ctx, dbtest.Clock.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		exec(t, db, "UPDATE audit_events SET prev_hash = '' WHERE seq = 4")
		n, err := l.Verify(ctx)
		wantBroken(t, n, err, 4, 0)
	})
	t.Run("ErrBroken/another key", func(t *testing.T) {
		l, c, db := prunableLog(t)
		history(t, l, c)
		other, err := pdfsign.SelfSigned("Someone else", dbtest.Clock)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := audit.New(db, c.now, audit.WithKey(other.Key, other.Cert)).Prune(ctx, dbtest.Clock.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Verify(ctx); !errors.Is(err, audit.ErrBroken) {
			t.Fatalf("Verify of a checkpoint signed by another key: %v; want ErrBroken", err)
		}
	})
}

// Two app servers prune at once while requests keep appending: the events are
// pruned once, under one checkpoint, and the chain still verifies.
func TestPruneConcurrent(t *testing.T) {
	ctx := context.Background()
	l, c, db := prunableLog(t)
	history(t, l, c)
	s := signer(t)
	other := audit.New(db, c.now, audit.WithKey(s.Key, s.Cert)) // the second app server
	const writers, each = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each+2)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				_, err := []*audit.Log{l, other}[w%2].Record(ctx, audit.Event{UserID: int64(w + 1), Action: audit.ActionView, RecordType: "case", RecordID: fmt.Sprint(i)})
				errs <- err
			}
		})
	}
	results := make([]audit.PruneResult, 2)
	for i, log := range []*audit.Log{l, other} {
		wg.Go(func() {
			var err error
			results[i], err = log.Prune(ctx, dbtest.Clock.Add(30*time.Minute))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := results[0].Pruned + results[1].Pruned; got != 3 {
		t.Fatalf("pruned %d + %d events; want 3 in all", results[0].Pruned, results[1].Pruned)
	}
	var checkpoints int64
	db.Table("audit_checkpoints").Count(&checkpoints)
	if checkpoints != 1 {
		t.Fatalf("%d checkpoints; want 1", checkpoints)
	}
	wantVerified(t, l, 2+writers*each)
}
