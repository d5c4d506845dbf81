package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// The correction of a person's details from the case page: one form per
// person (fields "e-…"), sent to POST /persons/:id/edit, the same operation
// as PUT /api/v1/persons/:id (updatePerson) and the same rule: whoever may
// see the case.

// personEdit is one person's correction form on the case page.
type personEdit struct {
	P conference.Person
	F *form
	// Open is true for the form that came back with errors.
	Open bool
}

// EditForm returns the correction form of p: filled from p, or the failed
// one with its messages.
func (d caseData) EditForm(p conference.Person) personEdit {
	if d.edit != nil && d.editID == p.ID {
		return personEdit{P: p, F: d.edit, Open: true}
	}
	v := url.Values{"e-role": {string(p.Role)}, "e-surname": {p.Surname}, "e-initials": {p.Initials},
		"e-postcode": {p.Postcode}, "e-version": {strconv.Itoa(p.Version)}}
	if p.BirthDate != nil {
		v.Set("e-birth_date", p.BirthDate.Format(dateLayout))
	}
	return personEdit{P: p, F: newForm(v, nil)}
}

// personEditSubmit corrects a person's details. A wrong field shows the case
// page again with the message next to it; a stale version is "changed by
// someone else".
func (s *Server) personEditSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	old, err := s.store.Person(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := c.Request.PostForm
	get := func(name string) string { return strings.TrimSpace(v.Get("e-" + name)) }
	in := personInput{Role: conference.PersonRole(get("role")), Surname: get("surname"), Initials: get("initials"),
		BirthDate: get("birth_date"), Postcode: get("postcode"), BSN: get("bsn")}
	in.Version, _ = strconv.Atoi(get("version")) // a bad version is a stale one
	var errs conference.ValidationErrors
	p := in.domain(id, &errs, "")
	if p.BirthDate == nil && old.BirthDate == nil {
		p.BirthYear = old.BirthYear // a migrated person known by the year only keeps it
	}
	err = errs.Err()
	if err == nil {
		err = s.updatePerson(c, &p)
	}
	back := "/cases/" + strconv.FormatInt(old.CaseID, 10)
	if err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.flashError(c, err, back+"#person-"+strconv.FormatInt(id, 10))
			return
		}
		s.renderCase(c, old.CaseID, http.StatusUnprocessableEntity, nil, id, newForm(v, prefixed(err, "e-")))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "persons.updated"), false)
	c.Redirect(http.StatusSeeOther, back+"#person-"+strconv.FormatInt(id, 10))
}
