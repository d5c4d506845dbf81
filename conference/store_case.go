package conference

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// caseRow is a stored case. Seq is 0 and Reference empty only for a case
// being created, until the last statement of its transaction numbers it (see
// numberCase); the unique indexes on them leave such rows out.
type caseRow struct {
	ID                      int64           `gorm:"primaryKey"`
	Year                    int             `gorm:"not null;uniqueIndex:idx_case_ref,priority:1,where:seq > 0"`
	Seq                     int             `gorm:"not null;uniqueIndex:idx_case_ref,priority:2,where:seq > 0"`
	Reference               string          `gorm:"size:9;not null;uniqueIndex:idx_cases_reference,where:seq > 0"`
	Subject                 string          `gorm:"size:200;not null"`
	Theme                   string          `gorm:"size:40;not null;index"`
	Postcode                string          `gorm:"size:4;not null;index"`
	Neighbourhood           string          `gorm:"size:100;not null"`
	ReferringOrganisationID int64           `gorm:"not null"`
	ReferringOrganisation   organisationRow `gorm:"constraint:OnDelete:RESTRICT"`
	CaseDirectorID          *int64
	CaseDirector            *userRow `gorm:"constraint:OnDelete:SET NULL"`
	// CaseDirectorOrganisationID has no foreign key: organisations are never deleted.
	CaseDirectorOrganisationID *int64
	ClosingReason              string `gorm:"size:2000"`
	ClosedAt                   *time.Time
	Outcome                    string `gorm:"size:20"`
	OutcomeDetail              string `gorm:"size:200"`
	// DestroyedAt is set when the case's personal data were destroyed after its retention period.
	DestroyedAt *time.Time
	RepeatOf    *time.Time
	Status      string `gorm:"size:20;not null;index"`
	Summary     string `gorm:"type:text"`
	ReviewDate  *time.Time
	Version     int `gorm:"not null;default:1"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (caseRow) TableName() string { return "cases" }

// caseOrgRow is one involved organisation of a case: the need-to-know set.
type caseOrgRow struct {
	CaseID         int64           `gorm:"primaryKey;autoIncrement:false"`
	Case           caseRow         `gorm:"constraint:OnDelete:CASCADE"`
	OrganisationID int64           `gorm:"primaryKey;autoIncrement:false;index"`
	Organisation   organisationRow `gorm:"constraint:OnDelete:RESTRICT"`
}

func (caseOrgRow) TableName() string { return "case_organisations" }

func (r caseRow) domain(involved []int64) Case {
	c := Case{ID: r.ID, Reference: r.Reference, Subject: r.Subject, Theme: Theme(r.Theme), Postcode: r.Postcode,
		Neighbourhood: r.Neighbourhood, ReferringOrganisationID: r.ReferringOrganisationID,
		CaseDirectorID: r.CaseDirectorID, InvolvedOrganisationIDs: involved, Status: CaseStatus(r.Status),
		Summary: r.Summary, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		CaseDirectorOrganisationID: r.CaseDirectorOrganisationID, ClosingReason: r.ClosingReason,
		Outcome: CaseOutcome(r.Outcome), OutcomeDetail: r.OutcomeDetail}
	c.ReviewDate, c.ClosedAt, c.RepeatOf = utcPtr(r.ReviewDate), utcPtr(r.ClosedAt), utcPtr(r.RepeatOf)
	c.DestroyedAt = utcPtr(r.DestroyedAt)
	return c
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// Case returns case id as a may see it: in full, or redacted to its reference
// when a's organisation is not involved. A missing case is ErrNotFound.
func (s *Store) Case(ctx context.Context, a Actor, id int64) (Case, error) {
	db := s.db.WithContext(ctx)
	var row caseRow
	if err := db.First(&row, id).Error; err != nil {
		return Case{}, dbError(err, "case")
	}
	ok, err := s.CanSeeCase(ctx, a, id)
	if err != nil {
		return Case{}, err
	}
	if !ok {
		return row.domain(nil).Redact(), nil
	}
	involved, err := s.involved(db, []int64{id})
	if err != nil {
		return Case{}, err
	}
	persons, err := s.personsOf(db, []int64{id}, false)
	if err != nil {
		return Case{}, err
	}
	c := row.domain(involved[id])
	c.Persons = persons[id]
	return c, nil
}

// CasesByID returns the cases with those ids as a may see them, keyed by id.
// Ids that do not exist are left out. Returns only database errors.
func (s *Store) CasesByID(ctx context.Context, a Actor, ids []int64) (map[int64]Case, error) {
	db := s.db.WithContext(ctx)
	var rows []caseRow
	if err := db.Where(IDIn(db, "id", ids)).Find(&rows).Error; err != nil {
		return nil, dbError(err, "cases")
	}
	seen, err := s.canSeeCases(db, a, ids)
	if err != nil {
		return nil, err
	}
	involved, err := s.involved(db, slices.Sorted(maps.Keys(seen)))
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Case, len(rows))
	for _, r := range rows {
		if orgs, ok := involved[r.ID]; ok {
			out[r.ID] = r.domain(orgs)
		} else {
			out[r.ID] = r.domain(nil).Redact()
		}
	}
	return out, nil
}

// Cases lists the cases a may see, the newest first. Cases of other
// organisations are left out, so a filter cannot reveal their theme or area.
// Returns only database errors.
func (s *Store) Cases(ctx context.Context, a Actor, f CaseFilter) ([]Case, int64, error) {
	db := s.db.WithContext(ctx)
	// filtered applies a's need-to-know and the filter to q. Closed cases
	// leave the working lists (a filter on afgesloten finds them). The
	// count names the statuses that remain, so that it reads the few open
	// cases from the status index; the page says "not closed", which no
	// index serves, so that the planner walks the reference index instead
	// (it took the status index and sorted every open case for a page).
	filtered := func(q *gorm.DB, count bool) *gorm.DB {
		q = s.scopeCases(q, a)
		switch {
		case f.Status != "":
			q = q.Where("status = ?", f.Status)
		case !f.IncludeClosed && count:
			q = q.Where("status IN ?", workingStatuses())
		case !f.IncludeClosed:
			q = q.Where("status <> ?", string(CaseClosed))
		}
		if f.Theme != "" {
			q = q.Where("theme = ?", f.Theme)
		}
		if f.Postcode != "" {
			q = q.Where("postcode = ?", f.Postcode)
		}
		if qs := strings.TrimSpace(f.Query); qs != "" {
			like := "%" + strings.ToLower(qs) + "%"
			q = q.Where("LOWER(reference) LIKE ? OR LOWER(subject) LIKE ? OR LOWER(neighbourhood) LIKE ?", like, like, like)
		}
		return q
	}
	p := f.Page.Normalize()
	var total int64
	if err := filtered(db.Model(&caseRow{}), true).Count(&total).Error; err != nil {
		return nil, 0, dbError(err, "cases")
	}
	// Every stored case is numbered (a case is numbered in the transaction
	// that stores it): saying so lets the planner walk the reference index
	// (year, seq), partial on seq > 0, newest first and stop after a page,
	// instead of reading and sorting every case of the region.
	var rows []caseRow
	if err := filtered(db.Model(&caseRow{}).Where("seq > 0"), false).Order("year DESC, seq DESC").
		Limit(p.Limit).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, 0, dbError(err, "cases")
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	involved, err := s.involved(db, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Case, len(rows))
	for i, r := range rows {
		out[i] = r.domain(involved[r.ID])
	}
	return out, total, nil
}

// workingStatuses are the statuses of cases still being worked on: all but
// closed.
func workingStatuses() []string {
	var out []string
	for _, st := range CaseStatuses {
		if st != CaseClosed {
			out = append(out, string(st))
		}
	}
	return out
}

func (s *Store) involved(db *gorm.DB, ids []int64) (map[int64][]int64, error) {
	out := make(map[int64][]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []caseOrgRow
	if err := db.Where(IDIn(db, "case_id", ids)).Order("organisation_id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "involved organisations")
	}
	for _, r := range rows {
		out[r.CaseID] = append(out[r.CaseID], r.OrganisationID)
	}
	return out, nil
}

// CreateCase validates and stores c on behalf of a, giving it the next reference
// number of the current year; two referrals at the same moment both succeed
// with distinct numbers. The referring organisation defaults to a's.
// Returns a ValidationError for invalid input.
func (s *Store) CreateCase(ctx context.Context, a Actor, c *Case) error {
	return s.CreateCaseThen(ctx, a, c, nil)
}

// CreateCaseThen is CreateCase with more work in the same transaction: then
// (when not nil) runs after the case is stored and before it takes its
// reference number, which is the transaction's last statement. The row lock
// on the year's counter is so held only from the numbering to the commit,
// not while persons are matched or a caller's agenda item is written.
// then sees c with its ID and without its reference (empty); when then fails
// nothing is stored. A caller with a transaction of its own passes it through
// WithDB and does all of its work in then, so that no statement of its
// transaction follows the numbering.
func (s *Store) CreateCaseThen(ctx context.Context, a Actor, c *Case, then func() error) error {
	if c.ReferringOrganisationID == 0 {
		c.ReferringOrganisationID = a.OrganisationID
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if !a.IsSystem() && !c.Involves(a.OrganisationID) {
		return &ValidationError{Field: "involved_organisation_ids", Msg: "must include your own organisation"}
	}
	year := s.now().Year()
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.insertCase(tx, c, year); err != nil {
			return err
		}
		if then != nil {
			if err := then(); err != nil {
				return err
			}
		}
		return numberCase(tx, c, year)
	})
}

func (s *Store) insertCase(tx *gorm.DB, c *Case, year int) error {
	if err := join(checkOrganisations(tx, "referring_organisation_id", []int64{c.ReferringOrganisationID}),
		join(checkOrganisations(tx, "involved_organisation_ids", c.InvolvedOrganisationIDs),
			checkUsers(tx, map[string]*int64{"case_director_id": c.CaseDirectorID}))); err != nil {
		return err
	}
	if c.CaseDirectorID != nil && c.CaseDirectorOrganisationID == nil {
		var u userRow
		if err := tx.First(&u, *c.CaseDirectorID).Error; err == nil {
			c.CaseDirectorOrganisationID = &u.OrganisationID
		}
	}
	if err := checkDirector(tx, *c); err != nil {
		return err
	}
	// Pending: numberCase gives the seq and reference at the end of the transaction.
	row := caseRow{Year: year, Subject: c.Subject,
		Theme: string(c.Theme), Postcode: c.Postcode, Neighbourhood: c.Neighbourhood,
		ReferringOrganisationID: c.ReferringOrganisationID, CaseDirectorID: c.CaseDirectorID,
		CaseDirectorOrganisationID: c.CaseDirectorOrganisationID, ClosingReason: c.ClosingReason,
		Status: string(c.Status), Summary: c.Summary, ReviewDate: c.ReviewDate, Version: 1}
	if err := tx.Omit("ReferringOrganisation", "CaseDirector").Create(&row).Error; err != nil {
		return dbError(err, "reference")
	}
	if err := s.setInvolved(tx, row.ID, c.InvolvedOrganisationIDs); err != nil {
		return err
	}
	persons := c.Persons
	if len(persons) == 0 {
		// A caller that names only a subject gets the main person read from it.
		p := PersonFromSubject(c.Subject)
		p.Postcode = c.Postcode
		persons = []Person{p}
	}
	stored, err := s.insertPersons(tx, row.ID, persons)
	if err != nil {
		return prefixPersons(err)
	}
	*c = row.domain(c.InvolvedOrganisationIDs)
	c.Persons = stored
	return nil
}

// prefixPersons names a person field of a case input as persons.FIELD.
func prefixPersons(err error) error {
	var one *ValidationError
	if errors.As(err, &one) {
		return &ValidationError{Field: "persons." + one.Field, Msg: one.Msg}
	}
	return err
}

func (s *Store) setInvolved(tx *gorm.DB, caseID int64, orgs []int64) error {
	if err := tx.Where("case_id = ?", caseID).Delete(&caseOrgRow{}).Error; err != nil {
		return dbError(err, "involved_organisation_ids")
	}
	rows := make([]caseOrgRow, len(orgs))
	for i, id := range orgs {
		rows[i] = caseOrgRow{CaseID: caseID, OrganisationID: id}
	}
	if err := tx.Omit("Case", "Organisation").Create(&rows).Error; err != nil {
		return dbError(err, "involved_organisation_ids")
	}
	return nil
}

// UpdateCase stores the changed c on behalf of a. Only the chair, the
// secretary or the case director's organisation may change a case
// (ErrForbidden otherwise, see MayEditCase); c.Version must be the stored one
// (ErrConflict otherwise). The reference and the referring organisation never
// change; the involved organisations change only through ChangeInvolvement,
// which asks for a reason. Status changes follow CanMoveTo, and closing needs
// c.ClosingReason. Each change is recorded in the case's history.
// Returns ErrNotFound when there is no such case and a ValidationError naming
// the field for invalid input or a refused change.
// UpdateCase stores the changed c on behalf of a. Only an involved organisation
// may change a case (ErrForbidden otherwise); c.Version must be the stored one
// (ErrConflict otherwise). The reference never changes.
// Returns ErrNotFound when there is no such case and a ValidationError naming the field for invalid
// input, an organisation or case director that does not exist, or a changed referring organisation.
//
// Persons are changed through AddPerson, UpdatePerson and RemovePerson; those in c are ignored.
func (s *Store) UpdateCase(ctx context.Context, a Actor, c *Case) error {
	c.Persons = nil
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		old, row, err := s.caseForEdit(tx, a, c.ID)
		if err != nil {
			return err
		}
		var errs ValidationErrors
		if c.ReferringOrganisationID != row.ReferringOrganisationID {
			errs.Add("referring_organisation_id", "cannot be changed")
		}
		if !slices.Equal(uniqueIDs(c.InvolvedOrganisationIDs), old.InvolvedOrganisationIDs) {
			errs.Add("involved_organisation_ids", "change them one by one with a reason (the case's organisations)")
		}
		if !CanMoveTo(old.Status, c.Status) {
			errs.Add("status", "this status change is not allowed")
		}
		c.ClosingReason = strings.TrimSpace(c.ClosingReason)
		if c.Status == CaseClosed && old.Status != CaseClosed {
			if c.ClosingReason == "" {
				errs.Add("closing_reason", "is required when closing a case")
			}
			checkClosing(&errs, c.Outcome, &c.OutcomeDetail)
		}
		if c.Status != CaseClosed {
			c.ClosingReason, c.ClosedAt, c.Outcome, c.OutcomeDetail = "", nil, "", ""
		} else if old.Status == CaseClosed {
			c.ClosingReason, c.ClosedAt, c.Outcome, c.OutcomeDetail = old.ClosingReason, old.ClosedAt, old.Outcome, old.OutcomeDetail
		}
		if err := join(errs.Err(), checkUsers(tx, map[string]*int64{"case_director_id": c.CaseDirectorID})); err != nil {
			return err
		}
		c.InvolvedOrganisationIDs = old.InvolvedOrganisationIDs
		c.Subject = old.Subject // the subject follows the main person; it is not edited here
		if err := s.writeCase(tx, a, row, old, c, nil); err != nil {
			return err
		}
		persons, err := s.personsOf(tx, []int64{c.ID}, false)
		if err != nil {
			return err
		}
		c.Persons = persons[c.ID]
		return nil
	})
}
