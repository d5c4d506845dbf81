package web

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/internal/live"
)

// The meeting's live operations (see ops_agenda.go): each writes, records its
// audit event and then announces the change to every open page.

// startMeeting opens conference id's meeting: in session, its first item current.
func (s *Server) startMeeting(c *gin.Context, id int64) (agenda.Live, error) {
	l, err := s.agenda.StartMeeting(c.Request.Context(), actor(c), id)
	if err == nil {
		s.record(c, auditUpdate, "conference", id, "in session")
		s.announce(c, id, live.Current, derefID(l.CurrentItemID), l.Version)
	}
	return l, err
}

// moveMeeting makes another item of conference id current.
func (s *Server) moveMeeting(c *gin.Context, id int64, to agenda.Target, version int) (agenda.Live, error) {
	l, err := s.agenda.MoveTo(c.Request.Context(), actor(c), id, to, version)
	if err == nil {
		s.record(c, auditUpdate, "conference", id, fmt.Sprintf("current item %d", derefID(l.CurrentItemID)))
		s.announce(c, id, live.Current, derefID(l.CurrentItemID), l.Version)
	}
	return l, err
}

// announce tells every page that follows conference id what changed, after
// the write: an event with ids and a version, never case data.
func (s *Server) announce(c *gin.Context, id int64, kind live.Kind, ref int64, version int) {
	s.live.Publish(c.Request.Context(), id, kind, ref, version)
}

func derefID(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}
