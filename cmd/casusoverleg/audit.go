package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/signing"
)

// auditCommand runs "audit verify" and "audit prune --before DATE".
func auditCommand(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	const use = "usage: casusoverleg audit verify | audit prune --before DATE"
	if len(args) == 0 {
		return errors.New(use)
	}
	switch args[0] {
	case "verify":
		if len(args) != 1 {
			return errors.New(use)
		}
		return withDB(ctx, getenv, func(db *gorm.DB) error {
			// The certificate only: verifying never makes a key.
			cert, err := signing.Trusted(ctx, db, signingConfig(getenv))
			if err != nil {
				return err
			}
			return auditVerify(ctx, audit.New(db, time.Now, audit.WithKey(nil, cert)), stdout)
		})
	case "prune":
		fs := flag.NewFlagSet("audit prune", flag.ContinueOnError)
		fs.SetOutput(stderr)
		date := fs.String("before", "", "remove the events recorded before this date (YYYY-MM-DD, UTC) or time (RFC 3339)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		before, err := parseBefore(*date, time.Now())
		if err != nil {
			return err
		}
		return withDB(ctx, getenv, func(db *gorm.DB) error {
			s, _, err := signing.Load(ctx, db, signingConfig(getenv), time.Now())
			if err != nil {
				return err
			}
			return auditPrune(ctx, audit.New(db, time.Now, audit.WithKey(s.Key, s.Cert)), before, stdout)
		})
	}
	return fmt.Errorf("unknown audit command %q; %s", args[0], use)
}

// parseBefore reads the --before of audit prune: a date (midnight UTC) or an
// RFC 3339 time, not after now (that would remove events still to come).
func parseBefore(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("audit prune: --before DATE is required")
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return time.Time{}, fmt.Errorf("audit prune: --before %q is not a date (YYYY-MM-DD) or an RFC 3339 time", s)
		}
	}
	if t.After(now) {
		return time.Time{}, fmt.Errorf("audit prune: --before %s lies in the future", s)
	}
	return t.UTC(), nil
}

// auditPrune prunes and says what it did.
func auditPrune(ctx context.Context, log *audit.Log, before time.Time, stdout io.Writer) error {
	res, err := log.Prune(ctx, before)
	if err != nil {
		return err
	}
	if res.Pruned == 0 {
		fmt.Fprintf(stdout, "audit log: no events before %s to prune\n", before.Format(time.RFC3339))
		return nil
	}
	fmt.Fprintf(stdout, "audit log: %d events before %s pruned; checkpoint at event %d with hash %s, signed by certificate %s\n",
		res.Pruned, before.Format(time.RFC3339), res.Checkpoint.Seq, res.Checkpoint.Hash, res.Checkpoint.CertSHA256)
	return nil
}

// auditVerify walks the chain and prints its head, which an operator can keep
// outside the database: a chain cut off at the end is only detected that way.
func auditVerify(ctx context.Context, log *audit.Log, stdout io.Writer) error {
	rep, err := log.Check(ctx)
	if err != nil {
		return fmt.Errorf("audit log broken after %d intact events: %w", rep.Checked, err)
	}
	from := ""
	if cp, err := log.LatestCheckpoint(ctx); err == nil {
		from = fmt.Sprintf(" after the signed checkpoint at event %d (events before %s pruned on %s)",
			cp.Seq, cp.Before.Format(time.RFC3339), cp.PrunedAt.Format(time.RFC3339))
	} else if !errors.Is(err, audit.ErrNotFound) {
		return err
	}
	head, err := log.Head(ctx)
	if errors.Is(err, audit.ErrNotFound) {
		fmt.Fprintf(stdout, "audit log intact: no events yet%s\n", from)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit log intact: %d events verified%s; head is event %d with hash %s\n", rep.Checked, from, head.Seq, head.Hash)
	if rep.Texts+rep.Destroyed > 0 {
		fmt.Fprintf(stdout, "event texts: %d kept and matching their hashes, %d destroyed with the records they were about (retention)\n",
			rep.Texts, rep.Destroyed)
	}
	return nil
}
