package main

import (
	"context"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/retention"
)

// retentionStore is the retention store as the commands use it.
func retentionStore(db *gorm.DB, now func() time.Time) *retention.Store {
	return retention.New(db, now, retention.LogAuditor{Log: audit.New(db, now)})
}

// retentionJob is the store of serve's daily job: it also prunes the audit
// log after its retention period, under a checkpoint signed with key.
func retentionJob(db *gorm.DB, now func() time.Time, key crypto.Signer, cert *x509.Certificate) *retention.Store {
	j := retention.LogAuditor{Log: audit.New(db, now, audit.WithKey(key, cert))}
	return retention.New(db, now, j).WithAuditPruner(j)
}

// retentionCommand runs `retention list` (propose the destruction list and
// print it) or `retention destroy` (destroy the cases of approved lists).
func retentionCommand(ctx context.Context, st *retention.Store, args []string, stdout io.Writer) error {
	if len(args) != 1 || args[0] != "list" && args[0] != "destroy" {
		return errors.New("usage: casusoverleg retention list | retention destroy")
	}
	if args[0] == "destroy" {
		recs, err := st.Destroy(ctx)
		for _, r := range recs {
			writeRecord(stdout, r)
		}
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			fmt.Fprintln(stdout, "nothing destroyed: no approved destruction list holds a case due (an admin approves the list under Beheer → Bewaartermijnen, /admin/retention)")
		}
		return nil
	}
	l, err := st.Propose(ctx)
	if errors.Is(err, conference.ErrNotFound) {
		fmt.Fprintln(stdout, "no case is due for destruction")
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "destruction list %d (version %d, proposed %s): %d case(s) whose retention period has passed\n",
		l.ID, l.Version, l.ProposedAt.Format(time.RFC3339), len(l.Cases))
	for _, c := range l.Cases {
		fmt.Fprintf(stdout, "  %s  closed %s  %d months  period ended %s\n", c.Reference, c.ClosedAt.Format("2006-01-02"), c.Months, c.RetentionEnds.Format("2006-01-02"))
	}
	fmt.Fprintln(stdout, "an admin approves the list under Beheer → Bewaartermijnen (/admin/retention); then `casusoverleg retention destroy` (or the daily job) destroys it")
	return nil
}

func writeRecord(w io.Writer, r retention.Record) {
	var counts []string
	for _, k := range slices.Sorted(maps.Keys(r.Counts)) {
		counts = append(counts, fmt.Sprintf("%s %d", k, r.Counts[k]))
	}
	fmt.Fprintf(w, "destroyed %s (list %d, approved by %s on %s): %s\n", r.Reference, r.ListID, r.ApproverName,
		r.ApprovedAt.Format("2006-01-02"), strings.Join(counts, ", "))
	for _, o := range r.Originals {
		fmt.Fprintf(w, "  signed copy of conference %d (revision %d, %s) destroyed; sha256 %s\n", o.ConferenceID, o.Revision, o.Kind, o.SHA256)
	}
}
