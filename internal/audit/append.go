package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Record appends e to the chain and returns it as stored. Record assigns Seq,
// At, PrevHash and Hash (whatever e holds there is ignored) and cleans the text
// fields (see the package documentation). An unknown action is ErrInvalid;
// losing to concurrent writers maxAttempts times in a row is ErrConflict.
func (l *Log) Record(ctx context.Context, e Event) (Event, error) {
	stored, err := l.RecordMany(ctx, []Event{e})
	if err != nil {
		return Event{}, err
	}
	return stored[0], nil
}

// RecordMany appends events in order, chained one after the other, in one
// transaction: a list of cases shown costs one write, not one per case. Calls
// that arrive while another writes are written together, in one transaction
// after it (group commit): every call returns once its own events are
// committed, but a busy server takes the chain's lock once per batch instead
// of once per request.
func (l *Log) RecordMany(ctx context.Context, events []Event) ([]Event, error) {
	if len(events) == 0 {
		return nil, nil
	}
	clean := make([]Event, len(events))
	for i, e := range events {
		if !e.Action.Valid() {
			return nil, fmt.Errorf("audit: action %q: %w", e.Action, ErrInvalid)
		}
		if len(e.Records) > MaxRecords {
			return nil, fmt.Errorf("audit: %d records in one event, at most %d: %w", len(e.Records), MaxRecords, ErrInvalid)
		}
		clean[i] = e.cleaned()
	}
	p := &pending{events: clean, turn: make(chan struct{}), done: make(chan struct{})}
	l.mu.Lock()
	l.queue = append(l.queue, p)
	if !l.writing {
		l.writing = true
		close(p.turn)
	}
	l.mu.Unlock()
	// A waiting call cannot give up on its context: the turn may pass to it.
	select {
	case <-p.turn:
		l.writeQueue(context.WithoutCancel(ctx))
	case <-p.done:
	}
	<-p.done
	return p.stored, p.err
}

// writeQueue writes every queued call's events in one transaction, tells
// each call how it went, and passes the turn to the first call queued since.
func (l *Log) writeQueue(ctx context.Context) {
	l.mu.Lock()
	batch := l.queue
	l.queue = nil
	l.mu.Unlock()
	var all []Event
	for _, p := range batch {
		all = append(all, p.events...)
	}
	stored, err := l.appendRetrying(ctx, all)
	for _, p := range batch {
		if err == nil {
			p.stored, stored = stored[:len(p.events):len(p.events)], stored[len(p.events):]
		}
		p.err = err
		close(p.done)
	}
	l.mu.Lock()
	if len(l.queue) > 0 {
		close(l.queue[0].turn)
	} else {
		l.writing = false
	}
	l.mu.Unlock()
}

// appendRetrying appends events, trying again when another app server took
// the next seq first (SQLite, or a database without the advisory lock).
func (l *Log) appendRetrying(ctx context.Context, events []Event) ([]Event, error) {
	for attempt := 1; ; attempt++ {
		stored, err := l.append(ctx, events)
		if err == nil {
			return stored, nil
		}
		if !isDuplicate(err) {
			return nil, fmt.Errorf("audit: record: %w", err)
		}
		if attempt == maxAttempts {
			return nil, fmt.Errorf("audit: record: seq taken %d times: %w", attempt, ErrConflict)
		}
		time.Sleep(time.Duration(attempt) * 2 * time.Millisecond)
	}
}

// append inserts events after the current head in one transaction.
func (l *Log) append(ctx context.Context, events []Event) ([]Event, error) {
	out := make([]Event, len(events))
	err := l.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if tx.Dialector.Name() == "postgres" {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", advisoryLockKey).Error; err != nil {
				return err
			}
		}
		var head eventRow
		if err := tx.Order("seq DESC").Limit(1).Find(&head).Error; err != nil {
			return err
		}
		seq, prev := head.Seq, head.Hash
		if seq == 0 { // every event pruned: the chain goes on from the checkpoint
			cp, found, err := latestCheckpoint(tx)
			if err != nil {
				return err
			}
			if found {
				seq, prev = cp.Seq, cp.Hash
			}
		}
		at := l.now().UTC().Truncate(time.Microsecond)
		rows := make([]eventRow, len(events))
		var records []recordRow
		for i, e := range events {
			seq++
			e.Seq, e.PrevHash, e.At = seq, prev, at
			e.Hash = computeHash(e)
			prev = e.Hash
			out[i], rows[i] = e, rowOf(e)
			records = append(records, recordRowsOf(e)...)
		}
		if err := tx.CreateInBatches(&rows, 200).Error; err != nil {
			return err
		}
		if len(records) == 0 {
			return nil
		}
		return tx.CreateInBatches(&records, 500).Error
	})
	return out, err
}

func isDuplicate(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}
