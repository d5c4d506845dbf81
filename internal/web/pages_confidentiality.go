package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// The confidentiality statement of a series: admins edit it; the chair reads
// it out at every meeting and the secretary records who confirmed it.

type confidentialityData struct {
	Series          conference.Series
	Confidentiality conference.Confidentiality
	// Default is the default statement in the page's language.
	Default string
}

func (s *Server) adminConfidentialityPage(c *gin.Context) {
	s.showConfidentiality(c, http.StatusOK, nil)
}

func (s *Server) showConfidentiality(c *gin.Context, code int, f *form) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	series, err := s.store.Series(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	cf, err := s.store.Confidentiality(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if f == nil {
		text := ""
		if cf.Own {
			text = cf.Text
		}
		f = newForm(map[string][]string{"text": {text}}, nil)
	}
	data := confidentialityData{Series: series, Confidentiality: cf, Default: s.pages.translate(lang(c), "confidentiality.default")}
	s.show(c, page{Code: code, Name: "admin_confidentiality", Title: "confidentiality.edit_title", Section: "admin", Data: data, Form: f})
}

// setConfidentiality stores a series' statement and records it.
func (s *Server) setConfidentiality(c *gin.Context, seriesID int64, text string) (conference.Confidentiality, error) {
	cf, err := s.store.SetConfidentiality(c.Request.Context(), actor(c), seriesID, text)
	if err != nil {
		return cf, err
	}
	s.record(c, auditUpdate, "series", seriesID, "confidentiality statement")
	return cf, nil
}

func (s *Server) adminConfidentialitySubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.setConfidentiality(c, id, c.PostForm("text")); err != nil {
		if !inPlace(err) {
			s.fail(c, err)
			return
		}
		s.showConfidentiality(c, http.StatusUnprocessableEntity, newForm(c.Request.PostForm, err))
		return
	}
	s.flash(c, s.pages.translate(lang(c), "confidentiality.saved"), false)
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/series/%d/confidentiality", id))
}

func (s *Server) apiConfidentiality(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	cf, err := s.store.Confidentiality(c.Request.Context(), id)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, cf)
}

func (s *Server) apiSetConfidentiality(c *gin.Context) {
	apiWrite(s, c, http.StatusOK, func(c *gin.Context, id int64, in textInput) (conference.Confidentiality, error) {
		return s.setConfidentiality(c, id, in.Text)
	})
}
