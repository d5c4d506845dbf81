package retention

import (
	"context"
	"strconv"
	"time"

	"casusoverleg/internal/audit"
)

// LogAuditor is the Auditor and AuditPruner on the audit log: the job acts
// for no user, so a destroyed case's event names the job and the case id
// only. Pruning needs a log with the deployment key (audit.WithKey).
type LogAuditor struct{ Log *audit.Log }

// DestroyedCase implements Auditor: one deletion whose subjects are the case
// and its persons, which destroys in the same write the texts of the events
// about any of them (audit.Log.DestroyTexts).
func (a LogAuditor) DestroyedCase(ctx context.Context, caseID int64, personIDs []int64, detail string) error {
	_, err := a.Log.DestroyTexts(ctx, audit.Event{Action: audit.ActionDelete, UserEmail: "retention job", RecordType: "case",
		RecordID: strconv.FormatInt(caseID, 10), Detail: detail,
		Subjects: append(audit.Subjects("case", caseID), audit.Subjects("person", personIDs...)...)})
	return err
}

// PruneAudit implements AuditPruner.
func (a LogAuditor) PruneAudit(ctx context.Context, before time.Time) (int64, error) {
	res, err := a.Log.Prune(ctx, before)
	return res.Pruned, err
}
