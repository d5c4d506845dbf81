package conference

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// caseChangeRow is one line of a case's change history. Organisation and
// person ids carry no foreign key: the history outlives a removed user.
type caseChangeRow struct {
	ID             int64     `gorm:"primaryKey"`
	CaseID         int64     `gorm:"not null;index"`
	Case           caseRow   `gorm:"constraint:OnDelete:CASCADE"`
	At             time.Time `gorm:"not null"`
	UserID         int64
	Kind           string `gorm:"size:32;not null"`
	OrganisationID *int64
	PersonID       *int64
	Status         string `gorm:"size:20"`
	Date           *time.Time
	Reason         string `gorm:"size:2000"`
	DecisionID     *int64
}

func (caseChangeRow) TableName() string { return "case_changes" }

func (r caseChangeRow) domain() CaseChange {
	c := CaseChange{ID: r.ID, CaseID: r.CaseID, At: r.At.UTC(), UserID: r.UserID, Kind: ChangeKind(r.Kind),
		OrganisationID: r.OrganisationID, PersonID: r.PersonID, Status: CaseStatus(r.Status), Reason: r.Reason, DecisionID: r.DecisionID}
	if r.Date != nil {
		d := r.Date.UTC()
		c.Date = &d
	}
	return c
}

// MigrateCaseEditing adds what editing a case after referral needs: the
// director organisation, the closing reason and the change history.
func MigrateCaseEditing(tx *gorm.DB) error {
	return tx.AutoMigrate(&caseRow{}, &caseChangeRow{})
}

// MayEditCase reports whether a may edit case id: the chair or the secretary
// (who can see it), the case director's organisation, or, while no director
// is set, the referring organisation. Returns ErrNotFound for an unknown case.
func (s *Store) MayEditCase(ctx context.Context, a Actor, id int64) (bool, error) {
	db := s.db.WithContext(ctx)
	var row caseRow
	if err := db.First(&row, id).Error; err != nil {
		return false, dbError(err, "case")
	}
	return s.mayEditAnswer(db, a, row)
}

// MayEditCaseOf is MayEditCase for case c as Case just returned it to a, for
// a page that shows the case: the case is not read again. Returns only
// database errors.
func (s *Store) MayEditCaseOf(ctx context.Context, a Actor, c Case) (bool, error) {
	row := caseRow{ID: c.ID, Reference: c.Reference, ReferringOrganisationID: c.ReferringOrganisationID,
		CaseDirectorOrganisationID: c.CaseDirectorOrganisationID}
	return s.mayEditAnswer(s.db.WithContext(ctx), a, row)
}

// mayEditAnswer is mayEdit as a yes or no: only database errors are errors.
func (s *Store) mayEditAnswer(db *gorm.DB, a Actor, row caseRow) (bool, error) {
	err := s.mayEdit(db, a, row)
	if err != nil && !errors.Is(err, ErrForbidden) {
		return false, err
	}
	return err == nil, nil
}

func (s *Store) mayEdit(db *gorm.DB, a Actor, row caseRow) error {
	if a.IsSystem() {
		return nil
	}
	director := row.CaseDirectorOrganisationID
	if director != nil && *director == a.OrganisationID || director == nil && row.ReferringOrganisationID == a.OrganisationID {
		return nil
	}
	if a.Has(RoleChair) || a.Has(RoleSecretary) {
		seen, err := s.canSeeCases(db, a, []int64{row.ID})
		if err != nil {
			return err
		}
		if seen[row.ID] {
			return nil
		}
	}
	return fmt.Errorf("case %s: only the chair, the secretary or the case director's organisation: %w", row.Reference, ErrForbidden)
}

// EditCase applies e to its case on behalf of a, in one transaction, and
// records each change in the case's history. Returns ErrNotFound for an
// unknown case, ErrForbidden when a may not edit it (see MayEditCase), a
// *ValidationError for a refused change and ErrConflict when e.Version is not
// the stored version.
func (s *Store) EditCase(ctx context.Context, a Actor, e CaseEdit) (Case, error) {
	var out Case
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		old, row, err := s.caseForEdit(tx, a, e.CaseID)
		if err != nil {
			return err
		}
		if err := e.validate(old, s.now()); err != nil {
			return err
		}
		next := old
		next.Version = e.Version
		if e.ClearDirector {
			next.CaseDirectorOrganisationID, next.CaseDirectorID = nil, nil
		} else if e.DirectorOrganisationID != nil {
			next.CaseDirectorOrganisationID, next.CaseDirectorID = e.DirectorOrganisationID, e.DirectorID
		}
		if e.ClearReview {
			next.ReviewDate = nil
		} else if e.ReviewDate != nil {
			next.ReviewDate = e.ReviewDate
		}
		if e.Status != "" {
			next.Status = e.Status
		}
		if next.Status == CaseClosed && old.Status != CaseClosed {
			next.ClosingReason, next.Outcome, next.OutcomeDetail = e.ClosingReason, e.Outcome, e.OutcomeDetail
		}
		if err := s.writeCase(tx, a, row, old, &next, e.DecisionID); err != nil {
			return err
		}
		out = next
		return nil
	})
	return out, err
}

// caseForEdit loads case id with its involved organisations, when a may edit it.
func (s *Store) caseForEdit(tx *gorm.DB, a Actor, id int64) (Case, caseRow, error) {
	var row caseRow
	if err := tx.First(&row, id).Error; err != nil {
		return Case{}, row, dbError(err, "case")
	}
	if err := s.mayEdit(tx, a, row); err != nil {
		return Case{}, row, err
	}
	involved, err := s.involved(tx, []int64{id})
	if err != nil {
		return Case{}, row, err
	}
	return row.domain(involved[id]), row, nil
}

// checkDirector reports when the director organisation is not involved in c
// or the director person is not of that organisation.
func checkDirector(tx *gorm.DB, c Case) error {
	if c.CaseDirectorID != nil && c.CaseDirectorOrganisationID == nil {
		var u userRow
		if err := tx.First(&u, *c.CaseDirectorID).Error; err != nil {
			return &ValidationError{Field: "case_director_id", Msg: "refers to a user that does not exist"}
		}
		c.CaseDirectorOrganisationID = &u.OrganisationID
	}
	if c.CaseDirectorOrganisationID == nil {
		return nil
	}
	if !c.Involves(*c.CaseDirectorOrganisationID) {
		return &ValidationError{Field: "case_director_organisation_id", Msg: "must be one of the involved organisations"}
	}
	if c.CaseDirectorID != nil {
		var n int64
		if err := tx.Model(&userRow{}).Where("id = ? AND organisation_id = ?", *c.CaseDirectorID, *c.CaseDirectorOrganisationID).Count(&n).Error; err != nil {
			return dbError(err, "case_director_id")
		}
		if n == 0 {
			return &ValidationError{Field: "case_director_id", Msg: "must be a person of the case director's organisation"}
		}
	}
	return nil
}

// writeCase stores next over old (row is old as stored) when next.Version is
// the stored version, and records what changed in the history.
func (s *Store) writeCase(tx *gorm.DB, a Actor, row caseRow, old Case, next *Case, decisionID *int64) error {
	if next.CaseDirectorID != nil && next.CaseDirectorOrganisationID == nil {
		var u userRow
		if err := tx.First(&u, *next.CaseDirectorID).Error; err == nil {
			next.CaseDirectorOrganisationID = &u.OrganisationID
		}
	}
	if err := checkDirector(tx, *next); err != nil {
		return err
	}
	now := s.now()
	if next.Status == CaseClosed && old.Status != CaseClosed {
		next.ClosedAt = &now
	}
	res := tx.Model(&caseRow{}).Where("id = ? AND version = ?", next.ID, next.Version).Updates(map[string]any{
		"subject": next.Subject, "theme": string(next.Theme), "postcode": next.Postcode, "neighbourhood": next.Neighbourhood,
		"case_director_id": next.CaseDirectorID, "case_director_organisation_id": next.CaseDirectorOrganisationID,
		"status": string(next.Status), "summary": next.Summary, "review_date": next.ReviewDate,
		"closing_reason": next.ClosingReason, "closed_at": next.ClosedAt,
		"outcome": string(next.Outcome), "outcome_detail": next.OutcomeDetail,
		"version": gorm.Expr("version + 1"), "updated_at": now,
	})
	if res.Error != nil {
		return dbError(res.Error, "case")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("case %s changed since version %d: %w", row.Reference, next.Version, ErrConflict)
	}
	if err := s.recordChanges(tx, a, old, *next, decisionID, now); err != nil {
		return err
	}
	var fresh caseRow
	if err := tx.First(&fresh, next.ID).Error; err != nil {
		return dbError(err, "case")
	}
	*next = fresh.domain(next.InvolvedOrganisationIDs)
	return nil
}

// recordChanges writes one history line per field that differs between old and next.
func (s *Store) recordChanges(tx *gorm.DB, a Actor, old, next Case, decisionID *int64, now time.Time) error {
	base := caseChangeRow{CaseID: next.ID, At: now, UserID: max(a.UserID, 0), DecisionID: decisionID}
	var rows []caseChangeRow
	if !sameID(old.CaseDirectorOrganisationID, next.CaseDirectorOrganisationID) || !sameID(old.CaseDirectorID, next.CaseDirectorID) {
		r := base
		r.Kind, r.OrganisationID, r.PersonID = string(ChangeDirector), next.CaseDirectorOrganisationID, next.CaseDirectorID
		rows = append(rows, r)
	}
	if !sameDate(old.ReviewDate, next.ReviewDate) {
		r := base
		r.Kind, r.Date = string(ChangeReview), next.ReviewDate
		rows = append(rows, r)
	}
	if old.Status != next.Status {
		r := base
		r.Kind, r.Status = string(ChangeStatus), string(next.Status)
		if next.Status == CaseClosed {
			r.Reason = next.ClosingReason
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return nil
	}
	return dbError(tx.Omit("Case").Create(&rows).Error, "case history")
}

// ChangeInvolvement adds (add true) or removes organisation orgID to or from
// the involved organisations of case caseID, on behalf of a and for reason,
// which the history keeps. It changes who may see the case. version must be
// the stored version (ErrConflict otherwise). The last involved organisation,
// the referring one and the case director's cannot be removed (a *ValidationError).
func (s *Store) ChangeInvolvement(ctx context.Context, a Actor, caseID, orgID int64, add bool, reason string, version int) (Case, error) {
	reason = strings.TrimSpace(reason)
	var out Case
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		old, row, err := s.caseForEdit(tx, a, caseID)
		if err != nil {
			return err
		}
		var errs ValidationErrors
		if reason == "" {
			errs.Add("reason", "is required: it changes who may see the case")
		} else if len(reason) > 2000 {
			errs.Add("reason", "must be at most 2000 characters")
		}
		involved := slices.Clone(old.InvolvedOrganisationIDs)
		switch {
		case add && old.Involves(orgID):
			errs.Add("organisation_id", "is already involved")
		case add:
			if err := checkOrganisations(tx, "organisation_id", []int64{orgID}); err != nil {
				return err
			}
			involved = uniqueIDs(append(involved, orgID))
		case !old.Involves(orgID):
			errs.Add("organisation_id", "is not involved")
		case len(involved) == 1:
			errs.Add("organisation_id", "the last involved organisation cannot be removed")
		case orgID == old.ReferringOrganisationID:
			errs.Add("organisation_id", "the referring organisation cannot be removed")
		case old.CaseDirectorOrganisationID != nil && *old.CaseDirectorOrganisationID == orgID:
			errs.Add("organisation_id", "the case director's organisation cannot be removed; choose another director first")
		default:
			involved = slices.DeleteFunc(involved, func(id int64) bool { return id == orgID })
		}
		if err := errs.Err(); err != nil {
			return err
		}
		now := s.now()
		res := tx.Model(&caseRow{}).Where("id = ? AND version = ?", caseID, version).
			Updates(map[string]any{"version": gorm.Expr("version + 1"), "updated_at": now})
		if res.Error != nil {
			return dbError(res.Error, "case")
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("case %s changed since version %d: %w", row.Reference, version, ErrConflict)
		}
		if err := s.setInvolved(tx, caseID, involved); err != nil {
			return err
		}
		kind := ChangeOrgRemoved
		if add {
			kind = ChangeOrgAdded
		}
		ch := caseChangeRow{CaseID: caseID, At: now, UserID: max(a.UserID, 0), Kind: string(kind), OrganisationID: &orgID, Reason: reason}
		if err := tx.Omit("Case").Create(&ch).Error; err != nil {
			return dbError(err, "case history")
		}
		var fresh caseRow
		if err := tx.First(&fresh, caseID).Error; err != nil {
			return dbError(err, "case")
		}
		out = fresh.domain(involved)
		return nil
	})
	return out, err
}

// CaseChanges returns the change history of case id, oldest first, for an
// actor who may see the case (ErrForbidden otherwise).
func (s *Store) CaseChanges(ctx context.Context, a Actor, id int64) ([]CaseChange, error) {
	db := s.db.WithContext(ctx)
	ok, err := s.canSeeCases(db, a, []int64{id})
	if err != nil {
		return nil, err
	}
	if !ok[id] {
		return nil, fmt.Errorf("case %d: %w", id, ErrForbidden)
	}
	return s.caseChanges(ctx, id)
}

// CaseChangesOf is CaseChanges of case c as Case just returned it to the
// reader, for a page that shows both: Case has applied the need-to-know rule,
// so it is not asked again. Returns ErrForbidden for a redacted case.
func (s *Store) CaseChangesOf(ctx context.Context, c Case) ([]CaseChange, error) {
	if c.Redacted {
		return nil, fmt.Errorf("case %d: %w", c.ID, ErrForbidden)
	}
	return s.caseChanges(ctx, c.ID)
}

func (s *Store) caseChanges(ctx context.Context, id int64) ([]CaseChange, error) {
	var rows []caseChangeRow
	if err := s.db.WithContext(ctx).Where("case_id = ?", id).Order("at, id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "case history")
	}
	out := make([]CaseChange, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func sameID(a, b *int64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func sameDate(a, b *time.Time) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Equal(*b)
}
