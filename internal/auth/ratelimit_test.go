package auth_test

import (
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/auth"
)

func TestLimiter(t *testing.T) {
	c := newClock()
	l := auth.NewLimiter(openDB(t), c.Now, 3, 10*time.Minute)
	const key = "email:x@y.nl"

	allow := func(t *testing.T, key string) (bool, time.Duration) {
		t.Helper()
		ok, retry, err := l.Allow(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		return ok, retry
	}
	fail := func(t *testing.T, key string) {
		t.Helper()
		if err := l.Fail(ctx, key); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("OKBelowMax", func(t *testing.T) {
		for i := range 2 {
			if ok, _ := allow(t, key); !ok {
				t.Fatalf("Allow after %d failures = false", i)
			}
			fail(t, key)
			c.Advance(time.Minute)
		}
		if ok, _ := allow(t, key); !ok {
			t.Fatal("Allow after max-1 failures = false")
		}
	})
	t.Run("Refused", func(t *testing.T) {
		fail(t, key) // failures at 0, 1 and 2 minutes; now 2 minutes
		ok, retry := allow(t, key)
		if ok || retry != 8*time.Minute {
			t.Fatalf("Allow after max failures = %v, %v; want false, 8m", ok, retry)
		}
		if ok, _ := allow(t, "ip:1.2.3.4"); !ok {
			t.Error("another key is refused too")
		}
	})
	t.Run("OKWindowExpires", func(t *testing.T) {
		c.Advance(8*time.Minute - time.Second)
		if ok, retry := allow(t, key); ok || retry != time.Second {
			t.Fatalf("Allow a second before = %v, %v; want false, 1s", ok, retry)
		}
		c.Advance(time.Second)
		if ok, _ := allow(t, key); !ok {
			t.Fatal("Allow once the oldest failure left the window = false")
		}
		fail(t, key) // again three in the window: 1, 2 and 10 minutes
		if ok, retry := allow(t, key); ok || retry != time.Minute {
			t.Fatalf("Allow = %v, %v; want false, 1m", ok, retry)
		}
	})
	t.Run("OKReset", func(t *testing.T) {
		if err := l.Reset(ctx, key); err != nil {
			t.Fatal(err)
		}
		if ok, _ := allow(t, key); !ok {
			t.Fatal("Allow after Reset = false")
		}
	})
	t.Run("OKLongKey", func(t *testing.T) {
		long := "email:" + strings.Repeat("a", 1000) + "@y.nl"
		for range 3 {
			fail(t, long)
		}
		if ok, _ := allow(t, long); ok {
			t.Error("a long key is never refused")
		}
		if ok, _ := allow(t, long[:len(long)-1]); !ok {
			t.Error("two long keys share a count")
		}
	})
	t.Run("Cleanup", func(t *testing.T) {
		fail(t, "ip:1.2.3.4")
		c.Advance(10 * time.Minute)
		fail(t, "ip:5.6.7.8")
		n, err := l.Cleanup(ctx)
		if err != nil || n != 4 {
			t.Fatalf("Cleanup = %d, %v; want the 4 failures outside the window", n, err)
		}
		if ok, _ := allow(t, "ip:5.6.7.8"); !ok {
			t.Error("Allow with one failure = false")
		}
	})
}

func TestNewLimiterDefaults(t *testing.T) {
	l := auth.NewLimiter(openDB(t), newClock().Now, 0, 0)
	for range auth.DefaultLoginMaxFailures {
		if err := l.Fail(ctx, "k"); err != nil {
			t.Fatal(err)
		}
	}
	ok, retry, err := l.Allow(ctx, "k")
	if err != nil || ok || retry != auth.DefaultLoginWindow {
		t.Errorf("Allow = %v, %v, %v; want false, %v, nil", ok, retry, err, auth.DefaultLoginWindow)
	}
}
