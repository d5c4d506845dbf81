package web

import (
	"fmt"
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
