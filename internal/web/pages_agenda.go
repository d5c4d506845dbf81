package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// flash keys: a message for the next page, and its kind.
const (
	sessFlash    = "flash"
	sessFlashBad = "flash_bad"
)

// flash remembers a message (a translation key or a validation text) for the next page.
func (s *Server) flash(c *gin.Context, msg string, bad bool) {
	s.sessions.Put(c.Request.Context(), sessFlash, msg)
	s.sessions.Put(c.Request.Context(), sessFlashBad, bad)
}

// flashError turns a validation error into a flash message, or fails the request.
func (s *Server) flashError(c *gin.Context, err error, back string) {
	fes := validationErrors(err)
	if fes == nil {
		s.fail(c, err)
		return
	}
	parts := make([]string, len(fes))
	for i, fe := range fes {
		label := fe.Field
		if l, ok := s.pages.messages[lang(c)]["field."+baseField(fe.Field)]; ok {
			label = l
		}
		parts[i] = label + ": " + s.pages.translateMsg(lang(c), fe.Message)
	}
	s.flash(c, strings.Join(parts, "; "), true)
	c.Redirect(http.StatusSeeOther, back)
}

// formInt reads a whole number from a form field; a bad one is named in errs.
func formInt(c *gin.Context, errs *conference.ValidationErrors, field string) int {
	v := strings.TrimSpace(c.PostForm(field))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		errs.Add(field, "must be a whole number")
	}
	return n
}

func confURL(id int64) string { return fmt.Sprintf("/conferences/%d", id) }

// itemAction runs fn on the item of the :id path as the chair and returns to the conference page.
func (s *Server) itemAction(c *gin.Context, fn func(it agenda.Item, errs conference.ValidationErrors) (agenda.Item, error)) {
	it, _, ok := byID(s, c, s.agenda.Item)
	if !ok {
		return
	}
	var errs conference.ValidationErrors
	it.Version = formInt(c, &errs, "version")
	if _, err := fn(it, errs); err != nil {
		if inPlace(err) {
			// Shown next to the item, with what was typed (see errors_inplace.go).
			withID(c, it.ConferenceID)
			s.showConference(c, http.StatusUnprocessableEntity, s.failedFormOf(c, "item-"+strconv.FormatInt(it.ID, 10), err))
			return
		}
		s.flashError(c, err, confURL(it.ConferenceID))
		return
	}
	c.Redirect(http.StatusSeeOther, confURL(it.ConferenceID)+"#item-"+strconv.FormatInt(it.ID, 10))
}

func (s *Server) triageSubmit(c *gin.Context) {
	if s.deferNeedsPlanning(c) {
		return
	}
	s.itemAction(c, func(it agenda.Item, errs conference.ValidationErrors) (agenda.Item, error) {
		if err := errs.Err(); err != nil {
			return it, err
		}
		return s.triage(c, it.ID, agenda.Decision(c.PostForm("decision")), c.PostForm("decision_note"), it.Version, c.PostForm("plan_next") == "1")
	})
}

func (s *Server) planSubmit(c *gin.Context) {
	s.itemAction(c, func(it agenda.Item, errs conference.ValidationErrors) (agenda.Item, error) {
		minutes := formInt(c, &errs, "planned_minutes")
		ids := formIDs(c.Request.PostForm, "question_set_ids", &errs)
		if err := errs.Err(); err != nil {
			return it, err
		}
		return s.plan(c, it.ID, minutes, ids, it.Version)
	})
}

func (s *Server) removeItemSubmit(c *gin.Context) {
	s.itemAction(c, func(it agenda.Item, _ conference.ValidationErrors) (agenda.Item, error) {
		return s.removeItem(c, it.ID)
	})
}

// moveSubmit moves an accepted item one place up or down: the order form for browsers without script.
func (s *Server) moveSubmit(c *gin.Context) {
	s.itemAction(c, func(it agenda.Item, _ conference.ValidationErrors) (agenda.Item, error) {
		v, err := s.agenda.Agenda(c.Request.Context(), actor(c), it.ConferenceID)
		if err != nil {
			return it, err
		}
		ids := make([]int64, len(v.Items))
		at := -1
		for i, e := range v.Items {
			ids[i] = e.ID
			if e.ID == it.ID {
				at = i
			}
		}
		to := at - 1
		if c.PostForm("direction") == "down" {
			to = at + 1
		}
		if at >= 0 && to >= 0 && to < len(ids) {
			ids[at], ids[to] = ids[to], ids[at]
		}
		return it, s.order(c, it.ConferenceID, ids)
	})
}

func (s *Server) prepareSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	added, err := s.prepare(c, id)
	if err != nil {
		s.flashError(c, err, confURL(id))
		return
	}
	s.flash(c, fmt.Sprintf(s.pages.translate(lang(c), "agenda.prepared"), len(added)), false)
	c.Redirect(http.StatusSeeOther, confURL(id))
}

func (s *Server) publishSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.publish(c, id); err != nil {
		s.flashError(c, err, confURL(id))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "agenda.published_now"), false)
	c.Redirect(http.StatusSeeOther, confURL(id))
}

type proposeData struct {
	*names
	personForm
	Conference conference.Conference
	SeriesName string
	Cases      []conference.Case
	Themes     []conference.Theme
	Kinds      []agenda.Kind
	Referral   []agenda.QuestionSet
}

func (s *Server) proposePage(c *gin.Context) { s.showProposeForm(c, http.StatusOK, newForm(nil, nil)) }

func (s *Server) showProposeForm(c *gin.Context, code int, f *form) {
	ctx := c.Request.Context()
	conf, _, ok := byID(s, c, s.store.Conference)
	if !ok {
		return
	}
	series, err := s.store.Series(ctx, conf.SeriesID)
	if err != nil {
		s.fail(c, err)
		return
	}
	cases, _, err := s.store.Cases(ctx, actor(c), conference.CaseFilter{Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		s.fail(c, err)
		return
	}
	sets, err := s.agenda.QuestionSets(ctx, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	var referral []agenda.QuestionSet
	for _, qs := range sets {
		if len(qs.ItemKinds) == 1 && qs.ItemKinds[0] == agenda.KindNew {
			referral = append(referral, qs)
		}
	}
	n, err := s.loadNames(ctx, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	if f.Values == nil {
		f.Values = map[string][]string{"requested_minutes": {"10"},
			"involved_organisation_ids": {strconv.FormatInt(currentUser(c).OrganisationID, 10)}}
	}
	data := proposeData{names: n, personForm: newPersonForm(), Conference: conf, SeriesName: series.Name, Cases: cases, Themes: conference.Themes,
		Kinds: []agenda.Kind{agenda.KindFollowUp, agenda.KindMandateReport, agenda.KindGeneral}, Referral: referral}
	s.show(c, page{Code: code, Name: "propose", Title: "agenda.propose", Section: "conferences", Data: data, Form: f})
}

// proposeSubmit proposes an existing case (case_id), a new referral
// (mode=new) or a general topic (kind=general).
func (s *Server) proposeSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	v := c.Request.PostForm
	var errs conference.ValidationErrors
	var rows []int
	p := agenda.Proposal{ConferenceID: id, Kind: agenda.Kind(v.Get("kind")), Reason: v.Get("reason"),
		RequestedMinutes: formInt(c, &errs, "requested_minutes")}
	switch v.Get("mode") {
	case "new":
		p.Kind = agenda.KindNew
		p.NewCase = &conference.Case{Subject: v.Get("subject"), Theme: conference.Theme(v.Get("theme")),
			Postcode: strings.TrimSpace(v.Get("postcode")), Neighbourhood: v.Get("neighbourhood"),
			InvolvedOrganisationIDs: formIDs(v, "involved_organisation_ids", &errs)}
		p.NewCase.Persons, rows = formPersons(v, &errs)
		p.Answers = map[string]string{}
		for key, vals := range v {
			if q, ok := strings.CutPrefix(key, "answers."); ok && len(vals) > 0 {
				p.Answers[q] = vals[0]
			}
		}
		if strings.TrimSpace(p.Reason) == "" {
			// The referral's own question already asks why; do not make people type it twice.
			p.Reason = p.Answers["aanleiding"]
		}
	case "general":
		p.Kind, p.Title = agenda.KindGeneral, v.Get("title")
	default:
		ids := formIDs(v, "case_id", &errs)
		if len(ids) == 1 {
			p.CaseID = &ids[0]
		} else if len(ids) == 0 && errs.Err() == nil {
			errs.Add("case_id", "is required")
		}
	}
	err := errs.Err()
	if err == nil {
		_, err = s.propose(c, p)
	}
	if err != nil {
		if status(err) != http.StatusUnprocessableEntity {
			s.fail(c, err)
			return
		}
		s.showProposeForm(c, http.StatusUnprocessableEntity, newForm(v, stripPrefix(personFormErrors(err, rows), "case.")))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "agenda.proposed_now"), false)
	c.Redirect(http.StatusSeeOther, confURL(id))
}

// stripPrefix removes prefix from the field names of a validation error, so
// "case.postcode" lands next to the form's postcode field.
func stripPrefix(err error, prefix string) error {
	var errs conference.ValidationErrors
	for _, fe := range validationErrors(err) {
		errs.Add(strings.TrimPrefix(fe.Field, prefix), fe.Message)
	}
	return errs.Err()
}
