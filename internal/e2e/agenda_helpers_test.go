package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"casusoverleg/conference"
	"casusoverleg/internal/demo"
)

// The agenda journeys' shared steps: a user's browser, the chair's login,
// the meeting and case they work on, and reading the agenda back from page and API.

func agendaRunAs(t *testing.T, r *region, name string, shots *int, steps ...journeyStep) bool {
	t.Helper()
	return t.Run(name, func(t *testing.T) {
		b := openTab(t, r.URL)
		b.shots = shots
		b.steps(steps...)
	})
}

// agendaChairLogin logs the chair in on a fresh database: password, then
// setting up the second factor, landing on the meetings.
func agendaChairLogin(b *tab) {
	b.t.Helper()
	status := b.login(chairEmail, demo.Password)
	b.wantPage("/account/totp", status, 200)
	secret := b.text("main code")
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		b.t.Fatalf("TOTP code for secret %q: %v", secret, err)
	}
	b.fill("#code", code)
	status = b.click(`main form[action="/account/totp"] button[type=submit]`)
	noteRecoveryCodes(b, status)
	b.wantPage("/conferences", b.click(`main a.button.primary`), 200)
	b.a11y()
}

// agendaDraftMeeting returns the draft (next) meeting of the demo series name.
func agendaDraftMeeting(t *testing.T, r *region, name string) conference.Conference {
	t.Helper()
	ctx := context.Background()
	all, _, err := r.Store.AllSeries(ctx, conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.Name != name {
			continue
		}
		list, _, err := r.Store.Conferences(ctx, conference.ConferenceFilter{SeriesID: s.ID, Status: conference.StatusDraft})
		if err != nil || len(list) != 1 {
			t.Fatalf("series %s has %d draft meetings (%v), want one", name, len(list), err)
		}
		return list[0]
	}
	t.Fatalf("no demo series %s", name)
	return conference.Conference{}
}

// agendaProbationCase creates a case that involves probation only.
func agendaProbationCase(t *testing.T, r *region) conference.Case {
	t.Helper()
	ctx := context.Background()
	officer, err := r.Store.UserByEmail(ctx, agendaProbationEmail)
	if err != nil {
		t.Fatalf("demo user %s: %v", agendaProbationEmail, err)
	}
	c := conference.Case{Subject: "H. W. (1968)", Theme: conference.ThemeReturn, Postcode: "5344", Neighbourhood: "Vierhuizen",
		Summary:                 "Enkelbandtoezicht na detentie; werkgever meldt alcoholgebruik op het werk.",
		InvolvedOrganisationIDs: []int64{officer.OrganisationID}}
	if err := r.Store.CreateCase(ctx, conference.ActorOf(&officer), &c); err != nil {
		t.Fatalf("probation case: %v", err)
	}
	return c
}

// agendaWantShown fails unless each section of the proposal form is shown or hidden as given.
func agendaWantShown(b *tab, want map[string]bool) {
	b.t.Helper()
	for sel, shown := range want {
		visible := evalJS[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.offsetParent !== null; })()`, sel))
		if visible != shown {
			b.t.Errorf("%s is visible=%v, want %v", sel, visible, shown)
		}
	}
}

// agendaItemOfCase returns the id of the agenda item (card id item-N) that links to case id.
func agendaItemOfCase(b *tab, caseID int64) int64 {
	b.t.Helper()
	id := evalJS[int64](b, fmt.Sprintf(`(() => {
		const a = document.querySelector('main .item a[href="/cases/%d"]');
		const card = a && a.closest('.item');
		return card ? Number(card.id.replace('item-', '')) : 0;
	})()`, caseID))
	if id == 0 {
		b.t.Fatalf("no agenda item links to case %d on %s:\n%s", caseID, b.path(), b.bodyText())
	}
	return id
}

// agendaFillAnswersJS answers every referral question of the form generically:
// text gets a sentence, a select its first real option. It returns the names.
const agendaFillAnswersJS = `(() => {
	const names = [];
	for (const e of document.querySelectorAll('[name^="answers."]')) {
		if (e.tagName === 'SELECT') {
			const o = [...e.options].find(o => o.value !== '');
			e.value = o ? o.value : '';
		} else {
			e.value = 'Antwoord op ' + e.name.slice(8) + ': zie het dossier van de aanmelder.';
		}
		e.dispatchEvent(new Event('change', {bubbles: true}));
		names.push(e.name);
	}
	return names;
})()`

// agendaPageOrder lists the ids of the agenda items in the order the page shows them.
func agendaPageOrder(b *tab) []int64 {
	b.t.Helper()
	return evalJS[[]int64](b, `[...document.querySelectorAll('#agenda-items > li.item')].map(li => Number(li.dataset.id))`)
}

// agendaAPIOrder lists the ids of the agenda items as the JSON API gives them to the tab's user.
func agendaAPIOrder(b *tab, conferenceID int64) []int64 {
	b.t.Helper()
	return agendaEvalPromise[[]int64](b, fmt.Sprintf(`fetch('/api/v1/conferences/%d/agenda', {credentials: 'same-origin'})
		.then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
		.then(v => v.items.map(i => i.id))`, conferenceID))
}

// agendaDragAbove drags the element from onto the upper edge of the element onto
// with the mouse (HTML5 drag and drop, see chromedp.DragAndDropXY), and waits
// for the page to save the order and load again.
func agendaDragAbove(b *tab, from, onto string) {
	b.t.Helper()
	type point struct{ X, Y float64 }
	type points struct{ From, To point }
	// Bring both into view: the top of the target and the grip of the dragged item.
	pts := evalJS[points](b, fmt.Sprintf(`(() => {
		const f = document.querySelector(%q), o = document.querySelector(%q);
		o.scrollIntoView({block: 'start'});
		const fr = f.getBoundingClientRect(), or = o.getBoundingClientRect();
		window.__beforeDrag = true;
		return {From: {X: fr.left + fr.width / 2, Y: fr.top + fr.height / 2}, To: {X: or.left + or.width / 2, Y: or.top + 8}};
	})()`, from, onto))
	ctx, cancel := b.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.DragAndDropXY(pts.From.X, pts.From.Y, pts.To.X, pts.To.Y)); err != nil {
		b.t.Fatalf("drag %s onto %s: %v", from, onto, err)
	}
	// The page saves the order with PUT …/order and reloads itself. Polling
	// inside the page would die with the old document, so poll from here.
	deadline := time.Now().Add(10 * time.Second)
	for {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.__beforeDrag && document.readyState === 'complete' && !!document.getElementById('agenda-items')`))
		if err == nil && done {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the page did not load again after the drag (last error: %v); its status line reads %q", err,
				b.eval(`(document.querySelector('#agenda-items + [role=status]') || {}).textContent || ''`))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// agendaDownload is what the journey checks of a download.
type agendaDownload struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Size   int    `json:"size"`
	Head   string `json:"head"`
}

// agendaAPIResult is the status and body of an API call made from the page.
type agendaAPIResult struct {
	Status int    `json:"status"`
	Body   string `json:"body"`
}

// agendaEvalPromise evaluates expr, which yields a promise, in the page and decodes its value into T.
func agendaEvalPromise[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %.80s: %v", expr, err)
	}
	return v
}
