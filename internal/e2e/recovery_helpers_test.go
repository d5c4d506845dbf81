package e2e

import (
	"context"
	"fmt"
	"regexp"

	"github.com/chromedp/chromedp"
)

var recoveryCode = regexp.MustCompile(`^[a-z2-9]{5}-[a-z2-9]{5}$`)

// noteRecoveryCodes checks the page shown right after the TOTP enrolment:
// ten recovery codes, shown once. It returns them; the page's primary link
// continues to where the user was going.
func noteRecoveryCodes(b *tab, status int64) []string {
	b.t.Helper()
	b.wantPage("/account/recovery-codes", status, 200)
	codes := evalJS[[]string](b, `[...document.querySelectorAll("main ol.recovery-codes code")].map(c => c.textContent)`)
	if len(codes) != 10 {
		b.t.Fatalf("%d recovery codes shown, want 10", len(codes))
	}
	for _, c := range codes {
		if !recoveryCode.MatchString(c) {
			b.t.Fatalf("recovery code %q is malformed", c)
		}
	}
	return codes
}

// narrow shows the page 390 pixels wide, as on a phone: nothing may stick
// out sideways, and axe-core must find nothing. The window is set back after.
func narrow(b *tab, name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		b.t.Fatalf("narrow window: %v", err)
	}
	defer func() {
		if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
			b.t.Fatalf("wide window again: %v", err)
		}
	}()
	if w := evalJS[int](b, `document.documentElement.scrollWidth`); w > 390 {
		wide := evalJS[[]string](b, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 392 &&
			!(e.parentElement && e.parentElement.getBoundingClientRect().right > 392) && !e.closest(".table-scroll")).slice(0, 5).map(e => e.tagName + "." + e.className + "#" + e.id + " in " + e.parentElement.tagName + "." + e.parentElement.className)`)
		dbg := evalJS[[]string](b, `[...document.querySelectorAll("*")].filter(e => e.getBoundingClientRect().right > 391 || e.scrollWidth > 391).slice(0, 8).map(e => e.tagName + "." + e.className + " r=" + Math.round(e.getBoundingClientRect().right) + " sw=" + e.scrollWidth)`)
		b.t.Errorf("at 390 px the page %s is %d px wide; sticking out: %q %q", b.path(), w, wide, dbg)
	}
	*b.shots++
	screenshot(b.t, b.ctx, fmt.Sprintf("%02d-%s", *b.shots, name))
	checkA11y(b.t, b.ctx)
}
