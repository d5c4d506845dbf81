package pdfdoc_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/pdfdoc"
)

func TestWritePlainHasTheMinutesText(t *testing.T) {
	m := sampleMinutes()
	paragraphs := m.Text()
	var buf bytes.Buffer
	if err := pdfdoc.WritePlain(&buf, m.Title, paragraphs, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	text := squash(pdfText(t, buf.Bytes()))
	var checked int
	for _, it := range m.Items {
		if it.Redacted {
			// What a reader may not see is not in the minutes' text either.
			if it.Summary != "" && strings.Contains(text, squash(it.Summary)) {
				t.Errorf("plain PDF shows the redacted item's summary %q", it.Summary)
			}
			continue
		}
		for _, want := range []string{it.Reference, it.Summary} {
			if want == "" {
				continue
			}
			checked++
			if !strings.Contains(text, squash(want)) {
				t.Errorf("plain PDF lacks %q", want)
			}
		}
		for _, d := range it.Decisions {
			checked++
			if !strings.Contains(text, squash(d.Text)) {
				t.Errorf("plain PDF lacks decision %q", d.Text)
			}
		}
	}
	if checked < 3 {
		t.Fatalf("sample minutes too small to check (%d texts)", checked)
	}
	if !strings.Contains(strings.Join(paragraphs, "\n"), m.Attendance[0].Name) {
		t.Errorf("Text lacks the attendance")
	}
}
