// Package templates holds what the application renders: the HTML page
// templates, static assets, translations and the built-in question sets,
// embedded in the binary. It imports no package of this module.
package templates

import "embed"

// FS holds html/*.html (one file per page plus layout.html and partials),
// static/ (CSS, JS), i18n/*.json (messages per language).
//
//go:embed html static i18n questionsets
var FS embed.FS
