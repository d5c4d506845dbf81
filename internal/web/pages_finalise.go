package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// Making the minutes final deliberately: the secretary first sees what is
// incomplete and confirms, with a reason when something is; the chair may
// send final minutes back to draft until both have approved.

type finaliseData struct {
	*names
	Minutes    minutes.View
	Incomplete minutes.Incomplete
}

// Item returns the minutes item of id.
func (d finaliseData) Item(id int64) minutes.ItemMinutes {
	for _, it := range d.Minutes.Items {
		if it.ID == id {
			return it
		}
	}
	return minutes.ItemMinutes{}
}

// Decision returns the decision of id with its item.
func (d finaliseData) Decision(id int64) (out struct {
	Item     minutes.ItemMinutes
	Decision minutes.Decision
}) {
	for _, it := range d.Minutes.Items {
		for _, dec := range it.Decisions {
			if dec.ID == id {
				out.Item, out.Decision = it, dec
			}
		}
	}
	return out
}

// finalisePage shows the secretary what is incomplete before making the minutes final.
func (s *Server) finalisePage(c *gin.Context) { s.showFinalise(c, http.StatusOK, newForm(nil, nil)) }

func (s *Server) showFinalise(c *gin.Context, code int, f *form) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	conf, err := s.store.Conference(c.Request.Context(), id)
	if err == nil && (conf.SecretaryID == nil || *conf.SecretaryID != currentUser(c).ID) {
		err = fmt.Errorf("only the secretary finalises: %w", conference.ErrForbidden)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	v, ok := s.minutesView(c, id)
	if !ok {
		return
	}
	var users []int64
	for _, a := range v.Attendance {
		users = append(users, a.UserID)
	}
	n, err := s.loadNames(c.Request.Context(), users)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := finaliseData{names: n, Minutes: v, Incomplete: minutes.Check(v)}
	s.show(c, page{Code: code, Name: "minutes_finalise", Title: "finalise.title", Section: "conferences", Data: data, Form: f})
}

func (s *Server) finaliseSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if err := s.finalise(c, id, c.PostForm("reason")); err != nil {
		if fieldErrors(err) == nil || errors.Is(err, minutes.ErrFinal) {
			s.flashError(c, err, minutesURL(id))
			return
		}
		s.showFinalise(c, http.StatusUnprocessableEntity, newForm(c.Request.PostForm, err))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "minutes.finalised"), false)
	c.Redirect(http.StatusSeeOther, minutesURL(id))
}

func (s *Server) reopenSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if err := s.reopen(c, id, c.PostForm("reason")); err != nil {
		if fieldErrors(err) == nil {
			s.fail(c, err)
			return
		}
		s.showMinutes(c, http.StatusUnprocessableEntity, nil, s.failedFormOf(c, "reopen", err))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "minutes.reopened"), false)
	c.Redirect(http.StatusSeeOther, minutesURL(id))
}

// reasonInput is the JSON body of finalising (optional) and of sending back.
type reasonInput struct {
	Reason string `json:"reason"`
}

// optionalJSON decodes a body when there is one.
func optionalJSON(c *gin.Context, dst any) error {
	if c.Request.ContentLength == 0 {
		return nil
	}
	return decodeJSON(c, dst)
}

func (s *Server) apiFinaliseCheck(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, ok := s.organisedConference(c, id); !ok {
		return
	}
	inc, err := s.minutes.Incomplete(c.Request.Context(), actor(c), id)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"incomplete": inc.Any(), "items_without_record": inc.ItemsWithoutRecord,
		"open_escalations": inc.OpenEscalations, "attendance_missing": inc.AttendanceMissing,
		"unconfirmed_confidentiality": inc.Unconfirmed})
}

func (s *Server) apiFinalise(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in reasonInput
	err := optionalJSON(c, &in)
	if err == nil {
		err = s.finalise(c, id, in.Reason)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	s.apiMinutes(c)
}

func (s *Server) apiReopen(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in reasonInput
	err := decodeJSON(c, &in)
	if err == nil {
		err = s.reopen(c, id, in.Reason)
	}
	if err != nil {
		apiError(c, err)
		return
	}
	s.apiMinutes(c)
}
