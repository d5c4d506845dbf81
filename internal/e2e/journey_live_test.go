package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// liveParticipantEmail is the demo participant of the municipality, a member
// of the series who is not involved in the journey's case.
const liveParticipantEmail = "f.elamrani@oss.example.nl"

// TestJourneyLiveMeeting: the chair opens the meeting and walks its five
// items (next four times, then back); a participant of the municipality,
// whose organisation is not involved in the first case, has the meeting page
// open on a phone (390 px): it follows the current item by itself, without a
// reload and without ever showing the case's details, and she accepts the
// confidentiality statement there. The secretary's minutes page follows the
// chair to each item's record while she types, and keeps every text typed;
// she then confirms who is present, with the statement accepted.
func TestJourneyLiveMeeting(t *testing.T) {
	t.Parallel()
	r := startMinutesRegion(t)
	ctx := context.Background()
	conf := fmt.Sprintf("/conferences/%d", r.Meeting.ID)
	minutesPath := conf + "/minutes"
	chairUser := r.Users[chairEmail]
	items := r.Items
	// Two general items after the three cases: five items to walk.
	for _, title := range []string{"Werkafspraken vergaderorde", "Rondvraag"} {
		it, err := r.Agenda.Propose(ctx, conference.ActorOf(&chairUser), agenda.Proposal{ConferenceID: r.Meeting.ID, Kind: agenda.KindGeneral,
			Title: title, Reason: "Vaste punten van het overleg.", RequestedMinutes: 5})
		if err != nil {
			t.Fatalf("propose %s: %v", title, err)
		}
		if it, err = r.Agenda.Triage(ctx, conference.ActorOf(&chairUser), it.ID, agenda.Accept, "", it.Version); err != nil {
			t.Fatalf("accept %s: %v", title, err)
		}
		items = append(items, it)
	}
	labels := make([]string, len(items))
	for i, it := range items {
		labels[i] = it.Title
		if it.CaseID != nil {
			c, err := r.Store.Case(ctx, conference.System, *it.CaseID)
			if err != nil {
				t.Fatal(err)
			}
			labels[i] = c.Reference
		}
	}
	secrets := []string{r.Case.Subject, r.Case.Summary, "Bedreiging in de buurt"}
	participant, err := r.Store.UserByEmail(ctx, liveParticipantEmail)
	if err != nil {
		t.Fatal(err)
	}

	part := openTab(t, r.URL)
	mjLogin(part, liveParticipantEmail, nil)
	if err := chromedp.Do(part.ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	chair := openTab(t, r.URL)
	mjLogin(chair, chairEmail, &mjTOTP{})
	sec := openTab(t, r.URL)
	mjLogin(sec, mjSecretaryEmail, &mjTOTP{})

	followed := func(b *tab, i int) {
		b.t.Helper()
		mjWaitText(b, "#live .current", labels[i], 3*time.Second)
		if n := evalJS[int](b, `document.querySelectorAll('li.item[aria-current="step"]').length`); n != 1 {
			b.t.Errorf("%d items are marked current", n)
		}
		body := b.bodyText()
		for _, s := range secrets {
			if strings.Contains(body, s) {
				b.t.Fatalf("the participant's live page shows %q of a case the municipality is not involved in", s)
			}
		}
	}
	// The secretary's minutes page has the current item's record open: the
	// cursor in its summary, the address at its anchor, the page never reloaded.
	recordOpen := func(b *tab, i int) {
		b.t.Helper()
		want := fmt.Sprintf("summary-%d", items[i].ID)
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if evalJS[string](b, `document.activeElement ? document.activeElement.id : ""`) == want {
				break
			}
			if time.Now().After(deadline) {
				b.t.Fatalf("the minutes page did not open the record of item %d (%s); the cursor is in %q", i+1, labels[i],
					evalJS[string](b, `document.activeElement ? document.activeElement.id : ""`))
			}
		}
		mjWaitText(b, "#minutes-now", labels[i], 3*time.Second)
		if h := evalJS[string](b, `location.hash`); h != fmt.Sprintf("#item-%d", items[i].ID) {
			b.t.Errorf("the address is at %q", h)
		}
		if !evalJS[bool](b, `window.__notReloaded === true`) {
			b.t.Fatal("the minutes page was reloaded")
		}
	}

	part.steps(journeyStep{"OpensTheMeetingOnAPhone", func(b *tab) {
		status := b.open(conf)
		b.wantPage(conf, status, 200)
		b.wantText("De vergadering is nog niet begonnen.")
		if b.attr("#live", "data-live-events") != conf+"/events" {
			b.t.Fatal("the page does not follow the meeting's events")
		}
		if w := evalJS[int](b, `document.documentElement.scrollWidth`); w > 390 {
			b.t.Errorf("the page is %d px wide on a 390 px screen", w)
		}
		b.look("participant-waiting-390")
	}})
	sec.steps(journeyStep{"OpensTheMinutes", func(b *tab) {
		status := b.open(minutesPath)
		b.wantPage(minutesPath, status, 200)
		if !evalJS[bool](b, `document.getElementById("minutes-now").hidden`) {
			b.t.Error("the minutes page shows a current item before the meeting is open")
		}
		evalJS[bool](b, `window.__notReloaded = true`)
		// Text typed in the attendance (a form without autosave) must survive every move.
		b.fill(fmt.Sprintf("#remark-%d", participant.ID), "Via video")
	}})
	chair.steps(journeyStep{"OpensTheMeeting", func(b *tab) {
		status := b.open(conf)
		b.wantPage(conf, status, 200)
		status = liveClick(b, `#live form[action$="/start"] button`)
		b.wantPage(conf, status, 200)
		b.wantText("De vergadering is geopend.", "Nu besproken (1/5)")
		b.look("chair-in-session")
	}})
	part.steps(journeyStep{"FollowsTheFirstItem", func(b *tab) {
		followed(b, 0)
		b.wantText("afgeschermd")
		b.look("participant-first-item-390")
	}}, journeyStep{"AcceptsTheStatement", func(b *tab) {
		status := liveClick(b, `#live form[action$="/confidentiality"] button`)
		b.wantPage(conf, status, 200)
		mjWaitText(b, "#live-statement", "U hebt de verklaring aanvaard om", time.Second)
		b.look("participant-accepted-390")
		// A fragment the meeting's moves leave unchanged is kept, not
		// replaced: a link in it stays clickable while the page follows.
		evalJS[bool](b, `document.getElementById("facts").__kept = true`)
	}})
	sec.steps(journeyStep{"FollowsToTheFirstRecord", func(b *tab) {
		recordOpen(b, 0)
		b.fill(fmt.Sprintf("#summary-%d", items[0].ID), "Meldplicht twee keer per week afgesproken.")
	}})

	typed := map[string]string{fmt.Sprintf("#remark-%d", participant.ID): "Via video",
		fmt.Sprintf("#summary-%d", items[0].ID): "Meldplicht twee keer per week afgesproken."}
	for _, move := range []struct {
		button string
		to     int
	}{{"next", 1}, {"next", 2}, {"next", 3}, {"next", 4}, {"back", 3}} {
		chair.steps(journeyStep{fmt.Sprintf("Moves%sToItem%d", move.button, move.to+1), func(b *tab) {
			status := liveClick(b, fmt.Sprintf(`#live button[name="step"][value="%s"]`, move.button))
			b.wantPage(conf, status, 200)
			b.wantText(fmt.Sprintf("Nu besproken (%d/5)", move.to+1))
		}})
		part.steps(journeyStep{fmt.Sprintf("FollowsToItem%d", move.to+1), func(b *tab) {
			followed(b, move.to)
			if !evalJS[bool](b, `document.getElementById("facts").__kept === true`) {
				b.t.Error("the meeting's facts were replaced although the move did not change them")
			}
		}})
		sec.steps(journeyStep{fmt.Sprintf("FollowsToRecord%d", move.to+1), func(b *tab) {
			recordOpen(b, move.to)
			for sel, text := range typed {
				if got := b.value(sel); got != text {
					b.t.Fatalf("%s holds %q after the chair moved, want %q", sel, got, text)
				}
			}
			// Typing in the new record, not saved yet when the chair moves on.
			sel := fmt.Sprintf("#summary-%d", items[move.to].ID)
			text := fmt.Sprintf("Besproken als punt %d.", move.to+1)
			if move.button == "back" {
				text = b.value(sel) + " Aangevuld."
			}
			b.fill(sel, text)
			typed[sel] = text
		}})
	}
	sec.steps(journeyStep{"TheTypedRecordsAreSaved", func(b *tab) {
		b.look("secretary-following")
		// Each record saved itself when the cursor left it.
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			if strings.Contains(b.text(fmt.Sprintf("#record-%d .save-state", items[0].ID)), "opgeslagen") {
				break
			}
			if time.Now().After(deadline) {
				b.t.Fatalf("the first record was not saved: %q", b.text(fmt.Sprintf("#record-%d .save-state", items[0].ID)))
			}
		}
	}})
	sec.steps(journeyStep{"RecordsWhoIsPresent", func(b *tab) {
		status := b.open(conf)
		b.wantPage(conf, status, 200)
		mjWaitText(b, "#live ul.present", "Fatima El Amrani", 3*time.Second)
		mjWaitText(b, "#live ul.present", "verklaring aanvaard", time.Second)
		b.look("secretary-presence")
		status = liveClick(b, `#live form[action$="/attendance"] button`)
		b.wantPage(minutesPath, status, 200)
		att, err := r.Store.Attendance(ctx, r.Meeting.ID)
		if err != nil {
			b.t.Fatal(err)
		}
		found := false
		for _, a := range att {
			found = found || (a.UserID == participant.ID && a.Presence == conference.Present && a.ConfidentialityConfirmed)
		}
		if !found {
			b.t.Errorf("the participant was not recorded as present with the statement confirmed: %+v", att)
		}
	}})
}

// liveClick clicks the button sel of a page that follows the meeting, which
// must load a new page. The click is the script's, not the mouse's: the
// page's live parts are replaced when an event arrives (the secretary's
// autosave), and a node looked up before that is gone; a person's click lands
// on the new button in the same place.
func liveClick(b *tab, sel string) int64 {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](fmt.Sprintf(`(document.querySelector(%q).click(), true)`, sel))(ctx, t)
		return err
	}))
	if err != nil || res == nil {
		b.t.Fatalf("on %s, click %s and wait for the next page: %v", b.path(), sel, err)
	}
	return res.Status
}
