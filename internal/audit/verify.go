package audit

// Verifying the chain: from the latest signed checkpoint (or the start),
// each event follows the one before and agrees with its record index.

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Verify walks the chain in seq order, verifyBatch events at a time, up to
// the head as it was when Verify started. When events were pruned it starts
// from the latest checkpoint: it checks the checkpoint's signature against the
// deployment certificate (WithKey; ErrNoKey without one) and that the first
// event after it follows the checkpoint's seq and hash. It returns how many
// events it found intact and, at the first broken one (or a checkpoint whose
// signature fails), a *BrokenError.
func (l *Log) Verify(ctx context.Context) (checked int64, err error) {
	db := l.db.WithContext(ctx)
	var last int64
	if err := db.Model(&eventRow{}).Select("COALESCE(MAX(seq), 0)").Scan(&last).Error; err != nil {
		return 0, fmt.Errorf("audit: verify: %w", err)
	}
	cp, found, err := latestCheckpoint(db)
	if err != nil {
		return 0, fmt.Errorf("audit: verify: %w", err)
	}
	if found {
		if err := checkSignature(cp, l.cert); err != nil {
			return 0, err
		}
	}
	return verifyRange(db, cp, found, last)
}

// verifyRange walks the events after the checkpoint cp (when found; else from
// the start of the chain) up to seq last.
func verifyRange(db *gorm.DB, cp Checkpoint, found bool, last int64) (checked int64, err error) {
	var prev Event // Seq 0 and Hash "" come before the first event
	if found {
		prev = Event{Seq: cp.Seq, Hash: cp.Hash}
	}
	for {
		q := db.Where("seq <= ?", last).Order("seq").Limit(verifyBatch)
		if checked > 0 || found {
			q = q.Where("seq > ?", prev.Seq)
		}
		var rows []eventRow
		if err := q.Find(&rows).Error; err != nil {
			return checked, fmt.Errorf("audit: verify: %w", err)
		}
		indexed, err := indexedRecords(db, rows)
		if err != nil {
			return checked, err
		}
		for _, r := range rows {
			e := r.domain()
			if err := follows(prev, e); err != nil {
				return checked, err
			}
			if err := agrees(e, indexed[e.Seq]); err != nil {
				return checked, err
			}
			checked++
			prev = e
		}
		if len(rows) < verifyBatch {
			return checked, nil
		}
	}
}

// indexedRecords returns the index rows of the events in rows, by seq.
func indexedRecords(db *gorm.DB, rows []eventRow) (map[int64][]recordRow, error) {
	out := map[int64][]recordRow{}
	if len(rows) == 0 {
		return out, nil
	}
	var idx []recordRow
	err := db.Where("seq >= ? AND seq <= ?", rows[0].Seq, rows[len(rows)-1].Seq).Find(&idx).Error
	if err != nil {
		return nil, fmt.Errorf("audit: verify: %w", err)
	}
	for _, r := range idx {
		out[r.Seq] = append(out[r.Seq], r)
	}
	return out, nil
}

// agrees checks that the index rows of e are exactly its Records: a removed
// index row would hide a read from ReadsOf.
func agrees(e Event, idx []recordRow) error {
	want := recordRowsOf(e)
	if len(idx) != len(want) {
		return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("%d records indexed, the event lists %d", len(idx), len(want))}
	}
	have := make(map[recordRow]bool, len(idx))
	for _, r := range idx {
		have[r] = true
	}
	for _, r := range want {
		if !have[r] {
			return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("record %s %s is not indexed", r.RecordType, r.RecordID)}
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
