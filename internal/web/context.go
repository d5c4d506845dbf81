package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

type ctxKey int

const (
	userKey ctxKey = iota
	langKey
	pagesKey
)

// session keys
const (
	sessUserID      = "user_id"
	sessPendingUser = "pending_user_id" // password checked, second factor outstanding
	sessCSRF        = "csrf"
)

func withUser(ctx context.Context, u *conference.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// currentUser returns the logged-in user of the request, or nil.
func currentUser(c *gin.Context) *conference.User {
	u, _ := c.Request.Context().Value(userKey).(*conference.User)
	return u
}

// actor returns the request's actor; requireLogin guarantees there is one.
func actor(c *gin.Context) conference.Actor {
	if u := currentUser(c); u != nil {
		return conference.ActorOf(u)
	}
	return conference.Actor{}
}

func withLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey, lang)
}

// withPages keeps the server's pages (and their message catalogues) in the
// request's context, for the error answers that have no Server at hand.
func withPages(ctx context.Context, p *pages) context.Context {
	return context.WithValue(ctx, pagesKey, p)
}

// apiMessage translates the public message msg of an API error into the
// request's language; without a translation (or in English) it is msg.
func apiMessage(c *gin.Context, msg string) string {
	p, ok := c.Request.Context().Value(pagesKey).(*pages)
	if !ok {
		return msg
	}
	return p.apiMessage(lang(c), msg)
}

// lang returns the request's language: "nl" (default) or "en".
func lang(c *gin.Context) string {
	if l, ok := c.Request.Context().Value(langKey).(string); ok {
		return l
	}
	return "nl"
}
