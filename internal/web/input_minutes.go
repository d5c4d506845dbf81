package web

import (
	"strings"
	"time"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// decisionInput is the JSON body of a new decision, with an optional mandate.
type decisionInput struct {
	Text      string               `json:"text"`
	Kind      minutes.DecisionKind `json:"kind"`
	Positions []minutes.Position   `json:"positions"`
	Mandate   *mandateInput        `json:"mandate"`
}

// mandateInput takes its dates as strings: a date (valid from its start,
// valid until its end, Amsterdam time) or an RFC 3339 date-time.
type mandateInput struct {
	GranteeOrganisationID int64  `json:"grantee_organisation_id"`
	GranteeUserID         *int64 `json:"grantee_user_id"`
	Scope                 string `json:"scope"`
	Conditions            string `json:"conditions"`
	ValidFrom             string `json:"valid_from"`
	ValidUntil            string `json:"valid_until"`
}

func (in decisionInput) domain() (minutes.Decision, error) {
	d := minutes.Decision{Text: in.Text, Kind: in.Kind, Positions: in.Positions}
	if d.Positions == nil {
		d.Positions = []minutes.Position{}
	}
	if in.Mandate == nil {
		return d, nil
	}
	var errs conference.ValidationErrors
	m := &minutes.Mandate{GranteeOrganisationID: in.Mandate.GranteeOrganisationID, GranteeUserID: in.Mandate.GranteeUserID,
		Scope: in.Mandate.Scope, Conditions: in.Mandate.Conditions}
	if t := parseMoment(&errs, "mandate.valid_from", in.Mandate.ValidFrom, false); t != nil {
		m.ValidFrom = *t
	}
	if t := parseMoment(&errs, "mandate.valid_until", in.Mandate.ValidUntil, true); t != nil {
		m.ValidUntil = *t
	}
	d.Mandate = m
	return d, errs.Err()
}

// actionInput is the JSON body of a new action.
type actionInput struct {
	What                string `json:"what"`
	OwnerOrganisationID int64  `json:"owner_organisation_id"`
	OwnerUserID         *int64 `json:"owner_user_id"`
	DueDate             string `json:"due_date"`
}

func (in actionInput) domain() (minutes.Action, error) {
	var errs conference.ValidationErrors
	a := minutes.Action{What: in.What, OwnerOrganisationID: in.OwnerOrganisationID, OwnerUserID: in.OwnerUserID}
	if t := parseMoment(&errs, "due_date", in.DueDate, false); t != nil {
		a.DueDate = *t
	}
	return a, errs.Err()
}

// quickActionInput is the JSON body of a quick action.
type quickActionInput struct {
	TakenAt string `json:"taken_at"`
	What    string `json:"what"`
}

func (in quickActionInput) domain() (minutes.QuickAction, error) {
	var errs conference.ValidationErrors
	q := minutes.QuickAction{What: in.What}
	if t := parseMoment(&errs, "taken_at", in.TakenAt, false); t != nil {
		q.TakenAt = *t
	}
	return q, errs.Err()
}

// parseMoment reads a date (2026-12-01), a local date-time as a browser sends
// it (2026-12-01T14:30, Amsterdam time) or an RFC 3339 date-time. A bare date
// means its start, or its end when endOfDay is set.
func parseMoment(errs *conference.ValidationErrors, field, s string, endOfDay bool) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		errs.Add(field, "is required")
		return nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return &t
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04", s, amsterdam); err == nil {
		return &t
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, amsterdam); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1).Add(-time.Second)
		}
		return &t
	}
	errs.Add(field, "must be a date like 2026-12-01 or a date-time like 2026-12-01T14:30")
	return nil
}
