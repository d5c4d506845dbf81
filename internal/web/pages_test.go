package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"casusoverleg/internal/audit"
)

func TestPagesParticipant(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	if p := b.get("/cases"); p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Fatalf("anonymous /cases: %d → %q, want a redirect to /login", p.Code, p.Location)
	}
	b.login("officer@example.nl")

	t.Run("OK/conference list", func(t *testing.T) {
		p := b.get("/conferences")
		if p.Code != http.StatusOK || !strings.Contains(p.Body, "Casusoverleg") || !strings.Contains(p.Body, "Bijeenkomsten") {
			t.Fatalf("status %d, body lacks the series: %.400s", p.Code, p.Body)
		}
	})
	t.Run("OK/conference", func(t *testing.T) {
		p := b.get(fmt.Sprintf("/conferences/%d", e.conf.ID))
		if p.Code != http.StatusOK || !strings.Contains(p.Body, "chair") || !strings.Contains(p.Body, "concept") {
			t.Fatalf("status %d: %.600s", p.Code, p.Body)
		}
	})
	t.Run("OK/own case", func(t *testing.T) {
		p := b.get(fmt.Sprintf("/cases/%d", e.policeC.ID))
		if p.Code != http.StatusOK || !strings.Contains(p.Body, "Geheime Persoon") || !strings.Contains(p.Body, "officer@example.nl") {
			t.Fatalf("status %d, want the case with its viewers: %.600s", p.Code, p.Body)
		}
	})
	t.Run("OK/english", func(t *testing.T) {
		p := b.get("/conferences?lang=en")
		if !strings.Contains(p.Body, "Meetings") || !strings.Contains(p.Body, `lang="en"`) {
			t.Fatalf("no English page: %.300s", p.Body)
		}
		b.get("/conferences?lang=nl")
	})
	t.Run("Headers", func(t *testing.T) {
		res, err := b.client.Get(b.base + "/conferences")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		for h, want := range map[string]string{"Content-Security-Policy": "frame-ancestors 'none'", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
			if !strings.Contains(res.Header.Get(h), want) {
				t.Errorf("%s = %q, want %q", h, res.Header.Get(h), want)
			}
		}
		for _, c := range b.client.Jar.Cookies(res.Request.URL) {
			if c.Name == "casusoverleg_session" && c.Value == "" {
				t.Error("empty session cookie")
			}
		}
	})
	t.Run("ErrCSRF", func(t *testing.T) {
		res, err := b.client.PostForm(b.base+"/cases", url.Values{"subject": {"X"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("POST without CSRF token: %d, want 403", res.StatusCode)
		}
	})
}

func TestPageForeignCaseRedacted(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("nurse@example.nl")
	p := b.get(fmt.Sprintf("/cases/%d", e.policeC.ID))
	if p.Code != http.StatusForbidden || !strings.Contains(p.Body, e.policeC.Reference) || !strings.Contains(p.Body, "afgeschermd") {
		t.Fatalf("status %d, want 403 with reference and afgeschermd: %.500s", p.Code, p.Body)
	}
	for _, s := range secrets {
		if strings.Contains(p.Body, s) {
			t.Fatalf("page leaks %q", s)
		}
	}
	if list := b.get("/cases"); strings.Contains(list.Body, e.policeC.Reference) {
		t.Fatalf("case list shows a case of another organisation")
	}
}

func TestPageReferralForm(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("nurse@example.nl")
	p := b.post("/cases/new", "/cases", url.Values{"subject": {""}, "theme": {"jeugd"}, "postcode": {"53"}, "neighbourhood": {"Ruwaard"},
		"involved_organisation_ids": {fmt.Sprint(e.ggz.ID)}})
	if p.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", p.Code)
	}
	for _, want := range []string{`id="postcode-error"`, `id="p0-surname-error"`, "vul ten minste de hoofdpersoon in", "moet een postcodegebied van vier cijfers zijn", `value="Ruwaard"`, `aria-invalid="true"`} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	// A bad BSN and a missing date of birth are named next to their row.
	p = b.post("/cases/new", "/cases", url.Values{"theme": {"jeugd"}, "postcode": {"5343"}, "neighbourhood": {"Ruwaard"},
		"p0-surname": {"van Zwart"}, "p0-initials": {"F."}, "p0-birth_date": {"1980-02-03"}, "p0-bsn": {"123456789"},
		"p2-surname": {"van Zwart"}, "p2-initials": {"K."}, "p2-role": {"kind"},
		"involved_organisation_ids": {fmt.Sprint(e.ggz.ID), fmt.Sprint(e.police.ID)}})
	if p.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", p.Code)
	}
	for _, want := range []string{`id="p0-bsn-error"`, "elfproef", `id="p2-birth_date-error"`} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	p = b.post("/cases/new", "/cases", url.Values{"theme": {"jeugd"}, "postcode": {"5343"}, "neighbourhood": {"Ruwaard"},
		"p0-surname": {"van Zwart"}, "p0-initials": {"F."}, "p0-birth_date": {"1980-02-03"}, "p0-bsn": {"111222333"},
		"p2-surname": {"van Zwart"}, "p2-initials": {"K."}, "p2-role": {"kind"}, "p2-birth_date": {"2012-06-07"},
		"involved_organisation_ids": {fmt.Sprint(e.ggz.ID), fmt.Sprint(e.police.ID)}})
	if p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/cases/") {
		t.Fatalf("status %d → %q, want a redirect to the new case", p.Code, p.Location)
	}
	got := b.get(p.Location)
	for _, want := range []string{"2026-0002", "F. van Z. (1980)", "*****2333", "Kind", "07-06-2012"} {
		if !strings.Contains(got.Body, want) {
			t.Errorf("new case page lacks %q: %.400s", want, got.Body)
		}
	}
	if strings.Contains(got.Body, "111222333") {
		t.Error("the case page shows the BSN in full without being asked")
	}
	if shown := b.get(p.Location + "?bsn=show"); !strings.Contains(shown.Body, "111222333") {
		t.Error("?bsn=show does not show the BSN")
	}
}

func TestLoginFailuresAreLimitedAndLogged(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	for i := range 5 {
		p := b.post("/login", "/login", url.Values{"email": {"officer@example.nl"}, "password": {"wrong"}})
		if p.Code != http.StatusUnauthorized || !strings.Contains(p.Body, "klopt niet") {
			t.Fatalf("attempt %d: status %d", i+1, p.Code)
		}
	}
	p := b.post("/login", "/login", url.Values{"email": {"officer@example.nl"}, "password": {testPassword}})
	if p.Code != http.StatusTooManyRequests {
		t.Fatalf("6th attempt with the right password: %d, want 429", p.Code)
	}
	events, total, err := e.audit().List(context.Background(), audit.Filter{Action: audit.ActionLoginFailed})
	if err != nil || total != 6 || events[0].UserEmail != "officer@example.nl" {
		t.Fatalf("failed logins logged: %d (%v), want 6", total, err)
	}
}

func TestChairMustEnrolSecondFactor(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	p := b.post("/login", "/login", url.Values{"email": {"chair@example.nl"}, "password": {testPassword}})
	if p.Code != http.StatusSeeOther || p.Location != "/account/totp" {
		t.Fatalf("chair login → %d %q, want the enrolment page", p.Code, p.Location)
	}
	if p := b.get("/conferences"); p.Code != http.StatusSeeOther || p.Location != "/account/totp" {
		t.Fatalf("chair without second factor reaches /conferences: %d %q", p.Code, p.Location)
	}
	if p := b.get("/account/totp"); p.Code != http.StatusOK || !strings.Contains(p.Body, "data:image/png;base64,") {
		t.Fatalf("enrolment page without QR code: %d", p.Code)
	}
}

func TestSessionsAreSharedBetweenServers(t *testing.T) {
	// Two app servers on one database: a login on the first is valid on the second.
	e := newEnv(t)
	b := e.browser()
	b.login("officer@example.nl")
	second := e.secondServer(t)
	u, _ := url.Parse(e.http.URL)
	req, _ := http.NewRequest("GET", second+"/cases", nil)
	for _, c := range b.client.Jar.Cookies(u) {
		req.AddCookie(c)
	}
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("second server: %d, want the session to be valid", res.StatusCode)
	}
}

func TestCaseViewsAreAudited(t *testing.T) {
	e := newEnv(t)
	e.api("officer", "GET", fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID), nil)
	e.api("nurse", "GET", fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID), nil) // redacted: nothing seen
	events, total, err := e.audit().List(context.Background(), audit.Filter{Action: audit.ActionView, RecordType: "case"})
	if err != nil || total != 1 || events[0].UserEmail != "officer@example.nl" || events[0].OrganisationID != e.police.ID {
		t.Fatalf("views logged: %+v (%v), want one by the officer", events, err)
	}
	if n, err := e.audit().Verify(context.Background()); err != nil || n == 0 {
		t.Fatalf("Verify() = %d, %v", n, err)
	}
}

func TestAdminEditsUser(t *testing.T) {
	e := newEnv(t)
	nurse := e.users["nurse"]
	path := fmt.Sprintf("/admin/users/%d", nurse.ID)
	if code, body := e.raw("admin", "GET", path, ""); code != http.StatusOK || !strings.Contains(body, `value="nurse@example.nl"`) {
		t.Fatalf("edit page: %d", code)
	}
	if code, body := e.raw("admin", "POST", path, "name=Verpleger&email=niet-goed&roles=participant&organisation_id="+fmt.Sprint(e.ggz.ID)); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="email-error"`) {
		t.Fatalf("bad e-mail: %d", code)
	}
	// Deactivated (no "active"): the user's token no longer works.
	if code, _ := e.raw("admin", "POST", path, "name=Verpleger&email=nurse@example.nl&roles=participant&organisation_id="+fmt.Sprint(e.ggz.ID)); code != http.StatusSeeOther {
		t.Fatalf("save: %d", code)
	}
	if res := e.api("nurse", "GET", "/api/v1/me", nil); res.Code != http.StatusUnauthorized {
		t.Fatalf("a deactivated user still gets in: %d", res.Code)
	}
	if code, _ := e.raw("officer", "GET", path, ""); code != http.StatusForbidden {
		t.Fatalf("a participant opened the user page: %d", code)
	}
}
