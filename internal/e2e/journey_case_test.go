package e2e

import (
	"fmt"
	"strings"
	"testing"

	"casusoverleg/internal/demo"
)

// TestJourneyParticipantOpensCase: a police officer logs in, opens a
// meeting, goes to the cases and reads a case of the police in full; the
// case page lists the officer's view under "Inzage".
func TestJourneyParticipantOpensCase(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	b := openTab(t, r.URL)
	c := r.PoliceCase
	caseLink := fmt.Sprintf(`main table a[href="/cases/%d"]`, c.ID)

	b.steps(
		journeyStep{"LoginLandsOnConferences", func(b *tab) {
			status := b.login(policeEmail, demo.Password)
			b.wantPage("/conferences", status, 200)
			b.look("conferences")
			if h := b.text("main h1"); h != "Bijeenkomsten" {
				b.t.Errorf("heading %q, want Bijeenkomsten", h)
			}
			b.wantText("Tom Verhoeven")
		}},
		journeyStep{"OpensConference", func(b *tab) {
			// The first row: its date links to the meeting, the next cell names the series.
			when := b.text(`main table tbody tr:first-child td:first-child a`)
			series := b.text(`main table tbody tr:first-child td:nth-child(2)`)
			if when == "" || series == "" {
				b.t.Fatalf("no meeting listed on %s:\n%s", b.path(), b.bodyText())
			}
			status := b.click(`main table tbody tr:first-child td:first-child a`)
			b.wantPage(`/conferences/[0-9]+`, status, 200)
			b.look("conference")
			if h, want := b.text("main h1"), series+" — "+when; h != want {
				b.t.Errorf("heading %q, want %q", h, want)
			}
		}},
		journeyStep{"GoesToCases", func(b *tab) {
			status := b.click(`header nav a[href="/cases"]`)
			b.wantPage("/cases", status, 200)
			b.look("cases")
			if cur := b.attr(`header nav a[href="/cases"]`, "aria-current"); cur != "page" {
				b.t.Errorf(`nav link Casussen has aria-current=%q, want "page"`, cur)
			}
			if got := b.text(caseLink); got != c.Reference {
				b.t.Fatalf("case list has no link %q to %s; page:\n%s", c.Reference, caseLink, b.bodyText())
			}
		}},
		journeyStep{"OpensCaseInFull", func(b *tab) {
			status := b.click(caseLink)
			b.wantPage(fmt.Sprintf("/cases/%d", c.ID), status, 200)
			b.look("case")
			if h, want := b.text("main h1"), "Casus "+c.Reference+" — "+c.Subject; h != want {
				b.t.Errorf("heading %q, want %q", h, want)
			}
			b.wantText(c.Summary, c.Postcode+" "+c.Neighbourhood)
		}},
		journeyStep{"CaseListsViewerUnderInzage", func(b *tab) {
			viewers := b.eval(`(() => {
				const h = [...document.querySelectorAll('main h2')].find(h => h.innerText.startsWith('Inzage'));
				const next = h && h.nextElementSibling;
				return next && next.tagName === 'TABLE' ? next.innerText : '';
			})()`)
			if viewers == "" {
				b.t.Fatalf(`no table under a heading "Inzage"; page:\n%s`, b.bodyText())
			}
			if !strings.Contains(viewers, policeEmail) {
				b.t.Errorf("Inzage does not list %s:\n%s", policeEmail, viewers)
			}
		}},
	)
}

// TestJourneyForeignCaseRefusedAndLogout: a GGZ participant opens a case of
// the police alone and sees only its reference and "afgeschermd"; after
// "Uitloggen" the cases need a login again.
func TestJourneyForeignCaseRefusedAndLogout(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	b := openTab(t, r.URL)
	c := r.PoliceCase

	b.steps(
		journeyStep{"LoginLandsOnConferences", func(b *tab) {
			status := b.login(ggzEmail, demo.Password)
			b.wantPage("/conferences", status, 200)
			b.wantText("Ruud Peters")
			b.a11y()
		}},
		journeyStep{"ForeignCaseShowsReferenceOnly", func(b *tab) {
			status := b.open(fmt.Sprintf("/cases/%d", c.ID))
			b.wantPage(fmt.Sprintf("/cases/%d", c.ID), status, 403)
			b.look("case-redacted")
			if h, want := b.text("main h1"), "Casus "+c.Reference; h != want {
				b.t.Errorf("heading %q, want %q", h, want)
			}
			b.wantText("afgeschermd")
			body := b.bodyText()
			for _, secret := range []string{c.Subject, c.Summary, c.Postcode, c.Neighbourhood, "Bedreigt", "P. van der L."} {
				if strings.Contains(body, secret) {
					b.t.Errorf("redacted case page shows %q:\n%s", secret, body)
				}
			}
		}},
		journeyStep{"LogoutLandsOnLogin", func(b *tab) {
			status := b.logout()
			b.wantPage("/login", status, 200)
			b.look("logged-out")
			if h := b.text("main h1"); h != "Inloggen" {
				b.t.Errorf("heading %q, want Inloggen", h)
			}
			if got := b.text(`header form[action="/logout"]`); got != "" {
				b.t.Errorf("header still offers %q after logout", got)
			}
		}},
		journeyStep{"CasesRedirectToLogin", func(b *tab) {
			status := b.open("/cases")
			b.wantPage("/login", status, 200)
			b.a11y()
			if p := b.path(); p != "/login?next=%2Fcases" {
				b.t.Errorf("redirected to %s, want /login?next=%%2Fcases", p)
			}
			if next := b.value(`input[name="next"]`); next != "/cases" {
				b.t.Errorf("login form carries next=%q, want /cases", next)
			}
		}},
	)
}
