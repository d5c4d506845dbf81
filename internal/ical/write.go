package ical

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one meeting invitation.
type Event struct {
	// UID identifies the event across updates, e.g. "conference-42@casusoverleg.example".
	UID         string
	Summary     string
	Description string
	Location    string
	// Start and End are written in UTC; End may not be before Start.
	Start, End time.Time
	// Stamp is when this version of the invitation was made (DTSTAMP);
	// the zero value means now.
	Stamp          time.Time
	Organizer      string
	OrganizerEmail string
	Attendees      []Attendee
	// Sequence counts revisions; raise it with every update or cancellation.
	Sequence int
	// Cancelled writes STATUS:CANCELLED with METHOD:CANCEL.
	Cancelled bool
}

// Attendee is one invited participant.
type Attendee struct{ Name, Email string }

// Errors returned by Write.
var (
	ErrNoUID       = errors.New("ical: event has no UID")
	ErrNoStart     = errors.New("ical: event has no start")
	ErrEndBefore   = errors.New("ical: event ends before it starts")
	ErrNoOrganizer = errors.New("ical: event has no organizer e-mail address (required by iTIP)")
)

// maxLine is the longest content line in octets, without the CRLF (RFC 5545 §3.1).
const maxLine = 75

const utcFormat = "20060102T150405Z"

// Write writes e as an iCalendar object with METHOD:REQUEST (METHOD:CANCEL
// when e.Cancelled), the given PRODID and one VEVENT.
func Write(w io.Writer, prodID string, e Event) error {
	switch {
	case strings.TrimSpace(e.UID) == "":
		return ErrNoUID
	case e.Start.IsZero():
		return ErrNoStart
	case !e.End.IsZero() && e.End.Before(e.Start):
		return ErrEndBefore
	case strings.TrimSpace(e.OrganizerEmail) == "":
		return ErrNoOrganizer
	}
	method, status := "REQUEST", "CONFIRMED"
	if e.Cancelled {
		method, status = "CANCEL", "CANCELLED"
	}
	stamp := e.Stamp
	if stamp.IsZero() {
		stamp = time.Now()
	}

	bw := bufio.NewWriter(w)
	line := func(s string) { writeFolded(bw, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:" + escapeText(prodID))
	line("CALSCALE:GREGORIAN")
	line("METHOD:" + method)
	line("BEGIN:VEVENT")
	line("UID:" + escapeText(e.UID))
	line("DTSTAMP:" + stamp.UTC().Format(utcFormat))
	line("DTSTART:" + e.Start.UTC().Format(utcFormat))
	if !e.End.IsZero() {
		line("DTEND:" + e.End.UTC().Format(utcFormat))
	}
	line("SEQUENCE:" + strconv.Itoa(e.Sequence))
	line("STATUS:" + status)
	line("SUMMARY:" + escapeText(e.Summary))
	if e.Location != "" {
		line("LOCATION:" + escapeText(e.Location))
	}
	if e.Description != "" {
		line("DESCRIPTION:" + escapeText(e.Description))
	}
	line("ORGANIZER" + cnParam(e.Organizer) + ":" + mailto(e.OrganizerEmail))
	for _, a := range e.Attendees {
		line("ATTENDEE" + cnParam(a.Name) + ";ROLE=REQ-PARTICIPANT:" + mailto(a.Email))
	}
	line("END:VEVENT")
	line("END:VCALENDAR")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("ical: write: %w", err)
	}
	return nil
}

// writeFolded writes one content line with CRLF, folded so that no line
// exceeds 75 octets (continuation lines start with a space, which counts),
// cutting only at UTF-8 character boundaries.
func writeFolded(w *bufio.Writer, s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon,
// comma and line breaks. Other control characters, which TEXT forbids, are
// dropped; tabs are kept.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n', '\r':
			b.WriteString(`\n`)
		case '\t':
			b.WriteRune(r)
		default:
			if r < 0x20 || r == 0x7f {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cnParam returns ";CN=name", quoted when the name holds ":", ";" or ",";
// double quotes (not allowed in a parameter value) become single quotes.
func cnParam(name string) string {
	name = strings.TrimSpace(stripControl(name))
	if name == "" {
		return ""
	}
	name = strings.ReplaceAll(name, `"`, "'")
	if strings.ContainsAny(name, ":;,") {
		name = `"` + name + `"`
	}
	return ";CN=" + name
}

// mailto makes a CAL-ADDRESS from an e-mail address.
func mailto(email string) string {
	return "mailto:" + strings.TrimSpace(stripControl(email))
}

func stripControl(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
