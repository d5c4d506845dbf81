package cache

import (
	"context"
	"sync"
	"time"
)

// TTL is how long an entry is kept at most, current or not.
const TTL = 30 * time.Second

// maxEntries bounds a Map; past it the map is emptied and fills again.
const maxEntries = 20_000

// Map holds records of one kind by key. A nil *Map caches nothing: every Get
// misses and Put does nothing (stores working in a transaction use one).
type Map[K comparable, V any] struct {
	kind  Kind
	max   int
	clone func(V) V
	now   func() time.Time

	mu sync.Mutex
	m  map[K]entry[V]
}

type entry[V any] struct {
	value   V
	version int64
	expires time.Time
}

// NewMap returns an empty map of kind. clone, when not nil, copies a value
// going in and out, so that no caller shares a slice with the cache.
func NewMap[K comparable, V any](kind Kind, clone func(V) V) *Map[K, V] {
	return &Map[K, V]{kind: kind, clone: clone, now: time.Now, max: maxEntries, m: map[K]entry[V]{}}
}

// Limit bounds m to n entries instead of maxEntries (large values: a signed
// PDF is some 100 KB) and returns m.
func (m *Map[K, V]) Limit(n int) *Map[K, V] {
	m.max = n
	return m
}

// Get returns the entry of key when it was loaded under the counter the
// request read and is younger than TTL. On a miss it returns the stamp to
// Put the record with once loaded: load it after Get, never before.
func (m *Map[K, V]) Get(ctx context.Context, key K) (v V, hit bool, st Stamp) {
	if m == nil {
		return v, false, Stamp{}
	}
	st = stamp(ctx, m.kind)
	if !st.ok {
		return v, false, st
	}
	m.mu.Lock()
	e, ok := m.m[key]
	m.mu.Unlock()
	if ok && e.version == st.version && m.now().Before(e.expires) {
		return m.copy(e.value), true, st
	}
	return v, false, st
}

// Put keeps v for key under st, the stamp of the Get before its load.
func (m *Map[K, V]) Put(key K, v V, st Stamp) {
	if m == nil || !st.ok {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.m) >= m.max {
		clear(m.m)
	}
	m.m[key] = entry[V]{value: m.copy(v), version: st.version, expires: m.now().Add(TTL)}
}

// Forget drops key, e.g. after this server changed or deleted its record.
func (m *Map[K, V]) Forget(key K) {
	if m == nil {
		return
	}
	m.mu.Lock()
	delete(m.m, key)
	m.mu.Unlock()
}

// Load returns key's value from the cache or, on a miss, from load (and keeps it).
func (m *Map[K, V]) Load(ctx context.Context, key K, load func() (V, error)) (V, error) {
	v, hit, st := m.Get(ctx, key)
	if hit {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	m.Put(key, v, st)
	return v, nil
}

// LoadMany returns the values of keys, each from the cache when current;
// the keys it misses (each once) are passed to load together, so that they
// take one statement, and what load returns is kept. Keys load does not
// return are left out.
func (m *Map[K, V]) LoadMany(ctx context.Context, keys []K, load func(missing []K) (map[K]V, error)) (map[K]V, error) {
	out := make(map[K]V, len(keys))
	var missing []K
	var st Stamp
	asked := make(map[K]bool, len(keys))
	for _, k := range keys {
		if asked[k] {
			continue
		}
		asked[k] = true
		v, hit, stamp := m.Get(ctx, k)
		if hit {
			out[k] = v
			continue
		}
		missing, st = append(missing, k), stamp
	}
	if len(missing) == 0 {
		return out, nil
	}
	loaded, err := load(missing)
	if err != nil {
		return nil, err
	}
	for k, v := range loaded {
		out[k] = v
		m.Put(k, v, st)
	}
	return out, nil
}

func (m *Map[K, V]) copy(v V) V {
	if m.clone == nil {
		return v
	}
	return m.clone(v)
}
