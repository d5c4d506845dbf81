package e2e

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// tab is a test's browser tab on the server at base. Its methods fail the
// test (of the current step) with a message naming what was expected.
type tab struct {
	t       *testing.T
	ctx     context.Context
	console *consoleLog
	base    string
	shots   *int
}

// openTab starts a browser for t on the server at base.
func openTab(t *testing.T, base string) *tab {
	t.Helper()
	ctx, console := newBrowser(t)
	return &tab{t: t, ctx: ctx, console: console, base: base, shots: new(int)}
}

// step runs f as subtest name with the same tab, and reports whether it passed.
func (b *tab) step(name string, f func(b *tab)) bool {
	b.t.Helper()
	return b.t.Run(name, func(t *testing.T) {
		s := *b
		s.t = t
		f(&s)
	})
}

// steps runs the steps of a journey in order and stops at the first that fails.
func (b *tab) steps(steps ...journeyStep) {
	b.t.Helper()
	for i, s := range steps {
		if !b.step(s.name, s.run) {
			var rest []string
			for _, r := range steps[i+1:] {
				rest = append(rest, r.name)
			}
			if len(rest) > 0 {
				b.t.Logf("step %s failed; not run: %s", s.name, strings.Join(rest, ", "))
			}
			return
		}
	}
}

// journeyStep is one named step of a journey.
type journeyStep struct {
	name string
	run  func(b *tab)
}

// stepCtx is the tab's context bounded by stepTimeout.
func (b *tab) stepCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, stepTimeout)
}

// open loads path and returns the HTTP status of the page it ends on.
func (b *tab) open(path string) int64 {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	return res.Status
}

// click clicks the element sel, which must load a new page, waits for it and
// returns its HTTP status.
func (b *tab) click(sel string) int64 {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("on %s, click %s and wait for the next page: %v", b.path(), sel, err)
	}
	if res == nil {
		b.t.Fatalf("on %s, click %s loaded no page", b.path(), sel)
	}
	return res.Status
}

// fill types text into the field sel, replacing what it held.
//
// The field is emptied with a script: chromedp v0.23.0's SetValue(sel, "")
// sets the value "undefined", because the empty string argument is dropped
// by omitempty on runtime.CallArgument.Value (cdproto v0.159.0).
func (b *tab) fill(sel, text string) {
	b.t.Helper()
	if !evalJS[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.value = ''; return true; })()`, sel)) {
		b.t.Fatalf("on %s, no field %s", b.path(), sel)
	}
	ctx, cancel := b.stepCtx()
	defer cancel()
	err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(sel), text))
	if err != nil {
		b.t.Fatalf("on %s, type into %s: %v", b.path(), sel, err)
	}
}

// choose selects value in the select element sel.
func (b *tab) choose(sel, value string) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(sel), value)); err != nil {
		b.t.Fatalf("on %s, choose %q in %s: %v", b.path(), value, sel, err)
	}
}

// check clicks the checkbox sel.
func (b *tab) check(sel string) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		b.t.Fatalf("on %s, click %s: %v", b.path(), sel, err)
	}
}

// value returns the current value of the form field sel.
func (b *tab) value(sel string) string {
	b.t.Helper()
	return b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.value : "<no element>"; })()`, sel))
}

// text returns the visible text of the first element sel ("" when there is none).
func (b *tab) text(sel string) string {
	b.t.Helper()
	return b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.innerText.trim() : ""; })()`, sel))
}

// attr returns attribute name of the first element sel ("" when absent).
func (b *tab) attr(sel, name string) string {
	b.t.Helper()
	return b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return (e && e.getAttribute(%q)) || ""; })()`, sel, name))
}

// bodyText is what a reader sees of the whole page.
func (b *tab) bodyText() string {
	b.t.Helper()
	return b.eval(`document.body.innerText`)
}

// eval evaluates a JavaScript expression that yields a string.
func (b *tab) eval(expr string) string {
	b.t.Helper()
	return evalJS[string](b, expr)
}

// evalJS evaluates expr in the page and decodes its value into T.
func evalJS[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %.80s: %v", expr, err)
	}
	return v
}

// path is the path and query of the page the tab shows.
func (b *tab) path() string {
	ctx, cancel := b.stepCtx()
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown: " + err.Error() + ")"
	}
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	return u.RequestURI()
}

// wantPage fails unless the tab shows a page whose path (without query)
// matches the regular expression pattern, anchored, and status is want.
func (b *tab) wantPage(pattern string, status, want int64) {
	b.t.Helper()
	p := b.path()
	u, _ := url.Parse(p)
	if !regexp.MustCompile(`^(?:` + pattern + `)$`).MatchString(u.Path) {
		b.t.Fatalf("browser is on %s (HTTP %d), want a page at %s", p, status, pattern)
	}
	if status != want {
		b.t.Fatalf("%s answered HTTP %d, want %d; page text:\n%s", p, status, want, b.bodyText())
	}
}

// wantText fails unless the page shows every one of texts.
func (b *tab) wantText(texts ...string) {
	b.t.Helper()
	body := b.bodyText()
	for _, s := range texts {
		if !strings.Contains(body, s) {
			b.t.Errorf("page %s does not show %q; it shows:\n%s", b.path(), s, body)
		}
	}
}

// look saves a screenshot of the page as the next numbered step and checks
// its accessibility: for the key pages of a journey.
func (b *tab) look(name string) {
	b.t.Helper()
	*b.shots++
	screenshot(b.t, b.ctx, fmt.Sprintf("%02d-%s", *b.shots, name))
	checkA11y(b.t, b.ctx)
}

// a11y checks the accessibility of the page, for pages a journey passes through.
func (b *tab) a11y() {
	b.t.Helper()
	checkA11y(b.t, b.ctx)
}

// login logs in through the login form and returns the status of the page it lands on.
func (b *tab) login(email, password string) int64 {
	b.t.Helper()
	status := b.open("/login")
	b.wantPage("/login", status, 200)
	b.look("login")
	b.fill("#email", email)
	b.fill("#password", password)
	return b.click(`main form[action="/login"] button[type=submit]`)
}

// logout clicks "Uitloggen" in the page header.
func (b *tab) logout() int64 {
	b.t.Helper()
	if got := b.text(`header form[action="/logout"] button`); got != "Uitloggen" {
		b.t.Fatalf("header logout button reads %q, want Uitloggen", got)
	}
	return b.click(`header form[action="/logout"] button[type=submit]`)
}
