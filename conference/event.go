package conference

// EventKind names a change someone outside the tool hears about by message
// (bericht). Each kind is one message kind a user can switch on or off.
type EventKind string

// The kinds of message the tool sends.
const (
	// EventAgendaPublished: the chair published the agenda; to the members of the series, with an invite.
	EventAgendaPublished EventKind = "agenda_published"
	// EventMeetingChanged: a published meeting moved or changed; an updated invite (higher SEQUENCE).
	EventMeetingChanged EventKind = "meeting_changed"
	// EventMeetingCancelled: a published meeting was cancelled; METHOD:CANCEL.
	EventMeetingCancelled EventKind = "meeting_cancelled"
	// EventReferralAccepted, EventReferralRejected and EventReferralDeferred: the chair's triage, to the referrer.
	EventReferralAccepted EventKind = "referral_accepted"
	EventReferralRejected EventKind = "referral_rejected"
	EventReferralDeferred EventKind = "referral_deferred"
	// EventActionAssigned: an action was recorded; to its owner.
	EventActionAssigned EventKind = "action_assigned"
	// EventActionDue: an open action is due within two days; to its owner.
	EventActionDue EventKind = "action_due"
	// EventActionOverdue: an open action passed its due date; to its owner.
	EventActionOverdue EventKind = "action_overdue"
	// EventMinutesFinal: the minutes are final and await approval; to chair and secretary.
	EventMinutesFinal EventKind = "minutes_final"
	// EventMinutesShared: draft minutes are shared for comments; to the present organisations.
	EventMinutesShared EventKind = "minutes_shared"
	// EventMandateExpiring: a mandate expires within seven days; to its grantee.
	EventMandateExpiring EventKind = "mandate_expiring"
)

// EventKinds lists every kind, in the order the settings page shows them.
var EventKinds = []EventKind{EventAgendaPublished, EventMeetingChanged, EventMeetingCancelled,
	EventReferralAccepted, EventReferralRejected, EventReferralDeferred, EventActionAssigned, EventActionDue,
	EventActionOverdue, EventMinutesFinal, EventMinutesShared, EventMandateExpiring}

// Event is a change that causes messages. It names records by id only: the
// notifier looks up whom to tell and says no more than the meeting, the case
// reference and a link. A store sends one by calling Store.Notify with the
// transaction of the change, after the change, e.g. for a meeting that moved
// (with its version raised, so the invite's SEQUENCE rises):
//
//	s.cases.Notify(ctx, tx, conference.Event{Kind: conference.EventMeetingChanged, ConferenceID: id})
//
// EventMeetingCancelled and EventMinutesShared (a comment round) go the same way.
type Event struct {
	Kind         EventKind
	ConferenceID int64
	// ItemID is the agenda item of a referral decision.
	ItemID int64
	// ActionID and MandateID name the action or mandate of their kinds.
	ActionID  int64
	MandateID int64
}
