package web_test

import (
	"bytes"
	"strings"
	"testing"
)

// TestOriginalsFromMemory: a signed copy is read from the database once per
// app server and then served from memory, until any write to the stored
// originals (an addendum, a destruction, another server) moves their
// counter: the next download reads the database again.
func TestOriginalsFromMemory(t *testing.T) {
	e := newEnv(t)
	e.signedMeeting(t)
	log := logQueries(t, e.db)
	readsOriginals := func(user string) (pdf []byte, reads bool) {
		t.Helper()
		for _, q := range log.during(func() { pdf = e.minutesPDF(t, user) }) {
			if strings.Contains(q, "minutes_originals") {
				reads = true
			}
		}
		return pdf, reads
	}
	for _, user := range []string{"officer", "chair"} { // a redacted copy, and the full one
		first, _ := readsOriginals(user)
		second, reads := readsOriginals(user)
		if reads || !bytes.Equal(first, second) {
			t.Errorf("%s: the second download read minutes_originals (%v) or differs (%v)", user, reads, !bytes.Equal(first, second))
		}
	}

	t.Run("AChangedCopyIsReadAgain", func(t *testing.T) {
		stored, _ := readsOriginals("officer")
		changed := append(bytes.Clone(stored), "\n%changed elsewhere\n"...)
		if err := e.db.Exec("UPDATE minutes_originals SET pdf = ? WHERE sha256 = ?", changed, sum(stored)).Error; err != nil {
			t.Fatal(err)
		}
		if got, reads := readsOriginals("officer"); !reads || !bytes.Equal(got, changed) {
			t.Errorf("after an update elsewhere: read again %v, got the changed bytes %v", reads, bytes.Equal(got, changed))
		}
		if err := e.db.Exec("UPDATE minutes_originals SET pdf = ? WHERE sha256 = ?", stored, sum(stored)).Error; err != nil {
			t.Fatal(err)
		}
		if got, _ := readsOriginals("officer"); !bytes.Equal(got, stored) {
			t.Error("the stored bytes are not served again after they were put back")
		}
	})

	t.Run("DestroyedCopiesAreNotServed", func(t *testing.T) {
		readsOriginals("chair")
		if err := e.db.Exec("DELETE FROM minutes_originals").Error; err != nil {
			t.Fatal(err)
		}
		// With no copy stored, the download makes the copy again from the
		// signed minutes and stores it: it went to the database.
		var inserted bool
		for _, q := range log.during(func() { e.minutesPDF(t, "chair") }) {
			inserted = inserted || strings.HasPrefix(q, "INSERT INTO") && strings.Contains(q, "minutes_originals")
		}
		if !inserted {
			t.Error("after the copies were deleted, the download was served from memory")
		}
	})
}
