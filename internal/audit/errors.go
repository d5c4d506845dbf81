package audit

import (
	"errors"
	"fmt"
)

// Sentinel errors of the audit package. Callers test them with errors.Is.
var (
	// ErrBroken means the chain does not verify; the error is a *BrokenError.
	ErrBroken = errors.New("audit chain broken")
	// ErrConflict means Record kept colliding with concurrent writers and gave up.
	ErrConflict = errors.New("conflict")
	// ErrInvalid means the event cannot be recorded as given (an unknown action).
	ErrInvalid = errors.New("invalid")
	// ErrNotFound means there is no such event (Head on an empty log).
	ErrNotFound = errors.New("not found")
)

// BrokenError names the first event at which Verify found the chain broken.
type BrokenError struct {
	// Seq is the sequence number of the broken event as stored.
	Seq int64
	// Reason says what does not match.
	Reason string
}

// Error implements error: "audit event N: reason".
func (e *BrokenError) Error() string { return fmt.Sprintf("audit event %d: %s", e.Seq, e.Reason) }

// Is makes errors.Is(err, ErrBroken) hold for a *BrokenError.
func (e *BrokenError) Is(target error) bool { return target == ErrBroken }

// ErrNoKey means a checkpoint is to be signed or checked but the Log has no
// deployment key or certificate (see WithKey).
var ErrNoKey = errors.New("no signing key or certificate for audit checkpoints")
