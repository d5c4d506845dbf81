package cache_test

import (
	"context"
	"testing"

	"casusoverleg/internal/cache"
	"casusoverleg/internal/dbtest"
)

func TestMap(t *testing.T) {
	db := dbtest.Open(t)
	v := cache.NewVersions(db)
	m := cache.NewMap[int64, string](cache.QuestionSets, nil)
	ctx := context.Background()
	// request runs one lookup of key 1 in a request of its own, putting want on a miss.
	request := func(want string) (string, bool) {
		t.Helper()
		rctx := v.Begin(ctx)
		got, hit, st := m.Get(rctx, 1)
		if !hit {
			m.Put(1, want, st)
			return want, false
		}
		return got, true
	}
	t.Run("OutsideARequestNothingIsKept", func(t *testing.T) {
		m.Put(1, "x", cache.Stamp{})
		if _, hit, _ := m.Get(ctx, 1); hit {
			t.Fatal("hit outside a request")
		}
	})
	t.Run("OKHitUntilAWrite", func(t *testing.T) {
		request("one")
		if got, hit := request("other"); !hit || got != "one" {
			t.Fatalf("second request: %q, hit %v; want one from the cache", got, hit)
		}
		// Any write to question sets bumps their counter, even one that changes nothing.
		if err := db.Exec("UPDATE question_sets SET position = position").Error; err != nil {
			t.Fatal(err)
		}
		if _, hit := request("two"); hit {
			t.Fatal("hit after a write to question sets")
		}
		if got, hit := request("other"); !hit || got != "two" {
			t.Fatalf("after reloading: %q, hit %v; want two", got, hit)
		}
	})
	t.Run("OKOtherKindsStay", func(t *testing.T) {
		if err := db.Exec("UPDATE users SET name = name").Error; err != nil {
			t.Fatal(err)
		}
		if _, hit := request("three"); !hit {
			t.Fatal("a write to users dropped a question set")
		}
	})
	t.Run("StopMisses", func(t *testing.T) {
		rctx := v.Begin(ctx)
		cache.Stop(rctx)
		if _, hit, _ := m.Get(rctx, 1); hit {
			t.Fatal("hit after Stop")
		}
	})
	t.Run("NilMapMisses", func(t *testing.T) {
		var n *cache.Map[int64, string]
		n.Put(1, "x", cache.Stamp{})
		if _, hit, _ := n.Get(v.Begin(ctx), 1); hit {
			t.Fatal("a nil map hit")
		}
	})
}
