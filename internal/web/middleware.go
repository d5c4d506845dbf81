package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/cache"
)

// securityHeaders sets the headers every response carries.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if c.Request.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	c.Next()
}

// language picks nl or en: ?lang= (remembered in a cookie), the cookie, then Accept-Language.
func (s *Server) language(c *gin.Context) {
	l := c.Query("lang")
	if l == "nl" || l == "en" {
		http.SetCookie(c.Writer, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	} else if ck, err := c.Cookie("lang"); err == nil && (ck == "nl" || ck == "en") {
		l = ck
	} else if strings.HasPrefix(strings.ToLower(c.GetHeader("Accept-Language")), "en") {
		l = "en"
	} else {
		l = "nl"
	}
	if isAPI(c) {
		// The API speaks English unless the client asks for Dutch.
		l = "en"
		if strings.HasPrefix(strings.ToLower(c.GetHeader("Accept-Language")), "nl") {
			l = "nl"
		}
	}
	c.Request = c.Request.WithContext(withPages(withLang(c.Request.Context(), l), s.pages))
	c.Next()
}

// isAPI reports whether the request is for the JSON API.
func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

// loadUser finds the user of the request: a bearer token for API clients, the
// session cookie for browsers. Inactive users count as nobody. A request that
// may write reads nothing more from the caches after it (package cache): its
// own writes move the versions past those it read.
func (s *Server) loadUser(c *gin.Context) {
	ctx := c.Request.Context()
	var id int64
	bearer, hasBearer := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if hasBearer {
		uid, err := s.tokens.Authenticate(ctx, strings.TrimSpace(bearer))
		if errors.Is(err, auth.ErrInvalidToken) {
			err = errToken
		}
		if err != nil {
			apiError(c, err)
			return
		}
		id = uid
	} else {
		id = s.sessions.GetInt64(ctx, sessUserID)
	}
	if id != 0 {
		u, err := s.store.User(ctx, id)
		if err == nil && u.Active {
			c.Request = c.Request.WithContext(withUser(ctx, &u))
		}
	}
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		cache.Stop(ctx)
	}
	c.Next()
}

// needsSecondFactor reports whether u must log in with TOTP.
func needsSecondFactor(u *conference.User) bool {
	// The privacy officer reads every case's data on a person: as strong a login as the admin's.
	return u.Has(conference.RoleAdmin) || u.Has(conference.RoleChair) || u.Has(conference.RoleSecretary) ||
		u.Has(conference.RolePrivacyOfficer)
}

// requireLogin refuses anonymous requests: 401 for the API, the login page for browsers.
func (s *Server) requireLogin(c *gin.Context) {
	if currentUser(c) != nil {
		c.Next()
		return
	}
	if isAPI(c) {
		apiError(c, errLogin)
		return
	}
	c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
	c.Abort()
}

// requireSecondFactor sends a chair, secretary or admin whose session has not
// passed TOTP to enrol it first. API tokens are a factor of their own.
func (s *Server) requireSecondFactor(c *gin.Context) {
	u := currentUser(c)
	bearer := strings.HasPrefix(c.GetHeader("Authorization"), "Bearer ")
	if bearer || !needsSecondFactor(u) || s.sessions.GetBool(c.Request.Context(), sessMFA) {
		c.Next()
		return
	}
	if isAPI(c) {
		apiError(c, errSecondFactor)
		return
	}
	c.Redirect(http.StatusSeeOther, "/account/totp")
	c.Abort()
}

// sessMFA marks a session whose user passed (or just enrolled) the second factor.
const sessMFA = "mfa"

// requireRole refuses users without one of roles.
func (s *Server) requireRole(roles ...conference.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		for _, r := range roles {
			if u != nil && u.Has(r) {
				c.Next()
				return
			}
		}
		s.fail(c, conference.ErrForbidden)
	}
}

// refuseRestricted keeps the policy officer to the reports and the privacy
// officer to the access reports: every other page and API route answers 403,
// whatever their organisation is involved in.
func (s *Server) refuseRestricted(c *gin.Context) {
	if u := currentUser(c); u != nil && u.Restricted() {
		s.fail(c, conference.ErrForbidden)
		return
	}
	c.Next()
}

// home sends the policy officer to the reports, the privacy officer to the
// access reports and everyone else to the meetings.
func (s *Server) home(c *gin.Context) {
	if u := currentUser(c); u != nil && u.Has(conference.RolePolicyOfficer) {
		c.Redirect(http.StatusSeeOther, "/reports")
		return
	}
	if u := currentUser(c); u != nil && u.Has(conference.RolePrivacyOfficer) {
		c.Redirect(http.StatusSeeOther, "/privacy")
		return
	}
	c.Redirect(http.StatusSeeOther, "/conferences")
}

// csrf protects every unsafe request that rides on the session cookie: the
// form field csrf_token or the X-CSRF-Token header must match the session's
// token. Bearer-token API calls carry no cookie and need none.
func (s *Server) csrf(c *gin.Context) {
	if strings.HasPrefix(c.GetHeader("Authorization"), "Bearer ") {
		// No cookie, so nothing to forge; and no session to start for it.
		c.Next()
		return
	}
	ctx := c.Request.Context()
	token := s.sessions.GetString(ctx, sessCSRF)
	if token == "" {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			s.fail(c, err)
			return
		}
		token = base64.RawURLEncoding.EncodeToString(b)
		s.sessions.Put(ctx, sessCSRF, token)
	}
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	sent := c.GetHeader("X-CSRF-Token")
	if sent == "" {
		sent = c.PostForm("csrf_token")
	}
	if subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
		s.fail(c, errCSRF)
		return
	}
	c.Next()
}
