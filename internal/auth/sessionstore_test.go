package auth_test

import (
	"bytes"
	"testing"
	"time"

	"casusoverleg/internal/auth"
)

func TestSessionStore(t *testing.T) {
	c := newClock()
	s := auth.NewSessionStore(openDB(t), c.Now)
	hour := c.Now().Add(time.Hour)

	t.Run("OK", func(t *testing.T) {
		if err := s.CommitCtx(ctx, "tok-a", []byte("data a"), hour); err != nil {
			t.Fatal(err)
		}
		b, found, err := s.FindCtx(ctx, "tok-a")
		if err != nil || !found || !bytes.Equal(b, []byte("data a")) {
			t.Fatalf("FindCtx = %q, %v, %v; want data a, true, nil", b, found, err)
		}
	})
	t.Run("OKCommitReplaces", func(t *testing.T) {
		if err := s.Commit("tok-a", []byte("data a2"), hour.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		b, found, err := s.Find("tok-a")
		if err != nil || !found || !bytes.Equal(b, []byte("data a2")) {
			t.Fatalf("Find = %q, %v, %v; want data a2, true, nil", b, found, err)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		b, found, err := s.FindCtx(ctx, "no-such-token")
		if err != nil || found || b != nil {
			t.Fatalf("FindCtx = %q, %v, %v; want nil, false, nil", b, found, err)
		}
	})
	t.Run("Expired", func(t *testing.T) {
		if err := s.CommitCtx(ctx, "tok-b", []byte("data b"), c.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		all, err := s.AllCtx(ctx)
		if err != nil || len(all) != 2 || string(all["tok-b"]) != "data b" {
			t.Fatalf("AllCtx = %q, %v; want both sessions", all, err)
		}
		c.Advance(time.Minute)
		_, found, err := s.FindCtx(ctx, "tok-b")
		if err != nil || found {
			t.Fatalf("FindCtx of an expired session = %v, %v; want false, nil", found, err)
		}
		all, err = s.All()
		if err != nil || len(all) != 1 || all["tok-b"] != nil {
			t.Fatalf("All = %q, %v; want only tok-a", all, err)
		}
	})
	t.Run("Cleanup", func(t *testing.T) {
		n, err := s.Cleanup(ctx)
		if err != nil || n != 1 {
			t.Fatalf("Cleanup = %d, %v; want 1, nil", n, err)
		}
		if n, err := s.Cleanup(ctx); err != nil || n != 0 {
			t.Fatalf("second Cleanup = %d, %v; want 0, nil", n, err)
		}
		if _, found, _ := s.FindCtx(ctx, "tok-a"); !found {
			t.Error("Cleanup removed an unexpired session")
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if err := s.DeleteCtx(ctx, "tok-a"); err != nil {
			t.Fatal(err)
		}
		if _, found, err := s.FindCtx(ctx, "tok-a"); err != nil || found {
			t.Fatalf("FindCtx after Delete = %v, %v; want false, nil", found, err)
		}
		if err := s.Delete("tok-a"); err != nil {
			t.Errorf("Delete of an unknown token = %v, want nil", err)
		}
		all, err := s.AllCtx(ctx)
		if err != nil || all == nil || len(all) != 0 {
			t.Errorf("AllCtx = %v, %v; want an empty map", all, err)
		}
	})
}

// A commit that only moves the expiry on is written at most once per
// TouchEvery; changed data is written at once, and so is a touch after it.
func TestSessionTouchAtMostOncePerMinute(t *testing.T) {
	c := newClock()
	db := openDB(t)
	s := auth.NewSessionStore(db, c.Now)
	expiryOf := func() time.Time {
		t.Helper()
		var e time.Time
		if err := db.Table("sessions").Where("token = ?", "tok").Select("expiry").Scan(&e).Error; err != nil {
			t.Fatal(err)
		}
		return e.UTC()
	}
	idle := 20 * time.Minute
	commit := func(data string) {
		t.Helper()
		if err := s.CommitCtx(ctx, "tok", []byte(data), c.Now().Add(idle)); err != nil {
			t.Fatal(err)
		}
	}
	commit("a")
	first := expiryOf()
	c.Advance(30 * time.Second)
	commit("a")
	if got := expiryOf(); !got.Equal(first) {
		t.Errorf("a touch 30 s later was written: expiry %v, want %v", got, first)
	}
	commit("b")
	if got := expiryOf(); !got.Equal(c.Now().Add(idle).UTC()) {
		t.Errorf("changed data: expiry %v, want it written (%v)", got, c.Now().Add(idle).UTC())
	}
	if b, _, _ := s.FindCtx(ctx, "tok"); string(b) != "b" {
		t.Errorf("changed data not written: %q", b)
	}
	c.Advance(auth.TouchEvery)
	commit("b")
	if got := expiryOf(); !got.Equal(c.Now().Add(idle).UTC()) {
		t.Errorf("a touch a minute later: expiry %v, want %v", got, c.Now().Add(idle).UTC())
	}
	// A session deleted (logout) is not brought back by a touch of the same data.
	if err := s.DeleteCtx(ctx, "tok"); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := s.FindCtx(ctx, "tok"); found {
		t.Error("deleted session still found")
	}
}
