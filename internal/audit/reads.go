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

// ReadsOf returns every read (ReadActions) of the records of recordType with
// the given ids still in the log, oldest first: who, their organisation, when.
// It is the one place that knows how reads are recorded (today one event per
// record), so a right-of-access report follows any change to that here.
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
		var rows []eventRow
		err := l.db.WithContext(ctx).Where("record_type = ? AND record_id IN ? AND action IN ?", recordType, part, actions).
			Order("seq").Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("audit: reads of %s: %w", recordType, err)
		}
		for _, r := range rows {
			out = append(out, r.domain())
		}
	}
	if len(ids) > chunk { // chunks each came in order; merge them
		slices.SortFunc(out, func(a, b Event) int { return cmp.Compare(a.Seq, b.Seq) })
	}
	return out, nil
}
