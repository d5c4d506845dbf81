package audit

// Verifying the chain: from the latest signed checkpoint (or the start),
// each event follows the one before and agrees with its record index.

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// Report says what Check found.
type Report struct {
	Checked   int64 // events intact
	Texts     int64 // texts kept (audit_event_texts) that match the hash in their event
	Destroyed int64 // texts destroyed by a recorded deletion of what they were about
}

// Verify is Check returning only how many events it found intact.
func (l *Log) Verify(ctx context.Context) (checked int64, err error) {
	r, err := l.Check(ctx)
	return r.Checked, err
}

// Check walks the chain in seq order, verifyBatch events at a time, up to
// the head as it was when Verify started. When events were pruned it starts
// from the latest checkpoint: it checks the checkpoint's signature against the
// deployment certificate (WithKey; ErrNoKey without one) and that the first
// event after it follows the checkpoint's seq and hash. It returns how many
// events it found intact and, at the first broken one (or a checkpoint whose
// signature fails), a *BrokenError.
//
// The text of an event (Event.Text) is checked against the TextHash in the
// chain while it is kept. A destroyed text counts as destroyed when a later
// deletion in the chain names one of its subjects as its destroyer; a text
// that is missing, changed or destroyed without one is a *BrokenError.
func (l *Log) Check(ctx context.Context) (Report, error) {
	db := l.db.WithContext(ctx)
	var last int64
	if err := db.Model(&eventRow{}).Select("COALESCE(MAX(seq), 0)").Scan(&last).Error; err != nil {
		return Report{}, fmt.Errorf("audit: verify: %w", err)
	}
	cp, found, err := latestCheckpoint(db)
	if err != nil {
		return Report{}, fmt.Errorf("audit: verify: %w", err)
	}
	if found {
		if err := checkSignature(cp, l.cert); err != nil {
			return Report{}, err
		}
	}
	return verifyRange(db, cp, found, last)
}

// verifyRange walks the events after the checkpoint cp (when found; else from
// the start of the chain) up to seq last.
func verifyRange(db *gorm.DB, cp Checkpoint, found bool, last int64) (rep Report, err error) {
	var prev Event // Seq 0 and Hash "" come before the first event
	if found {
		prev = Event{Seq: cp.Seq, Hash: cp.Hash}
	}
	destroyers := map[int64]Event{}
	for {
		q := db.Where("seq <= ?", last).Order("seq").Limit(verifyBatch)
		if rep.Checked > 0 || found {
			q = q.Where("seq > ?", prev.Seq)
		}
		var rows []eventRow
		if err := q.Find(&rows).Error; err != nil {
			return rep, fmt.Errorf("audit: verify: %w", err)
		}
		side, err := sideOf(db, rows)
		if err != nil {
			return rep, err
		}
		for _, r := range rows {
			e := r.domain()
			if err := follows(prev, e); err != nil {
				return rep, err
			}
			if err := agrees(e, side.records[e.Seq]); err != nil {
				return rep, err
			}
			if err := agreesSubjects(e, side.subjects[e.Seq]); err != nil {
				return rep, err
			}
			if e.TextHash != "" {
				destroyed, err := textIntact(db, e, side.texts, destroyers)
				if err != nil {
					return rep, err
				}
				if destroyed {
					rep.Destroyed++
				} else {
					rep.Texts++
				}
			}
			rep.Checked++
			prev = e
		}
		if len(rows) < verifyBatch {
			return rep, nil
		}
	}
}

// side is what is stored beside a batch of events, by seq.
type side struct {
	records  map[int64][]recordRow
	subjects map[int64][]subjectRow
	texts    map[int64]textRow
}

// sideOf returns the index rows, subject rows and texts of the events in rows.
func sideOf(db *gorm.DB, rows []eventRow) (side, error) {
	out := side{records: map[int64][]recordRow{}, subjects: map[int64][]subjectRow{}, texts: map[int64]textRow{}}
	if len(rows) == 0 {
		return out, nil
	}
	from, to := rows[0].Seq, rows[len(rows)-1].Seq
	var idx []recordRow
	if err := db.Where("seq >= ? AND seq <= ?", from, to).Find(&idx).Error; err != nil {
		return out, fmt.Errorf("audit: verify: %w", err)
	}
	for _, r := range idx {
		out.records[r.Seq] = append(out.records[r.Seq], r)
	}
	var subs []subjectRow
	if err := db.Where("seq >= ? AND seq <= ?", from, to).Find(&subs).Error; err != nil {
		return out, fmt.Errorf("audit: verify: %w", err)
	}
	for _, r := range subs {
		out.subjects[r.Seq] = append(out.subjects[r.Seq], r)
	}
	var texts []textRow
	if err := db.Where("seq >= ? AND seq <= ?", from, to).Find(&texts).Error; err != nil {
		return out, fmt.Errorf("audit: verify: %w", err)
	}
	for _, t := range texts {
		out.texts[t.Seq] = t
	}
	return out, nil
}

// agreesSubjects checks that the subject rows of e are exactly its Subjects:
// a removed row would keep its text from being destroyed with its subject.
func agreesSubjects(e Event, idx []subjectRow) error {
	return indexAgrees(e, "subject", asRecordRows(idx), asRecordRows(subjectRowsOf(e)))
}

// asRecordRows gives subject rows the shape of record rows (the same columns in another table).
func asRecordRows(rows []subjectRow) []recordRow {
	out := make([]recordRow, len(rows))
	for i, r := range rows {
		out[i] = recordRow(r)
	}
	return out
}

// textIntact checks the text of e: kept and matching its hash, or destroyed
// by a later deletion in the chain about one of its subjects (destroyers
// caches those deletions by seq). It reports whether the text was destroyed.
func textIntact(db *gorm.DB, e Event, texts map[int64]textRow, destroyers map[int64]Event) (bool, error) {
	t, ok := texts[e.Seq]
	switch {
	case !ok:
		return false, &BrokenError{Seq: e.Seq, Reason: "the event's text is missing"}
	case t.DestroyedBy == 0:
		if textHash(t.Salt, t.Text) != e.TextHash {
			return false, &BrokenError{Seq: e.Seq, Reason: "the event's text does not match its hash"}
		}
		return false, nil
	case t.DestroyedBy <= e.Seq:
		return true, &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("text destroyed by event %d, which came before it", t.DestroyedBy)}
	}
	d, ok := destroyers[t.DestroyedBy]
	if !ok {
		var rows []eventRow
		if err := db.Where("seq = ?", t.DestroyedBy).Limit(1).Find(&rows).Error; err != nil {
			return true, fmt.Errorf("audit: verify: %w", err)
		}
		if len(rows) == 1 {
			d = rows[0].domain()
		}
		destroyers[t.DestroyedBy] = d
	}
	if d.Action != ActionDelete {
		return true, &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("text destroyed, but event %d is no deletion", t.DestroyedBy)}
	}
	for _, s := range e.Subjects {
		if slices.Contains(d.Subjects, s) {
			return true, nil
		}
	}
	return true, &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("text destroyed by event %d, which deleted none of its subjects", t.DestroyedBy)}
}

// agrees checks that the index rows of e are exactly its Records: a removed
// index row would hide a read from ReadsOf.
func agrees(e Event, idx []recordRow) error {
	return indexAgrees(e, "record", idx, recordRowsOf(e))
}

// indexAgrees checks that the index rows idx of e are exactly want; what
// names the kind of row in the reason.
func indexAgrees(e Event, what string, idx, want []recordRow) error {
	if len(idx) != len(want) {
		return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("%d %ss indexed, the event lists %d", len(idx), what, len(want))}
	}
	have := make(map[recordRow]bool, len(idx))
	for _, r := range idx {
		have[r] = true
	}
	for _, r := range want {
		if !have[r] {
			return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("%s %s %s is not indexed", what, r.RecordType, r.RecordID)}
		}
	}
	return nil
}

// follows checks that e is intact and directly follows prev.
func follows(prev, e Event) error {
	switch {
	case e.Seq > prev.Seq+1:
		return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("events %d to %d are missing", prev.Seq+1, e.Seq-1)}
	case e.Seq != prev.Seq+1:
		return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("seq %d cannot follow %d", e.Seq, prev.Seq)}
	case e.PrevHash != prev.Hash:
		return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("prev_hash does not match the hash of event %d", prev.Seq)}
	case e.Hash != computeHash(e):
		return &BrokenError{Seq: e.Seq, Reason: "hash does not match the event's contents"}
	}
	return nil
}
