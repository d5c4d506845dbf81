package pdfdoc_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/pdfdoc"
)

func TestFormat(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"DateTime", pdfdoc.FormatDateTime(time.Date(2026, 11, 30, 9, 30, 0, 0, ams)), "maandag 30 november 2026, 09:30"},
		{"DateTimeFromUTC", pdfdoc.FormatDateTime(time.Date(2026, 7, 4, 22, 15, 0, 0, time.UTC)), "zondag 5 juli 2026, 00:15"},
		{"Date", pdfdoc.FormatDate(time.Date(2027, 3, 3, 12, 0, 0, 0, ams)), "woensdag 3 maart 2027"},
		{"Day", pdfdoc.FormatDay(time.Date(2026, 1, 1, 12, 0, 0, 0, ams)), "1 januari 2026"},
		{"Time", pdfdoc.FormatTime(time.Date(2026, 3, 29, 1, 5, 0, 0, time.UTC)), "03:05"},
		{"Minutes", pdfdoc.FormatMinutes(45), "45 min"},
		{"Hours", pdfdoc.FormatMinutes(120), "2 uur"},
		{"HoursMinutes", pdfdoc.FormatMinutes(150), "2 uur 30 min"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

// TestDoc exercises the builder on its own, as the minutes will: awkward
// input must not panic, a row taller than a page must continue on the next
// page, and redacted cells and pairs must not print their content.
func TestDoc(t *testing.T) {
	d, err := pdfdoc.New(pdfdoc.Meta{
		Site: "ZVH", Title: "Verslag", Author: "Notulist", Subject: "Test",
		Created: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	d.Heading("Besluiten en afspraken")
	d.Subheading("Aanwezig")
	d.Paragraph("Emoji 🙂, CJK 中文, tab\there, control \x07 char, CRLF\r\nline two\n\nafter a blank line.")
	d.Note("Een opmerking.")
	d.KeyValue([]pdfdoc.Pair{
		{Key: "Casus", Value: "2026-0001"},
		{Key: "Thema", Value: "GEHEIM-KV", Redacted: true},
	})
	d.Redacted()
	d.NumberedList([]string{"Eerste", "Tweede, met een heel lange zin die over meer dan één regel moet doorlopen om de hangende inspringing te laten zien."})
	d.EnsureSpace(50)
	d.Space(3)
	long := strings.Repeat("Een regel in een cel die niet op één pagina past. ", 200)
	d.Table([]pdfdoc.Column{{Header: "Wie"}, {Header: "Wat", Width: 3}, {Header: "Bedrag", Width: 1, Right: true}},
		[][]pdfdoc.Cell{
			pdfdoc.Texts("Politie", "Huisbezoek", "€ 150"),
			{{Text: "Reclassering"}, {Text: "GEHEIM-CELL", Redacted: true}, {Text: "—"}},
			pdfdoc.Texts("Gemeente", long, ""),
			{{Text: "kort"}}, // fewer cells than columns
		})
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if *sample != "" {
		_ = os.WriteFile(strings.TrimSuffix(*sample, ".pdf")+"-doc.pdf", buf.Bytes(), 0o644)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Besluiten en afspraken", "€ 150", "after a blank line", "Pagina 3 van", "Reclassering"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for _, secret := range []string{"GEHEIM-KV", "GEHEIM-CELL"} {
		if strings.Contains(text, secret) {
			t.Errorf("redacted value %q printed", secret)
		}
	}
	if n := strings.Count(text, "Bedrag"); n < 3 {
		t.Errorf("table header printed %d times, want it repeated on each page of the long row", n)
	}
}

func TestWriteAgendaEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := pdfdoc.WriteAgenda(&buf, pdfdoc.Agenda{}); err != nil {
		t.Fatalf("WriteAgenda: %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Error("output is not a PDF")
	}
}
