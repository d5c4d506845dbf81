package minutes

import (
	"strings"
	"time"

	"casusoverleg/conference"
)

// ItemRecord is what the minutes say about one agenda item.
type ItemRecord struct {
	ItemID       int64  `json:"item_id"`
	ConferenceID int64  `json:"conference_id"`
	CaseID       *int64 `json:"case_id,omitempty"`
	// Summary is the state of affairs (stand van zaken) as discussed.
	Summary string `json:"summary" validate:"max=20000"`
	// Answers to the item's question sets, keyed "<set key>.<question key>".
	Answers   map[string]string `json:"answers"`
	Version   int               `json:"version"`
	UpdatedBy int64             `json:"updated_by,omitempty"`
	UpdatedAt time.Time         `json:"updated_at,omitzero"`
}

// Validate reports what is wrong with r.
func (r *ItemRecord) Validate() error {
	r.Summary = strings.TrimSpace(r.Summary)
	var errs conference.ValidationErrors
	if err := conference.ValidateStruct(r); err != nil {
		errs = err.(conference.ValidationErrors)
	}
	for k, v := range r.Answers {
		if len(v) > 5000 {
			errs.Add("answers."+k, "must be at most 5000 characters")
		}
		if strings.TrimSpace(v) == "" {
			delete(r.Answers, k)
		}
	}
	return errs.Err()
}

// DecisionKind is what a decision is about.
type DecisionKind string

// The kinds of decisions.
const (
	DecisionPlan         DecisionKind = "plan_of_approach"
	DecisionEscalation   DecisionKind = "escalation"
	DecisionClosure      DecisionKind = "closure"
	DecisionMandateGrant DecisionKind = "mandate_grant"
	DecisionOther        DecisionKind = "other"
)

// DecisionKinds lists every DecisionKind.
var DecisionKinds = []DecisionKind{DecisionPlan, DecisionEscalation, DecisionClosure, DecisionMandateGrant, DecisionOther}

// Stance is an organisation's position on a decision.
type Stance string

// The positions an organisation can take.
const (
	Agree   Stance = "agree"
	Abstain Stance = "abstain"
	Object  Stance = "object"
)

// Position is one organisation's stance on a decision, with a remark.
type Position struct {
	OrganisationID int64  `json:"organisation_id" validate:"gt=0"`
	Stance         Stance `json:"stance" validate:"oneof=agree abstain object"`
	Remark         string `json:"remark" validate:"max=1000"`
}

// Outcome is what the adoption rule makes of a decision.
type Outcome string

// The outcomes of a decision.
const (
	Adopted   Outcome = "adopted"
	Escalated Outcome = "escalated" // opgeschaald: a present involved organisation objects
	Resolved  Outcome = "resolved"  // an escalation that was settled later
)

// Decision is a multi-party decision (besluit) on an agenda item.
type Decision struct {
	ID           int64        `json:"id"`
	ItemID       int64        `json:"item_id"`
	ConferenceID int64        `json:"conference_id"`
	CaseID       *int64       `json:"case_id,omitempty"`
	Text         string       `json:"text" validate:"required,max=5000"`
	Kind         DecisionKind `json:"kind" validate:"oneof=plan_of_approach escalation closure mandate_grant other"`
	Positions    []Position   `json:"positions" validate:"dive"`
	Outcome      Outcome      `json:"outcome"`
	// Resolution says how an escalation was settled.
	Resolution string     `json:"resolution,omitempty"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	// Mandate is the mandate a mandate_grant decision gives.
	Mandate   *Mandate  `json:"mandate,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Version is what an edit must send back (optimistic locking).
	Version int `json:"version"`
}

// Decide applies the adoption rule: a decision is adopted when no present
// involved organisation objects, and escalated when one does. Objections of
// organisations that are absent or not involved do not count.
func Decide(positions []Position, presentInvolved []int64) Outcome {
	for _, p := range positions {
		if p.Stance == Object && containsID(presentInvolved, p.OrganisationID) {
			return Escalated
		}
	}
	return Adopted
}

// Validate reports what is wrong with d. Positions may only be given by
// present involved organisations, each once.
func (d *Decision) Validate(presentInvolved []int64) error {
	d.Text = strings.TrimSpace(d.Text)
	var errs conference.ValidationErrors
	if err := conference.ValidateStruct(d); err != nil {
		errs = err.(conference.ValidationErrors)
	}
	seen := map[int64]bool{}
	for i, p := range d.Positions {
		if !containsID(presentInvolved, p.OrganisationID) {
			errs.Add(indexed("positions", i, "organisation_id"), "is not an involved organisation present at the meeting")
		}
		if seen[p.OrganisationID] {
			errs.Add(indexed("positions", i, "organisation_id"), "has a position already")
		}
		seen[p.OrganisationID] = true
	}
	switch {
	case d.Kind == DecisionMandateGrant && d.Mandate == nil:
		errs.Add("mandate", "is required for a mandate grant")
	case d.Kind != DecisionMandateGrant && d.Mandate != nil:
		errs.Add("kind", "must be mandate_grant to grant a mandate")
	case d.Mandate != nil:
		if err := d.Mandate.Validate(); err != nil {
			for _, e := range err.(conference.ValidationErrors) {
				errs.Add("mandate."+e.Field, e.Msg)
			}
		}
	}
	return errs.Err()
}

// ActionStatus is the state of an action.
type ActionStatus string

// The states of an action; overdue is computed from the due date.
const (
	ActionOpen    ActionStatus = "open"
	ActionDone    ActionStatus = "done"
	ActionOverdue ActionStatus = "overdue"
)

// Action is an agreement (afspraak): what, who, by when.
type Action struct {
	ID                  int64        `json:"id"`
	ItemID              int64        `json:"item_id"`
	ConferenceID        int64        `json:"conference_id"`
	CaseID              *int64       `json:"case_id,omitempty"`
	What                string       `json:"what" validate:"required,max=2000"`
	OwnerOrganisationID int64        `json:"owner_organisation_id" validate:"gt=0"`
	OwnerUserID         *int64       `json:"owner_user_id,omitempty"`
	DueDate             time.Time    `json:"due_date" validate:"required"`
	Status              ActionStatus `json:"status"`
	DoneAt              *time.Time   `json:"done_at,omitempty"`
	DoneNote            string       `json:"done_note,omitempty"`
	CreatedAt           time.Time    `json:"created_at"`
	// Version is what an edit must send back (optimistic locking).
	Version int `json:"version"`
}

// Validate reports what is wrong with a.
func (a *Action) Validate() error {
	a.What = strings.TrimSpace(a.What)
	return conference.ValidateStruct(a)
}

// StatusAt is the action's status on the given day: open past its due date is overdue.
func (a Action) StatusAt(now time.Time) ActionStatus {
	if a.DoneAt != nil {
		return ActionDone
	}
	if dateOf(now).After(dateOf(a.DueDate)) {
		return ActionOverdue
	}
	return ActionOpen
}

// dateOf is the calendar day of t in Amsterdam.
func dateOf(t time.Time) time.Time {
	y, m, d := t.In(amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func indexed(list string, i int, field string) string {
	return list + "[" + itoa(i) + "]." + field
}
