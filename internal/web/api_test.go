package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"casusoverleg/conference"
)

type errBody struct {
	Errors []struct{ Field, Message string } `json:"errors"`
	Error  string                            `json:"error"`
}

func (b errBody) fields() []string {
	var out []string
	for _, e := range b.Errors {
		out = append(out, e.Field)
	}
	return out
}

// TestAPIValidation sends bad input to every create and update endpoint and
// expects 422 naming the field, and nothing written.
func TestAPIValidation(t *testing.T) {
	e := newEnv(t)
	caseURL := fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID)
	confURL := fmt.Sprintf("/api/v1/conferences/%d", e.conf.ID)
	tests := []struct {
		name, user, method, path string
		body                     any
		field                    string
	}{
		{"organisation/kind", "admin", "POST", "/api/v1/organisations", `{"name":"X","kind":"bakker"}`, "kind"},
		{"organisation/name", "admin", "POST", "/api/v1/organisations", `{"kind":"ggz"}`, "name"},
		{"organisation/duplicate", "admin", "POST", "/api/v1/organisations", `{"name":"GGZ","kind":"ggz"}`, ""},
		{"organisation/update", "admin", "PUT", fmt.Sprintf("/api/v1/organisations/%d", e.ggz.ID), `{"name":"","kind":"ggz"}`, "name"},
		{"organisation/unknown field", "admin", "POST", "/api/v1/organisations", `{"name":"X","kind":"ggz","colour":"red"}`, "colour"},
		{"user/email", "admin", "POST", "/api/v1/users", `{"name":"A","email":"nope","organisation_id":1,"roles":["participant"],"password":"long enough pass"}`, "email"},
		{"user/password", "admin", "POST", "/api/v1/users", `{"name":"A","email":"a@b.nl","organisation_id":1,"roles":["participant"],"password":"short"}`, "password"},
		{"user/role", "admin", "POST", "/api/v1/users", `{"name":"A","email":"a@b.nl","organisation_id":1,"roles":["king"],"password":"long enough pass"}`, "roles[0]"},
		{"user/organisation", "admin", "POST", "/api/v1/users", `{"name":"A","email":"a@b.nl","organisation_id":999,"roles":["participant"],"password":"long enough pass"}`, "organisation_id"},
		{"user/update", "admin", "PUT", fmt.Sprintf("/api/v1/users/%d", e.users["nurse"].ID), `{"name":"A","email":"a@b.nl","organisation_id":"x","roles":["participant"]}`, "organisation_id"},
		{"series/members", "admin", "POST", "/api/v1/series", `{"name":"Jeugd","member_organisation_ids":[]}`, "member_organisation_ids"},
		{"series/unknown member", "admin", "POST", "/api/v1/series", `{"name":"Jeugd","member_organisation_ids":[999]}`, "member_organisation_ids"},
		{"series/update chair", "admin", "PUT", fmt.Sprintf("/api/v1/series/%d", e.series.ID), `{"name":"Jeugd","member_organisation_ids":[1],"default_chair_id":999}`, "default_chair_id"},
		{"conference/starts_at", "chair", "POST", "/api/v1/conferences", fmt.Sprintf(`{"series_id":%d,"starts_at":"maandag"}`, e.series.ID), "starts_at"},
		{"conference/series", "chair", "POST", "/api/v1/conferences", `{"series_id":999,"starts_at":"2026-12-01T09:30:00+01:00"}`, "series_id"},
		{"conference/duration", "chair", "PUT", confURL, `{"series_id":1,"starts_at":"2026-12-01T09:30:00+01:00","duration_minutes":5,"status":"draft","version":1}`, "duration_minutes"},
		{"conference/status", "chair", "PUT", confURL, `{"series_id":1,"starts_at":"2026-12-01T09:30:00+01:00","duration_minutes":90,"status":"open","version":1}`, "status"},
		{"attendance/presence", "chair", "PUT", confURL + "/attendance", `{"items":[{"user_id":1,"presence":"late"}]}`, "attendance[0].presence"},
		{"case/postcode", "officer", "POST", "/api/v1/cases", `{"subject":"X","theme":"jeugd","postcode":"53","neighbourhood":"Ussen"}`, "postcode"},
		{"case/theme", "officer", "POST", "/api/v1/cases", `{"subject":"X","theme":"diefstal","postcode":"5348","neighbourhood":"Ussen"}`, "theme"},
		{"case/review_date", "officer", "POST", "/api/v1/cases", `{"subject":"X","theme":"jeugd","postcode":"5348","neighbourhood":"Ussen","review_date":"morgen"}`, "review_date"},
		{"case/involved", "officer", "POST", "/api/v1/cases", `{"subject":"X","theme":"jeugd","postcode":"5348","neighbourhood":"Ussen","involved_organisation_ids":[999]}`, "involved_organisation_ids"},
		{"case/update persons", "officer", "PUT", caseURL, `{"theme":"jeugd","postcode":"5348","neighbourhood":"Ussen","persons":[{"surname":"X"}],"version":1}`, "persons"},
		{"case/update type", "officer", "PUT", caseURL, `{"subject":"X","theme":"jeugd","postcode":5348}`, "postcode"},
	}
	for _, tt := range tests {
		t.Run("Err422/"+tt.name, func(t *testing.T) {
			res := e.api(tt.user, tt.method, tt.path, tt.body)
			if tt.field == "" { // a duplicate is a conflict
				if res.Code != http.StatusConflict {
					t.Fatalf("status %d, want 409; body %s", res.Code, res.Body)
				}
				return
			}
			if res.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422; body %s", res.Code, res.Body)
			}
			var b errBody
			res.JSON(t, &b)
			if !slices.Contains(b.fields(), tt.field) {
				t.Fatalf("errors %v do not name %q", b.fields(), tt.field)
			}
		})
	}
	var cases struct{ Total int }
	e.api("admin", "GET", "/api/v1/cases", nil) // the admin's organisation is involved in nothing
	e.api("officer", "GET", "/api/v1/cases", nil).JSON(t, &cases)
	if cases.Total != 1 {
		t.Fatalf("refused input wrote cases: %d cases, want 1", cases.Total)
	}
}

func TestAPIErrors(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, user, method, path, body string
		code                           int
	}{
		{"Err401/no token", "", "GET", "/api/v1/cases", "", http.StatusUnauthorized},
		{"Err404/unknown case", "officer", "GET", "/api/v1/cases/9999", "", http.StatusNotFound},
		{"Err404/bad id", "officer", "GET", "/api/v1/cases/abc", "", http.StatusNotFound},
		{"Err404/unknown route", "officer", "GET", "/api/v1/nothing", "", http.StatusNotFound},
		{"Err400/not json", "officer", "POST", "/api/v1/cases", "{", http.StatusBadRequest},
		{"Err422/bad limit", "officer", "GET", "/api/v1/cases?limit=many", "", http.StatusUnprocessableEntity},
		{"Err403/participant creates organisation", "officer", "POST", "/api/v1/organisations", `{"name":"X","kind":"ggz"}`, http.StatusForbidden},
		{"Err403/participant changes conference", "officer", "PUT", fmt.Sprintf("/api/v1/conferences/%d", e.conf.ID), `{}`, http.StatusForbidden},
		{"Err409/stale case version", "officer", "PUT", fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID), `{"subject":"X","theme":"jeugd","postcode":"5348","neighbourhood":"Ussen","referring_organisation_id":` + fmt.Sprint(e.police.ID) + `,"version":7}`, http.StatusConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body any
			if tt.body != "" {
				body = tt.body
			}
			res := e.api(tt.user, tt.method, tt.path, body)
			if res.Code != tt.code {
				t.Fatalf("status %d, want %d; body %s", res.Code, tt.code, res.Body)
			}
			if strings.Contains(string(res.Body), "sql") || strings.Contains(string(res.Body), "gorm") {
				t.Fatalf("body leaks internals: %s", res.Body)
			}
		})
	}
}

func TestAPICaseLifecycle(t *testing.T) {
	e := newEnv(t)
	res := e.api("nurse", "POST", "/api/v1/cases", map[string]any{"subject": "Familie B.", "theme": "huiselijk_geweld",
		"postcode": "5345", "neighbourhood": "Krinkelhoek", "involved_organisation_ids": []int64{e.police.ID}, "review_date": "2026-12-14"})
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	var c conference.Case
	res.JSON(t, &c)
	if c.Reference != "2026-0002" || c.ReferringOrganisationID != e.ggz.ID || !c.Involves(e.ggz.ID) || !c.Involves(e.police.ID) {
		t.Fatalf("created case = %+v", c)
	}
	c.Status = conference.CaseInProgress
	update := map[string]any{"subject": c.Subject, "theme": c.Theme,
		"postcode": c.Postcode, "neighbourhood": c.Neighbourhood, "referring_organisation_id": c.ReferringOrganisationID,
		"involved_organisation_ids": c.InvolvedOrganisationIDs, "status": "in_behandeling", "version": c.Version}
	// Involved, but neither referrer, case director, chair nor secretary: the police may read, not edit.
	if res := e.api("officer", "PUT", fmt.Sprintf("/api/v1/cases/%d", c.ID), update); res.Code != http.StatusForbidden {
		t.Fatalf("update by an involved organisation that does not direct the case: %d %s", res.Code, res.Body)
	}
	res = e.api("nurse", "PUT", fmt.Sprintf("/api/v1/cases/%d", c.ID), update)
	if res.Code != http.StatusOK {
		t.Fatalf("update: %d %s", res.Code, res.Body)
	}
	var list struct {
		Items []conference.Case
		Total int64
	}
	e.api("officer", "GET", "/api/v1/cases?status=in_behandeling&postcode=5345", nil).JSON(t, &list)
	if list.Total != 1 || list.Items[0].ID != c.ID {
		t.Fatalf("filtered list = %+v", list)
	}
}

func TestAPIRedactsForeignCase(t *testing.T) {
	e := newEnv(t)
	for _, user := range []string{"nurse", "chair", "secretary", "admin"} {
		t.Run("Redacted/"+user, func(t *testing.T) {
			res := e.api(user, "GET", fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID), nil)
			if res.Code != http.StatusOK {
				t.Fatalf("status %d", res.Code)
			}
			var c conference.Case
			res.JSON(t, &c)
			if !c.Redacted || c.Reference != e.policeC.Reference {
				t.Fatalf("case = %+v, want redacted reference", c)
			}
			for _, secret := range []string{"Geheime", "Ussen", "5348", "Vertrouwelijke", "high_impact"} {
				if strings.Contains(string(res.Body), secret) {
					t.Fatalf("response leaks %q: %s", secret, res.Body)
				}
			}
		})
	}
}

func TestHealthz(t *testing.T) {
	e := newEnv(t)
	if res := e.api("", "GET", "/healthz", nil); res.Code != http.StatusOK {
		t.Fatalf("healthz: %d %s", res.Code, res.Body)
	}
}

// A token-authenticated call carries no cookie: it must not start a session
// (one row per call would fill the sessions table).
func TestAPITokenStartsNoSession(t *testing.T) {
	e := newEnv(t)
	count := func() int64 {
		var n int64
		if err := e.db.Table("sessions").Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	for range 3 {
		if r := e.api("officer", http.MethodGet, "/api/v1/cases", nil); r.Code != http.StatusOK {
			t.Fatalf("GET /api/v1/cases: %d %s", r.Code, r.Body)
		}
	}
	if r := e.api("officer", http.MethodPost, "/api/v1/cases", map[string]any{}); r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("POST with a token needs no CSRF token: %d %s", r.Code, r.Body)
	}
	if after := count(); after != before {
		t.Errorf("sessions: %d before, %d after four token calls", before, after)
	}
}
