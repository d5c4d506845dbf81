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

// lang returns the request's language: "nl" (default) or "en".
func lang(c *gin.Context) string {
	if l, ok := c.Request.Context().Value(langKey).(string); ok {
		return l
	}
	return "nl"
}
