package conference

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// PersonMatches runs the known-person check for the persons of cases: for
// each case, the persons of other cases with the same BSN, the same identity
// (after a merge) or the same surname, initials and date of birth. It answers
// for the system: the caller decides who may learn what of a match (the
// chair the other case's summary; a referrer only that the person is known).
func (s *Store) PersonMatches(ctx context.Context, caseIDs []int64) (map[int64][]PersonMatch, error) {
	db := s.db.WithContext(ctx)
	out := make(map[int64][]PersonMatch, len(caseIDs))
	if len(caseIDs) == 0 {
		return out, nil
	}
	var own []personRow
	if err := db.Select("id", "case_id", "identity_id", "bsn_hash", "name_key").Where(IDIn(db, "case_id", uniqueIDs(caseIDs))).Find(&own).Error; err != nil {
		return nil, dbError(err, "persons")
	}
	var hashes, keys []string
	var identities []int64
	for _, p := range own {
		if p.BSNHash != "" {
			hashes = append(hashes, p.BSNHash)
		}
		if p.NameKey != "" {
			keys = append(keys, p.NameKey)
		}
		identities = append(identities, p.IdentityID)
	}
	if len(own) == 0 {
		return out, nil
	}
	q := db.Select("id", "case_id", "identity_id", "bsn_hash", "name_key").Where("identity_id IN ?", identities)
	if len(hashes) > 0 {
		q = q.Or("bsn_hash IN ?", hashes)
	}
	if len(keys) > 0 {
		q = q.Or("name_key IN ?", keys)
	}
	var others []personRow
	if err := db.Model(&personRow{}).Where(q).Find(&others).Error; err != nil {
		return nil, dbError(err, "persons")
	}
	var otherCases []int64
	type pair struct{ own, other int64 }
	found := map[pair]bool{}
	for _, p := range own {
		for _, o := range others {
			if o.CaseID == p.CaseID || found[pair{p.ID, o.CaseID}] {
				continue
			}
			by := ""
			switch {
			case p.BSNHash != "" && p.BSNHash == o.BSNHash:
				by = "bsn"
			case p.IdentityID == o.IdentityID:
				by = "identity"
			case p.NameKey != "" && p.NameKey == o.NameKey:
				by = "name"
			default:
				continue
			}
			found[pair{p.ID, o.CaseID}] = true
			out[p.CaseID] = append(out[p.CaseID], PersonMatch{PersonID: p.ID, OtherPersonID: o.ID, By: by, Other: CaseSummary{ID: o.CaseID}})
			otherCases = append(otherCases, o.CaseID)
		}
	}
	summaries, err := s.caseSummaries(db, otherCases)
	if err != nil {
		return nil, err
	}
	for id, list := range out {
		for i := range list {
			list[i].Other = summaries[list[i].Other.ID]
		}
		slices.SortFunc(list, func(a, b PersonMatch) int { return strings.Compare(b.Other.Reference, a.Other.Reference) })
		out[id] = list
	}
	return out, nil
}

// caseSummaries loads what a match tells of other cases.
func (s *Store) caseSummaries(db *gorm.DB, ids []int64) (map[int64]CaseSummary, error) {
	out := map[int64]CaseSummary{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []caseRow
	if err := db.Select("id", "reference", "status", "closed_at").Where(IDIn(db, "id", uniqueIDs(ids))).Find(&rows).Error; err != nil {
		return nil, dbError(err, "cases")
	}
	involved, err := s.involved(db, uniqueIDs(ids))
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = CaseSummary{ID: r.ID, Reference: r.Reference, Status: CaseStatus(r.Status), ClosedAt: utcPtr(r.ClosedAt),
			InvolvedOrganisationIDs: involved[r.ID]}
	}
	return out, nil
}

// MarkRepeat records on case caseID that it is a repeat referral of a
// discussion on last; nil clears the mark.
func (s *Store) MarkRepeat(ctx context.Context, caseID int64, last *time.Time) error {
	if err := s.db.WithContext(ctx).Model(&caseRow{}).Where("id = ?", caseID).Update("repeat_of", last).Error; err != nil {
		return dbError(err, "case")
	}
	return nil
}

// organiser reports whether a chairs meetings or takes their minutes: the
// roles that see matches and may link and merge.
func organiser(a Actor) bool {
	return a.IsSystem() || a.Has(RoleChair) || a.Has(RoleSecretary)
}

// LinkCases records on behalf of a chair or secretary that two cases concern
// the same person(s), with a reason. The actor must be able to see case
// caseID (typically the referral on the agenda they chair), not the other.
// Others get ErrForbidden; linking twice is no error.
func (s *Store) LinkCases(ctx context.Context, a Actor, caseID, otherID int64, reason string) error {
	if !organiser(a) {
		return fmt.Errorf("link cases: %w", ErrForbidden)
	}
	reason = strings.TrimSpace(reason)
	var errs ValidationErrors
	if reason == "" {
		errs.Add("reason", "is required")
	}
	if caseID == otherID {
		errs.Add("other_case_id", "must be another case")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := s.requireVisible(tx, a, caseID); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&caseRow{}).Where("id IN ?", []int64{caseID, otherID}).Count(&n).Error; err != nil {
			return dbError(err, "case")
		}
		if n != 2 {
			return &ValidationError{Field: "other_case_id", Msg: "refers to a case that does not exist"}
		}
		lo, hi := min(caseID, otherID), max(caseID, otherID)
		row := caseLinkRow{CaseID: lo, OtherCaseID: hi, Reason: reason, CreatedByID: a.UserID, CreatedAt: s.now()}
		if err := tx.Omit("Case", "OtherCase").Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
			return dbError(err, "other_case_id")
		}
		return nil
	})
}

// LinkedCases lists the cases linked to case caseID, each as a may see it:
// in full (as a summary) or redacted to its reference.
func (s *Store) LinkedCases(ctx context.Context, a Actor, caseID int64) ([]CaseSummary, error) {
	db := s.db.WithContext(ctx)
	var rows []caseLinkRow
	if err := db.Where("case_id = ? OR other_case_id = ?", caseID, caseID).Find(&rows).Error; err != nil {
		return nil, dbError(err, "case links")
	}
	var ids []int64
	for _, r := range rows {
		ids = append(ids, r.CaseID+r.OtherCaseID-caseID)
	}
	sums, err := s.caseSummaries(db, ids)
	if err != nil {
		return nil, err
	}
	seen, err := s.canSeeCases(db, a, ids)
	if err != nil {
		return nil, err
	}
	out := make([]CaseSummary, 0, len(ids))
	for _, id := range uniqueIDs(ids) {
		sum := sums[id]
		if !seen[id] && !organiser(a) {
			sum = CaseSummary{ID: id, Reference: sum.Reference}
		}
		out = append(out, sum)
	}
	return out, nil
}

// MergePersons records on behalf of a chair or secretary that person dropID
// is the same person as keepID, with a reason. Within one case the duplicate
// record is removed; across cases both records get one identity, so later
// checks find the person through either. The actor must be able to see the
// case of keepID (the referral), not the other. Others get ErrForbidden.
func (s *Store) MergePersons(ctx context.Context, a Actor, keepID, dropID int64, reason string) error {
	if !organiser(a) {
		return fmt.Errorf("merge persons: %w", ErrForbidden)
	}
	var errs ValidationErrors
	if strings.TrimSpace(reason) == "" {
		errs.Add("reason", "is required")
	}
	if keepID == dropID {
		errs.Add("other_person_id", "must be another person")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var keep, drop personRow
		if err := tx.First(&keep, keepID).Error; err != nil {
			return dbError(err, "person")
		}
		if _, err := s.requireVisible(tx, a, keep.CaseID); err != nil {
			return err
		}
		if err := tx.First(&drop, dropID).Error; err != nil {
			return &ValidationError{Field: "other_person_id", Msg: "refers to a person that does not exist"}
		}
		if err := tx.Model(&personRow{}).Where("identity_id = ?", drop.IdentityID).Update("identity_id", keep.IdentityID).Error; err != nil {
			return dbError(err, "person")
		}
		if keep.CaseID != drop.CaseID {
			return nil
		}
		if err := tx.Delete(&personRow{}, drop.ID).Error; err != nil {
			return dbError(err, "person")
		}
		return s.refreshSubject(tx, keep.CaseID)
	})
}
