package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/demo"
)

const weeklyAdminEmail = "beheer@zvh.example.nl"

// weeklyLogin logs email in on a fresh database: password, then setting up
// the second factor, landing on the meetings.
func weeklyLogin(b *tab, email string) {
	b.t.Helper()
	status := b.login(email, demo.Password)
	b.wantPage("/account/totp", status, 200)
	code, err := totp.GenerateCode(b.text("main code"), time.Now())
	if err != nil {
		b.t.Fatal(err)
	}
	b.fill("#code", code)
	status = b.click(`main form[action="/account/totp"] button[type=submit]`)
	noteRecoveryCodes(b, status)
	b.wantPage("/conferences", b.click(`main a.button.primary`), 200)
}

// weeklyNarrow checks the page as a phone shows it (390 px wide): nothing
// wider than the screen, and axe-core clean; then it restores the desktop
// width. For a page that existed before, sel names the part this work added,
// and only that part must fit.
func weeklyNarrow(b *tab, name string, sel ...string) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		b.t.Fatalf("narrow viewport: %v", err)
	}
	defer func() {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
			b.t.Errorf("restore viewport: %v", err)
		}
	}()
	screenshot(b.t, b.ctx, fmt.Sprintf("%02d-%s-390", *b.shots, name))
	if len(sel) == 0 {
		if wide := evalJS[int64](b, `document.documentElement.scrollWidth`); wide > 390 {
			b.t.Errorf("%s is %d px wide at 390 px: it scrolls sideways", b.path(), wide)
		}
	}
	for _, s := range sel {
		right := evalJS[float64](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return 9999; return Math.max(e.getBoundingClientRect().right, e.getBoundingClientRect().left + e.scrollWidth); })()`, s))
		if right > 390 {
			b.t.Errorf("%s on %s reaches %.0f px at 390 px: it does not fit", s, b.path(), right)
		}
	}
	checkA11y(b.t, b.ctx)
}

// weeklySeries returns the demo series name and its meetings, the latest first.
func weeklySeries(t *testing.T, r *region, name string) (conference.Series, []conference.Conference) {
	t.Helper()
	ctx := context.Background()
	all, _, err := r.Store.AllSeries(ctx, conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.Name == name {
			list, _, err := r.Store.Conferences(ctx, conference.ConferenceFilter{SeriesID: s.ID})
			if err != nil {
				t.Fatal(err)
			}
			return s, list
		}
	}
	t.Fatalf("no demo series %s", name)
	return conference.Series{}, nil
}

// TestJourneyChairPlansMovesCancels: the chair plans four meetings of a
// series, moves one, cancels the last (its proposal goes to a meeting planned
// on the spot), defers a proposal past the last meeting (the offer keeps the
// note), and then keeps the case current: status, director and one more
// organisation, each on the case's timeline.
func TestJourneyChairPlansMovesCancels(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	b := openTab(t, r.URL)
	const series = "Nazorg ex-gedetineerden"
	var caseID int64
	b.steps(
		journeyStep{"PlansFourMeetings", func(b *tab) {
			weeklyLogin(b, chairEmail)
			b.look("conferences-plan")
			weeklyNarrow(b, "conferences-plan", "#plan")
			b.check(`#plan summary`)
			sr, before := weeklySeries(b.t, r, series)
			b.choose("#plan-series", fmt.Sprint(sr.ID))
			b.choose("#plan-count", "4")
			status := b.click(`#plan button[type=submit]`)
			b.wantPage("/conferences", status, 200)
			b.wantText("4 bijeenkomsten gepland.")
			if _, after := weeklySeries(b.t, r, series); len(after) != len(before)+4 {
				b.t.Fatalf("series has %d meetings, want %d", len(after), len(before)+4)
			}
		}},
		journeyStep{"MovesAMeeting", func(b *tab) {
			_, list := weeklySeries(b.t, r, series)
			conf := list[1] // the one but last
			status := b.open(fmt.Sprintf("/conferences/%d", conf.ID))
			b.wantPage(`/conferences/[0-9]+`, status, 200)
			b.check(`details.plan-tools summary`)
			b.look("conference-move")
			weeklyNarrow(b, "conference-move", "details.plan-tools")
			b.fill("#move-location", "Gemeentehuis Oss, raadzaal")
			status = b.click(`form[action$="/schedule"] button[type=submit]`)
			b.wantPage(`/conferences/[0-9]+`, status, 200)
			b.wantText("De bijeenkomst is gewijzigd.", "Gemeentehuis Oss, raadzaal")
		}},
		journeyStep{"CancelsTheLastMeeting", func(b *tab) {
			_, list := weeklySeries(b.t, r, series)
			last := list[0]
			officer, err := r.Store.UserByEmail(context.Background(), policeEmail)
			if err != nil {
				b.t.Fatal(err)
			}
			ag := agenda.NewStore(r.DB, time.Now, r.Store)
			if _, err := ag.Propose(context.Background(), conference.ActorOf(&officer), agenda.Proposal{ConferenceID: last.ID, CaseID: &r.PoliceCase.ID,
				Reason: "Gebiedsverbod bespreken"}); err != nil {
				b.t.Fatal(err)
			}
			caseID = r.PoliceCase.ID
			status := b.open(fmt.Sprintf("/conferences/%d/cancel", last.ID))
			b.wantPage(`/conferences/[0-9]+/cancel`, status, 200)
			b.wantText("Er is nog geen volgende bijeenkomst")
			b.look("conference-cancel")
			weeklyNarrow(b, "conference-cancel")
			b.fill("#cancel_reason", "Zomerreces")
			status = b.click(`form[action$="/cancel"] button[type=submit]`)
			b.wantPage(`/conferences/[0-9]+`, status, 200)
			b.wantText("De bijeenkomst is geannuleerd", "Gebiedsverbod bespreken")
		}},
		journeyStep{"DefersPastTheLastMeeting", func(b *tab) {
			id := agendaItemOfCase(b, caseID)
			b.fill(fmt.Sprintf("#note-%d", id), "Eerst het advies van de reclassering afwachten")
			status := b.click(fmt.Sprintf(`#item-%d button[value=defer]`, id))
			b.wantPage(`/items/[0-9]+/triage`, status, 200)
			b.wantText("Plannen en doorschuiven")
			if got := b.value("#decision_note"); got != "Eerst het advies van de reclassering afwachten" {
				b.t.Fatalf("the note became %q", got)
			}
			b.look("defer-plan")
			weeklyNarrow(b, "defer-plan")
			status = b.click(`main form button[type=submit]`)
			b.wantPage(`/conferences/[0-9]+`, status, 200)
			b.wantText("Eerst het advies van de reclassering afwachten")
		}},
		journeyStep{"KeepsTheCaseCurrent", func(b *tab) {
			status := b.open(fmt.Sprintf("/cases/%d", caseID))
			b.wantPage(`/cases/[0-9]+`, status, 200)
			b.wantText("geannuleerd", "Zomerreces")
			status = b.click(fmt.Sprintf(`a[href="/cases/%d/edit"]`, caseID))
			b.wantPage(`/cases/[0-9]+/edit`, status, 200)
			b.look("case-edit")
			weeklyNarrow(b, "case-edit")
			b.choose("#status", "in_behandeling")
			b.choose("#case_director_organisation_id", fmt.Sprint(r.PoliceCase.ReferringOrganisationID))
			status = b.click(`form[action$="/edit"] button[type=submit]`)
			b.wantPage(`/cases/[0-9]+`, status, 200)
			b.wantText("De casus is bijgewerkt.", "in behandeling", "casus bijgewerkt")
			status = b.open(fmt.Sprintf("/cases/%d/edit", caseID))
			b.wantPage(`/cases/[0-9]+/edit`, status, 200)
			b.choose("#organisation_id", fmt.Sprint(r.Orgs[conference.OrgGemeente].ID))
			b.fill("#add-reason", "Gemeente regelt huisvesting na detentie")
			status = b.click(`form[action$="/organisations"] button[type=submit]`)
			b.wantPage(`/cases/[0-9]+/edit`, status, 200)
			b.wantText("De betrokken organisaties zijn bijgewerkt.")
			b.open(fmt.Sprintf("/cases/%d", caseID))
			b.wantText("Betrokken gemaakt", "Gemeente regelt huisvesting na detentie")
			b.a11y()
		}},
	)
}

// TestJourneyAdminSeriesAndForeignEdit: the admin makes a series (the form
// names what is wrong first), and a participant of an organisation not
// involved is refused the case edit page.
func TestJourneyAdminSeriesAndForeignEdit(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	b := openTab(t, r.URL)
	b.steps(
		journeyStep{"AdminMakesASeries", func(b *tab) {
			weeklyLogin(b, weeklyAdminEmail)
			status := b.open("/admin/series")
			b.wantPage("/admin/series", status, 200)
			b.look("admin-series")
			weeklyNarrow(b, "admin-series")
			status = b.click(`a[href="/admin/series/new"]`)
			b.wantPage("/admin/series/new", status, 200)
			b.look("admin-series-new")
			weeklyNarrow(b, "admin-series-new")
			status = b.click(`main form button[type=submit]`)
			b.wantPage("/admin/series", status, 422)
			b.wantText("is verplicht")
			b.a11y()
			b.fill("#name", "Huiselijk geweld Oss")
			b.choose("#weekday", "3")
			b.check(fmt.Sprintf(`input[name=member_organisation_ids][value="%d"]`, r.Orgs[conference.OrgVeiligThuis].ID))
			status = b.click(`main form button[type=submit]`)
			b.wantPage(`/admin/series/[0-9]+`, status, 200)
			b.wantText("De overlegvorm is opgeslagen.")
			b.open("/admin/series")
			b.wantText("Huiselijk geweld Oss", "woensdag 09:30 · wekelijks")
		}},
	)
	g := openTab(t, r.URL)
	g.steps(
		journeyStep{"ForeignEditRefused", func(b *tab) {
			status := b.login(ggzEmail, demo.Password)
			b.wantPage("/conferences", status, 200)
			status = b.open(fmt.Sprintf("/cases/%d/edit", r.PoliceCase.ID))
			b.wantPage(`/cases/[0-9]+/edit`, status, 403)
			if body := b.bodyText(); strings.Contains(body, r.PoliceCase.Subject) || strings.Contains(body, r.PoliceCase.Summary) {
				b.t.Fatalf("the refusal shows the case:\n%s", body)
			}
			b.a11y()
		}},
	)
}
