package pdfdoc_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/pdfdoc"
)

var (
	update = flag.Bool("update", false, "rewrite the golden files testdata/*.golden.pdf")
	sample = flag.String("sample", "", "also write the sample agenda to this file (e.g. /tmp/agenda.pdf)")
)

// Strings of the redacted item that must never reach the PDF.
const (
	secretTheme  = "Geheimthema radicalisering"
	secretHood   = "9999 Verborgenwijk"
	secretReason = "Geheime aanleiding over de cliënt"
	secretQS     = "Geheime vragenset"
	redactedRef  = "2026-0666"
)

func sampleAgenda() pdfdoc.Agenda {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	start := time.Date(2026, 11, 30, 9, 30, 0, 0, ams)
	themes := []string{"Nazorg ex-gedetineerden", "Huiselijk geweld", "Jeugd", "Top X / high impact crime"}
	hoods := []string{"5342 Schadewijk", "5341 Centrum", "5345 Ruwaard", "5343 Oss-Noord"}
	kinds := []string{"Nieuwe casus", "Vervolgbespreking", "Mandaatrapportage"}
	a := pdfdoc.Agenda{
		Site:            "Zorg- en Veiligheidshuis Brabant Noordoost",
		Title:           "Agenda",
		Series:          "Justitieel casusoverleg Oss",
		StartsAt:        start,
		Location:        "Zorg- en Veiligheidshuis, Oostwal 175, Oss — zaal „De Ruïne”",
		Chair:           "mr. E. van den Bosch (gemeente Oss)",
		Secretary:       "J. Öztürk",
		DurationMinutes: 150,
		GeneratedFor:    "A. de Vries, Reclassering Nederland",
		Created:         time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC),
	}
	a.Items = append(a.Items, pdfdoc.AgendaItem{
		Position: 1, Kind: "Algemeen", Title: "Opening, mededelingen en vaststellen verslag", PlannedMinutes: 5,
		Reason: "Het verslag van vorige week wordt geëvalueerd en vastgesteld. Eén mededeling over de begroting: € 150 per casus voor snelle acties.",
	})
	for i := 2; i <= 40; i++ {
		it := pdfdoc.AgendaItem{
			Position:       i,
			Kind:           kinds[i%len(kinds)],
			Reference:      fmt.Sprintf("2026-%04d", 40+i),
			Theme:          themes[i%len(themes)],
			Neighbourhood:  hoods[i%len(hoods)],
			PlannedMinutes: 10 + 5*(i%3),
			Reason: "Cliënt keert over twee weken terug uit detentie; huisvesting en werk zijn nog niet geregeld. " +
				"Er wonen slachtoffers in de wijk, de buurt heeft zorgen over onrust rond de ruïne aan de Molenstraat.",
		}
		if i%5 == 2 {
			it.QuestionSets = []pdfdoc.QuestionSet{{
				Name: "Wijkgerichte vragen",
				Questions: []string{
					"Welke invloed heeft de wijk op het leven van de cliënt?",
					"Wonen er slachtoffers of getuigen in de buurt, en hoe wordt met hun veiligheid rekening gehouden?",
					"Is er risico op maatschappelijke onrust; is de burgemeester geïnformeerd (BIJ)?",
				},
			}, {
				Name:      "Terugkeer na detentie",
				Questions: []string{"Is er huisvesting?", "Is er werk of dagbesteding?", "Is een gebiedsverbod of huisverbod nodig?"},
			}}
		}
		if i == 7 {
			it = pdfdoc.AgendaItem{
				Position: i, Kind: "Nieuwe casus", Reference: redactedRef, Redacted: true, PlannedMinutes: 15,
				Theme: secretTheme, Neighbourhood: secretHood, Reason: secretReason,
				QuestionSets: []pdfdoc.QuestionSet{{Name: secretQS, Questions: []string{"Geheime vraag?"}}},
			}
		}
		a.Items = append(a.Items, it)
	}
	a.Items = append(a.Items, pdfdoc.AgendaItem{Position: 41, Kind: "Algemeen", Title: "Rondvraag en sluiting", PlannedMinutes: 5})
	return a
}

func render(t *testing.T, a pdfdoc.Agenda) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdfdoc.WriteAgenda(&buf, a); err != nil {
		t.Fatalf("WriteAgenda: %v", err)
	}
	return buf.Bytes()
}

// pdfText extracts the text of a PDF with poppler's pdftotext -layout.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext (poppler-utils) is required when REQUIRE_BROWSER=1")
		}
		t.Skip("pdftotext not installed (poppler-utils)")
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestWriteAgenda(t *testing.T) {
	pdf := render(t, sampleAgenda())
	if *sample != "" {
		if err := os.WriteFile(*sample, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := pdfText(t, pdf)

	t.Run("DutchText", func(t *testing.T) {
		for _, want := range []string{
			"Agenda", "Justitieel casusoverleg Oss", "maandag 30 november 2026", "09:30 – 12:00 uur",
			"Eén", "Schadewijk", "geëvalueerd", "ruïne", "€ 150", "„De Ruïne”", "J. Öztürk",
			"Opgesteld voor: A. de Vries, Reclassering Nederland", "Nazorg ex-gedetineerden",
			"Vragenset A — Wijkgerichte vragen", "Bijlage: vragensets", "Rondvraag en sluiting", "Casus 2026-0080",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
	})
	t.Run("Footer", func(t *testing.T) {
		for _, want := range []string{"Pagina 1 van ", "Pagina 2 van ", pdfdoc.Classification} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
		pages := strings.Count(text, "\f")
		if !strings.Contains(text, fmt.Sprintf("Pagina %d van %d", pages, pages)) {
			t.Errorf("last page footer should read Pagina %d van %d", pages, pages)
		}
	})
	t.Run("Redacted", func(t *testing.T) {
		found := false
		for _, line := range strings.Split(text, "\n") {
			if strings.Contains(line, redactedRef) && strings.Contains(line, pdfdoc.RedactedText) {
				found = true
			}
		}
		if !found {
			t.Errorf("no line shows %s with %q", redactedRef, pdfdoc.RedactedText)
		}
		for _, secret := range []string{secretTheme, secretHood, secretReason, secretQS, "Geheim", "Verborgenwijk"} {
			if strings.Contains(text, secret) {
				t.Errorf("PDF text leaks %q of a redacted item", secret)
			}
		}
	})
	t.Run("HeaderRepeated", func(t *testing.T) {
		// The overview table runs over a page break and repeats its header.
		if n := strings.Count(text, "Casus / onderwerp"); n < 2 {
			t.Errorf("table header printed %d times, want a repeat after the page break", n)
		}
	})
}

func TestWriteAgendaGolden(t *testing.T) {
	a := sampleAgenda()
	checkGolden(t, "agenda.golden.pdf", func() []byte { return render(t, a) })
}

// checkGolden renders twice (the output must not vary with a fixed creation
// date) and compares with testdata/name; -update rewrites the file.
func checkGolden(t *testing.T, name string, render func() []byte) {
	t.Helper()
	first, second := render(), render()
	if !bytes.Equal(first, second) {
		t.Fatal("two renders with a fixed creation date differ")
	}
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, first, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/pdfdoc -update)", err)
	}
	if !bytes.Equal(first, want) {
		t.Errorf("output differs from %s (%d vs %d bytes); if the change is intended run go test ./internal/pdfdoc -update and look at the PDF",
			golden, len(first), len(want))
	}
}

func BenchmarkWriteAgenda(b *testing.B) {
	a := sampleAgenda()
	for b.Loop() {
		var buf bytes.Buffer
		if err := pdfdoc.WriteAgenda(&buf, a); err != nil {
			b.Fatal(err)
		}
	}
}
