package web

import (
	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/live"
)

// The agenda's write operations. Each calls the store and records its own
// audit event, so that the page and the API handler of one operation cannot
// log it differently, twice, or not at all.

// propose puts p on an agenda for the request's user.
func (s *Server) propose(c *gin.Context, p agenda.Proposal) (agenda.Item, error) {
	it, err := s.agenda.Propose(c.Request.Context(), actor(c), p)
	if err == nil {
		s.recordItem(c, auditCreate, it, "proposed")
		s.announce(c, it.ConferenceID, live.Agenda, it.ID, it.Version)
	}
	return it, err
}

// triage accepts, rejects or defers proposal id.
func (s *Server) triage(c *gin.Context, id int64, d agenda.Decision, note string, version int, planNext bool) (agenda.Item, error) {
	it, err := s.agenda.TriagePlanning(c.Request.Context(), actor(c), id, d, note, version, planNext)
	if err == nil {
		s.recordItem(c, auditUpdate, it, string(it.Status))
		s.announce(c, it.ConferenceID, live.Agenda, it.ID, it.Version)
	}
	return it, err
}

// plan sets the planned minutes and question sets of item id.
func (s *Server) plan(c *gin.Context, id int64, minutes int, setIDs []int64, version int) (agenda.Item, error) {
	it, err := s.agenda.Plan(c.Request.Context(), actor(c), id, minutes, setIDs, version)
	if err == nil {
		s.recordItem(c, auditUpdate, it, "planned")
		s.announce(c, it.ConferenceID, live.Agenda, it.ID, it.Version)
	}
	return it, err
}

// removeItem takes item id off its agenda.
func (s *Server) removeItem(c *gin.Context, id int64) (agenda.Item, error) {
	it, err := s.agenda.Item(c.Request.Context(), id)
	if err == nil {
		err = s.agenda.Remove(c.Request.Context(), actor(c), id)
	}
	if err == nil {
		s.recordItem(c, auditDelete, it, "removed")
		s.announce(c, it.ConferenceID, live.Agenda, it.ID, 0)
	}
	return it, err
}

// order puts the accepted items of conference id in the order of itemIDs.
func (s *Server) order(c *gin.Context, id int64, itemIDs []int64) error {
	err := s.agenda.Order(c.Request.Context(), actor(c), id, itemIDs)
	if err == nil {
		s.record(c, auditUpdate, "conference", id, "agenda order")
		s.announce(c, id, live.Agenda, 0, 0)
	}
	return err
}

// prepare brings the follow-ups of the series onto conference id's agenda.
func (s *Server) prepare(c *gin.Context, id int64) ([]agenda.Item, error) {
	added, err := s.agenda.Prepare(c.Request.Context(), actor(c), id)
	if err == nil {
		for _, it := range added {
			s.recordItem(c, auditCreate, it, "carried over")
		}
		if len(added) > 0 {
			s.announce(c, id, live.Agenda, 0, 0)
		}
	}
	return added, err
}

// publish publishes the agenda of conference id.
func (s *Server) publish(c *gin.Context, id int64) (conference.Conference, error) {
	conf, err := s.agenda.Publish(c.Request.Context(), actor(c), id)
	if err == nil {
		s.record(c, auditUpdate, "conference", id, "published")
		s.announce(c, id, live.Agenda, 0, conf.Version)
	}
	return conf, err
}

// recordItem logs a change of an agenda item, and of its case when it has one.
func (s *Server) recordItem(c *gin.Context, action auditAction, it agenda.Item, detail string) {
	s.record(c, action, "agenda_item", it.ID, detail)
	if it.CaseID != nil {
		s.record(c, action, "case", *it.CaseID, "agenda item "+detail)
	}
}
