// Package web is the HTTP side of Casusoverleg: the gin router with every
// route in routes.go, the JSON API under /api/v1, the server-rendered Dutch
// (and English) pages, sessions, CSRF protection and security headers.
//
// Handlers parse, call a domain store with the request's actor and render;
// the need-to-know rule itself lives in the conference store, not here.
package web
