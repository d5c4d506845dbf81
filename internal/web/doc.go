// Package web is the HTTP side of Casusoverleg: the gin router with every
// route in routes.go, the JSON API under /api/v1, the server-rendered Dutch
// (and English) pages, sessions, CSRF protection and security headers.
//
// Handlers parse, call a domain store with the request's actor and render;
// the need-to-know rule itself lives in the conference store, not here.
//
// What a new route needs:
//   - routes.go: a write route names its guard (guard.go) before the handler,
//     so that access is checked before the body is read; a form route also
//     names s.formText, which parses the form and refuses control characters.
//   - A write operation is one method in ops_*.go: the store call and its audit
//     event, called by both the page and the API handler.
//   - An API handler reads its body with decodeJSON and answers errors with
//     apiError (errors.go holds the one error → status → message table).
//   - A page handler ends in s.show(c, page{Name: …, Title: …, Data: …}); reads
//     of case data are logged with recordView(s) before they are shown.
//   - docs/openapi.json lists the route with every status it can answer; the
//     route matrix (need-to-know) and the contract tests take routes from the
//     router, so they cover a new route by themselves.
package web
