package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/pquerna/otp/totp"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/demo"
)

// TestJourneyKeyboardOnly: the chair prepares next week's meeting with the
// keyboard alone — no mouse, no script clicks. Tab moves the focus (which
// must be visible), Enter follows links and submits, Space presses buttons:
// log in with the second factor, open the meeting, accept the two proposals,
// move the second item up, publish; then, on a phone, open the collapsed menu.
func TestJourneyKeyboardOnly(t *testing.T) {
	t.Parallel()
	r := startMinutesRegion(t)
	ctx := context.Background()
	officer := r.User(t, policeEmail)
	var proposals []int64
	for _, c := range []int64{r.Case.ID, *r.Items[1].CaseID} {
		it, err := r.Agenda.Propose(ctx, conference.ActorOf(&officer), agenda.Proposal{ConferenceID: r.Next.ID, CaseID: &c,
			Reason: "Stand van zaken na de vorige bespreking.", RequestedMinutes: 15})
		if err != nil {
			t.Fatalf("propose case %d: %v", c, err)
		}
		proposals = append(proposals, it.ID)
	}
	meeting := fmt.Sprintf("/conferences/%d", r.Next.ID)
	b := openTab(t, r.URL)
	// A headless window never has the system focus; without it :focus
	// styles, and so the visible focus this journey checks, do not apply.
	if _, err := chromedp.Call(b.ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	b.steps(
		journeyStep{"LogsIn", func(b *tab) {
			b.wantPage("/login", b.open("/login"), 200)
			b.tabTo("#email")
			b.typeKeys(chairEmail)
			b.tabTo("#password")
			b.typeKeys(demo.Password)
			status := b.press(kb.Enter)
			b.wantPage("/account/totp", status, 200)
			code, err := totp.GenerateCode(b.text("main code"), time.Now())
			if err != nil {
				b.t.Fatal(err)
			}
			b.tabTo("#code")
			b.typeKeys(code)
			noteRecoveryCodes(b, b.press(kb.Enter))
			b.tabTo("main a.button.primary")
			b.wantPage("/conferences", b.press(kb.Enter), 200)
		}},
		journeyStep{"OpensTheMeeting", func(b *tab) {
			b.tabTo(fmt.Sprintf(`main a[href="%s"]`, meeting))
			b.wantPage(meeting, b.press(kb.Enter), 200)
			b.a11y()
		}},
		journeyStep{"AcceptsBothProposals", func(b *tab) {
			for _, id := range proposals {
				b.tabTo(fmt.Sprintf(`#item-%d form.triage button[value="accept"]`, id))
				b.wantPage(meeting, b.press(" "), 200)
			}
			if got := agendaPageOrder(b); !slices.Equal(got, proposals) {
				b.t.Fatalf("the agenda shows items %v, want the accepted proposals %v in order", got, proposals)
			}
		}},
		journeyStep{"MovesTheSecondItemUp", func(b *tab) {
			b.tabTo(fmt.Sprintf(`#item-%d form.move button[value="up"]`, proposals[1]))
			b.wantPage(meeting, b.press(" "), 200)
			want := []int64{proposals[1], proposals[0]}
			if got := agendaPageOrder(b); !slices.Equal(got, want) {
				b.t.Fatalf("after moving up the agenda shows %v, want %v", got, want)
			}
		}},
		journeyStep{"Publishes", func(b *tab) {
			b.tabTo(`.chair-tools form[action$="/publish"] button`)
			b.wantPage(meeting, b.press(kb.Enter), 200)
			b.wantText("gepubliceerd")
			b.a11y()
			conf, err := r.Store.Conference(context.Background(), r.Next.ID)
			if err != nil || conf.Status != conference.StatusPublished {
				b.t.Fatalf("meeting status %q (%v), want published", conf.Status, err)
			}
		}},
		journeyStep{"OpensTheMenuOnAPhone", func(b *tab) {
			ctx, cancel := b.stepCtx()
			defer cancel()
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
				b.t.Fatal(err)
			}
			b.wantPage(meeting, b.open(meeting), 200)
			const cases = `header nav a[href="/cases"]`
			shown := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.checkVisibility({visibilityProperty: true}); })()`, cases)
			if evalJS[bool](b, shown) {
				b.t.Fatal("on a phone the menu is open before it is asked for")
			}
			b.tabTo("header details.menu > summary")
			b.key(kb.Enter)
			if !evalJS[bool](b, shown) {
				b.t.Fatal("Enter on Menu does not show the navigation")
			}
			b.tabTo(cases)
			b.wantPage("/cases", b.press(kb.Enter), 200)
		}},
	)
}

// tabTo presses Tab until the element sel has the focus, and fails when it
// never gets it or when the focus is not visible on it.
func (b *tab) tabTo(sel string) {
	b.t.Helper()
	const maxTabs = 400
	for range maxTabs {
		if evalJS[bool](b, fmt.Sprintf(`(() => { const e = document.activeElement; return !!e && e.matches(%q); })()`, sel)) {
			outline := b.eval(`getComputedStyle(document.activeElement).outlineStyle`)
			if outline == "none" || outline == "" {
				b.t.Errorf("on %s, %s has the focus without a visible outline", b.path(), sel)
			}
			return
		}
		b.key(kb.Tab)
	}
	b.t.Fatalf("on %s, %d presses of Tab never reach %s (the focus is on %s)", b.path(), maxTabs, sel,
		b.eval(`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "nothing"`))
}

// key sends keys to the focused element without waiting for a page.
func (b *tab) key(keys string) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
		b.t.Fatalf("on %s, press %q: %v", b.path(), keys, err)
	}
}

// typeKeys types text into the focused field, key by key.
func (b *tab) typeKeys(text string) {
	b.t.Helper()
	b.key(text)
}

// press sends keys that load a new page (Enter on a link, Space on a submit
// button), waits for it and returns its HTTP status.
func (b *tab) press(keys string) int64 {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(keys))
	if err != nil {
		b.t.Fatalf("on %s, press %q and wait for the next page: %v", b.path(), strings.TrimSpace(keys), err)
	}
	if res == nil {
		b.t.Fatalf("on %s, pressing %q loaded no page", b.path(), keys)
	}
	return res.Status
}
