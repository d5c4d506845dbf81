package web

import (
	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// The write operations on cases and on the region's reference data (users,
// organisations, question sets), each with its own audit event (see ops_agenda.go).

// createCase refers case cs for the request's user.
func (s *Server) createCase(c *gin.Context, cs *conference.Case) error {
	err := s.store.CreateCase(c.Request.Context(), actor(c), cs)
	if err == nil {
		s.record(c, auditCreate, "case", cs.ID, cs.Reference)
	}
	return err
}

// updateCase stores the changed case cs.
func (s *Server) updateCase(c *gin.Context, cs *conference.Case) error {
	err := s.store.UpdateCase(c.Request.Context(), actor(c), cs)
	if err == nil {
		s.record(c, auditUpdate, "case", cs.ID, cs.Reference)
	}
	return err
}

// createUser adds user u.
func (s *Server) createUser(c *gin.Context, u *conference.User) error {
	err := s.store.CreateUser(c.Request.Context(), u)
	if err == nil {
		s.record(c, auditCreate, "user", u.ID, u.Email)
	}
	return err
}

// updateUser stores the changed user u.
func (s *Server) updateUser(c *gin.Context, u *conference.User) error {
	err := s.store.UpdateUser(c.Request.Context(), u)
	if err == nil {
		s.record(c, auditUpdate, "user", u.ID, u.Email)
	}
	return err
}

// createOrganisation adds organisation o.
func (s *Server) createOrganisation(c *gin.Context, o *conference.Organisation) error {
	err := s.store.CreateOrganisation(c.Request.Context(), o)
	if err == nil {
		s.record(c, auditCreate, "organisation", o.ID, o.Name)
	}
	return err
}

// createQuestionSet adds question set q.
func (s *Server) createQuestionSet(c *gin.Context, q *agenda.QuestionSet) error {
	err := s.agenda.CreateQuestionSet(c.Request.Context(), q)
	if err == nil {
		s.record(c, auditCreate, "question_set", q.ID, q.Key)
	}
	return err
}

// updateQuestionSet stores the changed question set q.
func (s *Server) updateQuestionSet(c *gin.Context, q *agenda.QuestionSet) error {
	err := s.agenda.UpdateQuestionSet(c.Request.Context(), q)
	if err == nil {
		s.record(c, auditUpdate, "question_set", q.ID, q.Key)
	}
	return err
}
