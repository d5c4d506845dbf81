package conference

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// MigrateClosing adds the outcome of a closed case and the moment its data
// were destroyed. Cases closed before outcomes existed get "anders" with
// their reason kept; a closed case without a closing moment (closed before
// issue 13) takes its last change as that moment, so its retention can run.
func MigrateClosing(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&caseRow{}); err != nil {
		return err
	}
	if err := tx.Exec("UPDATE cases SET outcome = ? WHERE status = ? AND (outcome IS NULL OR outcome = '')",
		string(OutcomeOther), string(CaseClosed)).Error; err != nil {
		return err
	}
	return tx.Exec("UPDATE cases SET closed_at = updated_at WHERE status = ? AND closed_at IS NULL", string(CaseClosed)).Error
}

// ReopenCase takes closed case r.CaseID back into treatment on behalf of a,
// a chair who may see it, and records the reason in its history. Returns
// ErrNotFound for an unknown case, ErrForbidden when a is not such a chair,
// ErrConflict when r.Version is not the stored version, and a
// *ValidationError when the reason is missing, the case is not closed, its
// data were destroyed or its retention period (r.RetentionEnds) has passed.
func (s *Store) ReopenCase(ctx context.Context, a Actor, r Reopen) (Case, error) {
	var out Case
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row caseRow
		if err := tx.First(&row, r.CaseID).Error; err != nil {
			return dbError(err, "case")
		}
		if !a.IsSystem() {
			seen, err := s.canSeeCases(tx, a, []int64{row.ID})
			if err != nil {
				return err
			}
			if !a.Has(RoleChair) || !seen[row.ID] {
				return fmt.Errorf("case %s: only a chair who may see it reopens a case: %w", row.Reference, ErrForbidden)
			}
		}
		involved, err := s.involved(tx, []int64{row.ID})
		if err != nil {
			return err
		}
		old := row.domain(involved[row.ID])
		if err := r.validate(old, row.DestroyedAt != nil, s.now()); err != nil {
			return err
		}
		now := s.now()
		res := tx.Model(&caseRow{}).Where("id = ? AND version = ?", row.ID, r.Version).Updates(map[string]any{
			"status": string(CaseInProgress), "closed_at": nil, "closing_reason": "", "outcome": "", "outcome_detail": "",
			"version": gorm.Expr("version + 1"), "updated_at": now,
		})
		if res.Error != nil {
			return dbError(res.Error, "case")
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("case %s changed since version %d: %w", row.Reference, r.Version, ErrConflict)
		}
		ch := caseChangeRow{CaseID: row.ID, At: now, UserID: max(a.UserID, 0), Kind: string(ChangeStatus),
			Status: string(CaseInProgress), Reason: r.Reason}
		if err := tx.Omit("Case").Create(&ch).Error; err != nil {
			return dbError(err, "case history")
		}
		var fresh caseRow
		if err := tx.First(&fresh, row.ID).Error; err != nil {
			return dbError(err, "case")
		}
		out = fresh.domain(involved[row.ID])
		return nil
	})
	return out, err
}
