package notify

import (
	"fmt"
	"strings"
	"time"

	"casusoverleg/conference"
)

// text is the subject and the first paragraph of one kind of message in one
// language. Placeholders: {meeting}, {ref}, {date}. Nothing else can be said.
type text struct{ Subject, Line string }

var texts = map[string]map[conference.EventKind]text{
	"nl": {
		conference.EventAgendaPublished:  {"Agenda gepubliceerd: {meeting}", "De agenda van {meeting} is gepubliceerd. De uitnodiging zit als bijlage bij dit bericht."},
		conference.EventMeetingChanged:   {"Bijeenkomst gewijzigd: {meeting}", "De bijeenkomst {meeting} is gewijzigd. De bijgewerkte uitnodiging zit als bijlage bij dit bericht."},
		conference.EventMeetingCancelled: {"Bijeenkomst afgelast: {meeting}", "De bijeenkomst {meeting} gaat niet door. De bijlage haalt haar uit uw agenda."},
		conference.EventReferralAccepted: {"Aanmelding {ref} staat op de agenda", "Uw aanmelding {ref} staat op de agenda van {meeting}."},
		conference.EventReferralRejected: {"Aanmelding {ref} is afgewezen", "Uw aanmelding {ref} voor {meeting} is afgewezen. De toelichting van de voorzitter leest u in Casusoverleg."},
		conference.EventReferralDeferred: {"Aanmelding {ref} is uitgesteld", "Uw aanmelding {ref} voor {meeting} is uitgesteld naar de volgende bijeenkomst."},
		conference.EventActionAssigned:   {"Nieuwe actie bij casus {ref}", "In {meeting} is een actie bij casus {ref} aan u of uw organisatie toegewezen, uiterlijk klaar op {date}."},
		conference.EventActionDue:        {"Actie bij casus {ref} moet bijna klaar zijn", "Een actie bij casus {ref} moet uiterlijk {date} klaar zijn."},
		conference.EventActionOverdue:    {"Actie bij casus {ref} is over tijd", "Een actie bij casus {ref} had op {date} klaar moeten zijn."},
		conference.EventMinutesFinal:     {"Verslag ter goedkeuring: {meeting}", "Het verslag van {meeting} is definitief en wacht op uw goedkeuring."},
		conference.EventMinutesShared:    {"Conceptverslag voor opmerkingen: {meeting}", "Het conceptverslag van {meeting} staat klaar voor de opmerkingen van uw organisatie."},
		conference.EventMandateExpiring:  {"Mandaat bij casus {ref} verloopt op {date}", "Een mandaat bij casus {ref} verloopt op {date}."},
	},
	"en": {
		conference.EventAgendaPublished:  {"Agenda published: {meeting}", "The agenda of {meeting} has been published. The invitation is attached to this message."},
		conference.EventMeetingChanged:   {"Meeting changed: {meeting}", "The meeting {meeting} has changed. The updated invitation is attached to this message."},
		conference.EventMeetingCancelled: {"Meeting cancelled: {meeting}", "The meeting {meeting} is cancelled. The attachment removes it from your calendar."},
		conference.EventReferralAccepted: {"Referral {ref} is on the agenda", "Your referral {ref} is on the agenda of {meeting}."},
		conference.EventReferralRejected: {"Referral {ref} was rejected", "Your referral {ref} for {meeting} was rejected. Read the chair's note in Casusoverleg."},
		conference.EventReferralDeferred: {"Referral {ref} was deferred", "Your referral {ref} for {meeting} was deferred to the next meeting."},
		conference.EventActionAssigned:   {"New action on case {ref}", "In {meeting} an action on case {ref} was assigned to you or your organisation, due {date}."},
		conference.EventActionDue:        {"Action on case {ref} is due soon", "An action on case {ref} is due on {date}."},
		conference.EventActionOverdue:    {"Action on case {ref} is overdue", "An action on case {ref} was due on {date}."},
		conference.EventMinutesFinal:     {"Minutes awaiting approval: {meeting}", "The minutes of {meeting} are final and await your approval."},
		conference.EventMinutesShared:    {"Draft minutes for comments: {meeting}", "The draft minutes of {meeting} are ready for your organisation's comments."},
		conference.EventMandateExpiring:  {"Mandate on case {ref} expires on {date}", "A mandate on case {ref} expires on {date}."},
	},
}

// textsNoCase replace the texts of an action on a general topic, which has no case reference.
var textsNoCase = map[string]map[conference.EventKind]text{
	"nl": {
		conference.EventActionAssigned: {"Nieuwe actie uit {meeting}", "In {meeting} is een actie aan u of uw organisatie toegewezen, uiterlijk klaar op {date}."},
		conference.EventActionDue:      {"Actie uit {meeting} moet bijna klaar zijn", "Een actie uit {meeting} moet uiterlijk {date} klaar zijn."},
		conference.EventActionOverdue:  {"Actie uit {meeting} is over tijd", "Een actie uit {meeting} had op {date} klaar moeten zijn."},
	},
	"en": {
		conference.EventActionAssigned: {"New action from {meeting}", "In {meeting} an action was assigned to you or your organisation, due {date}."},
		conference.EventActionDue:      {"Action from {meeting} is due soon", "An action from {meeting} is due on {date}."},
		conference.EventActionOverdue:  {"Action from {meeting} is overdue", "An action from {meeting} was due on {date}."},
	},
}

// textOf returns the text of kind k in lang for s.
func textOf(lang string, k conference.EventKind, s subject) (text, bool) {
	if s.Reference == "" {
		if t, ok := textsNoCase[lang][k]; ok {
			return t, true
		}
	}
	t, ok := texts[lang][k]
	return t, ok
}

// frame is the rest of every message, per language.
var frame = map[string]struct{ Greeting, Meeting, Case, Link, Footer, DigestSubject, DigestIntro string }{
	"nl": {"Beste collega,", "Bijeenkomst", "Casus", "Bekijk het in Casusoverleg", "Dit bericht noemt bewust geen inhoud van de casus. Uw berichtinstellingen wijzigt u op",
		"Dagelijks overzicht: %d berichten uit Casusoverleg", "Sinds het vorige overzicht:"},
	"en": {"Dear colleague,", "Meeting", "Case", "See it in Casusoverleg", "This message deliberately names no content of the case. Change your message settings at",
		"Daily digest: %d messages from Casusoverleg", "Since the previous digest:"},
}

var months = map[string][]string{
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// day writes a date as "2 december 2026" (nl) or "2 December 2026" (en).
func day(lang string, t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[lang][t.Month()-1], t.Year())
}

// meetingName is the series and its start in Amsterdam time.
func meetingName(lang string, s subject) string {
	t := s.StartsAt.In(amsterdam)
	return fmt.Sprintf("%s, %s %s", s.SeriesName, day(lang, t), t.Format("15:04"))
}

// fill replaces the placeholders of a text.
func fill(lang, tmpl string, s subject) string {
	dueText := ""
	if !s.Due.IsZero() {
		dueText = day(lang, s.Due.In(amsterdam))
	}
	return strings.NewReplacer("{meeting}", meetingName(lang, s), "{ref}", s.Reference, "{date}", dueText).Replace(tmpl)
}

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()
