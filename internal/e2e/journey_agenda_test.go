package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"casusoverleg/conference"
	"casusoverleg/internal/demo"
)

// agendaProbationEmail is the demo participant of probation (Reclassering).
const agendaProbationEmail = "k.vandijk@reclassering.example.nl"

// agendaSeries is the demo series whose meetings every partner is a member of.
const agendaSeries = "Justitieel casusoverleg Oss"

// TestJourneyAgendaProposeTriagePublish: a police officer proposes an
// existing case and a new referral for the next meeting, probation proposes
// a case of its own; the chair accepts two, rejects the referral with a
// note, orders the agenda by drag and drop (and with the ↑/↓ buttons that
// work without script), plans the time and publishes; the officer then sees
// the published agenda: the police case in full, the probation case only as
// its reference, the rejection with the chair's note, and the agenda as PDF.
//
// Every user works in a browser of their own, opened for their part only,
// so that each part has the whole testTimeout.
func TestJourneyAgendaProposeTriagePublish(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	conf := agendaDraftMeeting(t, r, agendaSeries)
	confPath := fmt.Sprintf("/conferences/%d", conf.ID)
	police := r.PoliceCase
	recl := agendaProbationCase(t, r)
	shots := new(int)

	const (
		policeReason   = "Dreiging richting buren neemt toe; afstemming gebiedsverbod met gemeente en OM nodig."
		reclReason     = "Toezicht loopt af over drie weken; terugval in middelengebruik gemeld door de werkgever."
		referralReason = "Signalen van uitbuiting van een minderjarige via sociale media."
		referralWho    = "L. M. (2009)" // the subject the main person makes
		rejectNote     = "Eerst via Veilig Thuis laten lopen; meld opnieuw aan als dat vastloopt."
	)
	var (
		policeItem, reclItem, referralItem int64
		referral                           conference.Case
	)

	ok := agendaRunAs(t, r, "PoliceProposes", shots,
		journeyStep{"OpensUpcomingMeeting", func(b *tab) {
			status := b.login(policeEmail, demo.Password)
			b.wantPage("/conferences", status, 200)
			b.a11y()
			row := fmt.Sprintf(`main table a[href="%s"]`, confPath)
			if got := b.eval(fmt.Sprintf(`(() => { const a = document.querySelector(%q); return a ? a.closest('tr').innerText : ''; })()`, row)); !strings.Contains(got, agendaSeries) || !strings.Contains(got, "concept") {
				b.t.Fatalf("no draft meeting of %s listed with link %s; the row reads %q", agendaSeries, row, got)
			}
			status = b.click(row)
			b.wantPage(confPath, status, 200)
			b.look("participant-conference-draft")
			b.wantText("De agenda is nog niet gepubliceerd.")
			if n := evalJS[int](b, `document.querySelectorAll('form.triage, .chair-tools, #agenda-items').length`); n != 0 {
				b.t.Errorf("a participant sees %d chair tools on a draft meeting", n)
			}
		}},
		journeyStep{"ProposesExistingCase", func(b *tab) {
			status := b.click(fmt.Sprintf(`main a.button[href="%s/propose"]`, confPath))
			b.wantPage(confPath+"/propose", status, 200)
			b.look("propose-form")
			if h := b.text("main h1"); h != "Agendapunt aanmelden" {
				b.t.Errorf("heading %q, want Agendapunt aanmelden", h)
			}
			if mode := b.value(`input[name="mode"]:checked`); mode != "existing" {
				b.t.Errorf("mode %q is chosen first, want existing", mode)
			}
			agendaWantShown(b, map[string]bool{"section.mode-existing": true, "section.mode-new": false, "section.mode-general": false})
			b.choose("#case_id", fmt.Sprint(police.ID))
			b.fill("#reason", policeReason)
			b.fill("#requested_minutes", "15")
			status = b.click(`main form[action$="/items"] button[type=submit]`)
			b.wantPage(confPath, status, 200)
			b.look("participant-proposed")
			b.wantText("Uw agendapunt is aangemeld.", "Aangemelde punten (nog te beoordelen)")
			policeItem = agendaItemOfCase(b, police.ID)
			card := b.text(fmt.Sprintf("#item-%d", policeItem))
			for _, want := range []string{police.Reference, "vervolgbespreking", "15 min", policeReason, "Wacht op beoordeling door de voorzitter."} {
				if !strings.Contains(card, want) {
					b.t.Errorf("the proposal does not show %q; it reads:\n%s", want, card)
				}
			}
		}},
		journeyStep{"ReferralWithBadPostcodeShowsFieldError", func(b *tab) {
			status := b.click(fmt.Sprintf(`main a.button[href="%s/propose"]`, confPath))
			b.wantPage(confPath+"/propose", status, 200)
			b.check(`input[name="mode"][value="new"]`)
			agendaWantShown(b, map[string]bool{"section.mode-existing": false, "section.mode-new": true, "section.mode-general": false})
			b.fill("#p0-surname", "Mulder")
			b.fill("#p0-initials", "L.")
			b.choose("#p0-birth_date", "2009-05-06")
			b.choose("#theme", string(conference.ThemeYouth))
			b.fill("#postcode", "534")
			b.fill("#neighbourhood", "Oss-Noord")
			b.fill("#reason", referralReason)
			status = b.click(`main form[action$="/items"] button[type=submit]`)
			b.wantPage(confPath+"/items", status, 422)
			b.look("propose-referral-errors")
			if msg := b.text(`main [role="alert"]`); msg == "" {
				b.t.Errorf("no alert above the form")
			}
			got := evalJS[fieldState](b, fmt.Sprintf(fieldStateJS, "postcode"))
			if got.Invalid != "true" || got.NextID != "postcode-error" || got.DescribedBy != "postcode-error" ||
				got.NextText != "moet een postcodegebied van vier cijfers zijn, bijvoorbeeld 5341" {
				b.t.Errorf("postcode field after a bad postcode: %+v", got)
			}
			if mode := b.value(`input[name="mode"]:checked`); mode != "new" {
				b.t.Errorf("the form came back with mode %q, want new", mode)
			}
			agendaWantShown(b, map[string]bool{"section.mode-new": true, "section.mode-existing": false})
			for sel, want := range map[string]string{"#p0-surname": "Mulder", "#p0-initials": "L.", "#p0-birth_date": "2009-05-06", "#postcode": "534", "#reason": referralReason} {
				if v := b.value(sel); v != want {
					b.t.Errorf("%s holds %q after the error, want %q", sel, v, want)
				}
			}
		}},
		journeyStep{"CompleteReferralIsProposed", func(b *tab) {
			b.fill("#postcode", "5342")
			filled := evalJS[[]string](b, agendaFillAnswersJS)
			if len(filled) < 5 {
				b.t.Fatalf("the referral form has only the answers %v", filled)
			}
			b.t.Logf("answered %d referral questions: %v", len(filled), filled)
			status := b.click(`main form[action$="/items"] button[type=submit]`)
			b.wantPage(confPath, status, 200)
			b.wantText("Uw agendapunt is aangemeld.")
			found, _, err := r.Store.Cases(context.Background(), conference.System, conference.CaseFilter{Query: referralWho})
			if err != nil || len(found) != 1 {
				b.t.Fatalf("the referral made %d cases named %s (%v)", len(found), referralWho, err)
			}
			referral = found[0]
			if referral.Postcode != "5342" || referral.Theme != conference.ThemeYouth {
				b.t.Errorf("referral stored as %+v", referral)
			}
			referralItem = agendaItemOfCase(b, referral.ID)
			card := b.text(fmt.Sprintf("#item-%d", referralItem))
			for _, want := range []string{referral.Reference, "nieuwe casus", "Wacht op beoordeling"} {
				if !strings.Contains(card, want) {
					b.t.Errorf("the referral's proposal does not show %q; it reads:\n%s", want, card)
				}
			}
		}},
	)
	if !ok {
		return
	}

	ok = agendaRunAs(t, r, "ProbationProposes", shots,
		journeyStep{"ProposesOwnCase", func(b *tab) {
			status := b.login(agendaProbationEmail, demo.Password)
			b.wantPage("/conferences", status, 200)
			status = b.open(confPath + "/propose")
			b.wantPage(confPath+"/propose", status, 200)
			b.a11y()
			options := b.text("#case_id")
			if strings.Contains(options, police.Reference) {
				b.t.Errorf("probation may propose the police case %s:\n%s", police.Reference, options)
			}
			b.choose("#case_id", fmt.Sprint(recl.ID))
			b.choose("#kind", "follow_up")
			b.fill("#reason", reclReason)
			status = b.click(`main form[action$="/items"] button[type=submit]`)
			b.wantPage(confPath, status, 200)
			b.wantText("Uw agendapunt is aangemeld.")
			b.a11y()
			reclItem = agendaItemOfCase(b, recl.ID)
			// A participant sees the proposals of their own organisation only.
			body := b.bodyText()
			for _, other := range []string{police.Reference, referral.Reference} {
				if strings.Contains(body, other) {
					b.t.Errorf("probation sees the proposal of %s by the police", other)
				}
			}
		}},
	)
	if !ok {
		return
	}

	itemSel := func(id int64) string { return fmt.Sprintf("#item-%d", id) }
	ok = agendaRunAs(t, r, "ChairPrepares", shots,
		journeyStep{"LogsInWithTOTP", func(b *tab) { agendaChairLogin(b) }},
		journeyStep{"SeesProposals", func(b *tab) {
			status := b.click(fmt.Sprintf(`main table a[href="%s"]`, confPath))
			b.wantPage(confPath, status, 200)
			b.look("chair-proposals")
			b.wantText("Voorbereiden (voorzitter)", "Aangemelde punten (nog te beoordelen)", "Er staan nog geen punten op de agenda.")
			for id, want := range map[int64][]string{
				policeItem: {police.Reference, policeReason, "Politie Oost-Brabant", "15 min"},
				reclItem:   {recl.Reference, reclReason, "Reclassering Nederland", recl.Neighbourhood},
				// The referral's answers, which the chair needs to decide.
				referralItem: {referral.Reference, referralReason, "nieuwe casus", "Eerste aanmelding",
					"Wat is de aanleiding voor de aanmelding?", "Antwoord op aanleiding:", "Toestemming van de betrokkene"},
			} {
				card := b.text(itemSel(id))
				for _, w := range want {
					if !strings.Contains(card, w) {
						b.t.Errorf("proposal %d does not show %q to the chair; it reads:\n%s", id, w, card)
					}
				}
				if n := evalJS[int](b, fmt.Sprintf(`document.querySelectorAll('%s form.triage button[name=decision]').length`, itemSel(id))); n != 3 {
					b.t.Errorf("proposal %d has %d triage buttons, want accept, defer and reject", id, n)
				}
			}
		}},
		journeyStep{"RejectWithoutNoteIsRefused", func(b *tab) {
			status := b.click(itemSel(referralItem) + ` form.triage button[value=reject]`)
			// The page answers the refused form, with the message next to the proposal.
			b.wantPage(`/items/[0-9]+/triage`, status, 422)
			b.a11y()
			if msg := b.text(itemSel(referralItem) + ` [role="alert"]`); !strings.Contains(msg, "Toelichting: is verplicht bij afwijzen") {
				b.t.Errorf("rejecting without a note shows %q next to the proposal, want the note is required", msg)
			}
			if n := evalJS[int](b, `document.querySelectorAll('main > [role="alert"]').length`); n != 0 {
				b.t.Errorf("the refusal is shown at the top of the page as well")
			}
			if got := b.attr(fmt.Sprintf("#note-%d", referralItem), "aria-invalid"); got != "true" {
				b.t.Errorf("the note field is not marked invalid")
			}
			if n := evalJS[int](b, fmt.Sprintf(`document.querySelectorAll('%s form.triage').length`, itemSel(referralItem))); n != 1 {
				b.t.Errorf("the referral is no longer awaiting triage after a refused rejection")
			}
		}},
		journeyStep{"AcceptsTwoRejectsReferral", func(b *tab) {
			for _, id := range []int64{policeItem, reclItem} {
				status := b.click(itemSel(id) + ` form.triage button[value=accept]`)
				b.wantPage(confPath, status, 200)
			}
			b.fill(fmt.Sprintf("#note-%d", referralItem), rejectNote)
			status := b.click(itemSel(referralItem) + ` form.triage button[value=reject]`)
			b.wantPage(confPath, status, 200)
			b.look("chair-accepted")
			if got, want := agendaPageOrder(b), []int64{policeItem, reclItem}; !slices.Equal(got, want) {
				b.t.Fatalf("agenda order %v after accepting, want %v (order of acceptance)", got, want)
			}
			if n := evalJS[int](b, `document.querySelectorAll('form.triage').length`); n != 0 {
				b.t.Errorf("%d proposals still await triage", n)
			}
			// A rejected case is no longer on the agenda, so the chair's need to
			// know ends: the chair sees its reference, status and their own note
			// only (the proposer sees the case, below).
			decided := b.text(`main table:has(td)`)
			if !strings.Contains(decided, referral.Reference+" — afgeschermd") || !strings.Contains(decided, "afgewezen") || !strings.Contains(decided, rejectNote) {
				b.t.Errorf("the rejected referral is not listed as rejected with the chair's note:\n%s", decided)
			}
			if strings.Contains(b.bodyText(), referralReason) {
				b.t.Errorf("the chair still sees the reason of the rejected referral")
			}
		}},
		journeyStep{"OrdersByDragAndDrop", func(b *tab) {
			// Drag probation's item by its time onto the top edge of the police item.
			from := fmt.Sprintf("%s .item-head .time", itemSel(reclItem))
			agendaDragAbove(b, from, itemSel(policeItem))
			want := []int64{reclItem, policeItem}
			if got := agendaPageOrder(b); !slices.Equal(got, want) {
				b.t.Fatalf("agenda order %v after the drag and reload, want %v", got, want)
			}
			if got := agendaAPIOrder(b, conf.ID); !slices.Equal(got, want) {
				b.t.Errorf("GET /api/v1/conferences/%d/agenda lists %v, want %v", conf.ID, got, want)
			}
			b.look("chair-ordered")
		}},
		journeyStep{"DragCancelledOutsideListChangesNothing", func(b *tab) {
			// Over the first item, which makes room for it, and on to the
			// heading of the agenda, which takes no drop: the items go back.
			pts := evalJS[[]float64](b, fmt.Sprintf(`(() => {
				const heading = document.getElementById('agenda-items').previousElementSibling;
				heading.scrollIntoView({block: 'start'});
				window.__stay = true;
				const f = document.querySelector('%s .item-head .time').getBoundingClientRect();
				const h = heading.getBoundingClientRect();
				return [f.left + f.width / 2, f.top + f.height / 2, h.left + 20, h.top + h.height / 2];
			})()`, itemSel(policeItem)))
			ctx, cancel := b.stepCtx()
			defer cancel()
			// Small steps, so that the page sees dragover (not only dragenter) in the upper half of the first item.
			if err := chromedp.Do(ctx, chromedp.DragAndDropXY(pts[0], pts[1], pts[2], pts[3], 80)); err != nil {
				b.t.Fatalf("drag: %v", err)
			}
			time.Sleep(300 * time.Millisecond) // a save would reload the page
			want := []int64{reclItem, policeItem}
			if !evalJS[bool](b, `window.__stay === true`) {
				b.t.Errorf("a cancelled drag reloaded the page")
			}
			if got := agendaPageOrder(b); !slices.Equal(got, want) {
				b.t.Errorf("after a cancelled drag the page shows %v, want %v", got, want)
			}
			if got := agendaAPIOrder(b, conf.ID); !slices.Equal(got, want) {
				b.t.Errorf("after a cancelled drag the API lists %v, want %v", got, want)
			}
		}},
		journeyStep{"MoveButtonsOrderWithoutScript", func(b *tab) {
			if d := b.attr(itemSel(reclItem)+` button[value=up]`, "disabled"); d == "" && !evalJS[bool](b, fmt.Sprintf(`document.querySelector('%s button[value=up]').disabled`, itemSel(reclItem))) {
				b.t.Errorf("the first item can still move up")
			}
			status := b.click(itemSel(reclItem) + ` button[value=down]`)
			b.wantPage(confPath, status, 200)
			if got, want := agendaPageOrder(b), []int64{policeItem, reclItem}; !slices.Equal(got, want) {
				b.t.Fatalf("agenda order %v after ↓, want %v", got, want)
			}
			status = b.click(itemSel(reclItem) + ` button[value=up]`)
			b.wantPage(confPath, status, 200)
			want := []int64{reclItem, policeItem}
			if got := agendaPageOrder(b); !slices.Equal(got, want) {
				b.t.Fatalf("agenda order %v after ↑, want %v", got, want)
			}
			if got := agendaAPIOrder(b, conf.ID); !slices.Equal(got, want) {
				b.t.Errorf("GET /api/v1/conferences/%d/agenda lists %v, want %v", conf.ID, got, want)
			}
		}},
		journeyStep{"PlansMinutes", func(b *tab) {
			b.fill(fmt.Sprintf("#minutes-%d", policeItem), "25")
			status := b.click(itemSel(policeItem) + ` form.plan button[type=submit]`)
			b.wantPage(confPath, status, 200)
			if v := b.value(fmt.Sprintf("#minutes-%d", policeItem)); v != "25" {
				b.t.Errorf("planned minutes read %q after saving, want 25", v)
			}
			// Probation asked the default 10 minutes: 10 + 25.
			if got := b.text(".chair-tools strong"); got != "35 / 150 min" {
				b.t.Errorf("planned time reads %q, want 35 / 150 min", got)
			}
			// The police item starts after probation's 10 minutes.
			first, second := b.text(itemSel(reclItem)+" .time"), b.text(itemSel(policeItem)+" .time")
			if first != "09:30" || second != "09:40" {
				b.t.Errorf("items start at %s and %s, want 09:30 and 09:40", first, second)
			}
		}},
		journeyStep{"Publishes", func(b *tab) {
			status := b.click(fmt.Sprintf(`form[action="%s/publish"] button[type=submit]`, confPath))
			b.wantPage(confPath, status, 200)
			b.look("chair-published")
			b.wantText("De agenda is gepubliceerd.")
			if got := b.text(".facts .badge"); got != "gepubliceerd" {
				b.t.Errorf("status badge %q, want gepubliceerd", got)
			}
			if n := evalJS[int](b, fmt.Sprintf(`document.querySelectorAll('form[action="%s/publish"]').length`, confPath)); n != 0 {
				b.t.Errorf("a published agenda still offers to publish")
			}
		}},
	)
	if !ok {
		return
	}

	agendaRunAs(t, r, "PoliceReadsPublishedAgenda", shots,
		journeyStep{"SeesAgendaInOrder", func(b *tab) {
			status := b.login(policeEmail, demo.Password)
			b.wantPage("/conferences", status, 200)
			status = b.click(fmt.Sprintf(`main table a[href="%s"]`, confPath))
			b.wantPage(confPath, status, 200)
			b.look("participant-published")
			if got, want := agendaPageOrder(b), []int64{reclItem, policeItem}; !slices.Equal(got, want) {
				b.t.Fatalf("the officer sees the agenda in order %v, want %v", got, want)
			}
			if n := evalJS[int](b, `document.querySelectorAll('.chair-tools, .item-tools, form.triage, #agenda-items[data-order-url], li[draggable]').length`); n != 0 {
				b.t.Errorf("a participant sees %d chair tools", n)
			}
		}},
		journeyStep{"OwnCaseInFull", func(b *tab) {
			card := b.text(itemSel(policeItem))
			for _, want := range []string{police.Reference, "09:40", "25 min", "Top X / high impact crime", police.Postcode + " " + police.Neighbourhood, policeReason} {
				if !strings.Contains(card, want) {
					b.t.Errorf("the police item does not show %q; it reads:\n%s", want, card)
				}
			}
			if href := b.attr(itemSel(policeItem)+` a[href^="/cases/"]`, "href"); href != fmt.Sprintf("/cases/%d", police.ID) {
				b.t.Errorf("the police item links to %q, want the case", href)
			}
		}},
		journeyStep{"ForeignCaseOnlyAsReference", func(b *tab) {
			if got, want := b.text(itemSel(reclItem)+" .redacted"), recl.Reference+" — afgeschermd"; got != want {
				b.t.Errorf("probation's item reads %q, want %q", got, want)
			}
			// Not even who proposed it or its kind: a mandate report would tell that a mandate was used.
			if card := b.text(itemSel(reclItem)); strings.Contains(card, "Reclassering") || strings.Contains(card, "vervolgbespreking") {
				b.t.Errorf("probation's item tells more than its reference: %q", card)
			}
			if n := evalJS[int](b, fmt.Sprintf(`document.querySelectorAll('%s a, %s details').length`, itemSel(reclItem), itemSel(reclItem))); n != 0 {
				b.t.Errorf("probation's item has %d links or question sets", n)
			}
			body := b.bodyText()
			for _, secret := range []string{recl.Subject, recl.Neighbourhood, recl.Postcode, recl.Summary, reclReason, "Toezicht loopt af"} {
				if strings.Contains(body, secret) {
					b.t.Errorf("the officer sees %q of probation's case", secret)
				}
			}
			if html := b.eval(`document.documentElement.outerHTML`); strings.Contains(html, recl.Subject) || strings.Contains(html, reclReason) {
				b.t.Errorf("the page source holds probation's case")
			}
		}},
		journeyStep{"RejectedReferralWithNote", func(b *tab) {
			section := b.eval(`(() => {
				const h = [...document.querySelectorAll('main h2')].find(h => h.innerText === 'Afgewezen en doorgeschoven');
				const t = h && h.nextElementSibling;
				return t ? t.innerText : '';
			})()`)
			for _, want := range []string{referral.Reference, "afgewezen", rejectNote} {
				if !strings.Contains(section, want) {
					b.t.Errorf("under Afgewezen en doorgeschoven there is no %q:\n%s", want, section)
				}
			}
		}},
		journeyStep{"DownloadsAgendaPDF", func(b *tab) {
			got := agendaEvalPromise[agendaDownload](b, fmt.Sprintf(`fetch(%q, {credentials: 'same-origin'}).then(async r => {
				const bytes = new Uint8Array(await r.arrayBuffer());
				return {status: r.status, type: r.headers.get('Content-Type') || '', size: bytes.length,
					head: String.fromCharCode(...bytes.slice(0, 5))};
			})`, confPath+"/agenda.pdf"))
			if got.Status != 200 || got.Head != "%PDF-" || !strings.HasPrefix(got.Type, "application/pdf") {
				b.t.Errorf("agenda.pdf: HTTP %d, %s, %d bytes beginning %q; want 200, application/pdf, %%PDF-", got.Status, got.Type, got.Size, got.Head)
			}
		}},
	)
}
