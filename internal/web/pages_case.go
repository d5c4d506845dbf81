package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/minutes"
)

type casesData struct {
	Items    []conference.Case
	Filter   conference.CaseFilter
	Themes   []conference.Theme
	Statuses []conference.CaseStatus
}

func (s *Server) casesPage(c *gin.Context) {
	f, err := caseFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, total, err := s.store.Cases(c.Request.Context(), actor(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !s.recordViews(c, "case", caseIDs(list), "list") {
		return
	}
	data := casesData{Items: list, Filter: f, Themes: conference.Themes, Statuses: conference.CaseStatuses}
	s.show(c, page{Name: "cases", Title: "cases.title", Section: "cases", Data: data, Pager: newPager(c.Request.URL, f.Page, total)})
}

type caseData struct {
	*names
	Case     conference.Case
	Viewers  []audit.Event
	Timeline []minutes.Event
	// Escalated are the decisions still escalated (opgeschaald); they stay here until resolved.
	Escalated []minutes.Decision
	// CanResolve: chairs and secretaries may record how an escalation was settled.
	CanResolve bool
	// Persons are the persons on the case; RevealBSN shows their BSNs in full.
	Persons     []conference.Person
	RevealBSN   bool
	PersonRoles []conference.PersonRole
	// Links are the cases the chair linked to this one.
	Links []conference.CaseSummary
	// CanEdit: the chair, the secretary and the case director's organisation keep the case current.
	CanEdit bool
	// ReviewDue: the review date has come.
	ReviewDue bool
	// CanReopen: a chair may take a closed case back into treatment (within its retention period).
	CanReopen bool
	// editID and edit are a failed person correction, shown again at its person.
	editID int64
	edit   *form
}

func (s *Server) casePage(c *gin.Context) { s.showCase(c, http.StatusOK, nil) }

// showCase renders the case page of the route's case; f carries a failed
// add-person form back.
func (s *Server) showCase(c *gin.Context, okCode int, f *form) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	s.renderCase(c, id, okCode, f, 0, nil)
}

// renderCase renders the page of case id; f carries a failed add-person form
// back, edit a failed correction of person editID.
func (s *Server) renderCase(c *gin.Context, id int64, okCode int, f *form, editID int64, edit *form) {
	ctx := c.Request.Context()
	cs, err := s.store.Case(ctx, actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := caseData{Case: cs, RevealBSN: revealBSN(c), PersonRoles: conference.PersonRoles, editID: editID, edit: edit}
	code := okCode
	if cs.Redacted {
		code = http.StatusForbidden
	} else {
		detail := cs.Reference
		if data.RevealBSN {
			detail += " (BSN shown)"
		}
		if !s.recordView(c, "case", cs.ID, detail) {
			return
		}
		data.Persons = cs.Persons // with masked BSNs, as the case was read
		if data.RevealBSN {
			if data.Persons, err = s.store.Persons(ctx, actor(c), id, true); err != nil {
				s.fail(c, err)
				return
			}
		}
		if data.Links, err = s.store.LinkedCases(ctx, actor(c), id); err != nil {
			s.fail(c, err)
			return
		}
		views, err := s.audit.LatestReads(ctx, "case", strconv.FormatInt(id, 10), 20)
		if err != nil {
			s.fail(c, err)
			return
		}
		data.Viewers = views
		if data.Timeline, err = s.minutes.TimelineOf(ctx, actor(c), cs); err != nil {
			s.fail(c, err)
			return
		}
		people := ptrIDs(cs.CaseDirectorID)
		for _, e := range data.Timeline {
			if e.Decision != nil && e.Decision.Outcome == minutes.Escalated {
				data.Escalated = append(data.Escalated, *e.Decision)
			}
			if e.Change != nil {
				people = append(people, ptrIDs(e.Change.PersonID)...)
			}
		}
		if data.names, err = s.loadNames(ctx, people); err != nil {
			s.fail(c, err)
			return
		}
		if data.CanEdit, err = s.store.MayEditCaseOf(ctx, actor(c), cs); err != nil {
			s.fail(c, err)
			return
		}
		data.ReviewDue = cs.ReviewDue(s.cfg.Now())
		data.CanReopen = cs.Status == conference.CaseClosed && cs.DestroyedAt == nil && actor(c).Has(conference.RoleChair)
		u := currentUser(c)
		data.CanResolve = u.Has(conference.RoleChair) || u.Has(conference.RoleSecretary)
	}
	s.show(c, page{Code: code, Name: "case", Title: "cases.title", Section: "cases", Data: data, Form: f})
}

type caseNewData struct {
	*names
	personForm
	Themes []conference.Theme
}

func (s *Server) caseNewPage(c *gin.Context) { s.showCaseForm(c, http.StatusOK, newForm(nil, nil)) }

func (s *Server) showCaseForm(c *gin.Context, code int, f *form) {
	n, err := s.loadNames(c.Request.Context(), nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	if f.Values == nil {
		// The own organisation is involved by default.
		f.Values = map[string][]string{"involved_organisation_ids": {strconv.FormatInt(currentUser(c).OrganisationID, 10)}}
	}
	s.show(c, page{Code: code, Name: "case_new", Title: "cases.new", Section: "cases", Data: caseNewData{names: n, personForm: newPersonForm(), Themes: conference.Themes}, Form: f})
}

// caseCreateSubmit stores a referral from the form, or shows the form again
// with a message next to each wrong field.
func (s *Server) caseCreateSubmit(c *gin.Context) {
	values := c.Request.PostForm
	var errs conference.ValidationErrors
	cs := conference.Case{Theme: conference.Theme(values.Get("theme")),
		Postcode: strings.TrimSpace(values.Get("postcode")), Neighbourhood: values.Get("neighbourhood"),
		Summary: values.Get("summary"), InvolvedOrganisationIDs: formIDs(values, "involved_organisation_ids", &errs)}
	var rows []int
	cs.Persons, rows = formPersons(values, &errs)
	err := errs.Err()
	if err == nil {
		err = s.createCase(c, &cs)
	}
	if err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		s.showCaseForm(c, http.StatusUnprocessableEntity, newForm(values, personFormErrors(err, rows)))
		return
	}
	c.Redirect(http.StatusSeeOther, "/cases/"+strconv.FormatInt(cs.ID, 10))
}
