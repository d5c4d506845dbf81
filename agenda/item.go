package agenda

import (
	"strings"
	"time"
)

// Kind says why an item is on the agenda.
type Kind string

// The kinds of agenda items.
const (
	KindNew           Kind = "new"            // a first discussion (aanmelding)
	KindFollowUp      Kind = "follow_up"      // a case that returns
	KindMandateReport Kind = "mandate_report" // report on a mandate used or expiring
	KindGeneral       Kind = "general"        // a topic without a case
)

// Kinds lists every valid Kind.
var Kinds = []Kind{KindNew, KindFollowUp, KindMandateReport, KindGeneral}

// Status is where an item is in triage.
type Status string

// The triage states: proposed → accepted | rejected | deferred.
const (
	StatusProposed Status = "proposed"
	StatusAccepted Status = "accepted"
	StatusRejected Status = "rejected"
	StatusDeferred Status = "deferred"
)

// Item is one agenda item (agendapunt) of a conference.
type Item struct {
	ID           int64  `json:"id"`
	ConferenceID int64  `json:"conference_id"`
	CaseID       *int64 `json:"case_id,omitempty"`
	// Title names a general topic; for a case item it is empty.
	Title  string `json:"title,omitempty" validate:"max=200"`
	Kind   Kind   `json:"kind" validate:"oneof=new follow_up mandate_report general"`
	Status Status `json:"status" validate:"oneof=proposed accepted rejected deferred"`
	// Reason is why the item is proposed, or why the system added it.
	Reason string `json:"reason" validate:"max=2000"`
	// DecisionNote is the chair's reason for a rejection or deferral; the proposer sees it.
	DecisionNote     string  `json:"decision_note,omitempty" validate:"max=2000"`
	ProposedByID     *int64  `json:"proposed_by_id,omitempty"`
	ProposingOrgID   int64   `json:"proposing_organisation_id"`
	RequestedMinutes int     `json:"requested_minutes" validate:"gte=0,lte=240"`
	PlannedMinutes   int     `json:"planned_minutes" validate:"gte=0,lte=240"`
	Position         int     `json:"position"`
	AutoAdded        bool    `json:"auto_added"`
	QuestionSetIDs   []int64 `json:"question_set_ids"`
	DeferredToID     *int64  `json:"deferred_to_conference_id,omitempty"`
	// Answers holds the referral facts of a new case, by question key.
	Answers   map[string]string `json:"answers,omitempty"`
	Version   int               `json:"version"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// Validate reports what is wrong with it, field by field.
func (it *Item) Validate() error {
	it.Title = strings.TrimSpace(it.Title)
	it.Reason = strings.TrimSpace(it.Reason)
	if it.Status == "" {
		it.Status = StatusProposed
	}
	return validateItem(it)
}
