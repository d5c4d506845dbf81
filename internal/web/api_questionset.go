package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
)

func (s *Server) apiQuestionSets(c *gin.Context) {
	list, err := s.agenda.QuestionSets(c.Request.Context(), c.Query("active") == "true")
	if err != nil {
		apiError(c, err)
		return
	}
	if list == nil {
		list = []agenda.QuestionSet{}
	}
	writeJSON(c, http.StatusOK, gin.H{"items": list})
}

func (s *Server) apiQuestionSet(c *gin.Context) {
	qs, _, ok := byID(s, c, s.agenda.QuestionSet)
	if !ok {
		return
	}
	writeJSON(c, http.StatusOK, qs)
}

func (s *Server) apiCreateQuestionSet(c *gin.Context) {
	var qs agenda.QuestionSet
	if err := decodeJSON(c, &qs); err != nil {
		apiError(c, err)
		return
	}
	qs.ID, qs.BuiltIn = 0, false
	if err := s.createQuestionSet(c, &qs); err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, qs)
}

func (s *Server) apiUpdateQuestionSet(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var qs agenda.QuestionSet
	if err := decodeJSON(c, &qs); err != nil {
		apiError(c, err)
		return
	}
	qs.ID = id
	if err := s.updateQuestionSet(c, &qs); err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, qs)
}
