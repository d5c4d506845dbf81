package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// printConfidential is the confidentiality line every printed page carries.
const printConfidential = "Vertrouwelijk — bevat persoonsgegevens (AVG art. 9/10)"

// TestPrintedPages prints the agenda (as the chair), the minutes (as the
// secretary, with the forms to record), a case and "Mijn acties" (as the
// police officer) to PDF as Chromium does for a reader, and reads the paper
// back: every page ends with the confidentiality line, and no navigation,
// button or link that only works on screen is printed.
func TestPrintedPages(t *testing.T) {
	t.Parallel()
	r := startPageRegion(t)
	tokens := map[string]pageUser{}
	for _, u := range r.tokens {
		tokens[u.name] = u
	}
	meeting := fmt.Sprintf("/conferences/%d", r.Meeting.ID)
	pages := []struct {
		path, user string
		want       []string // what the paper shows
	}{
		{meeting, chairEmail, []string{"Agenda", r.Case.Reference, "Aanleiding"}},
		{meeting + "/minutes", mjSecretaryEmail, []string{"Verslag", "Toezicht loopt", "De politie mag een gebiedsverbod voorbereiden"}},
		{fmt.Sprintf("/cases/%d", r.Case.ID), policeEmail, []string{r.Case.Reference, "Tijdlijn"}},
		{"/actions", policeEmail, []string{"Mijn acties", "Huisbezoek afleggen"}},
	}
	// Texts of the screen only: the menu, the language switch, buttons and links to act.
	screenOnly := []string{"Uitloggen", "Menu", "Naar de inhoud", "NL | EN", "Agendapunt aanmelden", "Vervolgpunten toevoegen",
		"Opslaan", "Besluit toevoegen", "Afspraak toevoegen", "Agenda als PDF", "Afronden"}
	ctx, _ := newBrowserWithin(t, 2*testTimeout)
	b := &tab{t: t, ctx: ctx, base: r.URL, shots: new(int)}
	for _, p := range pages {
		t.Run(strings.TrimPrefix(p.path, "/"), func(t *testing.T) {
			s := *b
			s.t = t
			s.show(appPage{route: p.path, path: p.path, user: tokens[p.user]}, viewports[1])
			sctx, cancel := s.stepCtx()
			defer cancel()
			res, err := chromedp.Call(sctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: new(true)})
			if err != nil {
				t.Fatalf("print %s: %v", p.path, err)
			}
			if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
				_ = os.WriteFile(filepath.Join(dir, "print-"+fileName(p.path)+".pdf"), res.Data, 0o644)
			}
			text := pdftotext(t, res.Data)
			sheets := strings.Split(strings.TrimRight(text, "\f"), "\f")
			t.Logf("%s prints on %d page(s)", p.path, len(sheets))
			for i, sheet := range sheets {
				if !strings.Contains(strings.Join(strings.Fields(sheet), " "), printConfidential) {
					t.Errorf("page %d of %s lacks the confidentiality line %q", i+1, p.path, printConfidential)
				}
			}
			for _, w := range p.want {
				if !strings.Contains(text, w) {
					t.Errorf("the printed %s lacks %q", p.path, w)
				}
			}
			for _, w := range screenOnly {
				if strings.Contains(text, w) {
					t.Errorf("the printed %s shows %q, which is for the screen", p.path, w)
				}
			}
		})
	}
}

// pdftotext returns the text of pdf, pages separated by form feeds; without
// poppler the test is skipped, or fails when REQUIRE_BROWSER=1.
func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext (poppler-utils) is required when REQUIRE_BROWSER=1")
		}
		t.Skip("pdftotext not installed (poppler-utils)")
	}
	in := filepath.Join(t.TempDir(), "print.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
