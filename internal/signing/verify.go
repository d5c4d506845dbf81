package signing

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/pdfsign"
	"casusoverleg/minutes"
)

// Reason is the signature reason written into every signed original: which
// minutes, which copy (kind "full" or "redacted"), which revision (0, or the
// number of the last addendum) and the content hash of that copy. Check
// reads it back.
func Reason(conferenceID int64, revision int, kind, hash string) string {
	copyKind := "volledig"
	if kind == minutes.CopyRedacted {
		copyKind = "afgeschermd"
	}
	return fmt.Sprintf("Casusoverleg verslag %d; exemplaar %s; revisie %d; inhoudshash %s", conferenceID, copyKind, revision, hash)
}

var reasonPattern = regexp.MustCompile(`verslag (\d+); exemplaar (volledig|afgeschermd); revisie (\d+); inhoudshash ([0-9a-f]{64})`)

// Report is the outcome of checking a PDF.
type Report struct {
	Signer   string    `json:"signer"`
	SignedAt time.Time `json:"signed_at"`
	// Level is the PAdES level, "B-B" or "B-T"; TimestampedAt the TSA's time (B-T).
	Level         string     `json:"level"`
	TimestampedAt *time.Time `json:"timestamped_at,omitempty"`
	ConferenceID  int64      `json:"conference_id,omitempty"`
	Revision      int        `json:"revision"`
	Hash          string     `json:"hash,omitempty"`
	Redacted      bool       `json:"redacted"`
	// SHA256 is the hex SHA-256 of the file.
	SHA256 string `json:"sha256"`
	// Meeting names the meeting, e.g. "Justitieel casusoverleg Oss, 23-11-2026",
	// and Organisations the view of a redacted copy; both from the database.
	Meeting       string `json:"meeting,omitempty"`
	Organisations string `json:"organisations,omitempty"`
	// Original is true when the bytes are those of the stored signed
	// original (checked against the database).
	Original bool `json:"original"`
}

// Errors of Check, each with a reason a person can act on.
var (
	ErrUntrusted  = errors.New("the PDF is signed, but not with this deployment's certificate")
	ErrNotMinutes = errors.New("the PDF is validly signed, but is not signed minutes of Casusoverleg")
	ErrPartial    = errors.New("the signature does not cover the whole file: something was added after signing")
	// ErrNotOriginal means a valid signature whose bytes are not those of
	// any stored original of these minutes.
	ErrNotOriginal = errors.New("the PDF is validly signed, but its bytes are not those of the stored signed original")
)

// Originals is what Check asks the database: the stored copy whose file has
// a SHA-256, and the meeting's name.
type Originals interface {
	OriginalBySHA256(ctx context.Context, sum string) (minutes.Original, error)
	MeetingName(ctx context.Context, conferenceID int64) (string, error)
}

// Check verifies the PDF's signature and, when store is not nil, that its
// bytes are a stored signed original. With trusted set, the signing
// certificate must be that one: a signature by any other key proves nothing
// about Casusoverleg. It returns what it found along with the first reason
// the PDF is not valid.
func Check(ctx context.Context, pdf []byte, store Originals, trusted *x509.Certificate) (Report, error) {
	res, err := pdfsign.Verify(pdf)
	if err != nil {
		return Report{}, err
	}
	sum := sha256.Sum256(pdf)
	rep := Report{SignedAt: res.SignedAt, Signer: res.SignerName, Level: res.Level, SHA256: hex.EncodeToString(sum[:])}
	if !res.TimestampedAt.IsZero() {
		t := res.TimestampedAt
		rep.TimestampedAt = &t
	}
	if trusted != nil && !trusted.Equal(res.Certificate) {
		return rep, ErrUntrusted
	}
	if !res.CoversWholeFile {
		return rep, ErrPartial
	}
	m := reasonPattern.FindStringSubmatch(res.Reason)
	if m == nil {
		return rep, ErrNotMinutes
	}
	rep.ConferenceID, _ = strconv.ParseInt(m[1], 10, 64)
	rep.Redacted = m[2] == "afgeschermd"
	rep.Revision, _ = strconv.Atoi(m[3])
	rep.Hash = m[4]
	if store == nil {
		return rep, nil
	}
	if name, err := store.MeetingName(ctx, rep.ConferenceID); err == nil {
		rep.Meeting = name
	} else if !errors.Is(err, conference.ErrNotFound) {
		return rep, err
	}
	o, err := store.OriginalBySHA256(ctx, rep.SHA256)
	if errors.Is(err, conference.ErrNotFound) {
		return rep, ErrNotOriginal
	}
	if err != nil {
		return rep, err
	}
	if o.ConferenceID != rep.ConferenceID || o.ContentHash != rep.Hash || o.Revision != rep.Revision {
		return rep, ErrNotOriginal
	}
	rep.Organisations, rep.Original = o.Organisations, true
	return rep, nil
}
