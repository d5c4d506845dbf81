package minutes

import (
	"slices"

	"casusoverleg/internal/cache"
)

// The signed originals never change once stored: a download of the minutes
// finds the newest full copy's description and the reader's copy in each
// app server's memory, trusted while the counter of stored originals
// (bumped by a trigger on every insert, update or delete of
// minutes_originals, whichever server or job writes) says nothing was added
// or destroyed since they were loaded.

// copiesKept bounds the copies kept per app server: at some 100 KB a copy,
// a few tens of megabytes.
const copiesKept = 256

// originalKey names one stored copy.
type originalKey struct {
	conferenceID int64
	revision     int
	viewKey      string
}

// originalCaches are the store's caches of originals: the newest full
// copy's description by conference, and copies with their PDF by view.
type originalCaches struct {
	latest *cache.Map[int64, Original]
	copies *cache.Map[originalKey, Original]
}

func newOriginalCaches() originalCaches {
	return originalCaches{latest: cache.NewMap[int64](cache.Originals, cloneOriginal),
		copies: cache.NewMap[originalKey](cache.Originals, cloneOriginal).Limit(copiesKept)}
}

// cloneOriginal copies o's case list. The PDF is shared: it is a stored
// original that nothing writes to once read (a download writes it out as
// it is).
func cloneOriginal(o Original) Original {
	o.CaseIDs = slices.Clone(o.CaseIDs)
	return o
}
