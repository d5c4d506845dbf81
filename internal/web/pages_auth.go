package web

import (
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
)

type loginData struct {
	Email, Next, Message string
}

// Invalid marks the code field when the last code was refused.
func (d loginData) Invalid() template.HTMLAttr {
	if d.Message == "" {
		return ""
	}
	return ` aria-invalid="true" aria-describedby="code-error"`
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) loginPage(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	s.show(c, page{Name: "login", Title: "login.title", Data: loginData{Next: c.Query("next")}})
}

// loginSubmit checks e-mail and password. Failures are rate limited per
// e-mail and per address, logged, and answered with one message that does
// not tell whether the e-mail exists.
func (s *Server) loginSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	email := strings.ToLower(strings.TrimSpace(c.PostForm("email")))
	data := loginData{Email: email, Next: c.PostForm("next")}
	keys := []string{"email:" + email, "ip:" + c.ClientIP()}
	for _, k := range keys {
		ok, _, err := s.limiter.Allow(ctx, k)
		if err != nil {
			s.fail(c, err)
			return
		}
		if !ok {
			s.recordLogin(c, audit.ActionLoginFailed, 0, email, 0, "rate limited")
			data.Message = "login.too_many"
			s.show(c, page{Code: http.StatusTooManyRequests, Name: "login", Title: "login.title", Data: data})
			return
		}
	}
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, conference.ErrNotFound) {
		s.fail(c, err)
		return
	}
	hash := u.PasswordHash
	if hash == "" {
		hash = auth.DummyHash()
	}
	if !auth.CheckPassword(hash, c.PostForm("password")) || u.ID == 0 || !u.Active {
		for _, k := range keys {
			if err := s.limiter.Fail(ctx, k); err != nil {
				s.fail(c, err)
				return
			}
		}
		s.recordLogin(c, audit.ActionLoginFailed, u.ID, email, u.OrganisationID, "wrong e-mail or password")
		data.Message = "login.failed"
		s.show(c, page{Code: http.StatusUnauthorized, Name: "login", Title: "login.title", Data: data})
		return
	}
	for _, k := range keys {
		if err := s.limiter.Reset(ctx, k); err != nil {
			s.fail(c, err)
			return
		}
	}
	// A new session token on every change of privilege prevents session fixation.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, "next", safeNext(data.Next))
	if needsSecondFactor(&u) {
		enrolled, err := s.totp.Enrolled(ctx, u.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		if enrolled {
			s.sessions.Put(ctx, sessPendingUser, u.ID)
			c.Redirect(http.StatusSeeOther, "/login/totp")
			return
		}
	}
	// Users without a second factor are in; a chair, secretary or admin who has
	// not enrolled yet can reach only the enrolment page (see requireSecondFactor).
	s.sessions.Put(ctx, sessUserID, u.ID)
	s.recordLogin(c, audit.ActionLogin, u.ID, u.Email, u.OrganisationID, "password")
	if needsSecondFactor(&u) {
		c.Redirect(http.StatusSeeOther, "/account/totp")
		return
	}
	c.Redirect(http.StatusSeeOther, s.popNext(c))
}

func (s *Server) popNext(c *gin.Context) string {
	next := s.sessions.PopString(c.Request.Context(), "next")
	return safeNext(next)
}

func (s *Server) recordLogin(c *gin.Context, action audit.Action, userID int64, email string, orgID int64, detail string) {
	e := audit.Event{Action: action, UserID: userID, UserEmail: email, OrganisationID: orgID, RecordType: "session", Detail: detail, IP: c.ClientIP()}
	if _, err := s.audit.Record(c.Request.Context(), e); err != nil {
		logInternal(c, err)
	}
}

func (s *Server) totpLoginPage(c *gin.Context) {
	if s.sessions.GetInt64(c.Request.Context(), sessPendingUser) == 0 {
		c.Redirect(http.StatusSeeOther, "/login")
		return
	}
	s.show(c, page{Name: "login_totp", Title: "totp.login_title", Data: loginData{}})
}

func (s *Server) totpLoginSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	id := s.sessions.GetInt64(ctx, sessPendingUser)
	if id == 0 {
		c.Redirect(http.StatusSeeOther, "/login")
		return
	}
	u, err := s.store.User(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	key := "totp:" + u.Email
	if ok, _, err := s.limiter.Allow(ctx, key); err != nil || !ok {
		if err != nil {
			s.fail(c, err)
			return
		}
		s.show(c, page{Code: http.StatusTooManyRequests, Name: "login_totp", Title: "totp.login_title", Data: loginData{Message: "login.too_many"}})
		return
	}
	how := "password+totp"
	if rc := strings.TrimSpace(c.PostForm("recovery_code")); rc != "" {
		how = "password+recovery code"
		ok, err := s.recoveryLogin(c, u, rc)
		if err == nil && !ok {
			err = auth.ErrInvalidCode
		}
		if err != nil {
			s.refuseCode(c, key, err, "recovery.invalid")
			return
		}
	} else if err := s.totp.Verify(ctx, id, strings.TrimSpace(c.PostForm("code"))); err != nil {
		if errors.Is(err, auth.ErrInvalidCode) {
			s.recordLogin(c, audit.ActionLoginFailed, u.ID, u.Email, u.OrganisationID, "wrong TOTP code")
		}
		s.refuseCode(c, key, err, "totp.invalid")
		return
	}
	if err := s.limiter.Reset(ctx, key); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Remove(ctx, sessPendingUser)
	s.sessions.Put(ctx, sessUserID, u.ID)
	s.sessions.Put(ctx, sessMFA, true)
	s.recordLogin(c, audit.ActionLogin, u.ID, u.Email, u.OrganisationID, how)
	c.Redirect(http.StatusSeeOther, s.popNext(c))
}

// refuseCode answers a refused second-factor code: a wrong one counts for
// the rate limiter and shows the login form again with message.
func (s *Server) refuseCode(c *gin.Context, key string, err error, message string) {
	if !errors.Is(err, auth.ErrInvalidCode) {
		s.fail(c, err)
		return
	}
	if err := s.limiter.Fail(c.Request.Context(), key); err != nil {
		s.fail(c, err)
		return
	}
	s.show(c, page{Code: http.StatusUnauthorized, Name: "login_totp", Title: "totp.login_title", Data: loginData{Message: message}})
}

type totpData struct {
	QR, Secret, Message string
	Done                bool
}

// Invalid marks the code field when the last code was refused.
func (d totpData) Invalid() template.HTMLAttr {
	if d.Message == "" {
		return ""
	}
	return ` aria-invalid="true" aria-describedby="code-error"`
}

// totpEnrolPage shows a new secret as QR code. A user who already passed
// the second factor in this session sees that it is set up.
func (s *Server) totpEnrolPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	if s.sessions.GetBool(ctx, sessMFA) {
		s.show(c, page{Name: "totp_enrol", Title: "totp.enrol_title", Data: totpData{Done: true}})
		return
	}
	enrolled, err := s.totp.Enrolled(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if enrolled {
		// Enrolled, but this session skipped the code: log in again.
		s.logout(c)
		return
	}
	s.showEnrolment(c, http.StatusOK, "")
}

func (s *Server) showEnrolment(c *gin.Context, code int, message string) {
	u := currentUser(c)
	key, err := s.totp.Pending(c.Request.Context(), u.ID, u.Email)
	if err != nil {
		s.fail(c, err)
		return
	}
	png, err := auth.QRCodePNG(key, 200)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.show(c, page{Code: code, Name: "totp_enrol", Title: "totp.enrol_title", Data: totpData{QR: base64.StdEncoding.EncodeToString(png), Secret: key.Secret(), Message: message}})
}

func (s *Server) totpEnrolSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	if err := s.totp.Confirm(ctx, u.ID, strings.TrimSpace(c.PostForm("code"))); err != nil {
		if !errors.Is(err, auth.ErrInvalidCode) {
			s.fail(c, err)
			return
		}
		s.showEnrolment(c, http.StatusUnprocessableEntity, "totp.invalid")
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, sessMFA, true)
	s.record(c, auditUpdate, "user", u.ID, "TOTP enrolled")
	// The recovery codes are shown once, now; the user continues from there.
	s.newRecoveryCodes(c, s.popNext(c))
}

func (s *Server) logout(c *gin.Context) {
	ctx := c.Request.Context()
	if u := currentUser(c); u != nil {
		s.recordLogin(c, audit.ActionLogout, u.ID, u.Email, u.OrganisationID, "")
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/login")
}
