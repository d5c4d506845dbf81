package audit

import (
	"context"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// advisoryLockKey is the PostgreSQL advisory lock that serialises Record
// across app servers ("audit" in ASCII).
const advisoryLockKey int64 = 0x6175646974

// maxAttempts is how often Record tries to append before giving up with ErrConflict.
const maxAttempts = 5

// verifyBatch is how many events Verify loads at a time.
const verifyBatch = 1000

// Log is the audit log in a relational database through gorm. gorm's errors
// never leave this file: they are mapped to the package's sentinel errors or
// wrapped as internal errors.
type Log struct {
	db  *gorm.DB
	now func() time.Time

	// The deployment key that signs checkpoints and its certificate (WithKey).
	key  crypto.Signer
	cert *x509.Certificate

	// Group commit: concurrent RecordMany calls queue their events; one of
	// them writes everything queued in one transaction and hands the turn on.
	mu      sync.Mutex
	queue   []*pending
	writing bool
}

// pending is one RecordMany call waiting for its events to be written.
type pending struct {
	events []Event
	stored []Event
	err    error
	turn   chan struct{} // closed when this call is to write the queue
	done   chan struct{} // closed when its events are written, or failed
}

// New returns a Log on db; now is the clock (tests pass a fixed one, nil means
// time.Now). WithKey gives it the key for Prune and the certificate for Verify.
func New(db *gorm.DB, now func() time.Time, opts ...Option) *Log {
	if now == nil {
		now = time.Now
	}
	l := &Log{db: db, now: now}
	for _, o := range opts {
		o(l)
	}
	return l
}

// MigrateSchema creates or extends the table audit_events. It is called by a
// versioned migration step; it only adds.
func MigrateSchema(tx *gorm.DB) error {
	return tx.AutoMigrate(&eventRow{})
}

// eventRow is an Event as stored. Seq is the primary key, so a second insert
// of the same seq fails: that is what keeps concurrent writers from forking the chain.
type eventRow struct {
	Seq            int64     `gorm:"primaryKey;autoIncrement:false"`
	At             time.Time `gorm:"not null;index"`
	UserID         int64     `gorm:"not null;index"`
	UserEmail      string    `gorm:"size:254;not null"`
	OrganisationID int64     `gorm:"not null;index"`
	Action         string    `gorm:"size:32;not null;index"`
	RecordType     string    `gorm:"size:32;not null;index:idx_audit_events_record"`
	RecordID       string    `gorm:"size:64;not null;index:idx_audit_events_record"`
	Detail         string    `gorm:"size:500;not null"`
	IP             string    `gorm:"size:64;not null"`
	PrevHash       string    `gorm:"size:64;not null"`
	Hash           string    `gorm:"size:64;not null"`
	// Records is Event.Records joined by commas ("" for none).
	Records string `gorm:"type:text;not null;default:''"`
	// TextHash is Event.TextHash; the text itself is in audit_event_texts.
	TextHash string `gorm:"size:64;not null;default:''"`
	// Subjects is Event.Subjects as "type:id" joined by commas ("" for none);
	// audit_event_subjects indexes them.
	Subjects string `gorm:"type:text;not null;default:''"`
}

func (eventRow) TableName() string { return "audit_events" }

// recordRow indexes the record of an event (its RecordID, or each of its
// Records), so that the events of a record are found by one index walk,
// newest first, however they were logged. It is derived from the hashed
// event; Verify checks that the two agree.
type recordRow struct {
	RecordType string `gorm:"primaryKey;size:32"`
	RecordID   string `gorm:"primaryKey;size:64"`
	Seq        int64  `gorm:"primaryKey;autoIncrement:false;index"`
}

func (recordRow) TableName() string { return "audit_event_records" }

// MigrateRecords adds the records list of an event and its index table, and
// indexes the events already logged (issue 18).
func MigrateRecords(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&eventRow{}, &recordRow{}); err != nil {
		return err
	}
	return tx.Exec(`INSERT INTO audit_event_records (record_type, record_id, seq)
		SELECT record_type, record_id, seq FROM audit_events WHERE record_id <> '' AND records = ''`).Error
}

func (r eventRow) domain() Event {
	e := Event{Seq: r.Seq, At: r.At.UTC(), UserID: r.UserID, UserEmail: r.UserEmail,
		OrganisationID: r.OrganisationID, Action: Action(r.Action), RecordType: r.RecordType,
		RecordID: r.RecordID, Detail: r.Detail, IP: r.IP, PrevHash: r.PrevHash, Hash: r.Hash}
	if r.Records != "" {
		e.Records = strings.Split(r.Records, ",")
	}
	e.TextHash, e.Subjects = r.TextHash, decodeSubjects(r.Subjects)
	return e
}

func rowOf(e Event) eventRow {
	return eventRow{Seq: e.Seq, At: e.At, UserID: e.UserID, UserEmail: e.UserEmail,
		OrganisationID: e.OrganisationID, Action: string(e.Action), RecordType: e.RecordType,
		RecordID: e.RecordID, Detail: e.Detail, IP: e.IP, PrevHash: e.PrevHash, Hash: e.Hash,
		Records: strings.Join(e.Records, ","), TextHash: e.TextHash, Subjects: encodeSubjects(e.Subjects)}
}

// recordRowsOf returns the index rows of e: one for its RecordID, or one per
// distinct record of its Records.
func recordRowsOf(e Event) []recordRow {
	if len(e.Records) == 0 {
		if e.RecordID == "" {
			return nil
		}
		return []recordRow{{RecordType: e.RecordType, RecordID: e.RecordID, Seq: e.Seq}}
	}
	out := make([]recordRow, 0, len(e.Records))
	seen := make(map[string]bool, len(e.Records))
	for _, r := range e.Records {
		if !seen[r] {
			seen[r] = true
			out = append(out, recordRow{RecordType: e.RecordType, RecordID: r, Seq: e.Seq})
		}
	}
	return out
}

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
		if err := tx.CreateInBatches(&rows, 200).Error; err != nil {
			return err
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
	return out, err
}

func isDuplicate(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}
