package agenda

import (
	"errors"
	"fmt"

	"casusoverleg/conference"
)

// Sentinel errors of the agenda package. They wrap the conference package's
// errors, so one mapping to HTTP statuses serves both.
var (
	// ErrNotFound means the item or question set does not exist.
	ErrNotFound = fmt.Errorf("agenda: %w", conference.ErrNotFound)
	// ErrConflict means a stale version or a state that does not allow the change.
	ErrConflict = fmt.Errorf("agenda: %w", conference.ErrConflict)
	// ErrForbidden means the actor may not do this.
	ErrForbidden = fmt.Errorf("agenda: %w", conference.ErrForbidden)
)

// isNotFound reports whether err is a not-found error of any package.
func isNotFound(err error) bool { return errors.Is(err, conference.ErrNotFound) }

func asErr(err error, target any) bool { return errors.As(err, target) }
