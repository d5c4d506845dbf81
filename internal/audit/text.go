package audit

// The text of an event: free text that may be personal data (a reason typed,
// the terms of a person search) is kept outside the chain, in
// audit_event_texts, so that it can be destroyed with the case it is about;
// the chain holds only a salted hash of it.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// MaxText is the length, in characters, to which Record cuts an event's Text.
const MaxText = 2000

// Subject names a record an event's Text is about (e.g. case 42, person 7).
// Destroying that record's data destroys the text (DestroyTexts).
type Subject struct {
	RecordType string
	RecordID   string
}

// Subjects returns a subject of recordType for each id, in decimal.
func Subjects(recordType string, ids ...int64) []Subject {
	out := make([]Subject, len(ids))
	for i, id := range ids {
		out[i] = Subject{RecordType: recordType, RecordID: strconv.FormatInt(id, 10)}
	}
	return out
}

// textRow is the text of one event as stored. Salt is 32 random bytes (hex);
// TextHash in the event is the SHA-256 over the salt and the text, so that
// the hash of a short text (a name, a date of birth) cannot be guessed by
// trying candidates. Destroying the text blanks Text and Salt: the hash that
// remains in the chain then commits to nothing anyone can recompute.
type textRow struct {
	Seq  int64  `gorm:"primaryKey;autoIncrement:false"`
	Salt string `gorm:"size:64;not null"`
	Text string `gorm:"type:text;not null"`
	// DestroyedBy is the seq of the event that destroyed the text, 0 while it is kept.
	DestroyedBy int64 `gorm:"not null;default:0;index"`
}

func (textRow) TableName() string { return "audit_event_texts" }

// subjectRow is one subject of an event. The subjects are part of the hashed
// event (encoding v3), so a removed or added row breaks the chain.
type subjectRow struct {
	RecordType string `gorm:"primaryKey;size:32"`
	RecordID   string `gorm:"primaryKey;size:64"`
	Seq        int64  `gorm:"primaryKey;autoIncrement:false;index"`
}

func (subjectRow) TableName() string { return "audit_event_subjects" }

// MigrateTexts adds the text hash of an event and the tables of texts and
// subjects (issue 17). Events already logged keep their encoding.
func MigrateTexts(tx *gorm.DB) error {
	return tx.AutoMigrate(&eventRow{}, &textRow{}, &subjectRow{})
}

// textVersion starts the encoding a text's hash covers.
const textVersion = "casusoverleg-audit-text-v1"

// textHash returns the hex SHA-256 over the netstrings of the version tag,
// the salt and the text.
func textHash(salt, text string) string {
	h := sha256.New()
	var buf []byte
	for _, f := range [...]string{textVersion, salt, text} {
		buf = strconv.AppendInt(buf[:0], int64(len(f)), 10)
		buf = append(buf, ':')
		buf = append(buf, f...)
		buf = append(buf, ',')
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func newSalt() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	return hex.EncodeToString(b)
}

// cleanSubjects returns subjects made storable, sorted and without repeats:
// the order in which they are hashed does not depend on the caller.
func cleanSubjects(in []Subject) []Subject {
	if len(in) == 0 {
		return nil
	}
	out := make([]Subject, 0, len(in))
	for _, s := range in {
		s = Subject{RecordType: strings.NewReplacer(",", "\uFFFD", ":", "\uFFFD").Replace(cleanText(s.RecordType, MaxRecordType)),
			RecordID: strings.ReplaceAll(cleanText(s.RecordID, MaxRecordID), ",", "\uFFFD")}
		if s.RecordType != "" && s.RecordID != "" {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b Subject) int {
		if c := strings.Compare(a.RecordType, b.RecordType); c != 0 {
			return c
		}
		return strings.Compare(a.RecordID, b.RecordID)
	})
	return slices.Compact(out)
}

func subjectRowsOf(e Event) []subjectRow {
	out := make([]subjectRow, len(e.Subjects))
	for i, s := range e.Subjects {
		out[i] = subjectRow{RecordType: s.RecordType, RecordID: s.RecordID, Seq: e.Seq}
	}
	return out
}

// textsOf returns the stored texts of the events seqs, by seq.
func textsOf(db *gorm.DB, seqs []int64) (map[int64]textRow, error) {
	texts := map[int64]textRow{}
	const chunk = 500 // bound the IN list
	for start := 0; start < len(seqs); start += chunk {
		var rows []textRow
		if err := db.Session(&gorm.Session{NewDB: true}).Where("seq IN ?", seqs[start:min(start+chunk, len(seqs))]).Find(&rows).Error; err != nil {
			return nil, err
		}
		for _, t := range rows {
			texts[t.Seq] = t
		}
	}
	return texts, nil
}

// withTexts completes events loaded from audit_events with their text while
// it is kept, or who destroyed it.
func withTexts(db *gorm.DB, events []Event) error {
	var seqs []int64
	for _, e := range events {
		if e.TextHash != "" {
			seqs = append(seqs, e.Seq)
		}
	}
	if len(seqs) == 0 {
		return nil
	}
	texts, err := textsOf(db, seqs)
	if err != nil {
		return err
	}
	for i, e := range events {
		if t, ok := texts[e.Seq]; ok {
			events[i].Text, events[i].TextDestroyedBy = t.Text, t.DestroyedBy
		}
	}
	return nil
}

// encodeSubjects joins subjects as stored in audit_events ("case:42,person:7").
func encodeSubjects(subjects []Subject) string {
	parts := make([]string, len(subjects))
	for i, s := range subjects {
		parts[i] = s.RecordType + ":" + s.RecordID
	}
	return strings.Join(parts, ",")
}

func decodeSubjects(s string) []Subject {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]Subject, len(parts))
	for i, p := range parts {
		typ, id, _ := strings.Cut(p, ":")
		out[i] = Subject{RecordType: typ, RecordID: id}
	}
	return out
}

// destroyTexts blanks the kept texts of the events before e that concern one
// of e's subjects, naming e as their destroyer.
func destroyTexts(tx *gorm.DB, e Event) (int64, error) {
	byType := map[string][]string{}
	for _, s := range e.Subjects {
		byType[s.RecordType] = append(byType[s.RecordType], s.RecordID)
	}
	var n int64
	for typ, ids := range byType {
		sub := tx.Session(&gorm.Session{NewDB: true}).Model(&subjectRow{}).Select("seq").
			Where("record_type = ? AND record_id IN ? AND seq < ?", typ, ids, e.Seq)
		res := tx.Session(&gorm.Session{NewDB: true}).Model(&textRow{}).
			Where("destroyed_by = 0 AND seq IN (?)", sub).
			Updates(map[string]any{"text": "", "salt": "", "destroyed_by": e.Seq})
		if res.Error != nil {
			return n, res.Error
		}
		n += res.RowsAffected
	}
	return n, nil
}

// DestroyTexts records e, a deletion (ActionDelete) whose Subjects name the
// records whose personal data were destroyed (a case and its persons), and in
// the same transaction destroys the texts of the earlier events about any of
// them: text and salt are blanked and the row names e as its destroyer. The
// chain keeps the hashes, so Verify still proves it, and reports those texts
// as destroyed rather than tampered with. A text of several subjects goes
// when one of them is destroyed. Returns ErrInvalid for another action or
// no subjects.
func (l *Log) DestroyTexts(ctx context.Context, e Event) (Event, error) {
	if e.Action != ActionDelete || len(e.Subjects) == 0 {
		return Event{}, fmt.Errorf("audit: destroy texts: a deletion with subjects is needed: %w", ErrInvalid)
	}
	e.destroys = true
	return l.Record(ctx, e)
}
