package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/pquerna/otp/totp"

	"casusoverleg/conference"
	"casusoverleg/internal/privacy"
)

// privacyRequestForm and privacyRequestJSON are valid requests about person id.
func privacyRequestForm(id int64) string {
	return url.Values{"person_id": {fmt.Sprint(id)}, "kind": {"erasure"}, "received_on": {"2026-11-20"},
		"asked": {"Verwijder mijn gegevens"}, "decision": {"refused"}, "reason": {"Casus loopt nog; bewaartermijn niet verstreken"}}.Encode()
}

func privacyRequestJSON(id int64) string {
	return fmt.Sprintf(`{"person_id":%d,"kind":"correction","received_on":"2026-11-20","asked":"Geboortedatum klopt niet","decision":"granted","reason":"Aangetoond met paspoort"}`, id)
}

// privacyPaths are the routes only a privacy officer may use.
var privacyPaths = map[string]bool{"/privacy": true, "/privacy/persons/:id": true, "/privacy/persons/:id/report.pdf": true,
	"/privacy/requests": true, "/api/v1/privacy/persons": true, "/api/v1/privacy/persons/:id/report": true, "/api/v1/privacy/requests": true}

// TestPrivacyOfficerSeesAccessReportsOnly calls every route as a privacy
// officer whose organisation is involved in the police's case: every case,
// agenda, minutes, report and admin route refuses (403); the access reports answer.
func TestPrivacyOfficerSeesAccessReportsOnly(t *testing.T) {
	e := newEnv(t)
	everyRouteAsRestricted(t, e, "privacy", privacyPaths, func(t *testing.T, rt gin.RouteInfo, code int, body string) {
		want := map[string]int{"GET": http.StatusOK, "POST": http.StatusCreated}[rt.Method]
		if !strings.HasPrefix(rt.Path, "/api/") && rt.Method == "POST" {
			want = http.StatusSeeOther
		}
		if code != want {
			t.Fatalf("status %d, want %d: %.300s", code, want, body)
		}
	}, "Geheim")
	// The privacy officer needs the second factor, like the admin.
	if p := e.browserAs(t, "privacy").get("/privacy"); p.Code != http.StatusSeeOther || p.Location != "/account/totp" {
		t.Fatalf("without the second factor: %d → %q, want the enrolment", p.Code, p.Location)
	}
	if p := e.privacyBrowser(t).get("/"); p.Location != "/privacy" {
		t.Fatalf("home → %q, want /privacy", p.Location)
	}
}

// TestAccessReportsRefused: every other role — also the participant whose
// organisation is involved, the chair and the secretary of the meeting — is refused.
func TestAccessReportsRefused(t *testing.T) {
	e := newEnv(t)
	r := e.recordMinutes(t)
	requests := matrixRequests(e, r)
	for _, user := range []string{"admin", "chair", "secretary", "officer", "nurse", "policy"} {
		for key := range requests {
			method, path, _ := strings.Cut(key, " ")
			if !privacyPaths[path] {
				continue
			}
			t.Run(user+"/"+key, func(t *testing.T) {
				req := requests[key]
				if code, body := e.raw(user, method, req.path, req.body); code != http.StatusForbidden {
					t.Fatalf("status %d, want 403: %.300s", code, body)
				}
			})
		}
	}
	var n int64
	if err := e.db.Table("privacy_requests").Count(&n).Error; err != nil || n != 0 {
		t.Fatalf("%d requests recorded by refused users (%v)", n, err)
	}
}

func TestAccessReport(t *testing.T) {
	e := newEnv(t)
	e.addSecretPerson(t)
	e.recordMinutes(t)
	// The officer reads the case: that read is in the report.
	if res := e.api("officer", "GET", fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID), nil); res.Code != http.StatusOK {
		t.Fatalf("officer reads the case: %d", res.Code)
	}
	var found struct {
		Items []conference.PersonHit `json:"items"`
	}
	e.api("privacy", "GET", "/api/v1/privacy/persons?bsn="+secretBSN, nil).JSON(t, &found)
	if len(found.Items) != 1 || found.Items[0].Surname != "Verborgen" {
		t.Fatalf("search by BSN = %+v", found.Items)
	}
	id := found.Items[0].ID
	var byName struct {
		Items []conference.PersonHit `json:"items"`
	}
	e.api("privacy", "GET", "/api/v1/privacy/persons?name=verborgen&birth_date=2003-04-05", nil).JSON(t, &byName)
	if len(byName.Items) != 1 || byName.Items[0].ID != id {
		t.Fatalf("search by name and date of birth = %+v", byName.Items)
	}

	res := e.api("privacy", "GET", fmt.Sprintf("/api/v1/privacy/persons/%d/report", id), nil)
	var rep privacy.Report
	res.JSON(t, &rep)
	if res.Code != http.StatusOK || len(rep.Persons) != 1 || len(rep.Cases) != 1 || rep.Cases[0].Case.Reference != e.policeC.Reference {
		t.Fatalf("report = %d %s", res.Code, res.Body)
	}
	for _, want := range []string{"Geheim besluit over de aanpak", "Geheime afspraak: huisbezoek", "Geheim mandaat: meldplicht",
		"Vertrouwelijke stand van zaken uit het verslag", "officer@example.nl", `"basis":"agenda"`, `"basis":"involved"`} {
		if !strings.Contains(string(res.Body), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(string(res.Body), secretBSN) {
		t.Error("report shows the BSN in full")
	}
	officerRead := false
	for _, rd := range rep.Reads {
		officerRead = officerRead || rd.UserEmail == "officer@example.nl" && rd.Organisation == e.police.Name && rd.CaseReference == e.policeC.Reference
	}
	if !officerRead {
		t.Errorf("reads = %+v; want the officer's read", rep.Reads)
	}

	b := e.privacyBrowser(t)
	page := b.get(fmt.Sprintf("/privacy/persons/%d", id))
	if page.Code != http.StatusOK || !strings.Contains(page.Body, "Geheim besluit over de aanpak") || !strings.Contains(page.Body, "officer@example.nl") {
		t.Fatalf("report page: %d %.500s", page.Code, page.Body)
	}
	pdf := b.get(fmt.Sprintf("/privacy/persons/%d/report.pdf", id))
	if pdf.Code != http.StatusOK || !strings.HasPrefix(pdf.Body, "%PDF") {
		t.Fatalf("report PDF: %d", pdf.Code)
	}
	if text := pdfText(t, []byte(pdf.Body)); text != "" {
		for _, want := range []string{"Inzagerapport", "Verborgen", "Geheim besluit over de aanpak", "officer@example.nl"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF lacks %q", want)
			}
		}
	}
	// Every report made is in the audit log: the JSON, the page and the PDF.
	var made []struct{ Action, Detail string }
	if err := e.db.Table("audit_events").Where("record_type = ? AND record_id = ? AND user_id = ?", "access_report", fmt.Sprint(id), e.users["privacy"].ID).
		Order("seq").Find(&made).Error; err != nil || len(made) != 3 || made[2].Action != "export" {
		t.Fatalf("access reports logged = %+v, %v; want 3, the last an export", made, err)
	}
	var searches int64
	e.db.Table("audit_events").Joins("JOIN audit_event_texts t ON t.seq = audit_events.seq").
		Where("record_type = ? AND t.text LIKE ?", "privacy_search", "%bsn=*****2333%").Count(&searches)
	if searches != 1 {
		t.Errorf("%d BSN searches logged (masked); want 1", searches)
	}
	if res := e.api("privacy", "GET", "/api/v1/privacy/persons/999999/report", nil); res.Code != http.StatusNotFound {
		t.Errorf("report on no one: %d", res.Code)
	}
}

func TestAccessReportSearchErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ name, query, field string }{
		{"ErrNothing", "", "bsn"},
		{"ErrBSN", "bsn=123456789", "bsn"},
		{"ErrNameAlone", "name=verborgen", "birth_date"},
		{"ErrBirthDateAlone", "birth_date=2003-04-05", "name"},
		{"ErrBirthDate", "name=verborgen&birth_date=gisteren", "birth_date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, errs := e.apiErrors("privacy", "GET", "/api/v1/privacy/persons?"+tc.query, "", "")
			if code != http.StatusUnprocessableEntity || len(errs) == 0 || errs[0].Field != tc.field {
				t.Fatalf("status %d, errors %+v; want 422 on %s", code, errs, tc.field)
			}
		})
	}
	if p := e.privacyBrowser(t).get("/privacy?name=verborgen"); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="birth_date-error"`) {
		t.Fatalf("page with a name alone: %d", p.Code)
	}
}

func TestPrivacyRequests(t *testing.T) {
	e := newEnv(t)
	e.addSecretPerson(t)
	persons, err := e.store.Persons(t.Context(), conference.System, e.policeC.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	id := persons[1].ID
	b := e.privacyBrowser(t)
	t.Run("OK", func(t *testing.T) {
		res := e.api("privacy", "POST", "/api/v1/privacy/requests", privacyRequestJSON(id))
		var r privacy.Request
		res.JSON(t, &r)
		if res.Code != http.StatusCreated || r.Reference != "AVG-2026-0001" || r.DecidedBy != "privacy" || !r.DecidedAt.Equal(e.now()) {
			t.Fatalf("record = %d %s", res.Code, res.Body)
		}
		p := b.post("/privacy/requests", "/privacy/requests", mustParse(t, privacyRequestForm(id)))
		if p.Code != http.StatusSeeOther {
			t.Fatalf("form: %d %.300s", p.Code, p.Body)
		}
		list := b.get("/privacy/requests")
		if !strings.Contains(list.Body, "AVG-2026-0002") || !strings.Contains(list.Body, "Casus loopt nog") {
			t.Fatalf("register page lacks the request: %.500s", list.Body)
		}
		var got struct {
			Items []privacy.Request `json:"items"`
			Total int64             `json:"total"`
		}
		e.api("privacy", "GET", fmt.Sprintf("/api/v1/privacy/requests?person_id=%d", id), nil).JSON(t, &got)
		if got.Total != 2 || got.Items[0].Decision != privacy.DecisionRefused {
			t.Fatalf("register = %+v", got)
		}
		var logged int64
		e.db.Table("audit_events").Where("record_type = ? AND action = ?", "privacy_request", "create").Count(&logged)
		if logged != 2 {
			t.Errorf("%d requests logged; want 2", logged)
		}
	})
	for _, tc := range []struct{ name, body, field string }{
		{"ErrKind", fmt.Sprintf(`{"person_id":%d,"kind":"inzage","received_on":"2026-11-20","asked":"x","decision":"granted","reason":"y"}`, id), "kind"},
		{"ErrDecision", fmt.Sprintf(`{"person_id":%d,"kind":"erasure","received_on":"2026-11-20","asked":"x","decision":"misschien","reason":"y"}`, id), "decision"},
		{"ErrReason", fmt.Sprintf(`{"person_id":%d,"kind":"erasure","received_on":"2026-11-20","asked":"x","decision":"granted","reason":" "}`, id), "reason"},
		{"ErrFuture", fmt.Sprintf(`{"person_id":%d,"kind":"erasure","received_on":"2026-12-20","asked":"x","decision":"granted","reason":"y"}`, id), "received_on"},
		{"ErrPerson", `{"person_id":999999,"kind":"erasure","received_on":"2026-11-20","asked":"x","decision":"granted","reason":"y"}`, "person_id"},
		{"ErrUnknownField", `{"person":1}`, "person"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, errs := e.apiErrors("privacy", "POST", "/api/v1/privacy/requests", tc.body, "")
			if code != http.StatusUnprocessableEntity || !hasField(errs, tc.field) {
				t.Fatalf("status %d, errors %+v; want 422 on %s", code, errs, tc.field)
			}
		})
	}
	t.Run("PageErr", func(t *testing.T) {
		p := b.post("/privacy/requests", "/privacy/requests", url.Values{"person_id": {"x"}, "kind": {"erasure"}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="person_id-error"`) || !strings.Contains(p.Body, `id="reason-error"`) {
			t.Fatalf("form with errors: %d %s", p.Code, p.Body)
		}
	})
}

// privacyBrowser is a browser logged in as the privacy officer, who enrols
// the second factor at the env's clock; call it once per env.
func (e *env) privacyBrowser(t *testing.T) *browser {
	t.Helper()
	b := e.browserAs(t, "privacy")
	body := b.get("/account/totp").Body
	secret, token := totpSecretShown.FindStringSubmatch(body), csrfField.FindStringSubmatch(body)
	if secret == nil || token == nil {
		t.Fatal("enrolment page without secret or CSRF token")
	}
	code, err := totp.GenerateCode(secret[1], e.now())
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.client.PostForm(b.base+"/account/totp", url.Values{"code": {code}, "csrf_token": {token[1]}})
	if err != nil {
		t.Fatal(err)
	}
	if p := readPage(t, res); p.Code != http.StatusSeeOther {
		t.Fatalf("TOTP enrolment: status %d", p.Code)
	}
	return b
}

func hasField(errs []struct{ Field, Message string }, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

func mustParse(t *testing.T, form string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(form)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
