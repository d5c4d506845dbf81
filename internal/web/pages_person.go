package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// localBack is the form's "back" path when it is a local one, else fallback.
func localBack(c *gin.Context, fallback string) string {
	back := c.PostForm("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.HasPrefix(back, "/\\") {
		return fallback
	}
	return back
}

// personAddSubmit adds a person to a case from the case page.
func (s *Server) personAddSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errBadRequest)
		return
	}
	var errs conference.ValidationErrors
	persons, _ := formPersons(c.Request.PostForm, &errs)
	err := errs.Err()
	if err == nil && len(persons) == 0 {
		err = &conference.ValidationError{Field: personField(0, "surname"), Msg: "is required"}
	}
	if err == nil {
		p := persons[0]
		if err = s.addPerson(c, id, &p); err != nil {
			err = personFormErrors(prefixed(err, "persons[0]."), []int{0})
		}
	}
	if err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		s.showCase(c, http.StatusUnprocessableEntity, newForm(c.Request.PostForm, err))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "persons.added"), false)
	c.Redirect(http.StatusSeeOther, "/cases/"+strconv.FormatInt(id, 10)+"#persons")
}

// personRemoveSubmit removes a person from its case.
func (s *Server) personRemoveSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	p, err := s.store.Person(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	back := "/cases/" + strconv.FormatInt(p.CaseID, 10)
	if _, err := s.removePerson(c, id); err != nil {
		s.flashError(c, err, back+"#persons")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "persons.removed"), false)
	c.Redirect(http.StatusSeeOther, back+"#persons")
}

// personMergeSubmit merges two person records (chair or secretary).
func (s *Server) personMergeSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	back := localBack(c, "/persons")
	var errs conference.ValidationErrors
	other := formIDs(c.Request.PostForm, "other_person_id", &errs)
	err := errs.Err()
	if err == nil && len(other) != 1 {
		err = &conference.ValidationError{Field: "other_person_id", Msg: "is required"}
	}
	if err == nil {
		err = s.mergePersons(c, id, other[0], c.PostForm("reason"))
	}
	if err != nil {
		s.flashError(c, err, back)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "persons.merged_now"), false)
	c.Redirect(http.StatusSeeOther, back)
}

// caseLinkSubmit links two cases (chair or secretary).
func (s *Server) caseLinkSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	back := localBack(c, "/cases")
	var errs conference.ValidationErrors
	other := formIDs(c.Request.PostForm, "other_case_id", &errs)
	err := errs.Err()
	if err == nil && len(other) != 1 {
		err = &conference.ValidationError{Field: "other_case_id", Msg: "is required"}
	}
	if err == nil {
		err = s.linkCases(c, id, other[0], c.PostForm("reason"))
	}
	if err != nil {
		s.flashError(c, err, back)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "persons.linked_now"), false)
	c.Redirect(http.StatusSeeOther, back)
}

type personsData struct {
	Hits     []conference.PersonHit
	Searched bool
	// All: the reader searches every case (chair or secretary).
	All bool
}

// personsPage searches persons; an empty query shows only the form.
func (s *Server) personsPage(c *gin.Context) {
	data := personsData{All: chairsOrMinutes(actor(c))}
	f := newForm(c.Request.URL.Query(), nil)
	if c.Query("q") == "" && c.Query("birth_date") == "" && c.Query("bsn") == "" {
		s.show(c, page{Name: "persons", Title: "persons.search", Section: "cases", Data: data, Form: f})
		return
	}
	q, err := personQuery(c)
	var total int64
	if err == nil {
		data.Hits, total, err = s.store.SearchPersons(c.Request.Context(), actor(c), q)
	}
	if err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		s.show(c, page{Code: http.StatusUnprocessableEntity, Name: "persons", Title: "persons.search", Section: "cases", Data: data,
			Form: newForm(c.Request.URL.Query(), err)})
		return
	}
	if !s.recordSearch(c, q, data.Hits) {
		return
	}
	data.Searched = true
	s.show(c, page{Name: "persons", Title: "persons.search", Section: "cases", Data: data, Form: f,
		Pager: newPager(c.Request.URL, q.Page, total)})
}
