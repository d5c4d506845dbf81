package audit

import (
	"crypto"
	"crypto/x509"
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

	// The chain head as this Log last wrote it, and how many batches are
	// still to read it first (appendRetrying); only the writer of the
	// group commit, one at a time, touches these.
	head      Event
	headKnown bool
	rereads   int
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
