package conference

import (
	"slices"
)

// DefaultLimit is the page size of a list when the caller asks for none.
const DefaultLimit = 50

// MaxLimit bounds the page size of a list.
const MaxLimit = 500

// Page selects a window of a list.
type Page struct {
	Limit  int
	Offset int
}

// Normalize returns p with a sensible limit and a non-negative offset.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultLimit
	}
	if p.Limit > MaxLimit {
		p.Limit = MaxLimit
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
