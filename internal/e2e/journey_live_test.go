package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"casusoverleg/conference"
)

// liveParticipantEmail is the demo participant of the municipality, a member
// of the series who is not involved in the journey's case.
const liveParticipantEmail = "f.elamrani@oss.example.nl"

// TestJourneyLiveMeeting: the chair opens the meeting and walks its items
// (next, next, back); a participant of the municipality, whose organisation
// is not involved in the first case, has the meeting page open on a phone
// (390 px) and it follows the current item by itself, without a reload and
// without ever showing the case's details; the secretary sees who has the
// page open and records them as present.
func TestJourneyLiveMeeting(t *testing.T) {
	r := startMinutesRegion(t)
	conf := fmt.Sprintf("/conferences/%d", r.Meeting.ID)
	refs := make([]string, len(r.Items))
	for i, it := range r.Items {
		c, err := r.Store.Case(context.Background(), conference.System, *it.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		refs[i] = c.Reference
	}
	secrets := []string{r.Case.Subject, r.Case.Summary, "Bedreiging in de buurt"}

	part := openTab(t, r.URL)
	mjLogin(part, liveParticipantEmail, nil)
	if err := chromedp.Do(part.ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	chair := openTab(t, r.URL)
	chairKey := &mjTOTP{}
	mjLogin(chair, chairEmail, chairKey)
	sec := openTab(t, r.URL)
	mjLogin(sec, mjSecretaryEmail, &mjTOTP{})

	followed := func(b *tab, i int) {
		b.t.Helper()
		mjWaitText(b, "#live .current", refs[i], 3*time.Second)
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
	chair.steps(journeyStep{"OpensTheMeeting", func(b *tab) {
		status := b.open(conf)
		b.wantPage(conf, status, 200)
		status = b.click(`#live form[action$="/start"] button`)
		b.wantPage(conf, status, 200)
		b.wantText("De vergadering is geopend.", "Nu besproken (1/3)")
		b.look("chair-in-session")
	}})
	part.steps(journeyStep{"FollowsTheFirstItem", func(b *tab) {
		followed(b, 0)
		b.wantText("afgeschermd")
		b.look("participant-first-item-390")
	}})
	for _, move := range []struct {
		button string
		to     int
	}{{"next", 1}, {"next", 2}, {"back", 1}} {
		chair.steps(journeyStep{"Moves" + move.button, func(b *tab) {
			status := b.click(fmt.Sprintf(`#live button[name="step"][value="%s"]`, move.button))
			b.wantPage(conf, status, 200)
			b.wantText(fmt.Sprintf("Nu besproken (%d/3)", move.to+1))
		}})
		part.steps(journeyStep{fmt.Sprintf("FollowsToItem%d", move.to+1), func(b *tab) { followed(b, move.to) }})
	}
	sec.steps(journeyStep{"RecordsWhoIsPresent", func(b *tab) {
		status := b.open(conf)
		b.wantPage(conf, status, 200)
		mjWaitText(b, "#live ul.present", "Fatima El Amrani", 3*time.Second)
		b.look("secretary-presence")
		status = b.click(`#live form[action$="/attendance"] button`)
		b.wantPage(conf+"/minutes", status, 200)
		att, err := r.Store.Attendance(context.Background(), r.Meeting.ID)
		if err != nil {
			b.t.Fatal(err)
		}
		u, err := r.Store.UserByEmail(context.Background(), liveParticipantEmail)
		if err != nil {
			b.t.Fatal(err)
		}
		found := false
		for _, a := range att {
			found = found || (a.UserID == u.ID && a.Presence == conference.Present)
		}
		if !found {
			b.t.Errorf("the participant was not recorded as present: %+v", att)
		}
	}})
}
