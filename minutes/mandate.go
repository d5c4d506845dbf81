package minutes

import (
	"strconv"
	"strings"
	"time"

	"casusoverleg/conference"
)

// MandateStatus is the state of a mandate at a moment.
type MandateStatus string

// The states of a mandate.
const (
	MandatePending MandateStatus = "pending" // not valid yet
	MandateActive  MandateStatus = "active"
	MandateExpired MandateStatus = "expired"
	MandateRevoked MandateStatus = "revoked"
)

// Mandate is the meeting's permission to an organisation (and optionally one
// person) to act quickly for a case: what may be done, on which conditions,
// and for how long.
type Mandate struct {
	ID                    int64         `json:"id"`
	DecisionID            int64         `json:"decision_id"`
	ConferenceID          int64         `json:"conference_id"`
	CaseID                int64         `json:"case_id"`
	GranteeOrganisationID int64         `json:"grantee_organisation_id" validate:"gt=0"`
	GranteeUserID         *int64        `json:"grantee_user_id,omitempty"`
	Scope                 string        `json:"scope" validate:"required,max=2000"`
	Conditions            string        `json:"conditions" validate:"max=2000"`
	ValidFrom             time.Time     `json:"valid_from" validate:"required"`
	ValidUntil            time.Time     `json:"valid_until" validate:"required,gtfield=ValidFrom"`
	RevokedAt             *time.Time    `json:"revoked_at,omitempty"`
	RevokeReason          string        `json:"revoke_reason,omitempty"`
	QuickActions          []QuickAction `json:"quick_actions"`
	CreatedAt             time.Time     `json:"created_at"`
}

// Validate reports what is wrong with m.
func (m *Mandate) Validate() error {
	m.Scope = strings.TrimSpace(m.Scope)
	m.Conditions = strings.TrimSpace(m.Conditions)
	return conference.ValidateStruct(m)
}

// StatusAt is the mandate's state at t.
func (m Mandate) StatusAt(t time.Time) MandateStatus {
	switch {
	case m.RevokedAt != nil && !t.Before(*m.RevokedAt):
		return MandateRevoked
	case t.Before(m.ValidFrom):
		return MandatePending
	case t.After(m.ValidUntil):
		return MandateExpired
	}
	return MandateActive
}

// QuickAction is an action taken under a mandate (snelle actie): when, what, by whom.
type QuickAction struct {
	ID        int64     `json:"id"`
	MandateID int64     `json:"mandate_id"`
	TakenAt   time.Time `json:"taken_at" validate:"required"`
	What      string    `json:"what" validate:"required,max=2000"`
	ByUserID  int64     `json:"by_user_id"`
	LoggedAt  time.Time `json:"logged_at"`
}

// Allows reports why q may not be logged under m by a, or nil: the actor
// must be of the grantee organisation (and be the grantee person when one is
// named), and the action must fall inside the validity and before a revocation.
func (m Mandate) Allows(a conference.Actor, q QuickAction, now time.Time) error {
	if a.OrganisationID != m.GranteeOrganisationID || (m.GranteeUserID != nil && *m.GranteeUserID != a.UserID) {
		return ErrForbidden
	}
	var errs conference.ValidationErrors
	switch {
	case q.TakenAt.After(now.Add(5 * time.Minute)):
		errs.Add("taken_at", "lies in the future")
	case m.RevokedAt != nil && !q.TakenAt.Before(*m.RevokedAt):
		errs.Add("taken_at", "is after the mandate was revoked")
	case q.TakenAt.Before(m.ValidFrom):
		errs.Add("taken_at", "is before the mandate is valid")
	case q.TakenAt.After(m.ValidUntil):
		errs.Add("taken_at", "is after the mandate expired")
	}
	return errs.Err()
}

func itoa(i int) string { return strconv.Itoa(i) }
