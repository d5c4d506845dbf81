package main

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/database"
	"casusoverleg/internal/retention"
	"casusoverleg/internal/signing"
	"casusoverleg/minutes"
)

// verifyCommand checks a signed minutes PDF. The signature is always checked;
// the content hash too when the database is reachable (an absent SQLite file
// counts as unreachable: it is not created).
func verifyCommand(ctx context.Context, path string, getenv env, stdout io.Writer) error {
	pdf, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var store *minutes.Store
	var destroyed *retention.Store
	var trusted *x509.Certificate
	url, file := getenv("DATABASE_URL"), getenv("SQLITE_PATH")
	if file == "" {
		file = database.DefaultSQLitePath
	}
	reachable := url != ""
	if !reachable {
		_, statErr := os.Stat(file)
		reachable = statErr == nil
	}
	if reachable {
		db, err := database.Open(ctx, database.Config{URL: url, SQLitePath: file})
		if err == nil {
			defer database.Close(db)
			cases := conference.NewStore(db, time.Now)
			store = minutes.NewStore(db, time.Now, cases, agenda.NewStore(db, time.Now, cases))
			destroyed = retention.New(db, time.Now, nil)
			trusted, err = signing.Trusted(ctx, db, signingConfig(getenv))
			if err != nil {
				return err
			}
		} else {
			fmt.Fprintf(stdout, "database not reachable (%v): only the signature is checked\n", err)
		}
	} else {
		fmt.Fprintln(stdout, "no database: only the signature is checked")
	}
	var originals signing.Originals
	if store != nil {
		originals = store
	}
	if destroyed != nil {
		// A copy destroyed under the retention rule is no longer stored: its
		// signature is still checked, and the answer says when it was destroyed.
		sum := sha256.Sum256(pdf)
		o, err := destroyed.DestroyedOriginal(ctx, hex.EncodeToString(sum[:]))
		if err == nil {
			rep, err := signing.Check(ctx, pdf, nil, trusted)
			if err != nil {
				return fmt.Errorf("%s is NOT valid: %w", path, err)
			}
			writeReport(stdout, path, rep)
			fmt.Fprintf(stdout, "DESTROYED:      this signed copy was destroyed on %s under the retention rule (destruction list %d):\n"+
				"                a case in it reached the end of its retention period; only its hashes are kept\n"+
				"                (sha256 %s, content hash %s)\n", o.DestroyedAt.Format("2006-01-02"), o.ListID, o.SHA256, o.ContentHash)
			return nil
		}
		if !errors.Is(err, conference.ErrNotFound) {
			return err
		}
	}
	rep, err := signing.Check(ctx, pdf, originals, trusted)
	if err != nil {
		return fmt.Errorf("%s is NOT valid: %w", path, err)
	}
	writeReport(stdout, path, rep)
	return nil
}

// writeReport prints what verify found: the meeting, the copy and its
// organisation view, the signing and timestamp times and the PAdES level,
// and whether the bytes equal the stored original.
func writeReport(w io.Writer, path string, rep signing.Report) {
	fmt.Fprintf(w, "%s: signature valid (PAdES %s), signed by %s\n", path, firstOf(rep.Level, "not PAdES"), rep.Signer)
	meeting := fmt.Sprintf("conference %d", rep.ConferenceID)
	if rep.Meeting != "" {
		meeting = fmt.Sprintf("%s (conference %d)", rep.Meeting, rep.ConferenceID)
	}
	fmt.Fprintf(w, "meeting:        %s\n", meeting)
	copyKind := "full copy"
	if rep.Redacted {
		copyKind = "redacted copy"
		if rep.Organisations != "" {
			copyKind += ", view of " + rep.Organisations
		}
	}
	if rep.Revision > 0 {
		copyKind += fmt.Sprintf(", with addendum %d", rep.Revision)
	}
	fmt.Fprintf(w, "copy:           %s\n", copyKind)
	fmt.Fprintf(w, "content hash:   %s\n", rep.Hash)
	fmt.Fprintf(w, "signing time:   %s\n", rep.SignedAt.Format(time.RFC3339))
	if rep.TimestampedAt != nil {
		fmt.Fprintf(w, "timestamp time: %s (RFC 3161, from the time-stamping authority)\n", rep.TimestampedAt.Format(time.RFC3339))
	} else {
		fmt.Fprintln(w, "timestamp time: none (no TSA configured at signing)")
	}
	switch {
	case rep.Original:
		fmt.Fprintf(w, "stored original: the bytes equal the stored signed original (sha256 %s)\n", rep.SHA256)
	default:
		fmt.Fprintf(w, "stored original: not checked, no database (sha256 %s)\n", rep.SHA256)
	}
}

func firstOf(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
