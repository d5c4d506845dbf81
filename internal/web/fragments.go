package web

import (
	"html/template"
	"sync"
)

// fragments keeps rendered parts of pages by a SHA-256 of everything a part
// is made of (fragmentKey), so that a part is rendered once while what it
// shows stays the same, whoever asks. A part is only ever served for a key
// made of the same inputs as the one it was rendered from, so a fragment is a
// function of its key: who may see what is decided before the key is made.
//
// The memory is bounded by two generations: new parts go into cur; when cur
// holds more than max bytes it becomes old and a new cur starts; a part found
// in old moves to cur. What was not asked for during a whole generation is
// dropped.
type fragments struct {
	mu       sync.Mutex
	cur, old map[[32]byte]fragment
	size     int // bytes in cur
	max      int
}

// fragment is a rendered part and the names it looked up while rendering
// (names the key does not hold): it is served only while each of those
// names reads the same.
type fragment struct {
	html  template.HTML
	names []nameUse
}

// fragmentBytes bounds a generation of the kept parts: a meeting's 40 items
// in a few versions each (language, shown or redacted) are well under 1 MB.
const fragmentBytes = 4 << 20

func newFragments(max int) *fragments {
	return &fragments{cur: map[[32]byte]fragment{}, max: max}
}

func (f *fragments) get(k [32]byte) (fragment, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if h, ok := f.cur[k]; ok {
		return h, true
	}
	h, ok := f.old[k]
	if ok {
		delete(f.old, k)
		f.add(k, h)
	}
	return h, ok
}

// put keeps h under k, in place of what k held.
func (f *fragments) put(k [32]byte, h fragment) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if old, ok := f.cur[k]; ok {
		f.size -= len(old.html)
		delete(f.cur, k)
	}
	f.add(k, h)
}

// add puts h into cur, starting a new generation first when cur is full.
func (f *fragments) add(k [32]byte, h fragment) {
	if f.size+len(h.html) > f.max && len(f.cur) > 0 {
		f.old, f.cur, f.size = f.cur, map[[32]byte]fragment{}, 0
	}
	f.cur[k] = h
	f.size += len(h.html)
}
