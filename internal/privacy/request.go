package privacy

import (
	"strings"
	"time"

	"casusoverleg/conference"
)

// RequestKind is what a data subject asked for.
type RequestKind string

// The kinds of request the register keeps (AVG art. 16 and 17).
const (
	KindCorrection RequestKind = "correction"
	KindErasure    RequestKind = "erasure"
)

// RequestKinds lists every valid RequestKind.
var RequestKinds = []RequestKind{KindCorrection, KindErasure}

// Decision is what was decided on a request.
type Decision string

// The decisions on a request.
const (
	DecisionGranted       Decision = "granted"
	DecisionPartlyGranted Decision = "partly_granted"
	DecisionRefused       Decision = "refused"
)

// Decisions lists every valid Decision.
var Decisions = []Decision{DecisionGranted, DecisionPartlyGranted, DecisionRefused}

// Request is one request for correction or erasure with the decision taken:
// who decided, when, what and why.
type Request struct {
	ID int64 `json:"id"`
	// Reference is "AVG-2026-0001": the year it was recorded and a number.
	Reference string `json:"reference"`
	// PersonID is the person record the request is about.
	PersonID   int64       `json:"person_id" validate:"gt=0"`
	Kind       RequestKind `json:"kind" validate:"oneof=correction erasure"`
	ReceivedOn *time.Time  `json:"received_on" validate:"required"`
	// Asked is what the person asked, in short.
	Asked    string   `json:"asked" validate:"required,max=2000"`
	Decision Decision `json:"decision" validate:"oneof=granted partly_granted refused"`
	Reason   string   `json:"reason" validate:"required,max=2000"`
	// DecidedByID and DecidedBy name the privacy officer who recorded the decision; DecidedAt when.
	DecidedByID int64     `json:"decided_by_id"`
	DecidedBy   string    `json:"decided_by"`
	DecidedAt   time.Time `json:"decided_at"`
}

// Validate reports what is wrong with r, field by field; today is the date
// the request cannot have been received after.
func (r *Request) Validate(today time.Time) error {
	r.Asked = strings.TrimSpace(r.Asked)
	r.Reason = strings.TrimSpace(r.Reason)
	var errs conference.ValidationErrors
	if err := conference.ValidateStruct(r); err != nil {
		ve, ok := err.(conference.ValidationErrors)
		if !ok {
			return err
		}
		errs = ve
	}
	if r.ReceivedOn != nil {
		d := time.Date(r.ReceivedOn.Year(), r.ReceivedOn.Month(), r.ReceivedOn.Day(), 0, 0, 0, 0, time.UTC)
		r.ReceivedOn = &d
		if d.After(today) {
			errs.Add("received_on", "cannot lie in the future")
		}
	}
	return errs.Err()
}
