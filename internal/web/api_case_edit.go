package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

type involvementInput struct {
	OrganisationID int64  `json:"organisation_id"`
	Reason         string `json:"reason"`
	Version        int    `json:"version"`
}

func (s *Server) apiAddCaseOrganisation(c *gin.Context) {
	id, ok := s.editableCase(c)
	if !ok {
		return
	}
	var in involvementInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	if in.OrganisationID <= 0 {
		apiError(c, &conference.ValidationError{Field: "organisation_id", Msg: "is required"})
		return
	}
	cs, err := s.changeInvolvement(c, id, in.OrganisationID, true, in.Reason, in.Version)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, cs)
}

func (s *Server) apiRemoveCaseOrganisation(c *gin.Context) {
	id, ok := s.editableCase(c)
	if !ok {
		return
	}
	org, err := pathID(c, "org")
	if err != nil {
		apiError(c, err)
		return
	}
	var in involvementInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	cs, err := s.changeInvolvement(c, id, org, false, in.Reason, in.Version)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, cs)
}

func (s *Server) apiApplyDecision(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in caseEditInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	e, err := in.domain()
	if err == nil {
		var cs conference.Case
		if cs, err = s.applyDecision(c, id, e); err == nil {
			writeJSON(c, http.StatusOK, cs)
			return
		}
	}
	apiError(c, err)
}
