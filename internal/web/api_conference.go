package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

func (s *Server) apiConferences(c *gin.Context) {
	var errs conference.ValidationErrors
	f := conference.ConferenceFilter{SeriesID: queryID(c, &errs, "series_id"), Status: conference.Status(c.Query("status"))}
	if v := c.Query("from"); v != "" {
		if t := parseDate(&errs, "from", v); t != nil {
			f.From = *t
		}
	}
	if v := c.Query("to"); v != "" {
		if t := parseDate(&errs, "to", v); t != nil {
			f.To = *t
		}
	}
	p, perr := queryPage(c)
	if err := join(errs.Err(), perr); err != nil {
		apiError(c, err)
		return
	}
	f.Page = p
	list, total, err := s.store.Conferences(c.Request.Context(), f)
	if err != nil {
		apiError(c, err)
		return
	}
	answerList(c, list, total, p)
}

func (s *Server) apiConference(c *gin.Context) {
	conf, _, ok := byID(s, c, s.store.Conference)
	if !ok {
		return
	}
	writeJSON(c, http.StatusOK, conf)
}

func (s *Server) apiCreateConference(c *gin.Context) {
	var in conferenceInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	conf, err := in.domain(0)
	if err == nil {
		err = s.store.CreateConference(c.Request.Context(), &conf)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	s.record(c, auditCreate, "conference", conf.ID, conf.StartsAt.Format(time.RFC3339))
	writeJSON(c, http.StatusCreated, conf)
}

// mayOrganise reports whether u chairs conference conf or takes its minutes.
func mayOrganise(u *conference.User, conf conference.Conference) bool {
	return (conf.ChairID != nil && *conf.ChairID == u.ID) || (conf.SecretaryID != nil && *conf.SecretaryID == u.ID)
}

// organisedConference loads conference id for its chair or secretary; for
// anyone else, or an unknown id, it answers the error and returns false.
func (s *Server) organisedConference(c *gin.Context, id int64) (conference.Conference, bool) {
	conf, err := s.store.Conference(c.Request.Context(), id)
	if err == nil && !mayOrganise(currentUser(c), conf) {
		err = conference.ErrForbidden
	}
	if err != nil {
		s.fail(c, err)
		return conf, false
	}
	return conf, true
}

// mayPlan reports whether u may change a conference's date, place and people:
// an admin, or its chair or secretary.
func mayPlan(u *conference.User, conf conference.Conference) bool {
	return u.Has(conference.RoleAdmin) || mayOrganise(u, conf)
}

func (s *Server) apiUpdateConference(c *gin.Context) {
	old, id, ok := byID(s, c, s.store.Conference)
	if !ok {
		return
	}
	if !mayPlan(currentUser(c), old) {
		apiError(c, conference.ErrForbidden)
		return
	}
	var in conferenceInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	conf, err := in.domain(id)
	if err == nil {
		err = s.store.ChangeMeeting(c.Request.Context(), old, &conf)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	s.record(c, auditUpdate, "conference", conf.ID, string(conf.Status))
	writeJSON(c, http.StatusOK, conf)
}

func (s *Server) apiAttendance(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.store.Conference(c.Request.Context(), id); err != nil {
		apiError(c, err)
		return
	}
	list, err := s.store.Attendance(c.Request.Context(), id)
	if err != nil {
		apiError(c, err)
		return
	}
	if list == nil {
		list = []conference.Attendance{}
	}
	writeJSON(c, http.StatusOK, gin.H{"items": list})
}

func (s *Server) apiSetAttendance(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, ok := s.organisedConference(c, id); !ok {
		return
	}
	var body struct {
		Items []conference.Attendance `json:"items"`
	}
	if err := decodeJSON(c, &body); err != nil {
		apiError(c, err)
		return
	}
	if err := s.setAttendance(c, id, body.Items); err != nil {
		apiError(c, err)
		return
	}
	if body.Items == nil {
		body.Items = []conference.Attendance{}
	}
	writeJSON(c, http.StatusOK, gin.H{"items": body.Items})
}
