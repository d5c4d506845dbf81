package web

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/live"
	"casusoverleg/minutes"
)

// The minutes' write operations, each with its own audit event (see ops_agenda.go).

// setAttendance replaces the attendance list of conference id.
func (s *Server) setAttendance(c *gin.Context, id int64, list []conference.Attendance) error {
	err := s.store.SetAttendance(c.Request.Context(), id, list)
	if err == nil {
		s.record(c, auditUpdate, "attendance", id, "")
		s.announce(c, id, live.Presence, 0, 0)
	}
	return err
}

// saveRecord stores an item's summary and answers; rec comes back as stored.
func (s *Server) saveRecord(c *gin.Context, rec *minutes.ItemRecord) error {
	err := s.minutes.SaveItemRecord(c.Request.Context(), actor(c), rec)
	if err == nil {
		s.recordItemChange(c, rec.ItemID, rec.CaseID, "record")
		s.announce(c, rec.ConferenceID, live.Minutes, rec.ItemID, rec.Version)
	}
	return err
}

// addDecision records decision d on item itemID.
func (s *Server) addDecision(c *gin.Context, itemID int64, d *minutes.Decision) error {
	err := s.minutes.AddDecision(c.Request.Context(), actor(c), itemID, d)
	if err == nil {
		s.recordItemChange(c, itemID, d.CaseID, "decision "+string(d.Outcome))
		s.announce(c, d.ConferenceID, live.Minutes, itemID, 0)
	}
	return err
}

// addAction records action a on item itemID.
func (s *Server) addAction(c *gin.Context, itemID int64, a *minutes.Action) error {
	err := s.minutes.AddAction(c.Request.Context(), actor(c), itemID, a)
	if err == nil {
		s.recordItemChange(c, itemID, a.CaseID, "action")
		s.announce(c, a.ConferenceID, live.Minutes, itemID, 0)
	}
	return err
}

// resolveDecision closes the escalation of decision id.
func (s *Server) resolveDecision(c *gin.Context, id int64, resolution string) (minutes.Decision, error) {
	d, err := s.minutes.ResolveDecision(c.Request.Context(), actor(c), id, resolution)
	if err == nil {
		s.recordItemChange(c, d.ItemID, d.CaseID, "escalation resolved")
		s.announce(c, d.ConferenceID, live.Minutes, d.ItemID, 0)
	}
	return d, err
}

// completeAction marks action id done.
func (s *Server) completeAction(c *gin.Context, id int64, note string) (minutes.Action, error) {
	a, err := s.minutes.CompleteAction(c.Request.Context(), actor(c), id, note)
	if err == nil {
		s.record(c, auditUpdate, "action", a.ID, "done")
	}
	return a, err
}

// logQuickAction logs q under mandate id.
func (s *Server) logQuickAction(c *gin.Context, id int64, q *minutes.QuickAction) error {
	err := s.minutes.LogQuickAction(c.Request.Context(), actor(c), id, q)
	if err == nil {
		s.record(c, auditCreate, "mandate", id, "quick action")
	}
	return err
}

// revokeMandate revokes mandate id.
func (s *Server) revokeMandate(c *gin.Context, id int64, reason string) (minutes.Mandate, error) {
	m, err := s.minutes.RevokeMandate(c.Request.Context(), actor(c), id, reason)
	if err == nil {
		s.record(c, auditUpdate, "mandate", id, "revoked")
	}
	return m, err
}

// addAddendum writes a correction to the signed minutes of conference id.
func (s *Server) addAddendum(c *gin.Context, id int64, text string) (minutes.Addendum, error) {
	ad, err := s.minutes.AddAddendum(c.Request.Context(), actor(c), id, text)
	if err == nil {
		s.record(c, auditCreate, "minutes", id, fmt.Sprintf("addendum %d", ad.Number))
	}
	return ad, err
}

// recordItemChange logs a change of the minutes of an item and of its case.
func (s *Server) recordItemChange(c *gin.Context, itemID int64, caseID *int64, what string) {
	s.record(c, auditUpdate, "agenda_item", itemID, "minutes: "+what)
	if caseID != nil {
		s.record(c, auditUpdate, "case", *caseID, "minutes: "+what)
	}
}
