package web

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
)

// fieldError is one entry of the 422 body: {"errors":[{"field":…,"message":…}]}.
type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// errMethod answers a known path with a method it does not take.
var errMethod = errors.New("method not allowed")

// errBadRequest marks input that could not be read at all (malformed JSON, bad path id).
var errBadRequest = errors.New("bad request")

// status maps an error to its HTTP status: the one mapping of the application.
func status(err error) int {
	var ve conference.ValidationErrors
	var one *conference.ValidationError
	switch {
	case errors.As(err, &ve), errors.As(err, &one):
		return http.StatusUnprocessableEntity
	case errors.Is(err, errBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, errMethod):
		return http.StatusMethodNotAllowed
	case errors.Is(err, conference.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, conference.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, conference.ErrConflict):
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

// fieldErrors lists the validation problems in err, if any.
func fieldErrors(err error) []fieldError {
	var ve conference.ValidationErrors
	var one *conference.ValidationError
	switch {
	case errors.As(err, &ve):
		out := make([]fieldError, len(ve))
		for i, e := range ve {
			out[i] = fieldError{Field: e.Field, Message: e.Msg}
		}
		return out
	case errors.As(err, &one):
		return []fieldError{{Field: one.Field, Message: one.Msg}}
	}
	return nil
}

// publicMessage is what the client may read of err: never an internal error's text.
func publicMessage(code int, err error) string {
	switch code {
	case http.StatusNotFound:
		return "not found"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusConflict:
		return "the record was changed by someone else; reload and try again"
	case http.StatusBadRequest:
		return err.Error()
	case http.StatusUnauthorized:
		return "login required"
	case http.StatusMethodNotAllowed:
		return "method not allowed"
	}
	return "internal error"
}

// apiError answers err as JSON with its mapped status. A 500 logs the real error.
func apiError(c *gin.Context, err error) {
	code := status(err)
	if code == http.StatusInternalServerError {
		logInternal(c, err)
	}
	if code == http.StatusUnprocessableEntity {
		c.AbortWithStatusJSON(code, gin.H{"errors": fieldErrors(err)})
		return
	}
	c.AbortWithStatusJSON(code, gin.H{"error": publicMessage(code, err)})
}

// decodeJSON reads the request body into dst, refusing unknown fields. A body
// that is not JSON is errBadRequest; a value of the wrong type or an unknown
// field is a ValidationError naming the field.
func decodeJSON(c *gin.Context, dst any) error {
	dec := json.NewDecoder(io.LimitReader(c.Request.Body, 1<<20))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return &conference.ValidationError{Field: typeErr.Field, Msg: "must be of type " + typeErr.Type.String()}
	case errors.As(err, &syntaxErr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.Join(errBadRequest, errors.New("request body must be a JSON object"))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &conference.ValidationError{Field: field, Msg: "is not a known field"}
	}
	var timeErr *time.ParseError
	if errors.As(err, &timeErr) {
		// encoding/json does not say which field held the bad time; the
		// handlers that take times decode them as strings (see input.go).
		return &conference.ValidationError{Field: "body", Msg: "holds a date-time that is not RFC 3339"}
	}
	return &conference.ValidationError{Field: "body", Msg: "could not be read"}
}

// logInternal logs the real cause of a 500; the client sees a generic message.
func logInternal(c *gin.Context, err error) {
	slog.ErrorContext(c.Request.Context(), "request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
}
