package web

import (
	"github.com/gin-gonic/gin"

	"casusoverleg/internal/notify"
)

// saveSettings stores the request's user's own message settings with its
// audit event; the page and the API call it. The settings are always the
// caller's: no route names another user.
func (s *Server) saveSettings(c *gin.Context, st *notify.Settings) error {
	st.UserID = actor(c).UserID
	if err := s.outbox.SaveSettings(c.Request.Context(), actor(c), st); err != nil {
		return err
	}
	s.record(c, auditUpdate, "notification_settings", st.UserID, "")
	return nil
}
