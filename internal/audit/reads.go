package audit

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// ReadActions are the actions that count as a read of a record: it was shown
// or exported.
var ReadActions = []Action{ActionView, ActionExport}

// The reads of a record are found through the index of records
// (audit_event_records), whether the event was logged for that record alone
// (RecordID) or for a list of records that holds it (Records). These two
// functions are the only ones that know how reads are recorded.

// LatestReads returns the newest limit views of one record, newest first: the
// case page's "latest views".
func (l *Log) LatestReads(ctx context.Context, recordType, recordID string, limit int) ([]Event, error) {
	return l.Latest(ctx, Filter{Action: ActionView, RecordType: recordType, RecordID: recordID, Limit: limit})
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
