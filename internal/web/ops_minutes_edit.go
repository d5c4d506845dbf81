package web

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/live"
	"casusoverleg/minutes"
)

// The operations that correct the minutes while they are a draft, make them
// final and send them back, each with its own audit event (see ops_minutes.go);
// a correction is announced to the open pages, as the first record was.

func (s *Server) updateDecision(c *gin.Context, d *minutes.Decision) error {
	if err := s.minutes.UpdateDecision(c.Request.Context(), actor(c), d); err != nil {
		return err
	}
	s.recordItemChange(c, d.ItemID, d.CaseID, fmt.Sprintf("decision %d changed (%s)", d.ID, d.Outcome))
	s.announce(c, d.ConferenceID, live.Minutes, d.ItemID, 0)
	return nil
}

func (s *Server) removeDecision(c *gin.Context, id int64, version int) (minutes.Decision, error) {
	d, err := s.minutes.DeleteDecision(c.Request.Context(), actor(c), id, version)
	if err != nil {
		return d, err
	}
	s.recordItemChange(c, d.ItemID, d.CaseID, fmt.Sprintf("decision %d removed", id))
	s.announce(c, d.ConferenceID, live.Minutes, d.ItemID, 0)
	return d, nil
}

func (s *Server) updateAction(c *gin.Context, a *minutes.Action) error {
	if err := s.minutes.UpdateAction(c.Request.Context(), actor(c), a); err != nil {
		return err
	}
	s.recordItemChange(c, a.ItemID, a.CaseID, fmt.Sprintf("action %d changed", a.ID))
	s.announce(c, a.ConferenceID, live.Minutes, a.ItemID, 0)
	return nil
}

func (s *Server) removeAction(c *gin.Context, id int64, version int) (minutes.Action, error) {
	a, err := s.minutes.DeleteAction(c.Request.Context(), actor(c), id, version)
	if err != nil {
		return a, err
	}
	s.recordItemChange(c, a.ItemID, a.CaseID, fmt.Sprintf("action %d removed", id))
	s.announce(c, a.ConferenceID, live.Minutes, a.ItemID, 0)
	return a, nil
}

// finalise makes the minutes final and records it: for the page and the API.
func (s *Server) finalise(c *gin.Context, id int64, reason string) error {
	if err := s.minutes.Finalise(c.Request.Context(), actor(c), id, reason); err != nil {
		return err
	}
	s.recordText(c, auditUpdate, "minutes", id, "final", reason, s.minutesSubjects(c, id))
	return nil
}

// reopen sends final minutes back to draft and records it.
func (s *Server) reopen(c *gin.Context, id int64, reason string) error {
	if err := s.minutes.Reopen(c.Request.Context(), actor(c), id, reason); err != nil {
		return err
	}
	s.recordText(c, auditUpdate, "minutes", id, "back to draft", reason, s.minutesSubjects(c, id))
	return nil
}

// minutesSubjects are the cases on the agenda of meeting id: a reason typed
// about its minutes may speak of any of them, so it is destroyed with the
// first of them (as the meeting's signed copies are).
func (s *Server) minutesSubjects(c *gin.Context, id int64) []audit.Subject {
	v, err := s.minutes.Minutes(c.Request.Context(), actor(c), id)
	if err != nil {
		logInternal(c, err)
		return nil
	}
	var ids []int64
	for _, it := range v.Items {
		if it.CaseID != nil {
			ids = append(ids, *it.CaseID)
		}
	}
	return audit.Subjects("case", ids...)
}
