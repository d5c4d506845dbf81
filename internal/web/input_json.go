package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// maxBody is the largest JSON body the API reads.
const maxBody = 1 << 20

// The public messages of an unreadable body (400, field ""). They name no Go
// type and no internal text; docs/openapi.json lists them.
const (
	msgBodyEmpty    = "the request body is empty; send a JSON object"
	msgBodyNotObj   = "the request body must be a JSON object"
	msgBodyNotJSON  = "the request body is not valid JSON"
	msgBodyTooLarge = "the request body is larger than 1 MiB"
)

// decodeJSON reads the request body into dst, refusing unknown fields. A body
// that is not one JSON object is a *bodyError (400); a value of the wrong type,
// an unknown field or a control character in a text is a ValidationError
// naming the field (422).
func decodeJSON(c *gin.Context, dst any) error {
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, maxBody+1))
	if err != nil {
		return &bodyError{msgBodyNotJSON}
	}
	if len(body) > maxBody {
		return &bodyError{msgBodyTooLarge}
	}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return &bodyError{msgBodyEmpty}
	case trimmed[0] != '{':
		if json.Valid(trimmed) {
			return &bodyError{msgBodyNotObj}
		}
		return &bodyError{msgBodyNotJSON}
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err, trimmed, dst)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &bodyError{msgBodyNotJSON}
	}
	var errs conference.ValidationErrors
	checkText(&errs, "", reflect.ValueOf(dst))
	return errs.Err()
}

// decodeError turns an encoding/json error into the public contract.
func decodeError(err error, body []byte, dst any) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var timeErr *time.ParseError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return &bodyError{msgBodyNotObj}
		}
		return &conference.ValidationError{Field: field, Msg: "must be " + jsonKind(typeErr.Type)}
	case errors.As(err, &syntaxErr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &bodyError{msgBodyNotJSON}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &conference.ValidationError{Field: field, Msg: "is not a known field"}
	case errors.As(err, &timeErr):
		// encoding/json does not say which field held the bad time; the
		// handlers that take times decode them as strings (see input.go).
		return &conference.ValidationError{Field: badTimeField(body, dst), Msg: "must be a date-time (RFC 3339)"}
	}
	return &bodyError{msgBodyNotJSON}
}

// badTimeField finds the top-level field of body whose date-time dst cannot
// read: encoding/json does not name it. It decodes one field at a time.
func badTimeField(body []byte, dst any) string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return ""
	}
	t := reflect.TypeOf(dst)
	if t.Kind() != reflect.Pointer {
		return ""
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		one, _ := json.Marshal(map[string]json.RawMessage{name: fields[name]})
		var timeErr *time.ParseError
		if err := json.Unmarshal(one, reflect.New(t.Elem()).Interface()); errors.As(err, &timeErr) {
			return name
		}
	}
	return ""
}

// jsonKind names the JSON type a Go type is read from, for messages.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(time.Time{}) {
		return "a date-time (RFC 3339)"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object"
}

// multiLine are the text fields that may hold tabs and line breaks; every
// other text is one line. Answers to questions are multi-line too.
var multiLine = map[string]bool{
	"summary": true, "text": true, "note": true, "reason": true, "decision_note": true, "what": true,
	"scope": true, "conditions": true, "resolution": true, "remark": true, "help": true, "description": true,
	"done_note": true, "revoke_reason": true, "outcome": true, "content": true, "statement": true, "choices": true,
}

// checkText names every string in v that holds a control character: none in
// one-line fields, none but tab and line breaks in multi-line ones.
func checkText(errs *conference.ValidationErrors, path string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkText(errs, path, v.Elem())
		}
	case reflect.String:
		if msg := textProblem(path, v.String()); msg != "" {
			errs.Add(path, msg)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if f.Anonymous && f.Tag.Get("json") == "" {
				checkText(errs, path, v.Field(i))
				continue
			}
			checkText(errs, fieldPath(path, name), v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			checkText(errs, path+"["+strconv.Itoa(i)+"]", v.Index(i))
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			key := iter.Key()
			if key.Kind() == reflect.String {
				if msg := textProblem("", key.String()); msg != "" {
					errs.Add(fieldPath(path, "(key)"), msg)
					continue
				}
				checkText(errs, fieldPath(path, key.String()), iter.Value())
			}
		}
	}
}

func fieldPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// textProblem says what is wrong with s in the field at path, or "".
func textProblem(path string, s string) string {
	allowBreaks := strings.HasPrefix(path, "answers.") || multiLine[lastSegment(path)]
	for _, r := range s {
		if !unicode.IsControl(r) {
			continue
		}
		if allowBreaks && (r == '\t' || r == '\n' || r == '\r') {
			continue
		}
		if allowBreaks {
			return "must not contain control characters other than tab and line breaks"
		}
		return "must not contain control characters or line breaks"
	}
	return ""
}

// lastSegment is the field name at the end of path, without list indexes.
func lastSegment(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	return baseField(path)
}

// formText parses a submitted form and refuses it when a text holds a
// control character, as decodeJSON does for the API: no page stores what
// nobody can type. Routes put it after their access checks.
func (s *Server) formText(c *gin.Context) {
	if c.Request.Method != "POST" || isAPI(c) {
		c.Next()
		return
	}
	// Every form handler reads c.Request.PostForm, parsed here once.
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errBadRequest)
		return
	}
	var errs conference.ValidationErrors
	for field, vs := range c.Request.PostForm {
		for _, v := range vs {
			if msg := textProblem(field, v); msg != "" {
				errs.Add(field, msg)
				break
			}
		}
	}
	if err := errs.Err(); err != nil {
		s.renderInvalid(c, err)
		return
	}
	c.Next()
}

// textInput is the body of a write that takes one text.
type textInput struct {
	Text string `json:"text"`
}

// apiWrite answers a write on the record of the route's :id: it reads the
// body into In (after the route's guard), runs op and answers its result with
// code, or its error in the one error shape. 204 answers no body.
func apiWrite[In, Out any](s *Server, c *gin.Context, code int, op func(c *gin.Context, id int64, in In) (Out, error)) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in In
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	out, err := op(c, id, in)
	if err != nil {
		apiError(c, err)
		return
	}
	if code == http.StatusNoContent {
		c.Status(code)
		return
	}
	writeJSON(c, code, out)
}
