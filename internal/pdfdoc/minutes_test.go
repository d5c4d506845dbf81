package pdfdoc_test

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/pdfdoc"
)

// Strings of the redacted minutes item that must never reach the PDF.
const (
	secretMinTitle    = "Geheime titel van het punt"
	secretMinKind     = "Geheimsoort"
	secretMinTheme    = "Geheimthema eerwraak"
	secretMinHood     = "9998 Verstoptewijk"
	secretMinSummary  = "Geheime stand van zaken over de cliënt"
	secretMinQuestion = "Geheime vraag over het gezin"
	secretMinAnswer   = "Geheim antwoord van de politie"
	secretMinDecision = "Geheim besluit tot huisverbod"
	secretMinOrg      = "Geheime Stichting"
	secretMinRemark   = "Geheime toelichting"
	secretMinResolve  = "Geheime oplossing"
	secretMinAction   = "Geheime afspraak"
	secretMinOwner    = "Geheime eigenaar"
	secretMinGrantee  = "Geheime gemachtigde"
	secretMinScope    = "Geheime reikwijdte"
	secretMinCond     = "Geheime voorwaarde"
	secretMinQuick    = "Geheime snelle actie"
	redactedMinRef    = "2026-0667"

	sampleHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
)

var ams = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return l
}()

// sampleMinutes is a realistic verslag: general items, cases with every kind
// of block, an escalated and resolved decision, a mandate with quick actions,
// a redacted item, an addendum and two signatures.
func sampleMinutes() pdfdoc.Minutes {
	start := time.Date(2026, 11, 30, 9, 30, 0, 0, ams)
	m := pdfdoc.Minutes{
		Site:         "Zorg- en Veiligheidshuis Brabant Noordoost",
		Title:        "Verslag",
		Series:       "Justitieel casusoverleg Oss",
		StartsAt:     start,
		Location:     "Zorg- en Veiligheidshuis, Oostwal 175, Oss — zaal „De Ruïne”",
		Chair:        "mr. E. van den Bosch (gemeente Oss)",
		Secretary:    "J. Öztürk",
		Status:       "Ondertekend",
		Redacted:     true,
		GeneratedFor: "A. de Vries, Reclassering Nederland",
		ContentHash:  sampleHash,
		Created:      time.Date(2026, 11, 30, 15, 12, 0, 0, time.UTC),
		Attendance: []pdfdoc.Attendee{
			{Name: "mr. E. van den Bosch", Organisation: "Gemeente Oss", Presence: "aanwezig", Remark: "voorzitter"},
			{Name: "J. Öztürk", Organisation: "Zorg- en Veiligheidshuis", Presence: "aanwezig", Remark: "notulist"},
			{Name: "R. Jansen", Organisation: "Politie Oost-Brabant", Presence: "aanwezig", Remark: "wijkagent Schadewijk"},
			{Name: "A. de Vries", Organisation: "Reclassering Nederland", Presence: "aanwezig"},
			{Name: "M. Bakker", Organisation: "Openbaar Ministerie", Presence: "afgemeld", Remark: "schriftelijke inbreng vooraf"},
			{Name: "S. el Idrissi", Organisation: "Politie Oost-Brabant", Presence: "aanwezig", Remark: "SAVE-team"},
			{Name: "L. Maës", Organisation: "GGZ Oost Brabant", Presence: "aanwezig"},
			{Name: "H. Claeß", Organisation: "Woningcorporatie Area", Presence: "afwezig", Remark: "geen bericht ontvangen"},
			{Name: "P. van Rijn", Organisation: "Gemeente Oss", Presence: "aanwezig", Remark: "beleidsadviseur veiligheid"},
			{Name: "Chloë Peeters", Organisation: "Veilig Thuis Brabant Noordoost", Presence: "aanwezig"},
			{Name: "T. de Groot", Organisation: "Wijkteam Oss-Noord", Presence: "aanwezig"},
			{Name: "N. Yılmaz", Organisation: "Reclassering Nederland", Presence: "afgemeld", Remark: "vervangen door A. de Vries"},
		},
		Signatures: []pdfdoc.SignatureLine{
			{Role: "Voorzitter", Name: "mr. E. van den Bosch", Organisation: "Gemeente Oss", ApprovedAt: time.Date(2026, 11, 30, 15, 4, 0, 0, time.UTC)},
			{Role: "Notulist", Name: "J. Öztürk", Organisation: "Zorg- en Veiligheidshuis", ApprovedAt: time.Date(2026, 11, 30, 15, 11, 0, 0, time.UTC)},
		},
		Addenda: []pdfdoc.Addendum{{
			Number: 1,
			Text:   "Bij agendapunt 3 is de uiterlijke datum van de afspraak over de woningtoewijzing gecorrigeerd van 7 naar 14 december 2026.",
			Signed: "Ondertekend 1 december 2026, 10:05 door mr. E. van den Bosch en J. Öztürk",
		}},
	}
	m.Items = []pdfdoc.MinutesItem{
		{
			Position: 1, Kind: "Algemeen", Title: "Opening, mededelingen en vaststellen verslag",
			Summary: "De voorzitter opent de vergadering om 09:32 uur. Het verslag van 23 november is ongewijzigd vastgesteld. " +
				"Mededeling: voor snelle acties is per casus een budget van € 150 beschikbaar; de gemeente evalueert dit na het eerste kwartaal.",
		},
		{
			Position: 2, Reference: "2026-0042", Kind: "Vervolgbespreking", Theme: "Nazorg ex-gedetineerden", Neighbourhood: "5342 Schadewijk",
			Summary: "Cliënt keert op 14 december terug uit detentie. Huisvesting is nog niet geregeld; de woningcorporatie onderzoekt een " +
				"tijdelijke woning buiten de Schadewijk. Er wonen twee slachtoffers in de straat, de buurt maakt zich zorgen over onrust rond de ruïne aan de Molenstraat.",
			Answers: []pdfdoc.Answer{
				{Question: "Welke invloed heeft de wijk op het leven van de cliënt?", Answer: "Groot: zijn oude netwerk woont in de wijk en er is een bekende drugslocatie op 200 meter."},
				{Question: "Wonen er slachtoffers of getuigen in de buurt, en hoe wordt met hun veiligheid rekening gehouden?", Answer: "Twee slachtoffers in de Molenstraat. Politie voert een veiligheidsgesprek; Slachtofferhulp is ingeschakeld."},
				{Question: "Is de burgemeester geïnformeerd (Bestuurlijke Informatievoorziening Justitiabelen)?", Answer: "Ja, op 25 november."},
				{Question: "Is er werk of dagbesteding?"},
			},
			Decisions: []pdfdoc.DecisionLine{
				{
					Text: "Cliënt krijgt een gebiedsverbod voor de Molenstraat en omgeving voor de duur van zes maanden; de reclassering ziet toe op naleving.",
					Kind: "Gebiedsverbod", Outcome: "aangenomen",
					Positions: []pdfdoc.PositionLine{
						{Organisation: "Gemeente Oss", Stance: "akkoord"},
						{Organisation: "Politie Oost-Brabant", Stance: "akkoord", Remark: "Handhaving door wijkagent; melding bij overtreding binnen 24 uur."},
						{Organisation: "Reclassering Nederland", Stance: "akkoord", Remark: "Opnemen als bijzondere voorwaarde."},
						{Organisation: "GGZ Oost Brabant", Stance: "onthouding", Remark: "Geen behandelrelatie met cliënt."},
					},
				},
				{
					Text: "Tijdelijke huisvesting buiten de Schadewijk via de urgentieregeling.",
					Kind: "Afspraak over huisvesting", Outcome: "opgeschaald",
					Positions: []pdfdoc.PositionLine{
						{Organisation: "Gemeente Oss", Stance: "akkoord"},
						{Organisation: "Woningcorporatie Area", Stance: "bezwaar", Remark: "Geen woning beschikbaar vóór 1 februari; opschalen naar de stuurgroep."},
					},
					Resolution: "Stuurgroep 3 december: de gemeente huurt tijdelijk een kamer bij een pension; de corporatie biedt per 1 februari een woning aan.",
				},
			},
			Actions: []pdfdoc.ActionLine{
				{What: "Veiligheidsgesprek met beide slachtoffers in de Molenstraat", Owner: "Politie Oost-Brabant (R. Jansen)", Due: time.Date(2026, 12, 10, 0, 0, 0, 0, ams), Status: "open"},
				{What: "Woningtoewijzing voorleggen aan de stuurgroep", Owner: "Gemeente Oss (P. van Rijn)", Due: time.Date(2026, 12, 14, 0, 0, 0, 0, ams), Status: "afgerond"},
				{What: "Dagbesteding zoeken bij het werkbedrijf", Owner: "Reclassering Nederland", Due: time.Date(2026, 12, 21, 0, 0, 0, 0, ams), Status: "te laat"},
			},
			Mandates: []pdfdoc.MandateLine{{
				Grantee:    "Reclassering Nederland (A. de Vries)",
				Scope:      "Cliënt bij overtreding van het gebiedsverbod direct aanspreken en een meldplicht opleggen",
				Conditions: "In overleg met het OM; melding binnen 24 uur aan de voorzitter",
				ValidFrom:  time.Date(2026, 11, 30, 0, 0, 0, 0, ams), ValidUntil: time.Date(2027, 5, 31, 0, 0, 0, 0, ams),
				Status: "actief",
				QuickActions: []string{
					"2 december 2026 — meldplicht opgelegd na melding wijkagent (A. de Vries)",
					"5 december 2026 — gesprek met cliënt en zijn moeder over de afspraken rond de Molenstraat, met een afschrift aan het OM en de wijkagent (A. de Vries)",
				},
			}},
		},
		{
			Position: 3, Reference: redactedMinRef, Redacted: true, Title: secretMinTitle,
			Kind: secretMinKind, Theme: secretMinTheme, Neighbourhood: secretMinHood, Summary: secretMinSummary,
			Answers:   []pdfdoc.Answer{{Question: secretMinQuestion, Answer: secretMinAnswer}},
			Decisions: []pdfdoc.DecisionLine{{Text: secretMinDecision, Kind: secretMinKind, Outcome: "aangenomen", Resolution: secretMinResolve, Positions: []pdfdoc.PositionLine{{Organisation: secretMinOrg, Stance: "akkoord", Remark: secretMinRemark}}}},
			Actions:   []pdfdoc.ActionLine{{What: secretMinAction, Owner: secretMinOwner, Due: time.Date(2026, 12, 1, 0, 0, 0, 0, ams)}},
			Mandates:  []pdfdoc.MandateLine{{Grantee: secretMinGrantee, Scope: secretMinScope, Conditions: secretMinCond, QuickActions: []string{secretMinQuick}}},
		},
		{
			Position: 4, Reference: "2026-0051", Kind: "Nieuwe casus", Theme: "Huiselijk geweld", Neighbourhood: "5345 Ruwaard",
			Summary: "Aanmelding door Veilig Thuis na drie meldingen in zes weken. Gezinsbrede veiligheid: twee kinderen (4 en 7 jaar). " +
				"Het wijkteam biedt vrijwillige hulp; strafrechtelijk ingrijpen kan daarmee schuren, daarom wordt de communicatie met het gezin afgestemd.",
			Decisions: []pdfdoc.DecisionLine{{
				Text: "Het wijkteam is procesregisseur; Veilig Thuis en het SAVE-team stemmen hun opdrachten binnen twee weken af in een gezamenlijk plan.",
				Kind: "Procesregie", Outcome: "aangenomen",
				Positions: []pdfdoc.PositionLine{
					{Organisation: "Veilig Thuis Brabant Noordoost", Stance: "akkoord"},
					{Organisation: "Wijkteam Oss-Noord", Stance: "akkoord", Remark: "Capaciteit vrijgemaakt."},
					{Organisation: "Politie Oost-Brabant", Stance: "akkoord"},
				},
			}},
			Actions: []pdfdoc.ActionLine{
				{What: "Gezamenlijk plan gezinsbrede veiligheid opstellen", Owner: "Wijkteam Oss-Noord (T. de Groot)", Due: time.Date(2026, 12, 14, 0, 0, 0, 0, ams)},
			},
		},
		{Position: 5, Kind: "Algemeen", Title: "Rondvraag en sluiting", Summary: "Geen vragen. De voorzitter sluit de vergadering om 11:48 uur."},
	}
	return m
}

func renderMinutes(t *testing.T, m pdfdoc.Minutes) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdfdoc.WriteMinutes(&buf, m); err != nil {
		t.Fatalf("WriteMinutes: %v", err)
	}
	return buf.Bytes()
}

// squash removes all white space, so that a check does not depend on where
// pdftotext -layout breaks or spaces a line.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func TestWriteMinutes(t *testing.T) {
	pdf := renderMinutes(t, sampleMinutes())
	if *sample != "" {
		if err := os.WriteFile(strings.TrimSuffix(*sample, ".pdf")+"-minutes.pdf", pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := pdfText(t, pdf)

	t.Run("DutchText", func(t *testing.T) {
		for _, want := range []string{
			"Verslag", "Justitieel casusoverleg Oss", "maandag 30 november 2026", "09:30 uur", "Ondertekend",
			"„De Ruïne”", "€", "geïnformeerd", "Cliënt keert", "Chloë Peeters", "Maës", "Claeß", "Yılmaz", "vóór",
			"Opgesteld voor: A. de Vries, Reclassering Nederland",
			"Stand van zaken", "Vragen en antwoorden", "Niet beantwoord.",
			"Casus 2026-0042", "Nazorg ex-gedetineerden · Wijk 5342 Schadewijk",
			"Opening, mededelingen en vaststellen verslag", "Rondvraag en sluiting",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
		// Wrapped text: compare without white space.
		for _, want := range []string{"budget van € 150 beschikbaar", "Welke invloed heeft de wijk op het leven van de cliënt?"} {
			if !strings.Contains(squash(text), squash(want)) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
	})
	t.Run("Attendance", func(t *testing.T) {
		for _, want := range []string{"Aanwezigheid", "12 deelnemers van 9 organisaties: 9 aanwezig, 2 afgemeld, 1 afwezig."} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
		for _, a := range sampleMinutes().Attendance {
			if !strings.Contains(text, a.Name) {
				t.Errorf("attendance lacks %q", a.Name)
			}
		}
		// Grouped by organisation: each organisation is named once, on the
		// row of its first person, and both police officers follow it.
		if n := strings.Count(text, "Politie Oost-Brabant    "); n < 1 {
			t.Errorf("no attendance row starts with Politie Oost-Brabant")
		}
		var lines []string
		for _, l := range strings.Split(text, "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, l)
			}
		}
		found := false
		for i, l := range lines {
			if strings.Contains(l, "R. Jansen") {
				found = true
				if !strings.Contains(l, "Politie Oost-Brabant") || i+1 >= len(lines) ||
					!strings.Contains(lines[i+1], "S. el Idrissi") || strings.Contains(lines[i+1], "Politie") {
					t.Errorf("police attendees are not grouped: %q / %q", l, lines[min(i+1, len(lines)-1)])
				}
			}
		}
		if !found {
			t.Error("R. Jansen not listed")
		}
	})
	t.Run("Decisions", func(t *testing.T) {
		for _, want := range []string{
			"Besluit 1", "Besluit 2", "Gebiedsverbod", "aangenomen", "opgeschaald",
			"Organisatie", "Standpunt", "Toelichting", "onthouding", "bezwaar",
			"Handhaving door wijkagent", "Oplossing", "Stuurgroep 3 december",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
		// A position is one table row: organisation, stance and remark.
		if !regexp.MustCompile(`Politie Oost-Brabant\s+akkoord\s+Handhaving door wijkagent`).MatchString(text) {
			t.Error("positions table row of the police is not organisation | standpunt | toelichting")
		}
		if !regexp.MustCompile(`Woningcorporatie Area\s+bezwaar\s+Geen woning beschikbaar`).MatchString(text) {
			t.Error("positions table row of the objection is missing")
		}
	})
	t.Run("ActionsAndMandates", func(t *testing.T) {
		for _, want := range []string{
			"Afspraken", "Wat", "Eigenaar", "Uiterlijk", "Status", "10 december 2026", "te laat",
			"Mandaat aan Reclassering Nederland (A. de Vries)", "actief", "Reikwijdte", "Voorwaarden", "In overleg met het OM",
			"Geldig", "30 november 2026 tot en met 31 mei 2027", "Snelle acties", "meldplicht opgelegd",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
		if !regexp.MustCompile(`Veiligheidsgesprek[^\n]*Politie Oost-Brabant[^\n]*10 december 2026\s+open`).MatchString(text) {
			t.Error("actions table row is not wat | eigenaar | uiterlijk | status")
		}
	})
	t.Run("Addenda", func(t *testing.T) {
		for _, want := range []string{"Addenda", "Addendum 1", "gecorrigeerd van 7 naar 14 december 2026", "Ondertekend 1 december 2026, 10:05"} {
			if !strings.Contains(squash(text), squash(want)) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
	})
	t.Run("Signatures", func(t *testing.T) {
		for _, want := range []string{
			"Ondertekening", "Voorzitter", "Notulist", "Goedgekeurd op 30 november 2026 om 16:04 uur",
			"Goedgekeurd op 30 november 2026 om 16:11 uur", "Inhoudshash (SHA-256): " + sampleHash,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
		if strings.Contains(text, pdfdoc.NotSigned) {
			t.Errorf("signed minutes say %q", pdfdoc.NotSigned)
		}
		// The signature block comes last: after the addenda, on the last page.
		pages := strings.Split(text, "\f")
		lastPage := pages[len(pages)-1]
		if strings.TrimSpace(lastPage) == "" && len(pages) > 1 {
			lastPage = pages[len(pages)-2]
		}
		if !strings.Contains(lastPage, "Ondertekening") || strings.Index(text, "Addendum 1") > strings.Index(text, "Inhoudshash") {
			t.Error("the signature block is not at the end of the document")
		}
	})
	t.Run("Footer", func(t *testing.T) {
		for _, want := range []string{"Pagina 1 van ", pdfdoc.Classification} {
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
			if strings.Contains(line, "3.") && strings.Contains(line, redactedMinRef) && strings.Contains(line, pdfdoc.RedactedText) {
				found = true
			}
		}
		if !found {
			t.Errorf("no line shows item 3, %s and %q", redactedMinRef, pdfdoc.RedactedText)
		}
		for _, secret := range []string{
			secretMinTitle, secretMinKind, secretMinTheme, secretMinHood, secretMinSummary, secretMinQuestion,
			secretMinAnswer, secretMinDecision, secretMinOrg, secretMinRemark, secretMinResolve, secretMinAction,
			secretMinOwner, secretMinGrantee, secretMinScope, secretMinCond, secretMinQuick, "Geheim", "Verstoptewijk",
		} {
			if strings.Contains(text, secret) {
				t.Errorf("PDF text leaks %q of a redacted item", secret)
			}
		}
		// Nor in the PDF's metadata or any other uncompressed place.
		if bytes.Contains(pdf, []byte("Geheim")) {
			t.Error("PDF bytes contain a secret of a redacted item")
		}
	})
	t.Run("RedactionNotice", func(t *testing.T) {
		pages := strings.Split(text, "\f")
		if !strings.Contains(squash(pages[0]), squash(pdfdoc.RedactionNotice)) {
			t.Error("page 1 lacks the redaction notice")
		}
	})
}
