package notify

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"casusoverleg/conference"
	"casusoverleg/internal/ical"
)

// Config says where the links in messages point and who sends them.
type Config struct {
	// BaseURL is the address users reach the tool at, e.g. https://casusoverleg.zvh.example.nl.
	BaseURL string
	// From is the sender address (MAIL_FROM); it also organises an invite of a meeting without a chair.
	From string
}

// Outbox writes messages in the transaction of their cause (it implements
// conference.Notifier) and keeps the users' settings.
type Outbox struct {
	db  *gorm.DB
	now func() time.Time
	cfg Config
}

// NewOutbox returns an Outbox on db; now is the clock (nil means time.Now).
func NewOutbox(db *gorm.DB, now func() time.Time, cfg Config) *Outbox {
	if now == nil {
		now = time.Now
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost:8080"
	}
	if cfg.From == "" {
		cfg.From = "casusoverleg@localhost"
	}
	return &Outbox{db: db, now: now, cfg: cfg}
}

// Notify writes the messages e causes, one per recipient who wants it, in tx.
// It fails when a record e names does not exist, so the change fails with it.
func (o *Outbox) Notify(ctx context.Context, tx *gorm.DB, e conference.Event) error {
	return o.notify(tx.WithContext(ctx), e, "")
}

// notify writes e's messages; a non-empty dedupe makes each (dedupe, user)
// message written at most once, however often it is asked for.
func (o *Outbox) notify(tx *gorm.DB, e conference.Event, dedupe string) error {
	s, err := subjectOf(tx, e)
	if err != nil {
		return err
	}
	rcpts, err := recipientsOf(tx, e, s)
	if err != nil || len(rcpts) == 0 {
		return err
	}
	ids := make([]int64, len(rcpts))
	for i, r := range rcpts {
		ids[i] = r.ID
	}
	settings, err := loadSettings(tx, ids)
	if err != nil {
		return err
	}
	now := o.now()
	rows := make([]messageRow, 0, len(rcpts))
	for _, r := range rcpts {
		st := settings[r.ID]
		if !st.Wants(e.Kind) {
			continue
		}
		row, err := o.compose(st.Language, e.Kind, s, r)
		if err != nil {
			return err
		}
		row.Status, row.NextAttemptAt, row.CreatedAt = string(StatusPending), now, now
		if st.Digest {
			row.Digest, row.NextAttemptAt = true, nextDigest(now, st.DigestHour)
		}
		if dedupe != "" {
			key := fmt.Sprintf("%s:%d", dedupe, r.ID)
			row.DedupeKey = &key
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error; err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// compose writes one message for r in lang. It says only what s holds.
func (o *Outbox) compose(lang string, k conference.EventKind, s subject, r recipient) (messageRow, error) {
	t, ok := textOf(lang, k, s)
	if !ok {
		return messageRow{}, fmt.Errorf("outbox: no text for %q in %q", k, lang)
	}
	f := frame[lang]
	link := o.cfg.BaseURL + linkPath(k, s)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s\n\n%s: %s\n", f.Greeting, fill(lang, t.Line, s), f.Meeting, meetingName(lang, s))
	if s.Reference != "" {
		fmt.Fprintf(&b, "%s: %s\n", f.Case, s.Reference)
	}
	fmt.Fprintf(&b, "%s: %s\n\n-- \n%s %s/settings/notifications\n", f.Link, link, f.Footer, o.cfg.BaseURL)
	row := messageRow{Kind: string(k), UserID: r.ID, ToAddress: r.Email, Language: lang,
		Subject: fill(lang, t.Subject, s), Body: b.String(), Reference: s.Reference, Link: link}
	switch k {
	case conference.EventAgendaPublished, conference.EventMeetingChanged, conference.EventMeetingCancelled:
		cal, method, err := o.invite(k, s, r, link)
		if err != nil {
			return messageRow{}, err
		}
		row.Calendar, row.CalendarMethod = cal, method
	}
	return row, nil
}

// invite is the meeting's iCalendar object for r: METHOD:REQUEST, or
// METHOD:CANCEL for a cancelled meeting. SEQUENCE follows the meeting's
// version, so every change or cancellation carries a higher one.
func (o *Outbox) invite(k conference.EventKind, s subject, r recipient, link string) (string, string, error) {
	ev := inviteEvent(s.ConferenceID, s.SeriesName, s.Location, s.StartsAt, s.Duration, s.Version, link)
	ev.Stamp = o.now()
	ev.Organizer, ev.OrganizerEmail = s.ChairName, s.ChairEmail
	if ev.OrganizerEmail == "" {
		ev.Organizer, ev.OrganizerEmail = "Casusoverleg", o.cfg.From
	}
	ev.Attendees = []ical.Attendee{{Email: r.Email}}
	ev.Cancelled = k == conference.EventMeetingCancelled
	var buf bytes.Buffer
	if err := ical.Write(&buf, "-//Casusoverleg//NL", ev); err != nil {
		return "", "", fmt.Errorf("outbox: invite: %w", err)
	}
	method := "REQUEST"
	if ev.Cancelled {
		method = "CANCEL"
	}
	return buf.String(), method, nil
}

// inviteEvent is the calendar event of a meeting, with the UID of a downloaded invite
// and a downloaded one: one UID per meeting, SEQUENCE = version − 1, and
// nothing but the series, the place, the time and a link.
func inviteEvent(conferenceID int64, series, location string, start time.Time, minutes, version int, link string) ical.Event {
	return ical.Event{UID: fmt.Sprintf("conference-%d@casusoverleg", conferenceID), Summary: series, Description: link,
		Location: location, Start: start, End: start.Add(time.Duration(minutes) * time.Minute), Sequence: version - 1}
}

// linkPath is where a message of kind k points.
func linkPath(k conference.EventKind, s subject) string {
	switch k {
	case conference.EventActionAssigned, conference.EventActionDue, conference.EventActionOverdue:
		return "/actions"
	case conference.EventMinutesFinal, conference.EventMinutesShared:
		return fmt.Sprintf("/conferences/%d/minutes", s.ConferenceID)
	case conference.EventMandateExpiring:
		if s.MandateID != 0 {
			return fmt.Sprintf("/mandates/%d", s.MandateID)
		}
	}
	return fmt.Sprintf("/conferences/%d", s.ConferenceID)
}

// nextDigest is the first moment at hour (Amsterdam time) after now.
func nextDigest(now time.Time, hour int) time.Time {
	t := now.In(amsterdam)
	at := time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, amsterdam)
	if !at.After(t) {
		at = at.AddDate(0, 0, 1)
	}
	return at.UTC()
}
