package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
)

// Recovery of the second factor: ten one-time codes, shown once at
// enrolment and on regeneration, each usable once instead of a TOTP code;
// and the admin's reset of a user's second factor.

type recoveryData struct {
	// Codes are shown once, right after they are made.
	Codes []string
	// Left counts the unused codes.
	Left int
	// Next is where the user continues after noting the codes.
	Next string
}

// Session keys of the codes just made: kept for the one page that shows
// them, then gone.
const (
	sessRecoveryCodes = "recovery_codes"
	sessRecoveryNext  = "recovery_next"
)

// newRecoveryCodes makes new codes for the current user and sends the
// browser to the page that shows them once; next is where it continues.
func (s *Server) newRecoveryCodes(c *gin.Context, next string) {
	ctx := c.Request.Context()
	u := currentUser(c)
	codes, err := s.totp.NewRecoveryCodes(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.record(c, auditUpdate, "user", u.ID, "recovery codes made")
	s.sessions.Put(ctx, sessRecoveryCodes, strings.Join(codes, " "))
	s.sessions.Put(ctx, sessRecoveryNext, next)
	c.Redirect(http.StatusSeeOther, "/account/recovery-codes")
}

// recoveryPage shows the codes just made, once; otherwise how many are left,
// with a form for new ones.
func (s *Server) recoveryPage(c *gin.Context) {
	ctx := c.Request.Context()
	if codes := s.sessions.PopString(ctx, sessRecoveryCodes); codes != "" {
		c.Header("Cache-Control", "no-store")
		next := safeNext(s.sessions.PopString(ctx, sessRecoveryNext))
		s.show(c, page{Name: "recovery_codes", Title: "recovery.title", Data: recoveryData{Codes: strings.Fields(codes), Next: next}})
		return
	}
	s.showRecoveryPage(c, http.StatusOK, newForm(nil, nil))
}

func (s *Server) showRecoveryPage(c *gin.Context, code int, f *form) {
	left, err := s.totp.RecoveryCodesLeft(c.Request.Context(), currentUser(c).ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.show(c, page{Code: code, Name: "recovery_codes", Title: "recovery.title", Data: recoveryData{Left: left}, Form: f})
}

// recoverySubmit makes new codes after the password is given again; the old ones stop working.
func (s *Server) recoverySubmit(c *gin.Context) {
	u := currentUser(c)
	full, err := s.store.User(c.Request.Context(), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !auth.CheckPassword(full.PasswordHash, c.PostForm("password")) {
		s.showRecoveryPage(c, http.StatusUnprocessableEntity, newForm(nil, &conference.ValidationError{Field: "password", Msg: "is not your password"}))
		return
	}
	s.newRecoveryCodes(c, "/account/recovery-codes")
}

// recoveryLogin accepts a recovery code instead of a TOTP code at login: it
// reports whether the code was a good one. A wrong code is counted by the
// caller's rate limiter as a wrong TOTP code is.
func (s *Server) recoveryLogin(c *gin.Context, u conference.User, code string) (bool, error) {
	err := s.totp.UseRecoveryCode(c.Request.Context(), u.ID, code)
	if errors.Is(err, auth.ErrInvalidCode) {
		s.recordLogin(c, audit.ActionLoginFailed, u.ID, u.Email, u.OrganisationID, "wrong recovery code")
		return false, nil
	}
	return err == nil, err
}

// resetSecondFactor removes a user's TOTP secret and recovery codes (a lost
// phone): the user enrols again at the next login. Admins only; audited.
func (s *Server) resetSecondFactor(c *gin.Context, id int64) error {
	u, err := s.store.User(c.Request.Context(), id)
	if err != nil {
		return err
	}
	if err := s.totp.Remove(c.Request.Context(), u.ID); err != nil {
		return err
	}
	s.record(c, auditUpdate, "user", u.ID, "second factor reset")
	return nil
}

func (s *Server) adminResetSecondFactorSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if err := s.resetSecondFactor(c, id); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, s.pages.translate(lang(c), "admin.second_factor_reset_done"), false)
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/users/%d", id))
}

func (s *Server) apiResetSecondFactor(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if err := s.resetSecondFactor(c, id); err != nil {
		apiError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
