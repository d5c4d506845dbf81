package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// viewport is a window size the every-page test opens each page at.
type viewport struct {
	name          string
	width, height int64
	phone         bool
}

var viewports = []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}}

// overflowJS names the elements that stick out to the right of the window
// when the page is wider than the window, or returns "" when it is not.
const overflowJS = `(() => {
	const w = window.innerWidth, sw = document.documentElement.scrollWidth;
	if (sw <= w) return "";
	const out = [];
	for (const e of document.querySelectorAll('body *')) {
		const r = e.getBoundingClientRect();
		// What a box that scrolls sideways clips does not widen the page.
		const clipped = e.parentElement && e.parentElement.closest('table, pre, [style*=overflow]') &&
			['auto', 'scroll', 'hidden'].includes(getComputedStyle(e.parentElement.closest('table, pre, [style*=overflow]')).overflowX);
		if (r.right > w + 1 && r.width > 0 && !clipped && out.length < 5) {
			out.push(e.outerHTML.slice(0, 80) + ' (right ' + Math.round(r.right) + ')');
		}
	}
	return 'scrollWidth ' + sw + ' > innerWidth ' + w + ': ' + out.join(', ');
})()`

// smallControlsJS lists the visible controls smaller than 44 × 44 CSS
// pixels: buttons, fields, links styled as buttons, summaries and the
// navigation's links; a checkbox or radio button counts with its label.
const smallControlsJS = `(() => {
	const out = [];
	const sel = 'button, input:not([type=hidden]), select, textarea, a.button, summary, header nav a, .langs a';
	for (const e of document.querySelectorAll(sel)) {
		let box = e;
		if (e.type === 'checkbox' || e.type === 'radio') box = e.closest('label') || (e.id && document.querySelector('label[for="' + e.id + '"]')) || e;
		const r = box.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) continue; // not shown
		if (r.height < 43.5 || r.width < 43.5) out.push(box.outerHTML.slice(0, 90) + ' (' + Math.round(r.width) + '×' + Math.round(r.height) + ')');
	}
	return out;
})()`

// TestEveryPageOnAPhone opens every page of the application — every GET
// route of the router that renders HTML, with real ids, as a user who may
// see it — at 390 × 844 and at 1280 × 900. On the phone the page must not be
// wider than the window and every control must be at least 44 pixels; at
// both sizes axe-core must find no WCAG 2 A/AA violation. A route added to
// the router is covered without changing this test, or fails it when the
// region has no id for its parameter.
func TestEveryPageOnAPhone(t *testing.T) {
	t.Parallel()
	r := startPageRegion(t)
	pages := r.appPages(t, r.getRoutes())
	if len(pages) < 15 {
		t.Fatalf("found %d pages, want every page of the app", len(pages))
	}
	ctx, _ := newBrowserWithin(t, time.Duration(len(pages))*20*time.Second)
	b := &tab{t: t, ctx: ctx, base: r.URL, shots: new(int)}
	for _, p := range pages {
		for _, vp := range viewports {
			t.Run(vp.name+p.route, func(t *testing.T) {
				s := *b
				s.t = t
				s.show(p, vp)
				if vp.phone {
					if got := s.eval(overflowJS); got != "" {
						t.Errorf("%s at %d px as %s scrolls sideways: %s", p.path, vp.width, p.user.name, got)
					}
					if small := evalJS[[]string](&s, smallControlsJS); len(small) > 0 {
						t.Errorf("%s at %d px has %d control(s) under 44 px:\n%s", p.path, vp.width, len(small), strings.Join(small, "\n"))
					}
				}
				screenshot(t, s.ctx, vp.name+p.route)
				checkA11y(t, s.ctx)
			})
		}
	}
}

// show opens page p at viewport vp as the page's user and fails unless it answers 200.
func (b *tab) show(p appPage, vp viewport) {
	b.t.Helper()
	headers := network.Headers{}
	if p.user.token != "" {
		headers["Authorization"] = "Bearer " + p.user.token
	}
	ctx, cancel := b.stepCtx()
	defer cancel()
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	if err == nil {
		_, err = chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: headers})
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height))
	}
	if err != nil {
		b.t.Fatalf("set up %s: %v", vp.name, err)
	}
	if status := b.open(p.path); status != 200 {
		b.t.Fatalf("%s as %s answered %d, want 200", p.path, p.user.name, status)
	}
}
