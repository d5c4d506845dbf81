package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// TestErrorTable checks the one mapping from error to status, public
// message and page key: sentinels, wrapped sentinels of the domain packages,
// validation and body errors, and a plain error whose text must not show.
func TestErrorTable(t *testing.T) {
	secret := errors.New("pq: relation cases_secret does not exist at 10.0.0.7")
	tests := []struct {
		name    string
		err     error
		code    int
		message string
		pageKey string
	}{
		{"ErrNotFound", conference.ErrNotFound, http.StatusNotFound, "not found", "error.notfound"},
		{"ErrNotFound/wrapped twice", fmt.Errorf("item 7: %w", agenda.ErrNotFound), http.StatusNotFound, "not found", "error.notfound"},
		{"ErrForbidden/minutes", fmt.Errorf("only the secretary: %w", minutes.ErrForbidden), http.StatusForbidden, "forbidden", "error.forbidden"},
		{"ErrConflict", fmt.Errorf("case: %w", conference.ErrConflict), http.StatusConflict, "the record was changed by someone else; reload and try again", "error.conflict"},
		{"ValidationError", &conference.ValidationError{Field: "postcode", Msg: "is required"}, http.StatusUnprocessableEntity, "invalid input", "error.invalid"},
		{"ValidationErrors/wrapped", fmt.Errorf("save: %w", conference.ValidationErrors{{Field: "a", Msg: "b"}}), http.StatusUnprocessableEntity, "invalid input", "error.invalid"},
		{"bodyError", &bodyError{msgBodyNotObj}, http.StatusBadRequest, msgBodyNotObj, "error.invalid"},
		{"errLogin", errLogin, http.StatusUnauthorized, "login required", "error.forbidden"},
		{"errCSRF", errCSRF, http.StatusForbidden, "missing or invalid CSRF token", "error.csrf"},
		{"errMethod", errMethod, http.StatusMethodNotAllowed, "method not allowed", "error.notfound"},
		{"plain error", secret, http.StatusInternalServerError, "internal error", "error.internal"},
		{"plain error/wrapped", fmt.Errorf("load: %w", secret), http.StatusInternalServerError, "internal error", "error.internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classify(tt.err)
			if got.code != tt.code || got.message != tt.message || got.pageKey != tt.pageKey {
				t.Fatalf("classify = %d %q %q, want %d %q %q", got.code, got.message, got.pageKey, tt.code, tt.message, tt.pageKey)
			}
			for _, fe := range fieldErrors(tt.err) {
				if strings.Contains(fe.Message, "pq:") || strings.Contains(fe.Message, "10.0.0.7") {
					t.Fatalf("the internal text shows: %q", fe.Message)
				}
			}
		})
	}
	if fe := fieldErrors(&conference.ValidationError{Field: "postcode", Msg: "is required"}); len(fe) != 1 || fe[0].Field != "postcode" || fe[0].Message != "is required" {
		t.Fatalf("a validation error is answered per field: %+v", fe)
	}
	if validationErrors(secret) != nil {
		t.Fatal("a plain error is not a field problem")
	}
}
