package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// The operations that keep a case current. Each does the store call and
// records its own audit event, so the page and the API share them.

// editCase applies e to its case.
func (s *Server) editCase(c *gin.Context, e conference.CaseEdit) (conference.Case, error) {
	cs, err := s.store.EditCase(c.Request.Context(), actor(c), e)
	if err != nil {
		return cs, err
	}
	s.record(c, auditUpdate, "case", cs.ID, "edit "+editedFields(e))
	return cs, nil
}

// changeInvolvement adds or removes an involved organisation of case caseID:
// it changes who may see the case, so the audit event names the organisation.
func (s *Server) changeInvolvement(c *gin.Context, caseID, orgID int64, add bool, reason string, version int) (conference.Case, error) {
	cs, err := s.store.ChangeInvolvement(c.Request.Context(), actor(c), caseID, orgID, add, reason, version)
	if err != nil {
		return cs, err
	}
	what := "removed"
	if add {
		what = "added"
	}
	s.record(c, auditUpdate, "case", cs.ID, fmt.Sprintf("organisation %d %s", orgID, what))
	return cs, nil
}

// applyDecision applies decision id to its case.
func (s *Server) applyDecision(c *gin.Context, id int64, e conference.CaseEdit) (conference.Case, error) {
	cs, _, err := s.minutes.ApplyDecision(c.Request.Context(), actor(c), id, e)
	if err != nil {
		return cs, err
	}
	s.record(c, auditUpdate, "case", cs.ID, fmt.Sprintf("decision %d applied: %s", id, editedFields(e)))
	return cs, nil
}

// editedFields names what e changes, for the audit log (never the values: they may be case data).
func editedFields(e conference.CaseEdit) string {
	var out []string
	if e.DirectorOrganisationID != nil || e.ClearDirector {
		out = append(out, "case_director")
	}
	if e.ReviewDate != nil || e.ClearReview {
		out = append(out, "review_date")
	}
	if e.Status != "" {
		out = append(out, "status "+string(e.Status))
	}
	return strings.Join(out, ", ")
}

// caseEditInput is the JSON body of a case edit (applying a decision): only
// the fields given change; "" for a date or 0 for the director clears it.
type caseEditInput struct {
	CaseDirectorOrganisationID *int64                `json:"case_director_organisation_id"`
	CaseDirectorID             *int64                `json:"case_director_id"`
	ReviewDate                 *string               `json:"review_date"`
	Status                     conference.CaseStatus `json:"status"`
	ClosingReason              string                `json:"closing_reason"`
	Version                    int                   `json:"version"`
}

func (in caseEditInput) domain() (conference.CaseEdit, error) {
	var errs conference.ValidationErrors
	e := conference.CaseEdit{Version: in.Version, Status: in.Status, ClosingReason: in.ClosingReason,
		DirectorOrganisationID: in.CaseDirectorOrganisationID, DirectorID: in.CaseDirectorID}
	if e.DirectorOrganisationID != nil && *e.DirectorOrganisationID == 0 {
		e.DirectorOrganisationID, e.DirectorID, e.ClearDirector = nil, nil, true
	}
	if in.ReviewDate != nil {
		if *in.ReviewDate == "" {
			e.ClearReview = true
		} else {
			e.ReviewDate = parseDate(&errs, "review_date", *in.ReviewDate)
		}
	}
	return e, errs.Err()
}

// caseEditForm reads the case edit form: every field is sent, so an empty
// one clears its value.
func caseEditForm(c *gin.Context) (conference.CaseEdit, error) {
	var errs conference.ValidationErrors
	e := conference.CaseEdit{Status: conference.CaseStatus(c.PostForm("status")), ClosingReason: c.PostForm("closing_reason")}
	e.Version = formInt(c, &errs, "version")
	if org := formOptionalID(c, &errs, "case_director_organisation_id"); org != nil {
		e.DirectorOrganisationID = org
		e.DirectorID = formOptionalID(c, &errs, "case_director_id")
	} else {
		e.ClearDirector = true
	}
	if d := strings.TrimSpace(c.PostForm("review_date")); d != "" {
		e.ReviewDate = parseDate(&errs, "review_date", d)
	} else {
		e.ClearReview = true
	}
	return e, errs.Err()
}

// formOptionalID reads an id field that may be left empty.
func formOptionalID(c *gin.Context, errs *conference.ValidationErrors, field string) *int64 {
	v := strings.TrimSpace(c.PostForm(field))
	if v == "" {
		return nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		errs.Add(field, "is not a valid choice")
		return nil
	}
	return &id
}
