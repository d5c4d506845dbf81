package web

import (
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
)

// The person operations, each with its own audit event, shared by the form
// and the API routes. The audit detail names the case and the role, never
// the person; a reason typed is the event's text, kept beside the chain and
// destroyed with the cases and persons it is about.

// caseAccess answers 404 for a case that does not exist and 403 for one the
// user may not see, and returns false then: for the read routes (write
// routes are guarded in routes.go).
func (s *Server) caseAccess(c *gin.Context, id int64) bool {
	ok, err := s.store.CanSeeCase(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return false
	}
	if !ok {
		if _, err := s.store.Case(c.Request.Context(), actor(c), id); err != nil {
			s.fail(c, err)
			return false
		}
		s.fail(c, fmt.Errorf("case %d: %w", id, conference.ErrForbidden))
		return false
	}
	return true
}

func (s *Server) addPerson(c *gin.Context, caseID int64, p *conference.Person) error {
	if err := s.store.AddPerson(c.Request.Context(), actor(c), caseID, p); err != nil {
		return err
	}
	s.record(c, auditCreate, "person", p.ID, fmt.Sprintf("case %d, role %s", caseID, p.Role))
	return nil
}

func (s *Server) updatePerson(c *gin.Context, p *conference.Person) error {
	if err := s.store.UpdatePerson(c.Request.Context(), actor(c), p); err != nil {
		return err
	}
	s.record(c, auditUpdate, "person", p.ID, fmt.Sprintf("case %d, role %s", p.CaseID, p.Role))
	return nil
}

func (s *Server) removePerson(c *gin.Context, id int64) (int64, error) {
	caseID, err := s.store.RemovePerson(c.Request.Context(), actor(c), id)
	if err != nil {
		return caseID, err
	}
	s.record(c, auditDelete, "person", id, fmt.Sprintf("case %d", caseID))
	return caseID, nil
}

func (s *Server) mergePersons(c *gin.Context, keepID, dropID int64, reason string) error {
	// The cases of both, read before the merge may remove one of them.
	subjects := audit.Subjects("person", keepID, dropID)
	for _, id := range []int64{keepID, dropID} {
		if p, err := s.store.Person(c.Request.Context(), conference.System, id); err == nil {
			subjects = append(subjects, audit.Subjects("case", p.CaseID)...)
		}
	}
	if err := s.store.MergePersons(c.Request.Context(), actor(c), keepID, dropID, reason); err != nil {
		return err
	}
	s.recordText(c, auditUpdate, "person", keepID, fmt.Sprintf("merged person %d", dropID), reason, subjects)
	return nil
}

func (s *Server) linkCases(c *gin.Context, caseID, otherID int64, reason string) error {
	if err := s.store.LinkCases(c.Request.Context(), actor(c), caseID, otherID, reason); err != nil {
		return err
	}
	subjects := audit.Subjects("case", caseID, otherID)
	s.recordText(c, auditUpdate, "case", caseID, fmt.Sprintf("linked to case %d", otherID), reason, subjects)
	s.recordText(c, auditUpdate, "case", otherID, fmt.Sprintf("linked to case %d", caseID), reason, subjects)
	return nil
}

// personQuery reads a person search from the query string.
func personQuery(c *gin.Context) (conference.PersonQuery, error) {
	var errs conference.ValidationErrors
	q := conference.PersonQuery{Name: c.Query("q"), BSN: c.Query("bsn")}
	if d := strings.TrimSpace(c.Query("birth_date")); d != "" {
		q.BirthDate = parseDate(&errs, "birth_date", d)
	}
	p, err := queryPage(c)
	q.Page = p
	return q, join(errs.Err(), err)
}

// revealBSN reports whether the request asks for BSNs in full (?bsn=show).
func revealBSN(c *gin.Context) bool { return c.Query("bsn") == "show" }
