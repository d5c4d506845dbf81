package web

import (
	"testing"

	"casusoverleg/agenda"
)

func TestFragmentsKeepTwoGenerations(t *testing.T) {
	f := newFragments(10)
	key := func(b byte) [32]byte { return [32]byte{b} }
	f.put(key(1), fragment{html: "aaaa"})
	f.put(key(2), fragment{html: "bbbb"})
	if h, ok := f.get(key(1)); !ok || h.html != "aaaa" {
		t.Fatalf("get(1) = %q, %v", h.html, ok)
	}
	// 12 bytes would not fit: 1 and 2 become the old generation.
	f.put(key(3), fragment{html: "cccc"})
	if len(f.cur) != 1 || len(f.old) != 2 {
		t.Fatalf("generations: cur %d, old %d", len(f.cur), len(f.old))
	}
	// Asked for again, 2 moves to the current generation; 1 is dropped at the next turn.
	if h, ok := f.get(key(2)); !ok || h.html != "bbbb" {
		t.Fatalf("get(2) from the old generation = %q, %v", h.html, ok)
	}
	f.put(key(4), fragment{html: "dddd"})
	if _, ok := f.get(key(1)); ok {
		t.Fatal("a part not asked for during a whole generation is still kept")
	}
	for _, k := range []byte{2, 3, 4} {
		if _, ok := f.get(key(k)); !ok {
			t.Fatalf("part %d lost", k)
		}
	}
	if f.size > 3*f.max {
		t.Fatalf("size %d beyond bounds", f.size)
	}
	if _, ok := f.get(key(9)); ok {
		t.Fatal("an unknown key was found")
	}
}

// TestAgendaItemKeyNamesEveryInput: two renderings that could differ never
// share a key.
func TestAgendaItemKeyNamesEveryInput(t *testing.T) {
	p, err := loadPages()
	if err != nil {
		t.Fatal(err)
	}
	base := agendaItem{view: view{Lang: "nl", loc: amsterdam, p: p}}
	base.E.ID, base.E.Reason = 7, "reden"
	base.E.QuestionSets = []agenda.QuestionSet{{ID: 1, Name: "Buurt", Questions: []agenda.Question{{Key: "q", Text: "Vraag?"}}}}
	// Each key as in a request of its own: the sets' hashes are kept per request.
	key := func(it agendaItem) [32]byte {
		t.Helper()
		it.setKeys = map[int64][32]byte{}
		k, err := agendaItemKey(it, nil)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k0 := key(base)
	if key(base) != k0 {
		t.Fatal("the same inputs give another key")
	}
	variants := map[string]func(*agendaItem){
		"language":     func(it *agendaItem) { it.Lang = "en" },
		"current":      func(it *agendaItem) { it.Current = true },
		"first":        func(it *agendaItem) { it.First = true },
		"reason":       func(it *agendaItem) { it.E.Reason = "andere reden" },
		"answers":      func(it *agendaItem) { it.E.Answers = map[string]string{"a": "b"} },
		"planned time": func(it *agendaItem) { it.E.PlannedMinutes = 20 },
		"question set": func(it *agendaItem) {
			it.E.QuestionSets = []agenda.QuestionSet{{ID: 1, Name: "Buurt", Questions: []agenda.Question{{Key: "q", Text: "Andere vraag?"}}}}
		},
		"no question set": func(it *agendaItem) { it.E.QuestionSets = nil },
	}
	for name, change := range variants {
		it := base
		change(&it)
		if key(it) == k0 {
			t.Errorf("a change of the %s keeps the key", name)
		}
	}
}
