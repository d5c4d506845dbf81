package signing

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"casusoverleg/internal/pdfsign"
	"casusoverleg/minutes"
)

// Reason is the signature reason written into every signed minutes PDF:
// which minutes, which content hash and which copy. Check reads it back.
func Reason(conferenceID int64, hash string, redacted bool) string {
	copyKind := "volledig"
	if redacted {
		copyKind = "afgeschermd"
	}
	return fmt.Sprintf("Casusoverleg verslag %d; inhoudshash %s; %s", conferenceID, hash, copyKind)
}

var reasonPattern = regexp.MustCompile(`verslag (\d+); inhoudshash ([0-9a-f]{64}); (volledig|afgeschermd)`)

// Report is the outcome of checking a PDF.
type Report struct {
	Signer       string    `json:"signer"`
	SignedAt     time.Time `json:"signed_at"`
	ConferenceID int64     `json:"conference_id,omitempty"`
	Hash         string    `json:"hash,omitempty"`
	Redacted     bool      `json:"redacted"`
	// HashChecked is true when the hash was compared with the database.
	HashChecked bool `json:"hash_checked"`
}

// Errors of Check, each with a reason a person can act on.
var (
	ErrUntrusted  = errors.New("the PDF is signed, but not with this deployment's certificate")
	ErrNotMinutes = errors.New("the PDF is validly signed, but is not signed minutes of Casusoverleg")
	ErrPartial    = errors.New("the signature does not cover the whole file: something was added after signing")
)

// Check verifies the PDF's signature and, when store is not nil, that its
// content hash is the one of the signed minutes in the database. With trusted
// set, the signing certificate must be that one: a signature by any other key
// proves nothing about Casusoverleg. It returns what it found along with the
// first reason the PDF is not valid.
func Check(ctx context.Context, pdf []byte, store *minutes.Store, trusted *x509.Certificate) (Report, error) {
	res, err := pdfsign.Verify(pdf)
	if err != nil {
		return Report{}, err
	}
	rep := Report{SignedAt: res.SignedAt, Signer: res.SignerName}
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
	rep.Hash, rep.Redacted = m[2], m[3] == "afgeschermd"
	if store == nil {
		return rep, nil
	}
	if err := store.CheckHash(ctx, rep.ConferenceID, rep.Hash); err != nil {
		return rep, err
	}
	rep.HashChecked = true
	return rep, nil
}
