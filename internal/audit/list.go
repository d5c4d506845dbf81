package audit

// Reading the log: its head, and the events a filter selects, with their texts.

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Head returns the newest event, or ErrNotFound when the log is empty. Keep
// its Seq and Hash outside the database to detect a truncated or rewritten log later.
func (l *Log) Head(ctx context.Context) (Event, error) {
	var rows []eventRow
	if err := l.db.WithContext(ctx).Order("seq DESC").Limit(1).Find(&rows).Error; err != nil {
		return Event{}, fmt.Errorf("audit: head: %w", err)
	}
	if len(rows) == 0 {
		return Event{}, fmt.Errorf("audit: head: %w", ErrNotFound)
	}
	return rows[0].domain(), nil
}

// List returns the events f selects, newest first, and how many there are in
// all. Limit is DefaultLimit when unset and at most MaxLimit.
func (l *Log) List(ctx context.Context, f Filter) ([]Event, int64, error) {
	var total int64
	if err := l.filtered(ctx, f.Normalize()).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("audit: list: %w", err)
	}
	events, err := l.Latest(ctx, f)
	return events, total, err
}

// Latest returns the newest events f selects, without counting them all: a
// record's latest views cost the same however often it was viewed.
func (l *Log) Latest(ctx context.Context, f Filter) ([]Event, error) {
	f = f.Normalize()
	var rows []eventRow
	order := "audit_events.seq DESC"
	if f.RecordID != "" {
		order = "r.seq DESC" // the index walk of the record's events
	}
	if err := l.filtered(ctx, f).Select("audit_events.*").Order(order).Limit(f.Limit).Offset(f.Offset).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	out := make([]Event, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	if err := withTexts(l.db.WithContext(ctx), out); err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	return out, nil
}

func (l *Log) filtered(ctx context.Context, f Filter) *gorm.DB {
	q := l.db.WithContext(ctx).Model(&eventRow{})
	if f.UserID != 0 {
		q = q.Where("audit_events.user_id = ?", f.UserID)
	}
	if f.OrganisationID != 0 {
		q = q.Where("audit_events.organisation_id = ?", f.OrganisationID)
	}
	if f.Action != "" {
		q = q.Where("audit_events.action = ?", string(f.Action))
	}
	if f.RecordType != "" {
		q = q.Where("audit_events.record_type = ?", f.RecordType)
	}
	if f.RecordID != "" {
		// The event of one record or one listing it: both are indexed.
		q = q.Joins("JOIN audit_event_records r ON r.seq = audit_events.seq").Where("r.record_id = ?", f.RecordID)
		if f.RecordType != "" {
			q = q.Where("r.record_type = ?", f.RecordType)
		}
	}
	if !f.From.IsZero() {
		q = q.Where("audit_events.at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("audit_events.at < ?", f.To.UTC())
	}
	return q
}
