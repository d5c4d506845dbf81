package retention

import (
	"context"
	"fmt"
	"strconv"
	"strings"
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

// tellAudit tells the audit log that the case of destruction record id was
// destroyed with its persons, and then clears the record's AuditPending. The
// case's own transaction is committed by then (the audit log writes in a
// transaction of its own), so when this fails the record stays pending and
// the next Destroy tells it (auditPending): the texts the log keeps about the
// case are destroyed in the end, whatever happened in between.
func (s *Store) tellAudit(ctx context.Context, id, caseID int64, persons []int64, reference string, listID int64) error {
	if s.audit == nil {
		return nil
	}
	detail := fmt.Sprintf("%s destroyed under the retention rule (list %d)", reference, listID)
	if err := s.audit.DestroyedCase(ctx, caseID, persons, detail); err != nil {
		return fmt.Errorf("retention: tell the audit log of case %s: %w", reference, err)
	}
	if err := s.db.WithContext(ctx).Model(&recordRow{}).Where("id = ?", id).Update("audit_pending", nil).Error; err != nil {
		return fmt.Errorf("destruction record: %w", err)
	}
	return nil
}

// auditPending tells the audit log of the destructions it has not heard of.
func (s *Store) auditPending(ctx context.Context) error {
	if s.audit == nil {
		return nil
	}
	var rows []recordRow
	if err := s.db.WithContext(ctx).Where("audit_pending IS NOT NULL").Order("id").Find(&rows).Error; err != nil {
		return fmt.Errorf("destruction records: %w", err)
	}
	for _, r := range rows {
		persons, err := splitIDs(*r.AuditPending)
		if err != nil {
			return fmt.Errorf("destruction record %d: %w", r.ID, err)
		}
		if err := s.tellAudit(ctx, r.ID, r.CaseID, persons, r.Reference, r.ListID); err != nil {
			return err
		}
	}
	return nil
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func splitIDs(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	var out []int64
	for _, p := range strings.Split(s, ",") {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}
