package audit

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"gorm.io/gorm"
)

// ReadActions are the actions that count as a read of a record: it was shown
// or exported.
var ReadActions = []Action{ActionView, ActionExport}

// The reads of a record are found through the index of records
// (audit_event_records), whether the event was logged for that record alone
// (RecordID) or for a list of records that holds it (Records). These two
// functions are the only ones that know how reads are recorded.

// LatestReads returns the newest limit reads (ReadActions: views and
// exports) of one record, newest first: the case page's "who read it". A
// download of signed minutes that hold the case is as much a read of it as
// the case page; counting it also keeps the walk short when one reader
// downloads the minutes many times. It walks the record's entries in the index of
// records backwards, one primary-key probe (record_type, record_id, seq) per
// step, a batch at a time, and reads the events of each batch by their key
// alone, filtering in Go, until it has limit reads or the record has no more
// entries. Each statement can only be planned on a primary key, whatever the
// statistics say: a join of the two tables, or an ORDER BY … LIMIT on the
// index, was planned as a scan of the whole log or of all of a busy record's
// entries (6 s instead of 1 ms on PostgreSQL without fresh statistics). A
// record whose newest entries are reads, as a case page's are, needs one batch.
//
// The events come without their hashes, record lists, subjects and address:
// who read, when, from which organisation and through what (Detail), which
// is what a list of reads shows. A page that shows forty cases lists them
// all in its event, and the case page's twenty reads were forty such lists
// split into strings for nothing.
func (l *Log) LatestReads(ctx context.Context, recordType, recordID string, limit int) ([]Event, error) {
	limit = Filter{Limit: limit}.Normalize().Limit
	batch := max(limit, 20)
	db := l.db.WithContext(ctx)
	var out []Event
	before := int64(math.MaxInt64)
	for {
		seqs, err := l.latestSeqsOf(ctx, recordType, recordID, before, batch)
		if err != nil {
			return nil, err
		}
		if len(seqs) == 0 {
			return out, nil
		}
		reads, err := readsBySeq(db, seqs)
		if err != nil {
			return nil, fmt.Errorf("audit: reads of %s %s: %w", recordType, recordID, err)
		}
		for _, e := range reads {
			if slices.Contains(ReadActions, e.Action) && e.RecordType == recordType && len(out) < limit {
				out = append(out, e)
			}
		}
		if len(out) >= limit || len(seqs) < batch {
			return out, nil
		}
		before = seqs[len(seqs)-1]
	}
}

// readsBySeq reads the events seqs as LatestReads returns them, newest
// first, scanned by hand.
func readsBySeq(db *gorm.DB, seqs []int64) ([]Event, error) {
	rows, err := db.Table("audit_events").
		Select("seq, at, user_id, user_email, organisation_id, action, record_type, record_id, detail").
		Where("seq IN ?", seqs).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]Event, 0, len(seqs))
	for rows.Next() {
		var e Event
		var action string
		if err := rows.Scan(&e.Seq, &e.At, &e.UserID, &e.UserEmail, &e.OrganisationID, &action, &e.RecordType, &e.RecordID, &e.Detail); err != nil {
			return nil, err
		}
		e.Action, e.At = Action(action), e.At.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Event) int { return cmp.Compare(b.Seq, a.Seq) })
	return out, nil
}

// latestSeqs lists at most n seqs of one record's entries below a seq,
// newest first, each found by one backward step on the primary key:
// parameters record type, record id, below, record type, record id, n. Each
// step is written ORDER BY … DESC LIMIT 1 rather than max(): PostgreSQL
// planned the first max() as an aggregate over all of the record's entries
// when its statistics said the record had few (25,000 index entries, 26 ms,
// for a case the benchmark had read all day), and LIMIT 1 can only stop at
// the first.
const latestSeqs = `WITH RECURSIVE walk(seq, n) AS (
	SELECT (SELECT seq FROM audit_event_records WHERE record_type = ? AND record_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1), 1
	UNION ALL
	SELECT (SELECT r.seq FROM audit_event_records r WHERE r.record_type = ? AND r.record_id = ? AND r.seq < walk.seq ORDER BY r.seq DESC LIMIT 1), walk.n + 1
	FROM walk WHERE walk.seq IS NOT NULL AND walk.n < ?
) SELECT seq FROM walk WHERE seq IS NOT NULL`

// latestSeqsOf returns at most n seqs of the record's entries below before, newest first.
func (l *Log) latestSeqsOf(ctx context.Context, recordType, recordID string, before int64, n int) ([]int64, error) {
	var seqs []int64
	if err := l.db.WithContext(ctx).Raw(latestSeqs, recordType, recordID, before, recordType, recordID, n).Scan(&seqs).Error; err != nil {
		return nil, fmt.Errorf("audit: reads of %s %s: %w", recordType, recordID, err)
	}
	return seqs, nil
}

// readRow is an event with the record of the index that matched.
type readRow struct {
	Row     eventRow `gorm:"embedded"`
	Matched string   `gorm:"column:matched_id"`
}

// ReadsOf returns every read (ReadActions) of the records of recordType with
// the given ids still in the log, oldest first: who, their organisation, when.
// An event that read several of the records (a page listing forty cases) is
// returned once per record, with RecordID set to that record; a
// right-of-access report counts it for each.
func (l *Log) ReadsOf(ctx context.Context, recordType string, ids []string) ([]Event, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	actions := make([]string, len(ReadActions))
	for i, a := range ReadActions {
		actions[i] = string(a)
	}
	var out []Event
	const chunk = 500 // bound the IN list
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		var rows []readRow
		err := l.db.WithContext(ctx).Table("audit_events").
			Select("audit_events.*, r.record_id AS matched_id").
			Joins("JOIN audit_event_records r ON r.seq = audit_events.seq").
			Where("r.record_type = ? AND r.record_id IN ? AND audit_events.action IN ?", recordType, part, actions).
			Order("audit_events.seq").Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("audit: reads of %s: %w", recordType, err)
		}
		for _, r := range rows {
			e := r.Row.domain()
			e.RecordID = r.Matched
			out = append(out, e)
		}
	}
	if err := withTexts(l.db.WithContext(ctx), out); err != nil {
		return nil, fmt.Errorf("audit: reads of %s: %w", recordType, err)
	}
	slices.SortStableFunc(out, func(a, b Event) int { return cmp.Or(cmp.Compare(a.Seq, b.Seq), cmp.Compare(a.RecordID, b.RecordID)) })
	return out, nil
}
