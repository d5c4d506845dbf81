package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// mergeInput is the body of a person merge; linkInput of a case link.
type mergeInput struct {
	OtherPersonID int64  `json:"other_person_id"`
	Reason        string `json:"reason"`
}

type linkInput struct {
	OtherCaseID int64  `json:"other_case_id"`
	Reason      string `json:"reason"`
}

func (s *Server) apiPersons(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok || !s.caseAccess(c, id) {
		return
	}
	reveal := revealBSN(c)
	list, err := s.store.Persons(c.Request.Context(), actor(c), id, reveal)
	if err != nil {
		apiError(c, err)
		return
	}
	detail := "persons"
	if reveal {
		detail = "persons with BSN"
	}
	if !s.recordView(c, "case", id, detail) {
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"items": list})
}

func (s *Server) apiAddPerson(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in personInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	var errs conference.ValidationErrors
	p := in.domain(0, &errs, "")
	err := errs.Err()
	if err == nil {
		err = s.addPerson(c, id, &p)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, p)
}

func (s *Server) apiUpdatePerson(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in personInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	var errs conference.ValidationErrors
	p := in.domain(id, &errs, "")
	err := errs.Err()
	if err == nil {
		err = s.updatePerson(c, &p)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, p)
}

func (s *Server) apiRemovePerson(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.removePerson(c, id); err != nil {
		apiError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiSearchPersons(c *gin.Context) {
	q, err := personQuery(c)
	var hits []conference.PersonHit
	var total int64
	if err == nil {
		hits, total, err = s.store.SearchPersons(c.Request.Context(), actor(c), q)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	if !s.recordSearch(c, q, hits) {
		return
	}
	answerList(c, hits, total, q.Page)
}

func (s *Server) apiMergePerson(c *gin.Context) {
	apiWrite(s, c, http.StatusNoContent, func(c *gin.Context, id int64, in mergeInput) (struct{}, error) {
		return struct{}{}, s.mergePersons(c, id, in.OtherPersonID, in.Reason)
	})
}

func (s *Server) apiLinks(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok || !s.caseAccess(c, id) {
		return
	}
	links, err := s.store.LinkedCases(c.Request.Context(), actor(c), id)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"items": links})
}

func (s *Server) apiLinkCase(c *gin.Context) {
	apiWrite(s, c, http.StatusNoContent, func(c *gin.Context, id int64, in linkInput) (struct{}, error) {
		return struct{}{}, s.linkCases(c, id, in.OtherCaseID, in.Reason)
	})
}
