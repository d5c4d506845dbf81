package conference

import (
	"database/sql"
	"time"

	"gorm.io/gorm"
)

// CaseColumns is the select list that reads a case in a query of another
// package that joins the cases table under its own name (cases, possibly by a
// LEFT JOIN): the columns a Case holds, in the order JoinedCase.Dest scans
// them. Whether an actor may see the case is not asked there: the caller asks
// CanSeeCases for the cases it read, so that what it read can serve every
// reader (the agenda keeps it per meeting).
const CaseColumns = "cases.id, cases.reference, cases.subject, cases.theme, cases.postcode, cases.neighbourhood, " +
	"cases.referring_organisation_id, cases.case_director_id, cases.case_director_organisation_id, cases.closing_reason, " +
	"cases.closed_at, cases.outcome, cases.outcome_detail, cases.destroyed_at, cases.repeat_of, cases.status, " +
	"cases.summary, cases.review_date, cases.version, cases.created_at, cases.updated_at"

// JoinedCase is one case as CaseColumns reads it, scanned by hand (no
// reflection) into nullable values: a LEFT JOIN gives a row without a case.
// It holds no pointers into shared memory: a copy is independent.
type JoinedCase struct {
	id, referringOrg, director, directorOrg, version     sql.NullInt64
	reference, subject, theme, postcode, neighbourhood   sql.NullString
	closingReason, outcome, outcomeDetail, status, notes sql.NullString
	closedAt, destroyedAt, repeatOf, reviewDate          sql.NullTime
	createdAt, updatedAt                                 sql.NullTime
}

// Dest returns the scan destinations of CaseColumns' columns, in order.
func (j *JoinedCase) Dest() []any {
	return []any{&j.id, &j.reference, &j.subject, &j.theme, &j.postcode, &j.neighbourhood,
		&j.referringOrg, &j.director, &j.directorOrg, &j.closingReason,
		&j.closedAt, &j.outcome, &j.outcomeDetail, &j.destroyedAt, &j.repeatOf, &j.status,
		&j.notes, &j.reviewDate, &j.version, &j.createdAt, &j.updatedAt}
}

// ID returns the case's id, or 0 when the row has no case.
func (j *JoinedCase) ID() int64 { return j.id.Int64 }

// Case returns the case as an actor may see it: in full with its involved
// organisations when visible (CanSeeCases said so), or redacted to its
// reference. Call it only when ID is not 0.
func (j *JoinedCase) Case(involved []int64, visible bool) Case {
	r := caseRow{ID: j.id.Int64, Reference: j.reference.String}
	if !visible {
		return r.domain(nil).Redact()
	}
	r.Subject, r.Theme, r.Postcode, r.Neighbourhood = j.subject.String, j.theme.String, j.postcode.String, j.neighbourhood.String
	r.ReferringOrganisationID, r.CaseDirectorID, r.CaseDirectorOrganisationID = j.referringOrg.Int64, intPtr(j.director), intPtr(j.directorOrg)
	r.ClosingReason, r.Outcome, r.OutcomeDetail, r.Status, r.Summary = j.closingReason.String, j.outcome.String,
		j.outcomeDetail.String, j.status.String, j.notes.String
	r.ClosedAt, r.DestroyedAt, r.RepeatOf, r.ReviewDate = timePtr(j.closedAt), timePtr(j.destroyedAt), timePtr(j.repeatOf), timePtr(j.reviewDate)
	r.Version, r.CreatedAt, r.UpdatedAt = int(j.version.Int64), j.createdAt.Time, j.updatedAt.Time
	return r.domain(involved)
}

func intPtr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// InvolvedIn returns a query of the involved organisations of the cases
// caseIDs: rows of case_id and organisation_id, in no particular order.
// Another package reads it as a part of its own statement (e.g. a UNION), so
// that a list of cases costs no statement of its own.
func InvolvedIn(db *gorm.DB, caseIDs []int64) *gorm.DB {
	fresh := db.Session(&gorm.Session{NewDB: true})
	return fresh.Model(&caseOrgRow{}).
		Select("case_organisations.case_id, case_organisations.organisation_id").
		Where(IDIn(fresh, "case_organisations.case_id", caseIDs))
}
