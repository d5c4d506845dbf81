package cache_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// TestLoadMany: the keys the cache holds are not loaded again, the others
// are loaded together and each once, and what was loaded is kept.
func TestLoadMany(t *testing.T) {
	db := dbtest.Open(t)
	v := cache.NewVersions(db)
	m := cache.NewMap[int64, string](cache.QuestionSets, nil)
	ctx := context.Background()
	var asked [][]int64
	load := func(missing []int64) (map[int64]string, error) {
		asked = append(asked, missing)
		out := map[int64]string{}
		for _, k := range missing {
			if k != 9 { // 9 does not exist
				out[k] = fmt.Sprint("v", k)
			}
		}
		return out, nil
	}
	got, err := m.LoadMany(v.Begin(ctx), []int64{1, 2, 1, 9}, load)
	if err != nil || len(got) != 2 || got[1] != "v1" || got[2] != "v2" {
		t.Fatalf("first LoadMany = %v, %v; want 1 and 2", got, err)
	}
	if len(asked) != 1 || !slices.Equal(asked[0], []int64{1, 2, 9}) {
		t.Fatalf("loads = %v; want one load of 1, 2, 9", asked)
	}
	got, err = m.LoadMany(v.Begin(ctx), []int64{2, 3}, load)
	if err != nil || len(got) != 2 || got[2] != "v2" || got[3] != "v3" {
		t.Fatalf("second LoadMany = %v, %v; want 2 and 3", got, err)
	}
	if len(asked) != 2 || !slices.Equal(asked[1], []int64{3}) {
		t.Fatalf("loads = %v; want the second to load only 3 (2 is kept)", asked)
	}
	if _, err := m.LoadMany(v.Begin(ctx), []int64{4}, func([]int64) (map[int64]string, error) {
		return nil, errors.New("down")
	}); err == nil {
		t.Fatal("LoadMany hid the load's error")
	}
}

// TestLimit: a map limited to n entries holds at most n; past that it is
// emptied and fills again.
func TestLimit(t *testing.T) {
	db := dbtest.Open(t)
	v := cache.NewVersions(db)
	m := cache.NewMap[int, string](cache.Originals, nil).Limit(2)
	ctx := v.Begin(context.Background())
	for k := 1; k <= 3; k++ {
		_, _, st := m.Get(ctx, k)
		m.Put(k, fmt.Sprint(k), st)
	}
	for k, want := range map[int]bool{1: false, 2: false, 3: true} {
		if _, hit, _ := m.Get(ctx, k); hit != want {
			t.Errorf("key %d: hit %v, want %v (a third entry empties a map of two)", k, hit, want)
		}
	}
}
