package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
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
// the next seq first: it wrote since this Log last saw the head, or (SQLite,
// or a database without the advisory lock) at the same moment.
func (l *Log) appendRetrying(ctx context.Context, events []Event) ([]Event, error) {
	for attempt := 1; ; attempt++ {
		cached := l.headKnown && l.rereads == 0
		stored, err := l.append(ctx, events, cached)
		if err == nil {
			return stored, nil
		}
		l.headKnown = false
		if !errors.Is(err, errHeadMoved) && !isDuplicate(err) {
			return nil, fmt.Errorf("audit: record: %w", err)
		}
		if cached {
			// Another app server writes too: read the head for a while
			// rather than lose a transaction to it every other batch.
			l.rereads = rereadBatches
		}
		if attempt == maxAttempts {
			return nil, fmt.Errorf("audit: record: seq taken %d times: %w", attempt, ErrConflict)
		}
		if !cached { // a writer without the lock at the same moment: let it finish
			time.Sleep(time.Duration(attempt) * 2 * time.Millisecond)
		}
	}
}

// errHeadMoved says that the seq after the head this Log knew is taken: another
// app server (or another Log on the same database) wrote since.
var errHeadMoved = errors.New("audit: the chain head moved")

// rereadBatches is how many batches read the head first after another writer
// was found to have moved it.
const rereadBatches = 16

// append inserts events after the head in one transaction: the head this Log
// knows when cached, else the one it reads. Only the writer of the group
// commit calls it, so l.head needs no lock. seq is the primary key and the
// insert does nothing on a taken seq, so a head that moved since is found by
// the rows inserted and costs no read when it did not (errHeadMoved).
func (l *Log) append(ctx context.Context, events []Event, cached bool) ([]Event, error) {
	out := make([]Event, len(events))
	err := l.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if tx.Dialector.Name() == "postgres" {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", advisoryLockKey).Error; err != nil {
				return err
			}
		}
		seq, prev := l.head.Seq, l.head.Hash
		if !cached {
			var err error
			if seq, prev, err = readHead(tx); err != nil {
				return err
			}
		}
		at := l.now().UTC().Truncate(time.Microsecond)
		rows := make([]eventRow, len(events))
		var records []recordRow
		var texts []textRow
		var subjects []subjectRow
		for i, e := range events {
			seq++
			e.Seq, e.PrevHash, e.At, e.TextHash, e.TextDestroyedBy = seq, prev, at, "", 0
			if e.Text != "" {
				salt := newSalt()
				e.TextHash = textHash(salt, e.Text)
				texts = append(texts, textRow{Seq: seq, Salt: salt, Text: e.Text})
			}
			e.Hash = computeHash(e)
			prev = e.Hash
			out[i], rows[i] = e, rowOf(e)
			records = append(records, recordRowsOf(e)...)
			subjects = append(subjects, subjectRowsOf(e)...)
		}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&rows, 200)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != int64(len(rows)) {
			return errHeadMoved
		}
		for _, side := range []struct {
			n    int
			rows any
		}{{len(records), &records}, {len(texts), &texts}, {len(subjects), &subjects}} {
			if side.n == 0 {
				continue
			}
			if err := tx.Session(&gorm.Session{NewDB: true}).CreateInBatches(side.rows, 500).Error; err != nil {
				return err
			}
		}
		for _, e := range out {
			if e.destroys {
				if _, err := destroyTexts(tx, e); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	l.head, l.headKnown = out[len(out)-1], true
	if l.rereads > 0 {
		l.rereads--
	}
	return out, nil
}

// readHead returns the seq and hash of the newest event, or of the latest
// checkpoint when every event was pruned (the chain goes on from there), or
// 0 and "" for an empty log.
func readHead(tx *gorm.DB) (int64, string, error) {
	var head eventRow
	if err := tx.Order("seq DESC").Limit(1).Find(&head).Error; err != nil {
		return 0, "", err
	}
	if head.Seq != 0 {
		return head.Seq, head.Hash, nil
	}
	cp, found, err := latestCheckpoint(tx)
	if err != nil || !found {
		return 0, "", err
	}
	return cp.Seq, cp.Hash, nil
}

func isDuplicate(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}
