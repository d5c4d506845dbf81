package notify

import (
	"context"
	"fmt"
	"time"

	"casusoverleg/conference"
)

// MessageFilter selects messages in the admin's list.
type MessageFilter struct {
	Status Status
	conference.Page
}

// Messages lists the outbox, newest first, with the total that matches.
func (o *Outbox) Messages(ctx context.Context, f MessageFilter) ([]Message, int64, error) {
	q := o.db.WithContext(ctx).Model(&messageRow{})
	if f.Status != "" {
		q = q.Where("status = ?", string(f.Status))
	}
	f.Page = f.Page.Normalize()
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("messages: %w", err)
	}
	var rows []messageRow
	if err := q.Order("id DESC").Limit(f.Limit).Offset(f.Offset).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("messages: %w", err)
	}
	out := make([]Message, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, nil
}

// KeepMessages is how long a delivered, kept or failed message stays in the
// outbox: long enough for the admin to answer "was I told?", short enough
// not to keep addresses and references longer than needed.
const KeepMessages = 90 * 24 * time.Hour

// Cleanup deletes the messages that are done (sent, kept or failed) and older
// than KeepMessages. It returns how many it deleted. Any app server may run it.
func (o *Outbox) Cleanup(ctx context.Context) (int64, error) {
	res := o.db.WithContext(ctx).Where("status <> ? AND created_at < ?", string(StatusPending), o.now().Add(-KeepMessages)).
		Delete(&messageRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("messages: cleanup: %w", res.Error)
	}
	return res.RowsAffected, nil
}
