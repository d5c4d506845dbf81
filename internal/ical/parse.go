package ical

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Parse reads the VEVENTs of an iCalendar stream: it unfolds lines, unescapes
// TEXT values and reads the properties Write writes. Unknown properties and
// components are skipped. Times in UTC ("Z"), with a TZID parameter, floating
// (read as UTC) and dates are understood.
func Parse(r io.Reader) ([]Event, error) {
	lines, err := unfold(r)
	if err != nil {
		return nil, err
	}
	var (
		events []Event
		ev     *Event
		depth  int // nesting of components inside the VEVENT (VALARM)
	)
	for _, l := range lines {
		if l.text == "" {
			continue
		}
		name, params, value, err := splitLine(l.text)
		if err != nil {
			return nil, fmt.Errorf("ical: line %d: %w", l.no, err)
		}
		switch {
		case name == "BEGIN" && strings.EqualFold(value, "VEVENT") && ev == nil:
			ev = &Event{}
			continue
		case name == "END" && strings.EqualFold(value, "VEVENT") && ev != nil && depth == 0:
			events = append(events, *ev)
			ev = nil
			continue
		case ev == nil:
			continue
		case name == "BEGIN":
			depth++
			continue
		case name == "END":
			depth--
			continue
		case depth > 0:
			continue
		}
		if err := ev.set(name, params, value); err != nil {
			return nil, fmt.Errorf("ical: line %d: %s: %w", l.no, name, err)
		}
	}
	if ev != nil {
		return nil, fmt.Errorf("ical: VEVENT not closed")
	}
	return events, nil
}

// set stores one property of a VEVENT.
func (e *Event) set(name string, params map[string]string, value string) error {
	var err error
	switch name {
	case "UID":
		e.UID = unescapeText(value)
	case "SUMMARY":
		e.Summary = unescapeText(value)
	case "DESCRIPTION":
		e.Description = unescapeText(value)
	case "LOCATION":
		e.Location = unescapeText(value)
	case "DTSTAMP":
		e.Stamp, err = parseTime(value, params)
	case "DTSTART":
		e.Start, err = parseTime(value, params)
	case "DTEND":
		e.End, err = parseTime(value, params)
	case "SEQUENCE":
		e.Sequence, err = strconv.Atoi(value)
	case "STATUS":
		e.Cancelled = strings.EqualFold(value, "CANCELLED")
	case "ORGANIZER":
		e.Organizer, e.OrganizerEmail = params["CN"], calAddress(value)
	case "ATTENDEE":
		e.Attendees = append(e.Attendees, Attendee{Name: params["CN"], Email: calAddress(value)})
	}
	return err
}

type line struct {
	no   int // number of the first physical line
	text string
}

// unfold joins continuation lines (starting with a space or tab) to the line
// before them. It accepts CRLF and bare LF.
func unfold(r io.Reader) ([]line, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	var out []line
	no := 0
	for sc.Scan() {
		no++
		t := strings.TrimSuffix(sc.Text(), "\r")
		if (strings.HasPrefix(t, " ") || strings.HasPrefix(t, "\t")) && len(out) > 0 {
			out[len(out)-1].text += t[1:]
			continue
		}
		out = append(out, line{no: no, text: t})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ical: read: %w", err)
	}
	return out, nil
}

// splitLine splits a content line into its upper-cased name, its parameters
// (names upper-cased, quotes removed) and its value.
func splitLine(s string) (name string, params map[string]string, value string, err error) {
	i := strings.IndexAny(s, ";:")
	if i <= 0 {
		return "", nil, "", fmt.Errorf("not a content line: %q", s)
	}
	name = strings.ToUpper(s[:i])
	params = map[string]string{}
	rest := s[i:]
	for strings.HasPrefix(rest, ";") {
		rest = rest[1:]
		eq := strings.IndexByte(rest, '=')
		if eq <= 0 {
			return "", nil, "", fmt.Errorf("bad parameter in %q", s)
		}
		pname := strings.ToUpper(rest[:eq])
		rest = rest[eq+1:]
		var pval string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return "", nil, "", fmt.Errorf("unterminated quote in %q", s)
			}
			pval, rest = rest[1:1+end], rest[2+end:]
		} else {
			end := strings.IndexAny(rest, ";:")
			if end < 0 {
				return "", nil, "", fmt.Errorf("no value in %q", s)
			}
			pval, rest = rest[:end], rest[end:]
		}
		params[pname] = pval
	}
	if !strings.HasPrefix(rest, ":") {
		return "", nil, "", fmt.Errorf("no value in %q", s)
	}
	return name, params, rest[1:], nil
}

// unescapeText reverses escapeText.
func unescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		default: // \\ \; \, and anything else: the character itself
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// parseTime reads a DATE-TIME (UTC, with TZID or floating) or a DATE.
func parseTime(v string, params map[string]string) (time.Time, error) {
	loc := time.UTC
	if tz := params["TZID"]; tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			return time.Time{}, fmt.Errorf("unknown TZID %q", tz)
		}
		loc = l
	}
	switch {
	case strings.HasSuffix(v, "Z"):
		return time.Parse(utcFormat, v)
	case len(v) == len("20060102"):
		return time.ParseInLocation("20060102", v, loc)
	default:
		return time.ParseInLocation("20060102T150405", v, loc)
	}
}

// calAddress returns the address of a "mailto:" CAL-ADDRESS.
func calAddress(v string) string {
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		return v[7:]
	}
	return v
}
