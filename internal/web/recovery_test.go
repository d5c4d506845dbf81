package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"casusoverleg/internal/audit"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/dbtest"
)

var recoveryCodeShown = regexp.MustCompile(`<code>([a-z2-9]{5}-[a-z2-9]{5})</code>`)

// shownCodes reads the recovery codes of a page.
func shownCodes(body string) []string {
	var out []string
	for _, m := range recoveryCodeShown.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// loginWithRecoveryCode logs email in with the password and a recovery code.
func (b *browser) loginWithRecoveryCode(email, code string) pageResponse {
	b.t.Helper()
	b.login(email)
	return b.post("/login/totp", "/login/totp", url.Values{"recovery_code": {code}})
}

func TestRecoveryCodes(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.loginWithSecondFactor("chair@example.nl")
	first := b.get("/account/recovery-codes")
	codes := shownCodes(first.Body)
	if first.Code != http.StatusOK || len(codes) != auth.RecoveryCodeCount || first.Body == "" {
		t.Fatalf("after enrolment: %d, %d codes", first.Code, len(codes))
	}
	if again := b.get("/account/recovery-codes"); len(shownCodes(again.Body)) != 0 || !strings.Contains(again.Body, "Ongebruikte herstelcodes: 10") {
		t.Fatalf("the codes are shown a second time, or the count is wrong: %.2000s", again.Body)
	}
	var rows []struct{ Hash string }
	if err := e.db.Table("recovery_codes").Select("hash").Find(&rows).Error; err != nil || len(rows) != 10 {
		t.Fatalf("stored codes: %d (%v)", len(rows), err)
	}
	for _, r := range rows {
		if slices.Contains(codes, r.Hash) || len(r.Hash) != 64 {
			t.Fatalf("a code is stored in plain: %q", r.Hash)
		}
	}

	t.Run("OK/login with a recovery code, once", func(t *testing.T) {
		other := e.browser()
		if p := other.loginWithRecoveryCode("chair@example.nl", strings.ToUpper(codes[0])); p.Code != http.StatusSeeOther {
			t.Fatalf("login with a recovery code: %d %.1000s", p.Code, p.Body)
		}
		if p := other.get("/conferences"); p.Code != http.StatusOK {
			t.Fatalf("after the recovery code: %d", p.Code)
		}
		third := e.browser()
		if p := third.loginWithRecoveryCode("chair@example.nl", codes[0]); p.Code != http.StatusUnauthorized || !strings.Contains(p.Body, "niet geldig of al gebruikt") {
			t.Fatalf("the same code twice: %d", p.Code)
		}
		events, _, err := e.audit().List(t.Context(), audit.Filter{UserID: e.users["chair"].ID})
		if err != nil {
			t.Fatal(err)
		}
		var details []string
		for _, ev := range events {
			details = append(details, ev.Detail)
		}
		if !slices.Contains(details, "password+recovery code") || !slices.Contains(details, "wrong recovery code") {
			t.Fatalf("audit details = %q", details)
		}
	})
	t.Run("Err422/new codes need the password", func(t *testing.T) {
		if p := b.post("/account/recovery-codes", "/account/recovery-codes", url.Values{"password": {"wrong password!"}}); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="password-error"`) {
			t.Fatalf("wrong password: %d", p.Code)
		}
		p := b.post("/account/recovery-codes", "/account/recovery-codes", url.Values{"password": {testPassword}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("new codes: %d", p.Code)
		}
		fresh := shownCodes(b.get("/account/recovery-codes").Body)
		if len(fresh) != 10 || slices.Contains(fresh, codes[1]) {
			t.Fatalf("new codes = %q", fresh)
		}
		if p := e.browser().loginWithRecoveryCode("chair@example.nl", codes[1]); p.Code != http.StatusUnauthorized {
			t.Fatalf("an old code still works: %d", p.Code)
		}
		if p := e.browser().loginWithRecoveryCode("chair@example.nl", fresh[1]); p.Code != http.StatusSeeOther {
			t.Fatalf("a new code does not work: %d", p.Code)
		}
	})
	t.Run("Err403/only an admin resets", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/users/%d/second-factor/reset", e.users["chair"].ID)
		for _, user := range []string{"officer", "nurse", "chair", "otherchair"} {
			if res := e.api(user, "POST", path, nil); res.Code != http.StatusForbidden {
				t.Fatalf("%s reset a second factor: %d", user, res.Code)
			}
		}
	})
	t.Run("OK/admin resets, audited", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/users/%d/second-factor/reset", e.users["chair"].ID)
		if res := e.api("admin", "POST", path, nil); res.Code != http.StatusNoContent {
			t.Fatalf("reset: %d %s", res.Code, res.Body)
		}
		totp := auth.NewTOTP(e.db, dbtest.Now, "test")
		if enrolled, err := totp.Enrolled(t.Context(), e.users["chair"].ID); err != nil || enrolled {
			t.Fatalf("still enrolled after the reset: %v %v", enrolled, err)
		}
		if left, _ := totp.RecoveryCodesLeft(t.Context(), e.users["chair"].ID); left != 0 {
			t.Fatalf("%d recovery codes left after the reset", left)
		}
		_, n, err := e.audit().List(t.Context(), audit.Filter{RecordType: "user", RecordID: fmt.Sprint(e.users["chair"].ID), UserID: e.users["admin"].ID})
		if err != nil || n != 1 {
			t.Fatalf("audit of the reset: %d (%v)", n, err)
		}
		if res := e.api("admin", "POST", "/api/v1/users/999999/second-factor/reset", nil); res.Code != http.StatusNotFound {
			t.Fatalf("reset of an unknown user: %d", res.Code)
		}
	})
}
