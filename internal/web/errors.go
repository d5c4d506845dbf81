package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"casusoverleg/conference"
	"casusoverleg/internal/pdfsign"
)

// fieldError is one entry of every API error body:
// {"errors":[{"field":…,"message":…}]}. Field is empty when the error is not
// about one field (an unreadable body, a refused request).
type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// The errors of the web layer itself; the domain's are conference.ErrNotFound,
// ErrForbidden, ErrConflict and ValidationError(s).
var (
	// errMethod answers a known path with a method it does not take.
	errMethod = errors.New("method not allowed")
	// errBadRequest marks input that could not be read at all (a form that is not a form).
	errBadRequest = errors.New("bad request")
	// errLogin refuses a request without a user.
	errLogin = errors.New("login required")
	// errToken refuses an unknown or revoked API token.
	errToken = errors.New("invalid or revoked token")
	// errSecondFactor refuses a chair, secretary or admin who has not passed TOTP.
	errSecondFactor = errors.New("second factor required")
	// errCSRF refuses an unsafe request without the session's CSRF token.
	errCSRF = errors.New("missing or invalid CSRF token")
)

// bodyError is a request body that could not be read as the JSON the route
// takes. Its message is public: it names no Go type and no internal text.
type bodyError struct{ msg string }

func (e *bodyError) Error() string { return e.msg }

// publicError is one row of the error table: the status an error answers, the
// message an API client reads and the message key a page shows.
type publicError struct {
	err     error
	code    int
	message string
	pageKey string
}

// errorTable is the one mapping from error to answer. The first row whose err
// matches (errors.Is) wins; validation and body errors are matched by type in
// classify. Anything else is a 500 whose text is logged, never shown.
var errorTable = []publicError{
	{conference.ErrNotFound, http.StatusNotFound, "not found", "error.notfound"},
	{conference.ErrForbidden, http.StatusForbidden, "forbidden", "error.forbidden"},
	{conference.ErrConflict, http.StatusConflict, "the record was changed by someone else; reload and try again", "error.conflict"},
	{errBadRequest, http.StatusBadRequest, "the request could not be read", "error.invalid"},
	{errMethod, http.StatusMethodNotAllowed, "method not allowed", "error.notfound"},
	{errLogin, http.StatusUnauthorized, "login required", "error.forbidden"},
	{errToken, http.StatusUnauthorized, "invalid or revoked token", "error.forbidden"},
	{errSecondFactor, http.StatusForbidden, "second factor required", "error.forbidden"},
	{errCSRF, http.StatusForbidden, "missing or invalid CSRF token", "error.csrf"},
	{pdfsign.ErrTimestamp, http.StatusServiceUnavailable, "the time-stamping authority did not answer; nothing was signed, try again", "error.tsa"},
}

// internalError is the answer to every error the table does not know.
var internalError = publicError{code: http.StatusInternalServerError, message: "internal error", pageKey: "error.internal"}

// classify finds err's row: its status, public message and page key.
func classify(err error) publicError {
	var ve conference.ValidationErrors
	var one *conference.ValidationError
	var be *bodyError
	switch {
	case errors.As(err, &ve), errors.As(err, &one):
		return publicError{err: err, code: http.StatusUnprocessableEntity, message: "invalid input", pageKey: "error.invalid"}
	case errors.As(err, &be):
		return publicError{err: err, code: http.StatusBadRequest, message: be.msg, pageKey: "error.invalid"}
	}
	for _, row := range errorTable {
		if errors.Is(err, row.err) {
			return row
		}
	}
	return internalError
}

// status maps an error to its HTTP status.
func status(err error) int { return classify(err).code }

// publicMessage is what the client may read of err: never an internal error's text.
func publicMessage(err error) string { return classify(err).message }

// fieldErrors lists the problems in err as the API answers them: one entry
// per invalid field, or one entry with an empty field for any other error.
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
	return []fieldError{{Field: "", Message: publicMessage(err)}}
}

// translated returns errs with their messages in the request's language; the
// field names stay as they are.
func translated(c *gin.Context, errs []fieldError) []fieldError {
	for i := range errs {
		errs[i].Message = apiMessage(c, errs[i].Message)
	}
	return errs
}

// validationErrors lists only the field problems in err (nil for any other error).
func validationErrors(err error) []fieldError {
	code := status(err)
	if code != http.StatusUnprocessableEntity {
		return nil
	}
	return fieldErrors(err)
}

// apiError answers err as JSON with its mapped status. A 500 logs the real error.
func apiError(c *gin.Context, err error) {
	c.AbortWithStatusJSON(answer(c, err), gin.H{"errors": translated(c, fieldErrors(err))})
}

// answer is the status for err; a 500 logs the real cause first.
func answer(c *gin.Context, err error) int {
	code := status(err)
	if code == http.StatusInternalServerError {
		logInternal(c, err)
	}
	return code
}

// fail answers err for the API as JSON, for pages as an error page.
func (s *Server) fail(c *gin.Context, err error) {
	if isAPI(c) {
		apiError(c, err)
		return
	}
	if validationErrors(err) != nil {
		s.renderInvalid(c, err)
		return
	}
	s.renderError(c, answer(c, err), classify(err).pageKey)
}

// logInternal logs the real cause of a 500; the client sees a generic message.
func logInternal(c *gin.Context, err error) {
	slog.ErrorContext(c.Request.Context(), "request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
}
