package minutes

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Mandate returns one mandate with its quick actions, if a may see its case.
// Returns ErrNotFound when there is no such mandate and ErrForbidden when a may not see its case.
func (s *Store) Mandate(ctx context.Context, a conference.Actor, id int64) (Mandate, error) {
	db := s.db.WithContext(ctx)
	var row mandateRow
	if err := db.First(&row, id).Error; err != nil {
		return Mandate{}, dbError(err, "mandate")
	}
	ok, err := s.cases.CanSeeCase(ctx, a, row.CaseID)
	if err != nil {
		return Mandate{}, err
	}
	if !ok {
		return Mandate{}, fmt.Errorf("mandate %d: %w", id, ErrForbidden)
	}
	quick, err := quickActions(db, []int64{id})
	if err != nil {
		return Mandate{}, err
	}
	return row.domain(quick[id]), nil
}

func quickActions(db *gorm.DB, mandateIDs []int64) (map[int64][]QuickAction, error) {
	out := map[int64][]QuickAction{}
	if len(mandateIDs) == 0 {
		return out, nil
	}
	var rows []quickActionRow
	if err := db.Where("mandate_id IN ?", mandateIDs).Order("taken_at, id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "quick actions")
	}
	for _, r := range rows {
		out[r.MandateID] = append(out[r.MandateID], r.domain())
	}
	return out, nil
}

// LogQuickAction records an action the grantee took under a mandate. It is
// refused outside the mandate's validity, after a revocation, and for anyone
// but the grantee organisation (or the grantee person when one is named).
// Returns ErrNotFound when there is no such mandate, ErrForbidden when a may not see its case or is
// not the grantee, and a conference.ValidationError naming the field for invalid input or a moment
// outside the mandate.
func (s *Store) LogQuickAction(ctx context.Context, a conference.Actor, mandateID int64, q *QuickAction) error {
	m, err := s.Mandate(ctx, a, mandateID)
	if err != nil {
		return err
	}
	q.What = strings.TrimSpace(q.What)
	if err := conference.ValidateStruct(q); err != nil {
		return err
	}
	if err := m.Allows(a, *q, s.now()); err != nil {
		return err
	}
	row := quickActionRow{MandateID: m.ID, TakenAt: q.TakenAt.UTC(), What: q.What, ByUserID: a.UserID, LoggedAt: s.now()}
	if err := s.db.WithContext(ctx).Omit("Mandate").Create(&row).Error; err != nil {
		return dbError(err, "quick action")
	}
	*q = row.domain()
	return nil
}

// RevokeMandate ends a mandate now, with a reason. A chair of the series may.
// Returns ErrNotFound when there is no such mandate, ErrForbidden when a chairs no meeting of the
// series or may not see the case, and a conference.ValidationError for a missing reason or a
// mandate revoked already.
func (s *Store) RevokeMandate(ctx context.Context, a conference.Actor, mandateID int64, reason string) (Mandate, error) {
	db := s.db.WithContext(ctx)
	var row mandateRow
	if err := db.First(&row, mandateID).Error; err != nil {
		return Mandate{}, dbError(err, "mandate")
	}
	conf, err := s.cases.Conference(ctx, row.ConferenceID)
	if err != nil {
		return Mandate{}, err
	}
	var n int64
	if err := db.Table("conferences").Where("series_id = ? AND chair_id = ?", conf.SeriesID, a.UserID).Count(&n).Error; err != nil {
		return Mandate{}, dbError(err, "conferences")
	}
	if n == 0 {
		return Mandate{}, fmt.Errorf("only a chair of the series may revoke mandate %d: %w", mandateID, ErrForbidden)
	}
	reason = strings.TrimSpace(reason)
	var errs conference.ValidationErrors
	if reason == "" || len(reason) > 2000 {
		errs.Add("reason", "is required (at most 2000 characters)")
	}
	if row.RevokedAt != nil {
		errs.Add("status", "the mandate is already revoked")
	}
	if err := errs.Err(); err != nil {
		return Mandate{}, err
	}
	now := s.now()
	if err := db.Model(&mandateRow{}).Where("id = ?", row.ID).
		Updates(map[string]any{"revoked_at": now, "revoke_reason": reason, "revoked_by": a.UserID}).Error; err != nil {
		return Mandate{}, dbError(err, "mandate")
	}
	return s.Mandate(ctx, a, mandateID)
}

// MandatesRecent is how long a mandate stays on "Mijn acties" after it
// expired or was revoked; older ones are found at their case.
const MandatesRecent = 28 * 24 * time.Hour

// MyMandates lists the current mandates granted to a's organisation (those
// naming another person of it included), the newest first, with their quick
// actions: those in force or still to come, and those that expired or were
// revoked within MandatesRecent. older counts the organisation's mandates
// left out. Returns only database errors.
func (s *Store) MyMandates(ctx context.Context, a conference.Actor) (list []Mandate, older int64, err error) {
	db := s.db.WithContext(ctx)
	since := s.now().Add(-MandatesRecent)
	var rows []mandateRow
	if err := db.Where("grantee_organisation_id = ? AND valid_until >= ? AND (revoked_at IS NULL OR revoked_at >= ?)", a.OrganisationID, since, since).
		Order("valid_until DESC, id DESC").Limit(200).Find(&rows).Error; err != nil {
		return nil, 0, dbError(err, "mandates")
	}
	if err := db.Model(&mandateRow{}).Where("grantee_organisation_id = ? AND (valid_until < ? OR revoked_at < ?)", a.OrganisationID, since, since).
		Count(&older).Error; err != nil {
		return nil, 0, dbError(err, "mandates")
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	quick, err := quickActions(db, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Mandate, len(rows))
	for i, r := range rows {
		out[i] = r.domain(quick[r.ID])
	}
	return out, older, nil
}

// MigrateMyMandatesIndex adds the index MyMandates reads: an organisation's
// mandates by the end of their validity.
func MigrateMyMandatesIndex(tx *gorm.DB) error {
	return tx.Exec("CREATE INDEX IF NOT EXISTS idx_mandates_grantee_until ON mandates (grantee_organisation_id, valid_until)").Error
}
