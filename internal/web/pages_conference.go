package web

import (
	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

type conferencesData struct {
	*names
	Items    []conference.Conference
	Series   []conference.Series
	SeriesID int64
}

// SeriesName returns the name of series id.
func (d conferencesData) SeriesName(id int64) string {
	for _, s := range d.Series {
		if s.ID == id {
			return s.Name
		}
	}
	return "—"
}

func (s *Server) conferencesPage(c *gin.Context) {
	ctx := c.Request.Context()
	var errs conference.ValidationErrors
	f := conference.ConferenceFilter{SeriesID: queryID(c, &errs, "series_id")}
	p, err := queryPage(c)
	if err := join(errs.Err(), err); err != nil {
		s.fail(c, err)
		return
	}
	f.Page = p
	list, total, err := s.store.Conferences(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	series, _, err := s.store.AllSeries(ctx, conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		s.fail(c, err)
		return
	}
	var chairs []int64
	for _, conf := range list {
		chairs = append(chairs, ptrIDs(conf.ChairID)...)
	}
	n, err := s.loadNames(ctx, chairs)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := conferencesData{names: n, Items: list, Series: series, SeriesID: f.SeriesID}
	s.show(c, page{Name: "conferences", Title: "conferences.title", Section: "conferences", Data: data, Pager: newPager(c.Request.URL, p, total)})
}

type conferenceData struct {
	*names
	Agenda     agenda.View
	Sets       []agenda.QuestionSet
	Conference conference.Conference
	Series     conference.Series
	Attendance []conference.Attendance
	// Live is the running meeting: its state, clock, current item and who has the page open.
	Live liveData
}

func (s *Server) conferencePage(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	// The agenda view brings the conference and its series, and refuses non-members.
	view, ok := s.agendaView(c, id)
	if !ok {
		return
	}
	conf := view.Conference
	att, err := s.store.Attendance(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	var sets []agenda.QuestionSet
	if view.Chair {
		if sets, err = s.agenda.QuestionSets(ctx, true); err != nil {
			s.fail(c, err)
			return
		}
	}
	lv, err := s.liveData(ctx, view, att)
	if err != nil {
		s.fail(c, err)
		return
	}
	userIDs := append(ptrIDs(conf.ChairID, conf.SecretaryID), lv.Present...)
	for _, a := range att {
		userIDs = append(userIDs, a.UserID)
	}
	n, err := s.loadNames(ctx, userIDs)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := conferenceData{names: n, Agenda: view, Sets: sets, Conference: conf, Series: view.Series, Attendance: att, Live: lv}
	s.show(c, page{Name: "conference", Title: "conferences.one", Section: "conferences", Data: data})
}
