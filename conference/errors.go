package conference

import (
	"errors"
	"strings"
)

// Sentinel errors of the conference package. Callers test them with errors.Is.
var (
	// ErrNotFound means the record does not exist (or the actor may not know it exists).
	ErrNotFound = errors.New("not found")
	// ErrConflict means the change collides with the current state (a stale version, a duplicate).
	ErrConflict = errors.New("conflict")
	// ErrForbidden means the actor may not perform this action.
	ErrForbidden = errors.New("forbidden")
)

// ValidationError names one field of the input and what is wrong with it.
type ValidationError struct {
	Field string
	Msg   string
}

// Error implements error.
func (e *ValidationError) Error() string { return e.Field + ": " + e.Msg }

// ValidationErrors collects every problem found in one input.
type ValidationErrors []*ValidationError

// Error implements error.
func (v ValidationErrors) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Add appends a problem with field.
func (v *ValidationErrors) Add(field, msg string) {
	*v = append(*v, &ValidationError{Field: field, Msg: msg})
}

// Err returns v as an error, or nil when it holds no problem.
func (v ValidationErrors) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}
