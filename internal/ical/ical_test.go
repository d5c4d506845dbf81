package ical_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"casusoverleg/internal/ical"
)

const prodID = "-//Zorg- en Veiligheidshuis//Casusoverleg 1.0//NL"

func sampleEvent() ical.Event {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	return ical.Event{
		UID:     "conference-42@casusoverleg.example",
		Summary: "Casusoverleg Oss; week 49, één agenda",
		Description: "Agenda: 1. Opening, mededelingen; 2. Casus 2026-0042 (Schadewijk)\n" +
			"Cliënt is geëvalueerd; kosten € 150, zie C:\\map\\agenda.pdf\n\n" +
			strings.Repeat("Een lange beschrijving die gevouwen moet worden, met komma's; puntkomma's en ’quotes’. ", 6),
		Location:       "Oostwal 175, Oss — zaal „De Ruïne”",
		Start:          time.Date(2026, 11, 30, 9, 30, 0, 0, ams),
		End:            time.Date(2026, 11, 30, 12, 0, 0, 0, ams),
		Stamp:          time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC),
		Organizer:      "E. van den Bosch",
		OrganizerEmail: "voorzitter@zvh.example",
		Attendees: []ical.Attendee{
			{Name: "Vries, A. de", Email: "a.devries@reclassering.example"},
			{Name: "J. Öztürk", Email: "j.ozturk@oss.example"},
		},
		Sequence: 2,
	}
}

func write(t *testing.T, e ical.Event) string {
	t.Helper()
	var buf bytes.Buffer
	if err := ical.Write(&buf, prodID, e); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.String()
}

// physicalLines splits on CRLF and fails on any bare CR or LF.
func physicalLines(t *testing.T, s string) []string {
	t.Helper()
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatal("output does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
	}
	return lines
}

func checkLines(t *testing.T, s string) {
	t.Helper()
	for i, l := range physicalLines(t, s) {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, l)
		}
	}
}

func TestWrite(t *testing.T) {
	out := write(t, sampleEvent())
	checkLines(t, out)
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + prodID + "\r\n",
		"METHOD:REQUEST\r\n",
		"UID:conference-42@casusoverleg.example\r\n",
		"DTSTAMP:20261123T100000Z\r\n",
		"DTSTART:20261130T083000Z\r\n",
		"DTEND:20261130T110000Z\r\n",
		"SEQUENCE:2\r\n",
		"STATUS:CONFIRMED\r\n",
		`SUMMARY:Casusoverleg Oss\; week 49\, één agenda` + "\r\n",
		`LOCATION:Oostwal 175\, Oss — zaal „De Ruïne”` + "\r\n",
		`DESCRIPTION:Agenda: 1. Opening\, mededelingen\; 2. Casus 2026-0042 (Schadewijk)\nCliënt is geëvalueerd\; kosten € 150\, zie C:\\map\\agenda.pdf\n\nEen lange`,
		"ORGANIZER;CN=E. van den Bosch:mailto:voorzitter@zvh.example\r\n",
		`ATTENDEE;CN="Vries, A. de";ROLE=REQ-PARTICIPANT:mailto:a.devries@reclassering.example` + "\r\n",
		"ATTENDEE;CN=J. Öztürk;ROLE=REQ-PARTICIPANT:mailto:j.ozturk@oss.example\r\n",
		"END:VEVENT\r\nEND:VCALENDAR\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if !strings.Contains(out, "\r\n ") {
		t.Error("the long description was not folded")
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*ical.Event)
	}{
		{"OK", func(*ical.Event) {}},
		{"Cancelled", func(e *ical.Event) { e.Cancelled, e.Sequence = true, 3 }},
		{"NoOptionalFields", func(e *ical.Event) {
			e.Description, e.Location, e.Organizer, e.Attendees, e.End = "", "", "", nil, time.Time{}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := sampleEvent()
			tc.edit(&want)
			out := write(t, want)
			checkLines(t, out)
			got, err := ical.Parse(strings.NewReader(out))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(got) != 1 {
				t.Fatalf("parsed %d events, want 1", len(got))
			}
			normalise := func(e *ical.Event) {
				e.Start, e.End, e.Stamp = e.Start.UTC(), e.End.UTC(), e.Stamp.UTC()
				if e.End.Equal(time.Time{}.UTC()) {
					e.End = time.Time{}
				}
			}
			normalise(&want)
			normalise(&got[0])
			if !reflect.DeepEqual(got[0], want) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got[0], want)
			}
			if tc.name == "Cancelled" && !strings.Contains(out, "METHOD:CANCEL\r\n") {
				t.Error("a cancellation must use METHOD:CANCEL")
			}
		})
	}
}

// TestFoldMultibyte puts a multi-octet character across the 75-octet boundary
// at every possible offset, on the first and on continuation lines.
func TestFoldMultibyte(t *testing.T) {
	for _, ch := range []string{"é", "€", "„", "𝄞"} {
		for pad := 60; pad < 80+75; pad++ {
			e := sampleEvent()
			e.Summary = strings.Repeat("a", pad) + strings.Repeat(ch, 40)
			out := write(t, e)
			checkLines(t, out)
			got, err := ical.Parse(strings.NewReader(out))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got[0].Summary != e.Summary {
				t.Fatalf("%s with pad %d: summary changed to %q", ch, pad, got[0].Summary)
			}
		}
	}
}

func TestWriteErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*ical.Event)
		want error
	}{
		{"ErrNoUID", func(e *ical.Event) { e.UID = " " }, ical.ErrNoUID},
		{"ErrNoStart", func(e *ical.Event) { e.Start = time.Time{} }, ical.ErrNoStart},
		{"ErrEndBefore", func(e *ical.Event) { e.End = e.Start.Add(-time.Minute) }, ical.ErrEndBefore},
		{"ErrNoOrganizer", func(e *ical.Event) { e.OrganizerEmail = "" }, ical.ErrNoOrganizer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := sampleEvent()
			tc.edit(&e)
			var buf bytes.Buffer
			if err := ical.Write(&buf, prodID, e); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			if buf.Len() != 0 {
				t.Error("wrote output despite the error")
			}
		})
	}
}

func TestWriteControlCharacters(t *testing.T) {
	e := sampleEvent()
	e.Summary = "regel\rnieuw\x00\x07 einde"
	e.Attendees = []ical.Attendee{{Name: "X\r\nATTENDEE:mailto:evil@example", Email: "x@example\r\nX-EVIL:1"}}
	out := write(t, e)
	checkLines(t, out)
	if strings.Contains(out, "\r\nX-EVIL") || strings.Contains(out, "\r\nATTENDEE:mailto:evil") {
		t.Error("a line break in a value started a new property")
	}
	got, err := ical.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Summary != "regel\nnieuw einde" {
		t.Errorf("summary %q", got[0].Summary)
	}
	if len(got[0].Attendees) != 1 {
		t.Errorf("got %d attendees, want 1", len(got[0].Attendees))
	}
}

func TestParse(t *testing.T) {
	t.Run("ForeignInvite", func(t *testing.T) {
		// LF line endings, a tab continuation, TZID, a VALARM, lower-case mailto.
		in := "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Europe/Amsterdam\nEND:VTIMEZONE\n" +
			"BEGIN:VEVENT\nUID:abc\nDTSTART;TZID=Europe/Amsterdam:20261130T093000\n" +
			"DTEND;VALUE=DATE:20261201\nSUMMARY:Twee\n\tdelen\nORGANIZER;CN=\"Bosch; E.\":MAILTO:e@x.example\n" +
			"BEGIN:VALARM\nDESCRIPTION:herinnering\nEND:VALARM\nX-UNKNOWN;A=b:c\nEND:VEVENT\nEND:VCALENDAR\n"
		got, err := ical.Parse(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("parsed %d events", len(got))
		}
		e := got[0]
		if !e.Start.Equal(time.Date(2026, 11, 30, 8, 30, 0, 0, time.UTC)) {
			t.Errorf("start %v", e.Start)
		}
		if !e.End.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("end %v", e.End)
		}
		if e.Summary != "Tweedelen" || e.Description != "" || e.Organizer != "Bosch; E." || e.OrganizerEmail != "e@x.example" {
			t.Errorf("parsed %+v", e)
		}
	})
	for _, tc := range []struct{ name, in string }{
		{"ErrNotContentLine", "BEGIN:VEVENT\r\nno colon here\r\nEND:VEVENT\r\n"},
		{"ErrUnclosed", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n"},
		{"ErrBadDate", "BEGIN:VEVENT\r\nDTSTART:2026-11-30\r\nEND:VEVENT\r\n"},
		{"ErrBadSequence", "BEGIN:VEVENT\r\nSEQUENCE:een\r\nEND:VEVENT\r\n"},
		{"ErrUnterminatedQuote", "BEGIN:VEVENT\r\nORGANIZER;CN=\"open:mailto:x\r\nEND:VEVENT\r\n"},
		{"ErrUnknownTZID", "BEGIN:VEVENT\r\nDTSTART;TZID=Mars/Olympus:20261130T093000\r\nEND:VEVENT\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ical.Parse(strings.NewReader(tc.in)); err == nil {
				t.Error("no error")
			}
		})
	}
}
