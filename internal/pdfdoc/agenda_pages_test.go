package pdfdoc_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/pdfdoc"
	"casusoverleg/templates"
)

// builtInSet reads the Dutch name and questions of a built-in question set.
func builtInSet(t *testing.T, key string) pdfdoc.QuestionSet {
	t.Helper()
	b, err := templates.FS.ReadFile("questionsets/" + key + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Name      string
		Questions []struct{ Text string }
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	qs := pdfdoc.QuestionSet{Name: f.Name}
	for _, q := range f.Questions {
		qs.Questions = append(qs.Questions, q.Text)
	}
	return qs
}

// threeItems is the agenda of the issue: three cases, each with the
// neighbourhood set, and with own also one set of its own.
func threeItems(t *testing.T, own bool) pdfdoc.Agenda {
	t.Helper()
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	buurt := builtInSet(t, "buurtgericht")
	a := pdfdoc.Agenda{Site: "Zorg- en Veiligheidshuis Maas en Leijgraaf", Title: "Agenda", Series: "Justitieel casusoverleg Oss",
		StartsAt: time.Date(2026, 12, 7, 9, 30, 0, 0, ams), Location: "Zorg- en Veiligheidshuis, Oss", Chair: "Marieke van den Heuvel",
		Secretary: "Jeroen Smits", DurationMinutes: 150, GeneratedFor: "Marieke van den Heuvel, Zorg- en Veiligheidshuis",
		Created: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	for i, key := range []string{"eerste-aanmelding", "terugkeer-detentie", "radicalisering"} {
		a.Items = append(a.Items, pdfdoc.AgendaItem{Position: i + 1, Kind: "Nieuwe casus", Reference: "2026-000" + string(rune('1'+i)),
			Theme: "Top X / high impact crime", Neighbourhood: "5348 Ussen", PlannedMinutes: 20,
			Reason:       "Bedreiging in de buurt neemt toe; afspraken nodig over meldplicht en toezicht.",
			QuestionSets: []pdfdoc.QuestionSet{buurt}})
		if own {
			a.Items[i].QuestionSets = []pdfdoc.QuestionSet{builtInSet(t, key), buurt}
		}
	}
	return a
}

// TestAgendaThreeItemsPages: the items flow on after the overview and each
// question set is printed once, in the annex: three items with the
// neighbourhood set and a set of their own each took four pages and take two.
func TestAgendaThreeItemsPages(t *testing.T) {
	for _, tt := range []struct {
		name     string
		own      bool
		maxPages int
	}{{"SharedSet", false, 2}, {"OwnSets", true, 2}} {
		t.Run(tt.name, func(t *testing.T) {
			pdf := render(t, threeItems(t, tt.own))
			if *sample != "" {
				if err := os.WriteFile(strings.TrimSuffix(*sample, ".pdf")+"-3items-"+tt.name+".pdf", pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			text := pdfText(t, pdf)
			pages := strings.Count(text, "\f")
			t.Logf("3 items: %d pages", pages)
			if pages > tt.maxPages {
				t.Errorf("3 items take %d pages, want at most %d", pages, tt.maxPages)
			}
			if n := strings.Count(text, "In welke buurt leeft de cliënt"); n != 1 {
				t.Errorf("the neighbourhood set is printed %d times, want once (in the annex)", n)
			}
			if n := strings.Count(text, "vragenset A (Buurtgerichte vragen)"); !tt.own && n != 3 {
				t.Errorf("%d items refer to the annex's set A, want 3", n)
			}
			if strings.Contains(text, "CONCEPT") {
				t.Error("a published agenda is marked CONCEPT")
			}
		})
	}
}

// TestAgendaDraftMarkedOnEveryPage: an agenda that is not published says
// CONCEPT on every page.
func TestAgendaDraftMarkedOnEveryPage(t *testing.T) {
	a := sampleAgenda()
	a.Draft = true
	text := pdfText(t, render(t, a))
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	if len(pages) < 2 {
		t.Fatalf("the sample agenda has %d page(s), want several", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p, pdfdoc.DraftMark) {
			t.Errorf("page %d lacks %q", i+1, pdfdoc.DraftMark)
		}
	}
}

// TestAgendaInEnglish: with Lang "en" the agenda's own texts, dates and
// footer are English; what the caller passes (names, reasons) stays as given.
func TestAgendaInEnglish(t *testing.T) {
	a := threeItems(t, false)
	a.Lang, a.Draft = "en", true
	a.Items = append(a.Items, pdfdoc.AgendaItem{Position: 4, Reference: "2026-0666", Redacted: true, PlannedMinutes: 10})
	text := pdfText(t, render(t, a))
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Agenda items", "Overview", "Monday 7 December 2026", "Planned time", "Prepared for:",
		"Case 2026-0001", "Reason", "question set A (Buurtgerichte vragen), annex", "Annex: question sets", "Question set A — Buurtgerichte vragen",
		"Page 1 of", "Confidential — contains personal data", "DRAFT — not published yet", "shielded"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the English agenda lacks %q", want)
		}
	}
	for _, dutch := range []string{"Agendapunten", "Overzicht", "maandag", "december", "Geplande tijd", "Opgesteld voor", "Casus ",
		"Aanleiding", "bijlage", "Pagina", "Vertrouwelijk", "CONCEPT", "afgeschermd", " uur"} {
		if strings.Contains(flat, dutch) {
			t.Errorf("the English agenda shows the Dutch %q", dutch)
		}
	}
}
