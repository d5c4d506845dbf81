package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"casusoverleg/docs"
)

// goTypeName matches what would betray an internal Go type in a message.
var goTypeName = regexp.MustCompile(`\b(web|conference|agenda|minutes|audit|auth|time)\.[A-Z]\w*|\bint64\b|\bfloat64\b|\bmap\[|\[\]\w|\bstruct\b|\bjson:`)

// openAPI is the part of docs/openapi.json the contract tests read.
type openAPI struct {
	Paths      map[string]map[string]openAPIOp `json:"paths"`
	Components struct {
		Schemas map[string]openAPISchema `json:"schemas"`
	} `json:"components"`
}

type openAPIOp struct {
	Responses   map[string]json.RawMessage `json:"responses"`
	RequestBody *struct {
		Content map[string]struct {
			Schema openAPISchema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
}

type openAPISchema struct {
	Ref        string                   `json:"$ref"`
	Type       string                   `json:"type"`
	Properties map[string]openAPISchema `json:"properties"`
}

func loadOpenAPI(t *testing.T) openAPI {
	t.Helper()
	var doc openAPI
	if err := json.Unmarshal(docs.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// operation finds the documented operation of a routed API path.
func (d openAPI) operation(method, path string) (openAPIOp, bool) {
	p := regexp.MustCompile(`:(\w+)`).ReplaceAllString(strings.TrimPrefix(path, "/api/v1"), "{$1}")
	op, ok := d.Paths[p][strings.ToLower(method)]
	return op, ok
}

// properties lists the top-level fields of the operation's JSON body and their types.
func (d openAPI) properties(op openAPIOp) map[string]string {
	out := map[string]string{}
	if op.RequestBody == nil {
		return out
	}
	s := op.RequestBody.Content["application/json"].Schema
	if s.Ref != "" {
		s = d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	for name, p := range s.Properties {
		if p.Ref != "" {
			p.Type = "object"
		}
		out[name] = p.Type
	}
	return out
}

// brokenBodies are the bodies no route may answer with a 5xx, each with the
// statuses it may get (besides a refusal).
func brokenBodies(valid string, props map[string]string) []struct{ name, body, field string } {
	out := []struct{ name, body, field string }{
		{"empty", "", ""}, {"list", "[]", ""}, {"string", `"x"`, ""}, {"null", "null", ""},
		{"broken", `{"a":`, ""}, {"trailing", `{} {}`, ""},
	}
	base := map[string]any{}
	_ = json.Unmarshal([]byte(valid), &base)
	with := func(field string, v any) string {
		m := map[string]any{}
		for k, x := range base {
			m[k] = x
		}
		m[field] = v
		b, _ := json.Marshal(m)
		return string(b)
	}
	out = append(out, struct{ name, body, field string }{"unknown field", with("zz_unknown", 1), "zz_unknown"})
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		typ := props[name]
		var wrong any = "x"
		if typ == "string" {
			wrong = 12
			out = append(out, struct{ name, body, field string }{"NUL in " + name, with(name, "a\x00b"), name})
			out = append(out, struct{ name, body, field string }{"1 MB in " + name, with(name, strings.Repeat("x", 1<<20)), ""})
		}
		out = append(out, struct{ name, body, field string }{"wrong type of " + name, with(name, wrong), name})
	}
	return out
}

// errorBody is the one documented error shape.
type errorBody struct {
	Errors []struct {
		Field   *string `json:"field"`
		Message *string `json:"message"`
	} `json:"errors"`
}

// checkErrorShape fails unless body is the documented error shape with
// public messages only.
func checkErrorShape(t *testing.T, code int, body string) errorBody {
	t.Helper()
	var eb errorBody
	if err := json.Unmarshal([]byte(body), &eb); err != nil || len(eb.Errors) == 0 {
		t.Fatalf("status %d: body is not {\"errors\":[…]}: %.300s", code, body)
	}
	for _, e := range eb.Errors {
		if e.Field == nil || e.Message == nil || *e.Message == "" {
			t.Fatalf("status %d: an error without field or message: %.300s", code, body)
		}
		if goTypeName.MatchString(*e.Message) || strings.ContainsRune(*e.Message, '\n') {
			t.Fatalf("status %d: message shows internal text: %q", code, *e.Message)
		}
	}
	return eb
}

func (eb errorBody) names(field string) bool {
	for _, e := range eb.Errors {
		if *e.Field == field {
			return true
		}
	}
	return false
}

// TestEveryWriteRouteKeepsTheErrorContract sends broken bodies to every
// POST, PUT and DELETE route of the API, taken from the router, as users who
// may write there: never a 5xx, always the documented shape and a status the
// OpenAPI document lists for the route.
func TestEveryWriteRouteKeepsTheErrorContract(t *testing.T) {
	e := newEnv(t)
	rec := e.recordMinutes(t)
	requests := matrixRequests(e, rec)
	doc := loadOpenAPI(t)
	seen := map[string][]int{}
	for _, r := range e.srv.Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Method == http.MethodGet || r.Method == http.MethodHead {
			continue
		}
		key := r.Method + " " + r.Path
		req, ok := requests[key]
		if !ok {
			t.Errorf("%s is not in matrixRequests", key)
			continue
		}
		op, ok := doc.operation(r.Method, r.Path)
		if !ok {
			t.Errorf("%s is not in docs/openapi.json", key)
			continue
		}
		for _, b := range brokenBodies(req.body, doc.properties(op)) {
			for _, user := range []string{"secretary", "chair", "admin", "officer"} {
				t.Run(key+"/"+b.name+"/"+user, func(t *testing.T) {
					code, body := e.raw(user, r.Method, req.path, b.body)
					if code >= 500 {
						t.Fatalf("status %d: %.300s", code, body)
					}
					if _, ok := op.Responses[fmt.Sprint(code)]; !ok && !slices.Contains(seen[key], code) {
						seen[key] = append(seen[key], code)
						t.Errorf("status %d is not documented for %s in docs/openapi.json", code, key)
					}
					if code < 400 {
						return
					}
					eb := checkErrorShape(t, code, body)
					if b.field != "" && op.RequestBody != nil && code == http.StatusUnprocessableEntity && !eb.names(b.field) {
						t.Errorf("422 does not name %q: %s", b.field, body)
					}
					if b.field == "" && code == http.StatusBadRequest && !eb.names("") {
						t.Errorf("400 names a field: %s", body)
					}
				})
			}
		}
	}
}

// brokenForms are form bodies a page route cannot use.
var brokenForms = []struct{ name, body, field string }{
	{"empty", "", ""},
	{"NUL", "text=a%00b&summary=a%00b&what=a%00b&reason=a%00b&note=a%00b&resolution=a%00b", ""},
	{"not numbers", "version=x&planned_minutes=x&owner_organisation_id=x&case_id=x&due_date=x&taken_at=x", ""},
	{"bad choices", "decision=maybe&direction=sideways&kind=nonsense&mode=nonsense", ""},
}

// refusedByBody are the write routes whose refusal of a user who may use the
// route depends on the record the body names, so that it cannot come before
// the body is read.
var refusedByBody = map[string]string{
	"POST /api/v1/conferences/:id/items": "a member of the series may propose; whether it may propose the case the body names is decided after reading it",
	"POST /conferences/:id/items":        "as the API's proposal route",
	"POST /login":                        "the credentials are the body",
	"POST /login/totp":                   "the code is the body",
	"POST /account/totp":                 "the code is the body",
}

// TestAccessIsCheckedBeforeValidation sends every write route, pages and API, as
// users of organisations that may not write there, first a valid body and
// then broken ones: when the valid body is refused, so is every broken body,
// so that an outsider never learns the rules of a record it may not see.
func TestAccessIsCheckedBeforeValidation(t *testing.T) {
	e := newEnv(t)
	rec := e.recordMinutes(t)
	requests := matrixRequests(e, rec)
	doc := loadOpenAPI(t)
	refused := func(code int) bool {
		return code == http.StatusForbidden || code == http.StatusNotFound || code == http.StatusUnauthorized
	}
	for _, r := range e.srv.Routes() {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			continue
		}
		key := r.Method + " " + r.Path
		req, ok := requests[key]
		if !ok {
			continue // TestNeedToKnowMatrix names it
		}
		bodies := brokenForms
		if strings.HasPrefix(r.Path, "/api/v1/") {
			op, documented := doc.operation(r.Method, r.Path)
			if !documented {
				continue // TestEveryWriteRouteKeepsTheErrorContract names it
			}
			bodies = brokenBodies(req.body, doc.properties(op))
		}
		if why, ok := refusedByBody[key]; ok {
			t.Logf("%s: %s", key, why)
			continue
		}
		for _, user := range []string{"nurse", "otherchair", "othersecretary"} {
			code, _ := e.raw(user, r.Method, req.path, req.body)
			if !refused(code) {
				continue
			}
			for _, b := range bodies {
				t.Run(key+"/"+user+"/"+b.name, func(t *testing.T) {
					got, body := e.raw(user, r.Method, req.path, b.body)
					if !refused(got) {
						t.Errorf("a valid body is refused with %d, this one answers %d: %.200s", code, got, body)
					}
				})
			}
		}
	}
}

// TestFormRefusesControlCharactersNamingTheField: a form with a NUL in a text
// is refused (422) by a page naming the field and the problem in the page's
// language, and nothing is stored.
func TestFormRefusesControlCharactersNamingTheField(t *testing.T) {
	e := newEnv(t)
	r := e.recordMinutes(t)
	path := fmt.Sprintf("/items/%d/decisions", r.item.ID)
	for _, tc := range []struct{ lang, label, msg string }{
		{"nl", "Tekst", "mag geen stuurtekens bevatten"},
		{"en", "Text", "must not contain control characters"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			code, body := e.raw("secretary", http.MethodPost, path+"?lang="+tc.lang, "text=Besluit%00x&kind=other")
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "<strong>"+tc.label+"</strong>: "+tc.msg) {
				t.Fatalf("%d: %.3000s", code, body)
			}
		})
	}
	res := e.api("secretary", http.MethodGet, fmt.Sprintf("/api/v1/conferences/%d/minutes", e.conf.ID), nil)
	if strings.Contains(string(res.Body), "Besluit") {
		t.Fatal("the refused decision was stored")
	}
}
