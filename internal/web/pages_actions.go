package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

type actionsData struct {
	*names
	Actions  minutes.ActionList
	Mandates []minutes.Mandate
	// OlderMandates counts the mandates left out for having ended over
	// minutes.MandatesRecent ago.
	OlderMandates int64
	Cases         map[int64]conference.Case
	now           time.Time
}

// MandateStatus is the state of a mandate now.
func (d actionsData) MandateStatus(m minutes.Mandate) minutes.MandateStatus { return m.StatusAt(d.now) }

// CaseByID returns a mandate's case as the user may see it.
func (d actionsData) CaseByID(id int64) conference.Case { return d.Cases[id] }

// CaseOf returns the case of an action as the user may see it.
func (d actionsData) CaseOf(id *int64) conference.Case { return d.Cases[*id] }

// actionsPage is "mijn acties": the open actions of the user's
// organisation and a page of its done ones (?offset=).
func (s *Server) actionsPage(c *gin.Context) {
	ctx := c.Request.Context()
	p, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, err := s.minutes.MyActions(ctx, actor(c), p)
	if err != nil {
		s.fail(c, err)
		return
	}
	mandates, older, err := s.minutes.MyMandates(ctx, actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	var caseIDs, userIDs []int64
	for _, m := range mandates {
		caseIDs = append(caseIDs, m.CaseID)
	}
	for _, a := range list.All() {
		if a.CaseID != nil {
			caseIDs = append(caseIDs, *a.CaseID)
		}
		userIDs = append(userIDs, ptrIDs(a.OwnerUserID)...)
	}
	cases, err := s.store.CasesByID(ctx, actor(c), caseIDs)
	if err != nil {
		s.fail(c, err)
		return
	}
	n, err := s.loadNames(ctx, userIDs)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := actionsData{names: n, Actions: list, Mandates: mandates, OlderMandates: older, Cases: cases, now: s.cfg.Now()}
	s.show(c, page{Name: "actions", Title: "actions.title", Section: "actions", Data: data,
		Pager: newPager(c.Request.URL, p, list.DoneTotal)})
}

func (s *Server) actionDoneSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.completeAction(c, id, strings.TrimSpace(c.PostForm("note"))); err != nil {
		s.flashError(c, err, "/actions")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "actions.done_now"), false)
	c.Redirect(http.StatusSeeOther, "/actions")
}

type mandateData struct {
	*names
	Mandate minutes.Mandate
	Case    conference.Case
	Status  minutes.MandateStatus
	// CanLog: the user may log quick actions; CanRevoke: the user chairs the series.
	CanLog, CanRevoke bool
}

func (s *Server) mandatePage(c *gin.Context) { s.showMandate(c, http.StatusOK, nil) }

// showMandate renders the mandate page; f carries a refused quick action back
// to its form, with the message next to the field.
func (s *Server) showMandate(c *gin.Context, code int, f *form) {
	ctx := c.Request.Context()
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	m, err := s.minutes.Mandate(ctx, actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	cs, err := s.store.Case(ctx, actor(c), m.CaseID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !s.recordView(c, "case", m.CaseID, "mandate") {
		return
	}
	userIDs := ptrIDs(m.GranteeUserID)
	for _, q := range m.QuickActions {
		userIDs = append(userIDs, q.ByUserID)
	}
	n, err := s.loadNames(ctx, userIDs)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := currentUser(c)
	status := m.StatusAt(s.cfg.Now())
	data := mandateData{names: n, Mandate: m, Case: cs, Status: status,
		CanLog:    u.OrganisationID == m.GranteeOrganisationID && (m.GranteeUserID == nil || *m.GranteeUserID == u.ID),
		CanRevoke: u.Has(conference.RoleChair) && status != minutes.MandateRevoked}
	s.show(c, page{Code: code, Name: "mandate", Title: "mandate.title", Section: "cases", Data: data, Form: f})
}

func mandateURL(id int64) string { return fmt.Sprintf("/mandates/%d", id) }

func (s *Server) quickActionSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	q, err := quickActionInput{TakenAt: c.PostForm("taken_at"), What: c.PostForm("what")}.domain()
	if err == nil {
		err = s.logQuickAction(c, id, &q)
	}
	if err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		f := newForm(c.Request.PostForm, err)
		if msg, ok := f.Errors["taken_at"]; ok {
			// Name the validity next to the refusal, in the page's words.
			if m, merr := s.minutes.Mandate(c.Request.Context(), actor(c), id); merr == nil {
				f.Errors["taken_at"] = fmt.Sprintf("%s (%s %s – %s)", s.pages.translateMsg(lang(c), msg), s.pages.translate(lang(c), "mandate.valid"),
					m.ValidFrom.In(amsterdam).Format("02-01-2006"), m.ValidUntil.In(amsterdam).Format("02-01-2006"))
			}
		}
		s.showMandate(c, http.StatusUnprocessableEntity, f)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "mandate.logged"), false)
	c.Redirect(http.StatusSeeOther, mandateURL(id))
}

func (s *Server) revokeSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.revokeMandate(c, id, c.PostForm("reason")); err != nil {
		s.flashError(c, err, mandateURL(id))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "mandate.revoked_now"), false)
	c.Redirect(http.StatusSeeOther, mandateURL(id))
}
