package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// planMeetingsSubmit plans the next meetings of a series from the conferences page.
func (s *Server) planMeetingsSubmit(c *gin.Context) {
	var errs conference.ValidationErrors
	seriesID := formOptionalID(c, &errs, "series_id")
	count := formInt(c, &errs, "count")
	if seriesID == nil && errs.Err() == nil {
		errs.Add("series_id", "is required")
	}
	err := errs.Err()
	var list []conference.Conference
	if err == nil {
		list, err = s.planMeetings(c, *seriesID, count)
	}
	if err != nil {
		s.flashError(c, err, "/conferences")
		return
	}
	s.flash(c, fmt.Sprintf(s.pages.translate(lang(c), "plan.planned"), len(list)), false)
	c.Redirect(http.StatusSeeOther, "/conferences?series_id="+strconv.FormatInt(*seriesID, 10))
}

// scheduleSubmit moves a meeting (date, time, length, place) from its page.
func (s *Server) scheduleSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var errs conference.ValidationErrors
	version := formInt(c, &errs, "version")
	minutes := formInt(c, &errs, "duration_minutes")
	at, perr := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(c.PostForm("date"))+" "+strings.TrimSpace(c.PostForm("time")), amsterdam)
	if perr != nil {
		errs.Add("starts_at", "must be a date and a time")
	}
	err := errs.Err()
	if err == nil {
		_, err = s.reschedule(c, id, at, minutes, c.PostForm("location"), version)
	}
	if err != nil {
		s.flashError(c, err, confURL(id))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "plan.moved"), false)
	c.Redirect(http.StatusSeeOther, confURL(id))
}

type cancelData struct {
	Conference conference.Conference
	Series     conference.Series
	// Moving counts the items that go to the next meeting.
	Moving int
	// Next is the meeting they go to; when there is none, Planned is when one will be planned.
	Next    *conference.Conference
	Planned time.Time
	// Started: the meeting has begun and can no longer be cancelled.
	Started bool
}

// cancelPage asks the chair to confirm a cancellation, showing where the items go.
func (s *Server) cancelPage(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	conf, err := s.store.Conference(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := cancelData{Conference: conf, Started: conf.Started(s.cfg.Now())}
	if data.Series, err = s.store.Series(ctx, conf.SeriesID); err != nil {
		s.fail(c, err)
		return
	}
	view, err := s.agenda.Agenda(ctx, actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	data.Moving = len(view.Items) + len(view.Proposals)
	next, err := s.agenda.NextConference(ctx, id)
	switch {
	case errors.Is(err, agenda.ErrNoLaterMeeting):
		data.Planned = data.Series.Following(conf.StartsAt, 1, conference.Local)[0]
	case err != nil:
		s.fail(c, err)
		return
	default:
		data.Next = &next
	}
	s.show(c, page{Name: "conference_cancel", Title: "cancel.title", Section: "conferences", Data: data})
}

// cancelSubmit cancels a meeting; its items go to the next one.
func (s *Server) cancelSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var errs conference.ValidationErrors
	version := formInt(c, &errs, "version")
	err := errs.Err()
	var next conference.Conference
	if err == nil {
		next, err = s.cancelMeeting(c, id, c.PostForm("cancel_reason"), version, c.PostForm("plan_next") == "1")
	}
	if err != nil {
		s.flashError(c, err, confURL(id)+"/cancel")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "cancel.done"), false)
	c.Redirect(http.StatusSeeOther, confURL(next.ID))
}

type deferPlanData struct {
	Item    agenda.Item
	Note    string
	Planned time.Time
	Series  conference.Series
}

// deferNeedsPlanning shows, instead of an error, the offer to plan the next
// meeting when the chair defers an item and the series has none; the note is
// kept. It reports whether it answered.
func (s *Server) deferNeedsPlanning(c *gin.Context) bool {
	if c.PostForm("decision") != string(agenda.Defer) || c.PostForm("plan_next") == "1" {
		return false
	}
	ctx := c.Request.Context()
	id, err := pathID(c, "id")
	if err != nil {
		return false
	}
	it, err := s.agenda.Item(ctx, id)
	if err != nil {
		return false
	}
	conf, err := s.store.Conference(ctx, it.ConferenceID)
	if err != nil || conf.ChairID == nil || *conf.ChairID != currentUser(c).ID {
		return false
	}
	if _, err := s.agenda.NextConference(ctx, conf.ID); !errors.Is(err, agenda.ErrNoLaterMeeting) {
		return false
	}
	series, err := s.store.Series(ctx, conf.SeriesID)
	if err != nil {
		return false
	}
	var errs conference.ValidationErrors
	it.Version = formInt(c, &errs, "version")
	data := deferPlanData{Item: it, Note: c.PostForm("decision_note"), Series: series,
		Planned: series.Following(conf.StartsAt, 1, conference.Local)[0]}
	s.show(c, page{Name: "defer_plan", Title: "defer_plan.title", Section: "conferences", Data: data})
	return true
}
