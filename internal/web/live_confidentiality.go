package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/live"
)

// The confidentiality statement accepted on the meeting page: each
// participant who has the page open during the session accepts it there, and
// the secretary's confirmation of presence takes the acceptances over.

// acceptConfidentiality records that the user accepts conference id's
// statement, and tells the open pages (the secretary's list of who is present).
func (s *Server) acceptConfidentiality(c *gin.Context, id int64) (conference.Acceptance, error) {
	acc, err := s.store.AcceptConfidentiality(c.Request.Context(), actor(c), id)
	if err == nil {
		s.record(c, auditUpdate, "attendance", id, "confidentiality statement accepted")
		s.announce(c, id, live.Presence, acc.UserID, 0)
	}
	return acc, err
}

func (s *Server) acceptConfidentialitySubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.acceptConfidentiality(c, id); err != nil {
		s.flashError(c, err, confURL(id)+"#live")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "live.accepted"), false)
	c.Redirect(http.StatusSeeOther, confURL(id)+"#live")
}

func (s *Server) apiAcceptConfidentiality(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	acc, err := s.acceptConfidentiality(c, id)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, acc)
}

// statementIn is the confidentiality statement of series seriesID as a page
// in language lang shows it: the series' own text, or the default in lang.
func (s *Server) statementIn(ctx context.Context, lang string, seriesID int64) (string, error) {
	cf, err := s.store.Confidentiality(ctx, seriesID)
	if err != nil || cf.Own {
		return cf.Text, err
	}
	return s.pages.translate(lang, "confidentiality.default"), nil
}
