package conference

import (
	"slices"
	"strings"
	"time"
)

// CaseEdit is a change to a case after its referral: who directs it, when it
// is reviewed and how far it is. Nil pointers and an empty status leave the
// stored value as it is, unless the matching Clear flag is set.
type CaseEdit struct {
	CaseID  int64
	Version int
	// DirectorOrganisationID is the organisation that directs the case (procesregisseur).
	DirectorOrganisationID *int64
	// DirectorID is a person of that organisation; it may stay empty.
	DirectorID    *int64
	ClearDirector bool
	ReviewDate    *time.Time
	ClearReview   bool
	Status        CaseStatus
	// ClosingReason is required when the status becomes afgesloten.
	ClosingReason string
	// Outcome is required when the status becomes afgesloten; OutcomeDetail
	// names the organisation a transferred case went to.
	Outcome       CaseOutcome
	OutcomeDetail string
	// DecisionID names the decision of the minutes this edit applies, if any.
	DecisionID *int64
}

// ChangeKind says what a CaseChange changed.
type ChangeKind string

// The kinds of change a case's history records.
const (
	ChangeDirector   ChangeKind = "director"
	ChangeReview     ChangeKind = "review_date"
	ChangeStatus     ChangeKind = "status"
	ChangeOrgAdded   ChangeKind = "organisation_added"
	ChangeOrgRemoved ChangeKind = "organisation_removed"
)

// CaseChange is one recorded change to a case after its referral; together
// they are the case's own part of its timeline.
type CaseChange struct {
	ID     int64      `json:"id"`
	CaseID int64      `json:"case_id"`
	At     time.Time  `json:"at"`
	UserID int64      `json:"user_id,omitempty"`
	Kind   ChangeKind `json:"kind"`
	// OrganisationID is the new director organisation, or the organisation added or removed.
	OrganisationID *int64 `json:"organisation_id,omitempty"`
	// PersonID is the new director person.
	PersonID   *int64     `json:"person_id,omitempty"`
	Status     CaseStatus `json:"status,omitempty"`
	Date       *time.Time `json:"date,omitempty"`
	Reason     string     `json:"reason,omitempty"`
	DecisionID *int64     `json:"decision_id,omitempty"`
}

// CanMoveTo reports whether a case may go from status from to status to.
// The order is aangemeld → in_behandeling → monitoring → afgesloten; a case
// in monitoring may go back into treatment; a closed case stays closed (refer it again).
func CanMoveTo(from, to CaseStatus) bool {
	if from == to {
		return true
	}
	switch from {
	case CaseReferred:
		return to != CaseReferred
	case CaseInProgress:
		return to == CaseMonitoring || to == CaseClosed
	case CaseMonitoring:
		return to == CaseInProgress || to == CaseClosed
	}
	return false
}

// NextStatuses lists the statuses a case in status from may take, itself first.
func NextStatuses(from CaseStatus) []CaseStatus {
	out := []CaseStatus{from}
	for _, s := range CaseStatuses {
		if s != from && CanMoveTo(from, s) {
			out = append(out, s)
		}
	}
	return out
}

// ReviewDue reports whether the case's review date has come at now: it is
// today or earlier, in the calendar of the Veiligheidshuis (dates are stored as UTC midnight).
func (c Case) ReviewDue(now time.Time) bool {
	if c.ReviewDate == nil || c.Status == CaseClosed {
		return false
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return !c.ReviewDate.After(today)
}

// validate checks the edit against the case as it is stored and the clock.
func (e *CaseEdit) validate(c Case, now time.Time) error {
	var errs ValidationErrors
	e.ClosingReason = strings.TrimSpace(e.ClosingReason)
	if e.Status != "" && !slices.Contains(CaseStatuses, e.Status) {
		errs.Add("status", "is not a case status")
	} else if e.Status != "" && !CanMoveTo(c.Status, e.Status) {
		errs.Add("status", "this status change is not allowed")
	}
	if e.Status == CaseClosed && c.Status != CaseClosed {
		if e.ClosingReason == "" {
			errs.Add("closing_reason", "is required when closing a case")
		}
		checkClosing(&errs, e.Outcome, &e.OutcomeDetail)
	}
	if len(e.ClosingReason) > 2000 {
		errs.Add("closing_reason", "must be at most 2000 characters")
	}
	if e.DirectorID != nil && e.DirectorOrganisationID == nil {
		errs.Add("case_director_organisation_id", "is required with a case director")
	}
	if e.ReviewDate != nil {
		d := time.Date(e.ReviewDate.Year(), e.ReviewDate.Month(), e.ReviewDate.Day(), 0, 0, 0, 0, time.UTC)
		e.ReviewDate = &d
		changed := c.ReviewDate == nil || !c.ReviewDate.Equal(d)
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		if changed && d.Before(today) {
			errs.Add("review_date", "must not be in the past")
		}
	}
	return errs.Err()
}
