package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

type conferencesData struct {
	*names
	Items    []conference.Conference
	Series   []conference.Series
	SeriesID int64
	// CanPlan: admins and chairs plan the next meetings of a series here.
	CanPlan bool
	// Counts are the numbers of meetings one can plan at once.
	Counts []int
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
	data := conferencesData{names: n, Items: list, Series: series, SeriesID: f.SeriesID, CanPlan: conference.MayPlan(actor(c)),
		Counts: []int{1, 4, 8, 13, 26}}
	s.show(c, page{Name: "conferences", Title: "conferences.title", Section: "conferences", Data: data, Pager: newPager(c.Request.URL, p, total)})
}

type conferenceData struct {
	*names
	Agenda     agenda.View
	Sets       []agenda.QuestionSet
	Conference conference.Conference
	Series     conference.Series
	Attendance []conference.Attendance
	// Failed is an item's form that was refused, shown again in its place.
	Failed *failedForm
	// CanMove: the chair may move or cancel the meeting until it starts.
	CanMove bool
	// Live is the running meeting: its state, clock, current item and who has the page open.
	Live liveData
}

// DateValue is the meeting's date as a date input's value, in local time.
func (d conferenceData) DateValue() string {
	return d.Conference.StartsAt.In(amsterdam).Format("2006-01-02")
}

// TimeValue is the meeting's start as a time input's value, in local time.
func (d conferenceData) TimeValue() string {
	return d.Conference.StartsAt.In(amsterdam).Format("15:04")
}

// FormFor returns the typed values and errors of form target when it was just refused.
func (d conferenceData) FormFor(target string) *form { return formFor(d.Failed, target) }

// MessagesFor returns the labelled errors of form target when it was just refused.
func (d conferenceData) MessagesFor(target string) []string { return messagesFor(d.Failed, target) }

func (s *Server) conferencePage(c *gin.Context) { s.showConference(c, http.StatusOK, nil) }

// showConference renders the meeting's page; failed is a refused item form.
func (s *Server) showConference(c *gin.Context, code int, failed *failedForm) {
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
	statement, err := s.statementIn(ctx, lang(c), conf.SeriesID)
	if err != nil {
		s.fail(c, err)
		return
	}
	lv, err := s.liveData(ctx, view, att, actor(c).UserID, statement)
	if err != nil {
		s.fail(c, err)
		return
	}
	userIDs := append(ptrIDs(conf.ChairID, conf.SecretaryID), lv.Attending()...)
	for _, a := range att {
		userIDs = append(userIDs, a.UserID)
	}
	n, err := s.loadNames(ctx, userIDs)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := conferenceData{names: n, Agenda: view, Sets: sets, Conference: conf, Series: view.Series, Attendance: att, Failed: failed,
		CanMove: conference.MayMove(actor(c), conf) && !conf.Started(s.cfg.Now()), Live: lv}
	s.show(c, page{Code: code, Name: "conference", Title: "conferences.one", Section: "conferences", Data: data})
}
