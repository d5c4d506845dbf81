package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/privacy"
)

// The privacy officer's pages (functionaris gegevensbescherming): finding a
// person, the right-of-access report and the register of requests for
// correction or erasure. routes.go lets only the privacy officer in.

// privacyQuery reads a person search from the query string: bsn, or name and birth_date.
func privacyQuery(c *gin.Context) (privacy.Query, error) {
	var errs conference.ValidationErrors
	q := privacy.Query{BSN: c.Query("bsn"), Name: c.Query("name")}
	if d := strings.TrimSpace(c.Query("birth_date")); d != "" {
		q.BirthDate = parseDate(&errs, "birth_date", d)
	}
	if err := errs.Err(); err != nil {
		return q, err
	}
	return q, q.Validate()
}

type privacyData struct {
	Searched bool
	Hits     []conference.PersonHit
}

// privacyPage is the privacy officer's start: find a person.
func (s *Server) privacyPage(c *gin.Context) {
	var data privacyData
	f := newForm(c.Request.URL.Query(), nil)
	show := func(code int, f *form) {
		s.show(c, page{Code: code, Name: "privacy", Title: "privacy.title", Section: "privacy", Data: data, Form: f})
	}
	if c.Query("bsn") == "" && c.Query("name") == "" && c.Query("birth_date") == "" {
		show(http.StatusOK, f)
		return
	}
	q, err := privacyQuery(c)
	if err == nil {
		data.Hits, err = s.findPersons(c, q)
	}
	if err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		show(http.StatusUnprocessableEntity, newForm(c.Request.URL.Query(), err))
		return
	}
	data.Searched = true
	show(http.StatusOK, f)
}

// privacyReportPage shows the access report on a person (the record of :id
// and every record of the same person).
func (s *Server) privacyReportPage(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	r, err := s.accessReport(c, id, audit.ActionView, "page")
	if err != nil {
		s.fail(c, err)
		return
	}
	requests, _, err := s.register.List(c.Request.Context(), id, conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.show(c, page{Name: "privacy_report", Title: "privacy.report_title", Section: "privacy",
		Data: privacyReportData{Report: r, Requests: requests, Kinds: privacy.RequestKinds, Decisions: privacy.Decisions},
		Form: newForm(nil, nil)})
}

type privacyReportData struct {
	Report    privacy.Report
	Requests  []privacy.Request
	Kinds     []privacy.RequestKind
	Decisions []privacy.Decision
}

// Subject is the person the report is about, as the record asked for holds it.
func (d privacyReportData) Subject() conference.Person {
	for _, p := range d.Report.Persons {
		if p.ID == d.Report.PersonID {
			return p
		}
	}
	return conference.Person{}
}

// CaseRef is the reference of case id of the report.
func (d privacyReportData) CaseRef(id int64) string {
	for _, cr := range d.Report.Cases {
		if cr.Case.ID == id {
			return cr.Case.Reference
		}
	}
	return ""
}

type privacyRequestsData struct {
	Requests  []privacy.Request
	Kinds     []privacy.RequestKind
	Decisions []privacy.Decision
}

// privacyRequestsPage lists the register of requests for correction or erasure.
func (s *Server) privacyRequestsPage(c *gin.Context) { s.showPrivacyRequests(c, http.StatusOK, nil) }

func (s *Server) showPrivacyRequests(c *gin.Context, code int, f *form) {
	p, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, total, err := s.register.List(c.Request.Context(), 0, p)
	if err != nil {
		s.fail(c, err)
		return
	}
	if f == nil { // ?person_id= from a report fills in the person
		f = newForm(c.Request.URL.Query(), nil)
	}
	s.show(c, page{Code: code, Name: "privacy_requests", Title: "privacy.requests_title", Section: "privacy_requests",
		Data: privacyRequestsData{Requests: list, Kinds: privacy.RequestKinds, Decisions: privacy.Decisions}, Form: f,
		Pager: newPager(c.Request.URL, p, total)})
}

// privacyRequestSubmit records a request with its decision, from the
// register page or from a person's report.
func (s *Server) privacyRequestSubmit(c *gin.Context) {
	var errs conference.ValidationErrors
	r := privacy.Request{Kind: privacy.RequestKind(c.PostForm("kind")), Asked: c.PostForm("asked"),
		Decision: privacy.Decision(c.PostForm("decision")), Reason: c.PostForm("reason")}
	if v := strings.TrimSpace(c.PostForm("person_id")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs.Add("person_id", "must be a person's number")
		}
		r.PersonID = id
	}
	if d := strings.TrimSpace(c.PostForm("received_on")); d != "" {
		r.ReceivedOn = parseDate(&errs, "received_on", d)
	}
	err := errs.Err()
	if err == nil {
		err = s.recordPrivacyRequest(c, &r)
	} else { // name every wrong field at once
		err = join(err, r.Validate(s.cfg.Now()))
	}
	if err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		s.showPrivacyRequests(c, http.StatusUnprocessableEntity, newForm(c.Request.PostForm, err))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "privacy.request_recorded")+" "+r.Reference, false)
	c.Redirect(http.StatusSeeOther, "/privacy/requests")
}
