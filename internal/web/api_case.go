package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// caseFilter reads the case list filters from the query string.
func caseFilter(c *gin.Context) (conference.CaseFilter, error) {
	var errs conference.ValidationErrors
	f := conference.CaseFilter{Status: conference.CaseStatus(c.Query("status")), Theme: conference.Theme(c.Query("theme")),
		Postcode: c.Query("postcode"), Query: c.Query("q"), IncludeClosed: c.Query("closed") == "1"}
	if f.Status != "" && !slices.Contains(conference.CaseStatuses, f.Status) {
		errs.Add("status", "is not a case status")
	}
	if f.Theme != "" && !slices.Contains(conference.Themes, f.Theme) {
		errs.Add("theme", "is not a theme")
	}
	p, err := queryPage(c)
	f.Page = p
	return f, join(errs.Err(), err)
}

func (s *Server) apiCases(c *gin.Context) {
	f, err := caseFilter(c)
	if err != nil {
		apiError(c, err)
		return
	}
	list, total, err := s.store.Cases(c.Request.Context(), actor(c), f)
	if err != nil {
		apiError(c, err)
		return
	}
	if !s.recordViews(c, "case", caseIDs(list), "list") {
		return
	}
	answerList(c, list, total, f.Page)
}

func (s *Server) apiCase(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	cs, err := s.store.Case(c.Request.Context(), actor(c), id)
	if err != nil {
		apiError(c, err)
		return
	}
	if !cs.Redacted && !s.recordView(c, "case", cs.ID, cs.Reference) {
		return
	}
	writeJSON(c, http.StatusOK, cs)
}

func (s *Server) apiCreateCase(c *gin.Context) {
	var in caseInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	cs, err := in.domain(0)
	if err == nil {
		err = s.createCase(c, &cs)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, cs)
}

func (s *Server) apiUpdateCase(c *gin.Context) {
	id, ok := s.editableCase(c)
	if !ok {
		return
	}
	var in caseInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	cs, err := in.domain(id)
	if err == nil {
		err = s.updateCase(c, &cs)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, cs)
}

func caseIDs(list []conference.Case) []int64 {
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	return ids
}
