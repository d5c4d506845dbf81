package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"casusoverleg/internal/demo"
)

// mjTOTP is one user's authenticator app: the secret read from the enrolment
// page and the last 30-second step whose code was used. The server refuses a
// code of a step at or before the last one it accepted (a replay) and accepts
// one step of drift either way, so code uses the current step, or the next
// one when the current step's code was used already, and waits only when
// that one was used too.
type mjTOTP struct {
	secret string
	last   int64
}

func (k *mjTOTP) code(t *testing.T) string {
	t.Helper()
	if k.secret == "" {
		t.Fatal("no TOTP secret: the user has not enrolled in this journey")
	}
	for {
		now := time.Now()
		cur := now.Unix() / 30
		step := max(cur, k.last+1)
		if step <= cur+1 {
			code, err := totp.GenerateCode(k.secret, time.Unix(step*30, 0))
			if err != nil {
				t.Fatal(err)
			}
			k.last = step
			return code
		}
		wait := time.Unix((cur+1)*30, 0).Sub(now) + 100*time.Millisecond
		t.Logf("TOTP: the codes of steps %d and %d were used; waiting %v for the next step", cur, cur+1, wait.Round(time.Second))
		time.Sleep(wait)
	}
}

// mjLogin logs in with the demo password and, when key is given, the second
// factor: at the first login the enrolment page shows the secret, which key
// keeps; later logins ask for a code. It ends on the meetings page. The login
// pages are checked (axe, screenshots) by the login journeys, not here again.
func mjLogin(b *tab, email string, key *mjTOTP) {
	b.t.Helper()
	status := b.open("/login")
	b.wantPage("/login", status, 200)
	b.fill("#email", email)
	b.fill("#password", demo.Password)
	status = b.click(`main form[action="/login"] button[type=submit]`)
	if key != nil {
		switch p := b.path(); {
		case strings.HasPrefix(p, "/account/totp"):
			b.wantPage("/account/totp", status, 200)
			key.secret = b.text("main code")
			if !base32Secret.MatchString(key.secret) {
				b.t.Fatalf("enrolment page shows secret %q, want base32", key.secret)
			}
			b.fill("#code", key.code(b.t))
			noteRecoveryCodes(b, b.click(`main form[action="/account/totp"] button[type=submit]`))
			status = b.click(`main a.button.primary`)
		case strings.HasPrefix(p, "/login/totp"):
			b.wantPage("/login/totp", status, 200)
			b.fill("#code", key.code(b.t))
			status = b.click(`main form[action="/login/totp"] button[type=submit]`)
		default:
			b.t.Fatalf("after the password of %s the browser is on %s, want the second factor", email, p)
		}
	}
	b.wantPage("/conferences", status, 200)
}

// mjTap clicks sel, which does not load a page (a <summary>, a checkbox).
func mjTap(b *tab, sel string) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		b.t.Fatalf("on %s, click %s: %v", b.path(), sel, err)
	}
}

// mjSet sets the value of the field sel as a date picker would (date,
// datetime-local and select fields; value must not be empty).
func mjSet(b *tab, sel, value string) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(sel), value)); err != nil {
		b.t.Fatalf("on %s, set %s to %q: %v", b.path(), sel, value, err)
	}
	if got := b.value(sel); got != value {
		b.t.Fatalf("on %s, %s holds %q after setting %q", b.path(), sel, got, value)
	}
}

// mjWaitText waits up to d for the element sel to show text containing want
// and returns its text.
func mjWaitText(b *tab, sel, want string, d time.Duration) string {
	b.t.Helper()
	var got string
	for deadline := time.Now().Add(d); ; time.Sleep(100 * time.Millisecond) {
		got = b.text(sel)
		if strings.Contains(got, want) {
			return got
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("on %s, %s shows %q after %v, want %q", b.path(), sel, got, d, want)
		}
	}
}

// mjReload reloads the page.
func mjReload(b *tab) {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		b.t.Fatalf("reload %s: %v", b.path(), err)
	}
}

// mjFlash is the message at the top of the page after a form was sent.
func mjFlash(b *tab) string {
	b.t.Helper()
	return b.text(`main > .alert`)
}

// mjWantFlash fails unless the page shows the message want as a success (role status).
func mjWantFlash(b *tab, want string) {
	b.t.Helper()
	if got, role := mjFlash(b), b.attr(`main > .alert`, "role"); got != want || role != "status" {
		b.t.Fatalf("on %s the message reads %q (role %q), want %q (role status); page:\n%s", b.path(), got, role, want, b.bodyText())
	}
}

// mjCount is the number of elements sel on the page.
func mjCount(b *tab, sel string) int {
	b.t.Helper()
	return evalJS[int](b, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel))
}

// mjFetched is an answer of the JSON API as fetch in the page received it.
type mjFetched struct {
	Status int    `json:"status"`
	Body   string `json:"body"`
}

// mjFetch sends GET path from the page, as its own script would, with the
// page's session cookie.
func mjFetch(b *tab, path string) mjFetched {
	b.t.Helper()
	ctx, cancel := b.stepCtx()
	defer cancel()
	expr := fmt.Sprintf(`fetch(%q, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
		.then(async r => ({status: r.status, body: await r.text()}))`, path)
	res, err := chromedp.Run(ctx, chromedp.Evaluate[mjFetched](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("fetch %s: %v", path, err)
	}
	return res
}

// mjClose closes the tab's browser when its user is done, before the test ends.
func mjClose(b *tab) {
	if err := chromedp.Cancel(b.ctx); err != nil {
		b.t.Logf("close browser: %v", err)
	}
}
