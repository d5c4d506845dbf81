package notify

import (
	"context"
	"fmt"

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
