package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

type caseEditData struct {
	*names
	Case     conference.Case
	Statuses []conference.CaseStatus
	Outcomes []conference.CaseOutcome
	// People are the users of each involved organisation, who may direct the case.
	People map[int64][]conference.User
	// Sent names the form that was sent back with errors: edit or add.
	Sent string
}

// Involved lists the involved organisations by name.
func (d caseEditData) Involved() []conference.Organisation {
	var out []conference.Organisation
	for _, o := range d.Organisations() {
		if d.Case.Involves(o.ID) {
			out = append(out, o)
		}
	}
	return out
}

// Others lists the organisations that are not involved, by name.
func (d caseEditData) Others() []conference.Organisation {
	var out []conference.Organisation
	for _, o := range d.Organisations() {
		if !d.Case.Involves(o.ID) {
			out = append(out, o)
		}
	}
	return out
}

// IsDirector reports whether organisation id directs the case.
func (d caseEditData) IsDirector(id int64) bool {
	return d.Case.CaseDirectorOrganisationID != nil && *d.Case.CaseDirectorOrganisationID == id
}

// IsDirectorPerson reports whether user id directs the case.
func (d caseEditData) IsDirectorPerson(id int64) bool {
	return d.Case.CaseDirectorID != nil && *d.Case.CaseDirectorID == id
}

// ReviewValue is the review date as a date input's value.
func (d caseEditData) ReviewValue() string {
	if d.Case.ReviewDate == nil {
		return ""
	}
	return d.Case.ReviewDate.Format("2006-01-02")
}

func caseEditURL(id int64) string { return "/cases/" + strconv.FormatInt(id, 10) + "/edit" }

// editableCase reads the :id of a case route; its guard (editsCase) has
// checked that the actor may edit the case.
func (s *Server) editableCase(c *gin.Context) (int64, bool) { return s.idOf(c) }

func (s *Server) caseEditPage(c *gin.Context) {
	id, ok := s.editableCase(c)
	if !ok {
		return
	}
	s.showCaseEdit(c, id, http.StatusOK, newForm(nil, nil), "")
}

func (s *Server) showCaseEdit(c *gin.Context, id int64, code int, f *form, sent string) {
	ctx := c.Request.Context()
	cs, err := s.store.Case(ctx, actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if cs.Redacted {
		s.fail(c, conference.ErrForbidden)
		return
	}
	if !s.recordView(c, "case", cs.ID, "edit") {
		return
	}
	data := caseEditData{Case: cs, Statuses: conference.NextStatuses(cs.Status), Outcomes: conference.CaseOutcomes, People: map[int64][]conference.User{}, Sent: sent}
	for _, org := range cs.InvolvedOrganisationIDs {
		users, _, err := s.store.Users(ctx, conference.UserFilter{OrganisationID: org, Page: conference.Page{Limit: conference.MaxLimit}})
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, u := range users {
			if u.Active {
				data.People[org] = append(data.People[org], u)
			}
		}
	}
	if data.names, err = s.loadNames(ctx, nil); err != nil {
		s.fail(c, err)
		return
	}
	s.show(c, page{Code: code, Name: "case_edit", Title: "case_edit.title", Section: "cases", Data: data, Form: f})
}

// caseEditSubmit stores the case edit form, or shows it again with a message next to each wrong field.
func (s *Server) caseEditSubmit(c *gin.Context) {
	id, ok := s.editableCase(c)
	if !ok {
		return
	}
	e, err := caseEditForm(c)
	e.CaseID = id
	if err == nil {
		_, err = s.editCase(c, e)
	}
	if err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		s.showCaseEdit(c, id, http.StatusUnprocessableEntity, newForm(c.Request.PostForm, err), "edit")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "case_edit.saved"), false)
	c.Redirect(http.StatusSeeOther, "/cases/"+strconv.FormatInt(id, 10))
}

// caseAddOrganisationSubmit makes one more organisation involved, for a reason.
func (s *Server) caseAddOrganisationSubmit(c *gin.Context) {
	id, ok := s.editableCase(c)
	if !ok {
		return
	}
	var errs conference.ValidationErrors
	version := formInt(c, &errs, "version")
	org := formOptionalID(c, &errs, "organisation_id")
	if org == nil && errs.Err() == nil {
		errs.Add("organisation_id", "is required")
	}
	err := errs.Err()
	if err == nil {
		_, err = s.changeInvolvement(c, id, *org, true, c.PostForm("reason"), version)
	}
	if err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		s.showCaseEdit(c, id, http.StatusUnprocessableEntity, newForm(c.Request.PostForm, err), "add")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "case_edit.involvement_saved"), false)
	c.Redirect(http.StatusSeeOther, caseEditURL(id))
}

// caseRemoveOrganisationSubmit ends an organisation's involvement, for a reason.
func (s *Server) caseRemoveOrganisationSubmit(c *gin.Context) {
	id, ok := s.editableCase(c)
	if !ok {
		return
	}
	org, err := pathID(c, "org")
	if err != nil {
		s.fail(c, err)
		return
	}
	var errs conference.ValidationErrors
	version := formInt(c, &errs, "version")
	err = errs.Err()
	if err == nil {
		_, err = s.changeInvolvement(c, id, org, false, c.PostForm("reason"), version)
	}
	if err != nil {
		s.flashError(c, err, caseEditURL(id))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "case_edit.involvement_saved"), false)
	c.Redirect(http.StatusSeeOther, caseEditURL(id))
}

// applyDecisionSubmit applies a decision of the minutes to its case (the
// small form under each decision) and returns to the minutes.
func (s *Server) applyDecisionSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	back := c.PostForm("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") {
		back = "/conferences"
	}
	var errs conference.ValidationErrors
	e := closingForm(c)
	e.Version = formInt(c, &errs, "version")
	e.DirectorOrganisationID = formOptionalID(c, &errs, "case_director_organisation_id")
	if d := strings.TrimSpace(c.PostForm("review_date")); d != "" {
		e.ReviewDate = parseDate(&errs, "review_date", d)
	}
	err := errs.Err()
	if err == nil {
		_, err = s.applyDecision(c, id, e)
	}
	if err != nil {
		s.flashError(c, err, back)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "case_edit.applied"), false)
	c.Redirect(http.StatusSeeOther, back)
}
