// Package docs holds the project's documents that code reads: the OpenAPI
// description of the JSON API, served at /api/v1/openapi.json and checked
// against the registered routes by a test.
package docs

import _ "embed"

// OpenAPI is the OpenAPI 3 document of the JSON API.
//
//go:embed openapi.json
var OpenAPI []byte
