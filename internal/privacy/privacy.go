package privacy

import (
	"strings"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/minutes"
)

// Query finds a person: by BSN, or by name and date of birth together (a
// name alone finds too many people to report on).
type Query struct {
	BSN       string
	Name      string
	BirthDate *time.Time
}

// Validate reports what is wrong with q, field by field.
func (q *Query) Validate() error {
	q.BSN = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(q.BSN), " ", ""), ".", "")
	q.Name = strings.Join(strings.Fields(q.Name), " ")
	var errs conference.ValidationErrors
	switch {
	case q.BSN != "":
		if !conference.ValidBSN(q.BSN) {
			errs.Add("bsn", "must be a valid BSN (nine digits that pass the elfproef)")
		}
	case q.Name == "" && q.BirthDate == nil:
		errs.Add("bsn", "give a BSN, or a name and a date of birth")
	case q.Name == "":
		errs.Add("name", "is required with a date of birth")
	case q.BirthDate == nil:
		errs.Add("birth_date", "is required with a name")
	}
	return errs.Err()
}

// Report is everything held on one person, as held at Made.
type Report struct {
	// PersonID is the record the report was asked for.
	PersonID int64     `json:"person_id"`
	Made     time.Time `json:"made_at"`
	// Persons are all records of the person: same identity, BSN or name and
	// date of birth (BSN masked).
	Persons []conference.Person `json:"persons"`
	// Cases are the cases those records are on, each with what is held.
	Cases []CaseReport `json:"cases"`
	// Organisations are all organisations that had access to any of the cases.
	Organisations []Access `json:"organisations"`
	// Reads are the reads of the cases in the audit log, oldest first.
	Reads []Read `json:"reads"`
}

// CaseReport is one case of the person with what it holds.
type CaseReport struct {
	Case conference.Case `json:"case"`
	// History is the case's timeline: meetings, texts, decisions with
	// positions, actions, mandates and quick actions, changes.
	History []minutes.Event `json:"history"`
}

// Access is an organisation that had access to a case, and why: "involved"
// (one of the case's involved organisations) or "agenda" (its user chaired or
// took the minutes of a meeting with the case on the agenda).
type Access struct {
	OrganisationID int64  `json:"organisation_id"`
	Organisation   string `json:"organisation"`
	CaseReference  string `json:"case_reference"`
	Basis          string `json:"basis"`
}

// The bases of an Access.
const (
	BasisInvolved = "involved"
	BasisAgenda   = "agenda"
)

// Read is one read of a case in the audit log: who, their organisation, when.
type Read struct {
	At             time.Time    `json:"at"`
	UserID         int64        `json:"user_id"`
	UserEmail      string       `json:"user_email"`
	OrganisationID int64        `json:"organisation_id"`
	Organisation   string       `json:"organisation"`
	Action         audit.Action `json:"action"`
	CaseReference  string       `json:"case_reference"`
}
