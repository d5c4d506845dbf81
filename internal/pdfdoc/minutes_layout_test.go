package pdfdoc_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"casusoverleg/internal/pdfdoc"
)

func TestWriteMinutesNotRedacted(t *testing.T) {
	m := sampleMinutes()
	m.Redacted = false
	var items []pdfdoc.MinutesItem
	for _, it := range m.Items {
		if !it.Redacted {
			items = append(items, it)
		}
	}
	m.Items = items
	text := pdfText(t, renderMinutes(t, m))
	if strings.Contains(squash(text), squash("Deze versie is afgeschermd")) {
		t.Error("a copy without redacted items carries the redaction notice")
	}
	if strings.Contains(text, pdfdoc.RedactedText) {
		t.Errorf("a copy without redacted items prints %q", pdfdoc.RedactedText)
	}

	// A redacted item is announced even when the caller forgot to set Redacted.
	m.Items = append(m.Items, pdfdoc.MinutesItem{Position: 9, Reference: "2026-0999", Redacted: true, Summary: "Geheim"})
	text = pdfText(t, renderMinutes(t, m))
	if !strings.Contains(squash(text), squash(pdfdoc.RedactionNotice)) {
		t.Error("a copy with a redacted item lacks the redaction notice")
	}
}

func TestWriteMinutesUnsigned(t *testing.T) {
	m := sampleMinutes()
	m.Signatures, m.Addenda, m.Status = nil, nil, "Concept"
	text := pdfText(t, renderMinutes(t, m))
	for _, want := range []string{"Ondertekening", pdfdoc.NotSigned, "Inhoudshash (SHA-256): " + sampleHash, "Concept"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if strings.Contains(text, "Goedgekeurd op") {
		t.Error("unsigned minutes show an approval")
	}
}

// TestWriteMinutesLong renders 40 items, each with every block, over many
// pages; a long hash must wrap inside the signature box.
func TestWriteMinutesLong(t *testing.T) {
	m := sampleMinutes()
	base := m.Items[1]
	m.Items = nil
	for i := 1; i <= 40; i++ {
		it := base
		it.Position = i
		it.Reference = fmt.Sprintf("2026-%04d", 100+i)
		if i%9 == 0 {
			it = pdfdoc.MinutesItem{Position: i, Reference: fmt.Sprintf("2026-%04d", 100+i), Redacted: true, Summary: "Geheim"}
		}
		m.Items = append(m.Items, it)
	}
	m.ContentHash = strings.Repeat(sampleHash, 3)
	pdf := renderMinutes(t, m)
	text := pdfText(t, pdf)
	pages := strings.Count(text, "\f")
	if pages < 10 {
		t.Errorf("40 items on %d pages, want many more than one", pages)
	}
	if !strings.Contains(text, fmt.Sprintf("Pagina %d van %d", pages, pages)) {
		t.Errorf("last page footer should read Pagina %d van %d", pages, pages)
	}
	for _, want := range []string{"Casus 2026-0140", "2026-0109", "Inhoudshash (SHA-256):"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if !strings.Contains(squash(text), squash(m.ContentHash)) {
		t.Error("the wrapped hash is not printed in full")
	}
	if strings.Contains(text, "Geheim") {
		t.Error("a redacted item leaks its summary")
	}
}

func TestWriteMinutesEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := pdfdoc.WriteMinutes(&buf, pdfdoc.Minutes{}); err != nil {
		t.Fatalf("WriteMinutes: %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("output is not a PDF")
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Verslag", "Geen presentielijst vastgelegd.", pdfdoc.NotSigned} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

// TestWriteMinutesAwkward feeds input a form may produce: control
// characters, characters outside the BMP, endless words, empty and zero
// fields, a very long title. It must render without error.
func TestWriteMinutesAwkward(t *testing.T) {
	long := strings.Repeat("Zeerlangwoordzonderspaties", 30)
	odd := "Emoji 🙂, CJK 中文, tab\there, control \x07 char, CRLF\r\nline two\n\nna een lege regel. " + long
	m := pdfdoc.Minutes{
		Title: odd, Series: odd, Location: odd, Chair: odd, Secretary: odd, Status: odd, GeneratedFor: odd,
		ContentHash: long,
		Attendance:  []pdfdoc.Attendee{{Name: odd, Organisation: odd, Presence: odd, Remark: odd}, {}},
		Items: []pdfdoc.MinutesItem{
			{Position: 1, Title: strings.Repeat(odd, 10), Kind: odd, Theme: odd, Neighbourhood: odd, Summary: strings.Repeat(odd, 20),
				Answers:   []pdfdoc.Answer{{Question: odd, Answer: odd}, {}},
				Decisions: []pdfdoc.DecisionLine{{Text: odd, Kind: odd, Outcome: odd, Resolution: odd, Positions: []pdfdoc.PositionLine{{Organisation: odd, Stance: odd, Remark: odd}, {}}}, {}},
				Actions:   []pdfdoc.ActionLine{{What: odd, Owner: odd, Status: odd}, {}},
				Mandates:  []pdfdoc.MandateLine{{Grantee: odd, Scope: odd, Conditions: odd, Status: odd, QuickActions: []string{odd, ""}}, {}},
			},
			{},
			{Redacted: true},
		},
		Addenda:    []pdfdoc.Addendum{{Text: odd, Signed: odd}, {}},
		Signatures: []pdfdoc.SignatureLine{{Role: odd, Name: odd, Organisation: odd}, {}, {}, {}, {}},
	}
	pdf := renderMinutes(t, m)
	if *sample != "" {
		_ = os.WriteFile(strings.TrimSuffix(*sample, ".pdf")+"-minutes-awkward.pdf", pdf, 0o644)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Ondertekening", "na een lege regel", "Agendapunt"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestWriteMinutesGolden(t *testing.T) {
	m := sampleMinutes()
	checkGolden(t, "minutes.golden.pdf", func() []byte { return renderMinutes(t, m) })
}

func BenchmarkWriteMinutes(b *testing.B) {
	m := sampleMinutes()
	for b.Loop() {
		var buf bytes.Buffer
		if err := pdfdoc.WriteMinutes(&buf, m); err != nil {
			b.Fatal(err)
		}
	}
}
