package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

const adminEmail = "beheer@zvh.example.nl" // admin, ZVH

// TestJourneyMessageSettingsAndBerichten: the chair publishes an agenda with
// the police case on it, which writes messages; the police officer opens
// "Instellingen", switches the agenda message off and chooses a daily digest;
// the admin reads the messages under Beheer → Berichten, where no detail of
// the case shows. Both pages are checked at 1280 and 390 pixels wide.
func TestJourneyMessageSettingsAndBerichten(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, srv, _ := demoServer(t)
	store := srv.Store()
	officer, err := store.UserByEmail(ctx, policeEmail)
	if err != nil {
		t.Fatal(err)
	}
	chair, err := store.UserByEmail(ctx, "voorzitter@zvh.example.nl")
	if err != nil {
		t.Fatal(err)
	}
	policeCase := conference.Case{Subject: "P. van der L. (1987)", Theme: conference.ThemeHighImpact, Postcode: "5346",
		Neighbourhood: "Oss-Oost", Summary: "Bedreigt buren met een mes.", InvolvedOrganisationIDs: []int64{officer.OrganisationID}}
	if err := store.CreateCase(ctx, conference.ActorOf(&officer), &policeCase); err != nil {
		t.Fatal(err)
	}
	conf := agendaDraftMeeting(t, &region{Store: store}, agendaSeries)
	items := srv.Agenda()
	it, err := items.Propose(ctx, conference.ActorOf(&officer), agenda.Proposal{ConferenceID: conf.ID, CaseID: &policeCase.ID, Reason: "Dreiging in de buurt"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := items.Triage(ctx, conference.ActorOf(&chair), it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := items.Publish(ctx, conference.ActorOf(&chair), conf.ID); err != nil {
		t.Fatal(err)
	}
	url := serve(t, srv)

	b := openTab(t, url)
	b.steps(
		journeyStep{"OfficerOpensSettings", func(b *tab) {
			mjLogin(b, policeEmail, nil)
			// The link sits on the dark header: it must be drawn light to be seen.
			if c := b.eval(`getComputedStyle(document.querySelector('header .who a[href="/settings/notifications"]')).color`); c != "rgb(255, 255, 255)" {
				b.t.Errorf("the settings link in the header is drawn in %s", c)
			}
			status := b.click(`header .who a[href="/settings/notifications"]`)
			b.wantPage("/settings/notifications", status, 200)
			if h := b.text("main h1"); h != "Berichtinstellingen" {
				b.t.Errorf("heading %q", h)
			}
			b.look("settings")
			narrowMain(b, "settings-390")
		}},
		journeyStep{"OfficerChoosesDigest", func(b *tab) {
			mjTap(b, `input[name=on][value=agenda_published]`)
			mjTap(b, `input[name=digest]`)
			b.choose("#digest_hour", "17")
			status := b.click(`main form[action="/settings/notifications"] button[type=submit]`)
			b.wantPage("/settings/notifications", status, 200)
			mjWantFlash(b, "Uw berichtinstellingen zijn opgeslagen.")
			if b.eval(`String(document.querySelector('input[name=on][value=agenda_published]').checked)`) != "false" ||
				b.eval(`String(document.querySelector('input[name=digest]').checked)`) != "true" || b.value("#digest_hour") != "17" {
				b.t.Error("the page does not show the saved choices")
			}
			b.a11y()
			b.logout()
		}},
		journeyStep{"AdminReadsBerichten", func(b *tab) {
			mjLogin(b, adminEmail, &mjTOTP{})
			status := b.open("/admin/users")
			b.wantPage("/admin/users", status, 200)
			status = b.click(`main nav a[href="/admin/messages"]`)
			b.wantPage("/admin/messages", status, 200)
			b.wantText("Berichten", "geen mailserver ingesteld", "Agenda gepubliceerd: "+agendaSeries, "Aanmelding "+policeCase.Reference+" staat op de agenda")
			mjTap(b, `main table tbody tr:first-child summary`)
			body := b.text(`main table tbody tr:first-child pre.message-body`)
			if !strings.Contains(body, "Bekijk het in Casusoverleg: http") {
				b.t.Errorf("message text = %q", body)
			}
			page := b.bodyText()
			for _, secret := range []string{policeCase.Subject, policeCase.Summary, policeCase.Neighbourhood, "Dreiging in de buurt"} {
				if strings.Contains(page, secret) {
					b.t.Errorf("the Berichten page shows %q", secret)
				}
			}
			b.look("berichten")
			narrowMain(b, "berichten-390")
		}},
	)
}

// narrowMain shows the page 390 pixels wide (a phone), checks that its content
// does not scroll sideways and that it passes axe-core, then returns to the desktop width.
func narrowMain(b *tab, name string) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		b.t.Fatal(err)
	}
	defer func() { _, _ = chromedp.Run(b.ctx, chromedp.EmulateViewport(1280, 900)) }()
	// The content, not the header: the header's menu is the phone layout's (issue #14).
	if w := b.eval(`String(document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth)`); w != "0" {
		b.t.Errorf("at 390 px the content is %s px wider than the screen", w)
	}
	b.look(name)
}
