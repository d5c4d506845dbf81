package e2e

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"casusoverleg/internal/demo"
)

// privacyEmail is the privacy officer of the demo region: access reports only.
const privacyEmail = "fg@zvh.example.nl"

// deGraafBSN is the BSN of R. de Graaf, a person of the demo region.
const deGraafBSN = "577463706"

// privacyPDF is the access report PDF as fetched from the page.
type privacyPDF struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Data   string `json:"data"` // base64
}

// TestJourneyPrivacyOfficerMakesAccessReport: the privacy officer logs in
// with a second factor, lands on the person search, finds R. de Graaf by BSN, makes the access
// report (persons, the case with its history, the organisations with access,
// the reads), opens it as PDF, records a refused erasure request in the
// register and is refused the case pages; at 390 px.
func TestJourneyPrivacyOfficerMakesAccessReport(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	b := openTab(t, r.URL)
	var report string
	b.steps(
		journeyStep{"LoginWithSecondFactorLandsOnSearch", func(b *tab) {
			status := b.login(privacyEmail, demo.Password)
			b.wantPage("/account/totp", status, 200)
			code, err := totp.GenerateCode(b.text("main code"), time.Now())
			if err != nil {
				b.t.Fatal(err)
			}
			b.fill("#code", code)
			noteRecoveryCodes(b, b.click(`main form[action="/account/totp"] button[type=submit]`))
			status = b.click(`main a.button.primary`)
			b.wantPage("/privacy", status, 200)
			if n := b.eval(`String(document.querySelectorAll('header nav a[href="/cases"], header nav a[href="/conferences"], header nav a[href="/reports"]').length)`); n != "0" {
				b.t.Errorf("the privacy officer's menu links to cases, meetings or reports (%s links)", n)
			}
			b.a11y()
		}},
		journeyStep{"FindsByBSN", func(b *tab) {
			b.fill("#bsn", deGraafBSN)
			status := b.click(`main form[action="/privacy"] button[type=submit]`)
			b.wantPage("/privacy", status, 200)
			b.wantText("de Graaf", "*****3706")
			if strings.Contains(b.bodyText(), deGraafBSN) {
				b.t.Error("the search shows the BSN in full")
			}
			b.look("privacy-search")
			b.a11y()
		}},
		journeyStep{"MakesReport", func(b *tab) {
			status := b.click(`main a[href^="/privacy/persons/"]`)
			b.wantPage(`/privacy/persons/[0-9]+`, status, 200)
			report = b.path()
			b.wantText("Inzagerapport (AVG art. 15)", "Persoonsregistraties", "Organisaties met toegang", "Inzage in de gegevens (auditlog)", "betrokken organisatie")
			b.look("privacy-report")
			b.a11y()
		}},
		journeyStep{"OpensPDF", func(b *tab) {
			href := b.attr(`main a[href$="/report.pdf"]`, "href")
			if href != report+"/report.pdf" {
				b.t.Fatalf("PDF link %q, want %s/report.pdf", href, report)
			}
			got := agendaEvalPromise[privacyPDF](b, `fetch(`+jsString(href)+`, {credentials: 'same-origin'}).then(async r => {
				const bytes = new Uint8Array(await r.arrayBuffer());
				let s = ''; for (const x of bytes) s += String.fromCharCode(x);
				return {status: r.status, type: r.headers.get('Content-Type') || '', data: btoa(s)};
			})`)
			pdf, err := base64.StdEncoding.DecodeString(got.Data)
			if err != nil || got.Status != 200 || !strings.HasPrefix(got.Type, "application/pdf") || !strings.HasPrefix(string(pdf), "%PDF-") {
				b.t.Fatalf("report.pdf: HTTP %d, %s, %d bytes (%v)", got.Status, got.Type, len(pdf), err)
			}
			text := pdftotext(b.t, pdf)
			for _, want := range []string{"Inzagerapport", "de Graaf", "Organisaties met toegang", "Inzage in de gegevens"} {
				if !strings.Contains(text, want) {
					b.t.Errorf("the PDF lacks %q", want)
				}
			}
		}},
		journeyStep{"RecordsErasureRequest", func(b *tab) {
			status := b.open(report)
			b.wantPage(`/privacy/persons/[0-9]+`, status, 200)
			status = b.click(`main a[href^="/privacy/requests?person_id="]`)
			b.wantPage("/privacy/requests", status, 200)
			if got, want := b.value("#person_id"), strings.TrimPrefix(report, "/privacy/persons/"); got != want {
				b.t.Errorf("person number %q, want %q", got, want)
			}
			b.choose("#kind", "erasure")
			b.choose("#received_on", "2026-11-20")
			b.fill("#asked", "Verwijder mijn gegevens uit het casusoverleg.")
			b.choose("#decision", "refused")
			b.fill("#reason", "De casus loopt nog; de bewaartermijn is niet verstreken.")
			status = b.click(`main form[action="/privacy/requests"] button[type=submit]`)
			b.wantPage("/privacy/requests", status, 200)
			b.wantText("Verzoek vastgelegd: AVG-", "verwijdering", "afgewezen", "Priya Ramdin")
			b.look("privacy-requests")
		}},
		journeyStep{"CasesRefused", func(b *tab) {
			status := b.open("/cases")
			b.wantPage("/cases", status, 403)
		}},
		journeyStep{"ReportAtPhoneWidth", func(b *tab) {
			ctx, cancel := b.stepCtx()
			defer cancel()
			if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
				b.t.Fatal(err)
			}
			status := b.open(report)
			b.wantPage(`/privacy/persons/[0-9]+`, status, 200)
			b.look("privacy-report-390")
			if w := b.eval(`String(document.documentElement.scrollWidth)`); w != "390" {
				b.t.Errorf("report is %s px wide at 390 px: it scrolls sideways", w)
			}
			status = b.open("/privacy/requests")
			b.wantPage("/privacy/requests", status, 200)
			b.look("privacy-requests-390")
			if w := b.eval(`String(document.documentElement.scrollWidth)`); w != "390" {
				b.t.Errorf("register is %s px wide at 390 px: it scrolls sideways", w)
			}
		}},
	)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `'`, `\'`) + "'"
}
