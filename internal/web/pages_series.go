package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

type adminSeriesData struct {
	*names
	Series   []conference.Series
	Current  conference.Series
	Chairs   []conference.User
	Secs     []conference.User
	Sets     []agenda.QuestionSet
	Cadences []conference.Cadence
	Weekdays []int
}

// HasMember reports whether organisation id is a member of the current series (or was ticked).
func (d adminSeriesData) HasMember(id int64) bool {
	for _, m := range d.Current.MemberOrganisationIDs {
		if m == id {
			return true
		}
	}
	return false
}

// HasSet reports whether question set id is a default of the current series.
func (d adminSeriesData) HasSet(id int64) bool {
	for _, m := range d.Current.DefaultQuestionSetIDs {
		if m == id {
			return true
		}
	}
	return false
}

// Is reports whether user id is the pointer's user.
func (d adminSeriesData) Is(p *int64, id int64) bool { return p != nil && *p == id }

// WeekdayKey is the message key of ISO weekday n (1 Monday … 7 Sunday).
func (d adminSeriesData) WeekdayKey(n int) string {
	return "weekdayname." + strconv.Itoa(n)
}

func (s *Server) adminSeriesListPage(c *gin.Context) {
	s.showSeries(c, http.StatusOK, "admin_series", conference.Series{}, nil)
}

func (s *Server) adminSeriesNewPage(c *gin.Context) {
	s.showSeries(c, http.StatusOK, "admin_series_form", conference.Series{Weekday: 1, StartTime: "09:30",
		DefaultDurationMinutes: 120, Cadence: conference.Weekly}, nil)
}

func (s *Server) adminSeriesPage(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	sr, err := s.store.Series(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showSeries(c, http.StatusOK, "admin_series_form", sr, nil)
}

func (s *Server) showSeries(c *gin.Context, code int, name string, cur conference.Series, f *form) {
	ctx := c.Request.Context()
	data := adminSeriesData{Current: cur, Cadences: conference.Cadences, Weekdays: []int{1, 2, 3, 4, 5, 6, 7}}
	var err error
	if data.names, err = s.loadNames(ctx, nil); err != nil {
		s.fail(c, err)
		return
	}
	if name == "admin_series" {
		if data.Series, _, err = s.store.AllSeries(ctx, conference.Page{Limit: conference.MaxLimit}); err != nil {
			s.fail(c, err)
			return
		}
	} else {
		for _, role := range []conference.Role{conference.RoleChair, conference.RoleSecretary} {
			users, _, err := s.store.Users(ctx, conference.UserFilter{Role: role, Page: conference.Page{Limit: conference.MaxLimit}})
			if err != nil {
				s.fail(c, err)
				return
			}
			if role == conference.RoleChair {
				data.Chairs = users
			} else {
				data.Secs = users
			}
		}
		if data.Sets, err = s.agenda.QuestionSets(ctx, true); err != nil {
			s.fail(c, err)
			return
		}
	}
	title := "series.title"
	if name != "admin_series" {
		title = "series.edit"
		if cur.ID == 0 {
			title = "series.new"
		}
	}
	s.show(c, page{Code: code, Name: name, Title: title, Section: "admin", Data: data, Form: f})
}

// seriesForm reads the series form into sr.
func seriesForm(c *gin.Context, sr *conference.Series) error {
	var errs conference.ValidationErrors
	v := c.Request.PostForm
	sr.Name, sr.Description, sr.DefaultLocation = v.Get("name"), v.Get("description"), v.Get("default_location")
	sr.StartTime, sr.Cadence = strings.TrimSpace(v.Get("start_time")), conference.Cadence(v.Get("cadence"))
	sr.Weekday = formInt(c, &errs, "weekday")
	sr.DefaultDurationMinutes = formInt(c, &errs, "default_duration_minutes")
	if strings.TrimSpace(v.Get("repeat_months")) != "" { // left out, the series keeps its rule
		if sr.RepeatMonths = formInt(c, &errs, "repeat_months"); sr.RepeatMonths == 0 {
			errs.Add("repeat_months", "must be at least 1")
		}
	}
	sr.MemberOrganisationIDs = formIDs(v, "member_organisation_ids", &errs)
	sr.DefaultQuestionSetIDs = formIDs(v, "default_question_set_ids", &errs)
	sr.DefaultChairID = formOptionalID(c, &errs, "default_chair_id")
	sr.DefaultSecretaryID = formOptionalID(c, &errs, "default_secretary_id")
	return errs.Err()
}

// adminSeriesSubmit creates (no :id) or updates a series from the form.
func (s *Server) adminSeriesSubmit(c *gin.Context) {
	var sr conference.Series
	if c.Param("id") != "" {
		id, ok := s.idOf(c)
		if !ok {
			return
		}
		var err error
		if sr, err = s.store.Series(c.Request.Context(), id); err != nil {
			s.fail(c, err)
			return
		}
	}
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errBadRequest)
		return
	}
	err := seriesForm(c, &sr)
	if err == nil {
		err = s.storeSeries(c, &sr)
	}
	if err != nil {
		if code := status(err); code == http.StatusUnprocessableEntity || code == http.StatusConflict {
			if code == http.StatusConflict {
				err = &conference.ValidationError{Field: "name", Msg: "is already in use"}
			}
			s.showSeries(c, http.StatusUnprocessableEntity, "admin_series_form", sr, newForm(c.Request.PostForm, err))
			return
		}
		s.fail(c, err)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "series.saved"), false)
	c.Redirect(http.StatusSeeOther, "/admin/series/"+strconv.FormatInt(sr.ID, 10))
}
