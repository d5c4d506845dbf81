package minutes

import (
	"fmt"

	"casusoverleg/conference"
)

// Sentinel errors of the minutes package; they wrap the conference package's
// errors, so one mapping to HTTP statuses serves every package.
var (
	// ErrNotFound means the record does not exist.
	ErrNotFound = fmt.Errorf("minutes: %w", conference.ErrNotFound)
	// ErrConflict means a stale version.
	ErrConflict = fmt.Errorf("minutes: %w", conference.ErrConflict)
	// ErrForbidden means the actor may not do this.
	ErrForbidden = fmt.Errorf("minutes: %w", conference.ErrForbidden)
	// ErrFinal means the minutes are final (or signed) and refuse changes.
	ErrFinal = &conference.ValidationError{Field: "minutes", Msg: "the minutes are final and can no longer be changed"}
)

// ConflictError is a save that lost to someone else's: Current is what is
// stored now, so the page can show both texts.
type ConflictError struct {
	Current ItemRecord
}

// Error implements error.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("item %d was saved by someone else (version %d)", e.Current.ItemID, e.Current.Version)
}

// Unwrap makes a ConflictError match ErrConflict.
func (e *ConflictError) Unwrap() error { return ErrConflict }
