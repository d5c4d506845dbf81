package auth_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/auth"
	"casusoverleg/internal/cache"
	"casusoverleg/internal/database"
	"casusoverleg/internal/dbtest"
)

// sessionsVersion reads the counter the session cache is checked against.
func sessionsVersion(t *testing.T, db *gorm.DB) int64 {
	t.Helper()
	var v int64
	if err := db.Table("cache_versions").Where("kind = ?", string(cache.Sessions)).Pluck("version", &v).Error; err != nil {
		t.Fatal(err)
	}
	return v
}

// Two servers with pools of their own: a session changed or deleted on one is
// read anew by the other's next request, though it had the session cached; a
// touch that only moves the expiry on leaves every cached session valid.
func TestSessionCacheAcrossServers(t *testing.T) {
	c := newClock()
	db := dbtest.OpenShared(t)
	db2, err := database.Open(context.Background(), dbtest.ConfigOf(db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(db2) })
	a, b := auth.NewSessionStore(db, c.Now), auth.NewSessionStore(db2, c.Now)
	va := cache.NewVersions(db)
	hour := c.Now().Add(time.Hour)
	// find reads the session on a as a new request does.
	find := func(want string) {
		t.Helper()
		got, found, err := a.FindCtx(va.Begin(ctx), "tok")
		if want == "" {
			if err != nil || found {
				t.Fatalf("FindCtx = %q, %v, %v; want not found", got, found, err)
			}
			return
		}
		if err != nil || !found || !bytes.Equal(got, []byte(want)) {
			t.Fatalf("FindCtx = %q, %v, %v; want %s", got, found, err, want)
		}
	}
	if err := b.CommitCtx(ctx, "tok", []byte("one"), hour); err != nil {
		t.Fatal(err)
	}
	find("one")
	find("one") // cached

	t.Run("OKTouchBumpsNothing", func(t *testing.T) {
		before := sessionsVersion(t, db)
		c.Advance(2 * auth.TouchEvery) // so that b writes the touch
		if err := b.CommitCtx(ctx, "tok", []byte("one"), hour.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if after := sessionsVersion(t, db); after != before {
			t.Errorf("a touch moved the sessions' version from %d to %d", before, after)
		}
		find("one")
	})
	t.Run("OKChangedData", func(t *testing.T) {
		before := sessionsVersion(t, db)
		if err := b.CommitCtx(ctx, "tok", []byte("two"), hour.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if after := sessionsVersion(t, db); after == before {
			t.Errorf("changed data left the sessions' version at %d", before)
		}
		find("two")
	})
	t.Run("OKDeleted", func(t *testing.T) {
		find("two")
		if err := b.DeleteCtx(ctx, "tok"); err != nil {
			t.Fatal(err)
		}
		find("")
	})
}
