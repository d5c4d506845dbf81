package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Action is what a user did to a record.
type Action string

// The actions the log knows. Record refuses any other.
const (
	ActionView        Action = "view"
	ActionCreate      Action = "create"
	ActionUpdate      Action = "update"
	ActionDelete      Action = "delete"
	ActionExport      Action = "export"
	ActionSign        Action = "sign"
	ActionLogin       Action = "login"
	ActionLoginFailed Action = "login_failed"
	ActionLogout      Action = "logout"
)

// Actions lists every known action, e.g. for a filter form.
var Actions = []Action{ActionView, ActionCreate, ActionUpdate, ActionDelete, ActionExport,
	ActionSign, ActionLogin, ActionLoginFailed, ActionLogout}

// Valid reports whether a is one of the known actions.
func (a Action) Valid() bool {
	switch a {
	case ActionView, ActionCreate, ActionUpdate, ActionDelete, ActionExport,
		ActionSign, ActionLogin, ActionLoginFailed, ActionLogout:
		return true
	}
	return false
}

// Event is one entry of the audit log.
type Event struct {
	Seq            int64     // 1, 2, 3, … position in the chain, assigned by Record
	At             time.Time // assigned by Record from the clock, UTC, truncated to microseconds
	UserID         int64     // 0 = anonymous / unknown
	UserEmail      string    // who (for failed logins the e-mail typed)
	OrganisationID int64     // the user's organisation, 0 when unknown
	Action         Action    // what was done
	RecordType     string    // e.g. "case", "conference", "minutes", "user", "session"
	RecordID       string    // e.g. "42"; "" when Records lists the records
	// Records, when set, lists the records of RecordType this one event is
	// about (a page that shows forty cases writes one event, not forty).
	// ReadsOf and List with Filter.RecordID find the event by each of them.
	Records  []string
	Detail   string // a short reference, e.g. "2026-0042" or "GET /cases/42": never personal data
	IP       string // client address
	PrevHash string // hex SHA-256 of the previous event, "" for the first
	Hash     string // hex SHA-256 over the canonical encoding of all fields above and TextHash, Subjects
	// Text is free text that may be personal data: a reason typed, the terms
	// of a person search. It is kept outside the chain (audit_event_texts);
	// the chain holds TextHash, so that the text can be destroyed with the
	// records it is about (Subjects) and the chain still verifies. "" once
	// destroyed (TextDestroyedBy says by which event).
	Text string
	// Subjects are the records Text is about (e.g. the cases and persons a
	// search found). For a deletion recorded with DestroyTexts: the records
	// whose texts it destroyed.
	Subjects []Subject
	// TextHash is assigned by Record when there is a Text: the hex SHA-256
	// over a random salt, kept beside the text, and the text.
	TextHash string
	// TextDestroyedBy is the seq of the event that destroyed Text, 0 while it is kept.
	TextDestroyedBy int64
	// destroys marks an event recorded by DestroyTexts.
	destroys bool
}

// Maximum lengths, in characters, of the text fields; Record cuts longer values.
const (
	MaxEmail      = 254
	MaxRecordType = 32
	MaxRecordID   = 64
	MaxDetail     = 500
	MaxIP         = 64
)

// hashVersion starts every canonical encoding; a new encoding needs a new tag.
// An event without Records keeps the first encoding; one with Records is
// encoded with hashVersionRecords and the records after PrevHash; one with a
// text or subjects with hashVersionText: the records (also none), TextHash
// and the subjects after PrevHash. The events already logged keep theirs.
const (
	hashVersion        = "casusoverleg-audit-v1"
	hashVersionRecords = "casusoverleg-audit-v2"
	hashVersionText    = "casusoverleg-audit-v3"
)

// MaxRecords bounds the records of one event.
const MaxRecords = 10_000

// computeHash returns the hex SHA-256 of e's canonical encoding: netstrings of
// the version tag and every field except Hash, in declaration order.
func computeHash(e Event) string {
	version := hashVersion
	withText := e.TextHash != "" || len(e.Subjects) > 0
	switch {
	case withText:
		version = hashVersionText
	case len(e.Records) > 0:
		version = hashVersionRecords
	}
	fields := [...]string{
		version,
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.UserID, 10),
		e.UserEmail,
		strconv.FormatInt(e.OrganisationID, 10),
		string(e.Action),
		e.RecordType,
		e.RecordID,
		e.Detail,
		e.IP,
		e.PrevHash,
	}
	h := sha256.New()
	var buf []byte
	write := func(f string) {
		buf = strconv.AppendInt(buf[:0], int64(len(f)), 10)
		buf = append(buf, ':')
		buf = append(buf, f...)
		buf = append(buf, ',')
		h.Write(buf)
	}
	for _, f := range fields {
		write(f)
	}
	if len(e.Records) > 0 || withText {
		write(strconv.Itoa(len(e.Records)))
		for _, r := range e.Records {
			write(r)
		}
	}
	if withText {
		write(e.TextHash)
		write(strconv.Itoa(len(e.Subjects)))
		for _, s := range e.Subjects {
			write(s.RecordType)
			write(s.RecordID)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cleaned returns e with its text fields made storable everywhere: valid
// UTF-8, no control characters (PostgreSQL rejects NUL; newlines would let a
// typed e-mail forge log lines) and no longer than the columns.
func (e Event) cleaned() Event {
	e.UserEmail = cleanText(e.UserEmail, MaxEmail)
	e.RecordType = cleanText(e.RecordType, MaxRecordType)
	e.RecordID = cleanText(e.RecordID, MaxRecordID)
	if len(e.Records) > 0 {
		records := make([]string, len(e.Records))
		for i, r := range e.Records {
			records[i] = strings.ReplaceAll(cleanText(r, MaxRecordID), ",", "\uFFFD")
		}
		e.Records = records
	}
	e.Detail = cleanText(e.Detail, MaxDetail)
	e.Text = cleanText(e.Text, MaxText)
	e.Subjects = cleanSubjects(e.Subjects)
	e.IP = cleanText(e.IP, MaxIP)
	return e
}

func cleanText(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit && utf8.ValidString(s) && strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s { // invalid bytes arrive as utf8.RuneError
		if n == limit {
			break
		}
		if unicode.IsControl(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// DefaultLimit is the number of events List returns when the filter asks for none.
const DefaultLimit = 50

// MaxLimit bounds the number of events List returns at once.
const MaxLimit = 500

// Filter selects events for List. Zero fields do not filter.
type Filter struct {
	UserID         int64
	OrganisationID int64
	Action         Action
	RecordType     string
	RecordID       string
	From           time.Time // events at or after From
	To             time.Time // events before To
	Limit          int       // page size: DefaultLimit when 0, at most MaxLimit
	Offset         int       // events to skip, newest first
}

// Normalize returns f with a sensible limit and a non-negative offset.
func (f Filter) Normalize() Filter {
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit > MaxLimit {
		f.Limit = MaxLimit
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	return f
}
