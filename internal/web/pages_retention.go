package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/retention"
)

// The admin's retention page (Bewaartermijnen): the periods, the proposed
// destruction list to approve, and the records of what was destroyed.

type retentionData struct {
	Settings retention.Settings
	Series   []conference.Series
	// Open is the proposed destruction list waiting for approval, if any.
	Open    *retention.List
	Lists   []retention.List
	Records []retention.Record
	// Sent names the form that came back with errors: settings or approve.
	Sent string
}

// SeriesMonths is the value of series id's field: its own period, or empty for the region default.
func (d retentionData) SeriesMonths(id int64) string {
	for _, p := range d.Settings.Series {
		if p.SeriesID == id {
			return strconv.Itoa(p.Months)
		}
	}
	return ""
}

func (s *Server) adminRetentionPage(c *gin.Context) {
	s.showRetention(c, http.StatusOK, nil, "")
}

func (s *Server) showRetention(c *gin.Context, code int, f *form, sent string) {
	ctx := c.Request.Context()
	st, err := s.retention.Settings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	series, _, err := s.store.AllSeries(ctx, conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		s.fail(c, err)
		return
	}
	lists, err := s.retention.Lists(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	records, err := s.retention.Records(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := retentionData{Settings: st, Series: series, Records: records, Sent: sent}
	for i, l := range lists {
		if l.Status == retention.ListProposed && data.Open == nil {
			data.Open = &lists[i]
			continue
		}
		data.Lists = append(data.Lists, l)
	}
	if f == nil {
		f = newForm(url.Values{"case_months": {strconv.Itoa(st.CaseMonths)}, "audit_months": {strconv.Itoa(st.AuditMonths)}}, nil)
	}
	s.show(c, page{Code: code, Name: "admin_retention", Title: "retention.title", Section: "admin", Data: data, Form: f})
}

// retentionForm reads the settings form: a series left empty takes the region default.
func retentionForm(c *gin.Context, series []conference.Series) (retention.Settings, error) {
	var errs conference.ValidationErrors
	st := retention.Settings{CaseMonths: formInt(c, &errs, "case_months"), AuditMonths: formInt(c, &errs, "audit_months")}
	for _, sr := range series {
		field := fmt.Sprintf("series_%d", sr.ID)
		if strings.TrimSpace(c.PostForm(field)) == "" {
			continue
		}
		st.Series = append(st.Series, retention.SeriesPeriod{SeriesID: sr.ID, Months: formInt(c, &errs, field)})
	}
	return st, errs.Err()
}

func (s *Server) adminRetentionSubmit(c *gin.Context) {
	series, _, err := s.store.AllSeries(c.Request.Context(), conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		s.fail(c, err)
		return
	}
	st, err := retentionForm(c, series)
	if err == nil {
		_, err = s.saveRetention(c, st)
	}
	if err != nil {
		if !inPlace(err) {
			s.fail(c, err)
			return
		}
		s.showRetention(c, http.StatusUnprocessableEntity, newForm(c.Request.PostForm, err), "settings")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "retention.saved"), false)
	c.Redirect(http.StatusSeeOther, "/admin/retention")
}

func (s *Server) approveListSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var errs conference.ValidationErrors
	version := formInt(c, &errs, "version")
	err := errs.Err()
	if err == nil {
		_, err = s.approveDestruction(c, id, version, c.PostForm("reason"))
	}
	if err != nil {
		if !inPlace(err) {
			s.fail(c, err)
			return
		}
		code := status(err)
		if code == http.StatusConflict {
			// The job changed the list since it was shown: show the list as it is now.
			err = &conference.ValidationError{Field: "version", Msg: "was changed by someone else in the meantime; reload the page"}
		}
		s.showRetention(c, code, newForm(c.Request.PostForm, err), "approve")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "retention.destroyed"), false)
	c.Redirect(http.StatusSeeOther, "/admin/retention")
}

// reopenCaseSubmit is the chair's form on a closed case's page.
func (s *Server) reopenCaseSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	back := fmt.Sprintf("/cases/%d", id)
	var errs conference.ValidationErrors
	version := formInt(c, &errs, "version")
	err := errs.Err()
	if err == nil {
		_, err = s.reopenCase(c, id, version, c.PostForm("reason"))
	}
	if err != nil {
		s.flashError(c, err, back)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "reopen.done"), false)
	c.Redirect(http.StatusSeeOther, back)
}
