package web

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// conferenceInput is the JSON body of a conference create or update. Times are
// strings so that a bad one is reported with its field name.
type conferenceInput struct {
	SeriesID        int64             `json:"series_id"`
	StartsAt        string            `json:"starts_at"`
	DurationMinutes int               `json:"duration_minutes"`
	Location        string            `json:"location"`
	ChairID         *int64            `json:"chair_id"`
	SecretaryID     *int64            `json:"secretary_id"`
	Status          conference.Status `json:"status"`
	Version         int               `json:"version"`
}

func (in conferenceInput) domain(id int64) (conference.Conference, error) {
	var errs conference.ValidationErrors
	starts := parseTime(&errs, "starts_at", in.StartsAt)
	c := conference.Conference{ID: id, SeriesID: in.SeriesID, DurationMinutes: in.DurationMinutes, Location: in.Location,
		ChairID: in.ChairID, SecretaryID: in.SecretaryID, Status: in.Status, Version: in.Version}
	if starts != nil {
		c.StartsAt = *starts
	}
	return c, errs.Err()
}

// caseInput is the JSON body of a case create or update.
type caseInput struct {
	Subject                 string           `json:"subject"`
	Theme                   conference.Theme `json:"theme"`
	Postcode                string           `json:"postcode"`
	Neighbourhood           string           `json:"neighbourhood"`
	ReferringOrganisationID int64            `json:"referring_organisation_id"`
	CaseDirectorID          *int64           `json:"case_director_id"`
	// CaseDirectorOrganisationID defaults to the director person's organisation.
	CaseDirectorOrganisationID *int64                 `json:"case_director_organisation_id"`
	InvolvedOrganisationIDs    []int64                `json:"involved_organisation_ids"`
	ClosingReason              string                 `json:"closing_reason"`
	Outcome                    conference.CaseOutcome `json:"outcome"`
	OutcomeDetail              string                 `json:"outcome_detail"`
	Status                     conference.CaseStatus  `json:"status"`
	Summary                    string                 `json:"summary"`
	ReviewDate                 string                 `json:"review_date"`
	Persons                    []personInput          `json:"persons"`
	Version                    int                    `json:"version"`
}

func (in caseInput) domain(id int64) (conference.Case, error) {
	var errs conference.ValidationErrors
	c := conference.Case{ID: id, Subject: in.Subject, Theme: in.Theme, Postcode: in.Postcode, Neighbourhood: in.Neighbourhood,
		ReferringOrganisationID: in.ReferringOrganisationID, CaseDirectorID: in.CaseDirectorID,
		CaseDirectorOrganisationID: in.CaseDirectorOrganisationID, ClosingReason: in.ClosingReason,
		Outcome: in.Outcome, OutcomeDetail: in.OutcomeDetail,
		InvolvedOrganisationIDs: in.InvolvedOrganisationIDs, Status: in.Status, Summary: in.Summary, Version: in.Version}
	if in.ReviewDate != "" {
		c.ReviewDate = parseDate(&errs, "review_date", in.ReviewDate)
	}
	if id == 0 {
		c.Persons = personsOf(in.Persons, &errs)
	} else if len(in.Persons) > 0 {
		errs.Add("persons", "change persons through /cases/{id}/persons")
	}
	return c, errs.Err()
}

// parseTime reads an RFC 3339 date-time; a bad or empty one is added to errs.
func parseTime(errs *conference.ValidationErrors, field, s string) *time.Time {
	if s == "" {
		errs.Add(field, "is required")
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		errs.Add(field, "must be a date-time like 2026-11-30T09:30:00+01:00")
		return nil
	}
	return &t
}

// parseDate reads a calendar date (2026-12-01) or an RFC 3339 date-time.
func parseDate(errs *conference.ValidationErrors, field, s string) *time.Time {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return &t
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return &t
	}
	errs.Add(field, "must be a date like 2026-12-01")
	return nil
}

// idOf reads the :id path parameter; for a bad one it answers 404 (as JSON
// or as a page) and returns false.
func (s *Server) idOf(c *gin.Context) (int64, bool) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return 0, false
	}
	return id, true
}

// byID reads the :id path parameter and loads its record with get. When
// either fails it has answered the request (404 for a bad id) and returns false.
func byID[T any](s *Server, c *gin.Context, get func(context.Context, int64) (T, error)) (T, int64, bool) {
	var zero T
	id, ok := s.idOf(c)
	if !ok {
		return zero, 0, false
	}
	v, err := get(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return zero, id, false
	}
	return v, id, true
}

// pathID reads the :name path parameter as a positive id.
func pathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, conference.ErrNotFound
	}
	return id, nil
}

// queryPage reads limit and offset; a value that is not a number is named.
func queryPage(c *gin.Context) (conference.Page, error) {
	var errs conference.ValidationErrors
	p := conference.Page{Limit: queryInt(c, &errs, "limit"), Offset: queryInt(c, &errs, "offset")}
	return p.Normalize(), errs.Err()
}

func queryInt(c *gin.Context, errs *conference.ValidationErrors, name string) int {
	s := c.Query(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		errs.Add(name, "must be a whole number of 0 or more")
	}
	return n
}

func queryID(c *gin.Context, errs *conference.ValidationErrors, name string) int64 {
	return int64(queryInt(c, errs, name))
}

// join merges two validation results, so one answer names every bad field.
func join(a, b error) error {
	var va, vb conference.ValidationErrors
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case errors.As(a, &va) && errors.As(b, &vb):
		return append(va, vb...)
	}
	return errors.Join(a, b)
}
