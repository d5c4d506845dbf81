package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"casusoverleg/internal/reports/reportstest"
)

// firstHalf is a period that holds the region of reportstest and not the
// env's own case, which is referred at the wall-clock time of the test.
const firstHalf = "from=2026-01-01&to=2026-06-30"

// reportPaths are the routes a policy officer may use besides logging in and out.
var reportPaths = map[string]bool{"/reports": true, "/reports.csv": true, "/reports.pdf": true,
	"/api/v1/reports": true, "/api/v1/reports/:table": true}

// ownAccount are the routes of one's own account that every logged-in role reaches.
var ownAccount = map[string]bool{"/account/recovery-codes": true}

// public are the routes every visitor reaches.
var public = map[string]bool{"/healthz": true, "/api/v1/openapi.json": true, "/static/app.css": true, "/static/app.js": true,
	"/login": true, "/login/totp": true, "/logout": true, "/account/totp": true}

// TestPolicyOfficerSeesReportsOnly calls every route as a policy officer
// whose organisation is involved in the police's case: every case, agenda,
// minutes and admin route refuses (403), the reports answer.
func TestPolicyOfficerSeesReportsOnly(t *testing.T) {
	e := newEnv(t)
	everyRouteAsRestricted(t, e, "policy", reportPaths, func(t *testing.T, _ gin.RouteInfo, code int, body string) {
		if code != http.StatusOK {
			t.Fatalf("status %d, want 200: %s", code, body)
		}
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Fatalf("response leaks %q", s)
			}
		}
	}, secrets...)
	if p := e.browserAs(t, "policy").get("/"); p.Location != "/reports" {
		t.Fatalf("home → %q, want /reports", p.Location)
	}
}

// browserAs is a browser logged in as user (a participant-like user without TOTP).
func (e *env) browserAs(t *testing.T, user string) *browser {
	t.Helper()
	b := e.browser()
	b.login(e.users[user].Email)
	return b
}

// smallRow finds the table row of the small neighbourhood (5348 Ussen) in a page.
// Its cells: referred, repeat referrals, repeat rate.
var smallRow = regexp.MustCompile(`<tr><th scope="row">` + reportstest.SmallPostcode + `</th><td>` + reportstest.SmallNeighbourhood +
	`</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td></tr>`)

// chartBar finds the value written at the small neighbourhood's bar.
var chartBar = regexp.MustCompile(`>5348 Ussen</text>(?:<rect[^>]*/>)?<text[^>]*>([^<]*)</text>`)

// TestReportsHideSmallCellsEverywhere builds a region where one
// neighbourhood has 2 cases, one of them a repeat referral (and Centrum 6,
// two of them repeats): the policy officer sees "< 5" for them on the page,
// in its chart, in the CSV, in the PDF and in the JSON; the chair sees the counts.
func TestReportsHideSmallCellsEverywhere(t *testing.T) {
	e := newEnv(t)
	reportstest.Build(t, e.db)
	for _, tc := range []struct {
		user, want   string
		small, large [2]string // repeat referrals and rate of Ussen and Centrum, as page and CSV write them in Dutch
	}{{"policy", "< 5", [2]string{"< 5", "< 5"}, [2]string{"< 5", "< 5"}}, {"chair", "2", [2]string{"1", "50%"}, [2]string{"2", "33,3%"}}} {
		t.Run(tc.user, func(t *testing.T) {
			code, page := e.raw(tc.user, http.MethodGet, "/reports?"+firstHalf, "")
			if code != http.StatusOK {
				t.Fatalf("page: status %d", code)
			}
			esc := func(s string) string { return strings.ReplaceAll(s, "<", "&lt;") }
			m := smallRow.FindStringSubmatch(page)
			if m == nil || m[1] != esc(tc.want) || m[2] != esc(tc.small[0]) || m[3] != esc(tc.small[1]) {
				t.Fatalf("page: small neighbourhood row %q, want %q %v", m, tc.want, tc.small)
			}
			bar := chartBar.FindStringSubmatch(page)
			if !strings.Contains(page, `role="img" aria-labelledby="chart-neighbourhoods-title chart-neighbourhoods-desc"`) ||
				bar == nil || bar[1] != strings.ReplaceAll(tc.want, "<", "&lt;") {
				t.Fatalf("page: the chart labels the small neighbourhood %q, want %q", bar, tc.want)
			}
			if strings.Contains(page, "/cases/") {
				t.Fatal("page: a report links to a case")
			}

			code, body := e.raw(tc.user, http.MethodGet, "/reports.csv?table=neighbourhoods&"+firstHalf, "")
			if code != http.StatusOK {
				t.Fatalf("csv: status %d", code)
			}
			rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if !containsRow(rows, []string{reportstest.SmallPostcode, reportstest.SmallNeighbourhood, tc.want, tc.small[0], tc.small[1]}) ||
				!containsRow(rows, []string{reportstest.LargePostcode, reportstest.LargeNeighbourhood, "6", tc.large[0], tc.large[1]}) {
				t.Fatalf("csv: %v", rows)
			}

			code, body = e.raw(tc.user, http.MethodGet, "/reports.pdf?"+firstHalf, "")
			if code != http.StatusOK || !strings.HasPrefix(body, "%PDF") {
				t.Fatalf("pdf: status %d", code)
			}
			text := pdfText(t, []byte(body))
			// pdftotext may close up "< 5" to "<5" in a right-aligned column.
			want := strings.ReplaceAll(regexp.QuoteMeta(tc.want), " ", `\s*`)
			if n := len(regexp.MustCompile(`5348\s+Ussen\s+`+want+`\s*\n`).FindAllString(text, -1)); n != 1 {
				t.Fatalf("pdf: %d times 5348 Ussen %s (want the chart) in\n%s", n, tc.want, text)
			}
			repeat, rate := strings.ReplaceAll(regexp.QuoteMeta(tc.small[0]), " ", `\s*`), strings.ReplaceAll(regexp.QuoteMeta(tc.small[1]), " ", `\s*`)
			if n := len(regexp.MustCompile(`5348\s+Ussen\s+`+want+`\s+`+repeat+`\s+`+rate+`\s*\n`).FindAllString(text, -1)); n != 1 {
				t.Fatalf("pdf: %d times 5348 Ussen %s %v (want the table) in\n%s", n, tc.want, tc.small, text)
			}

			var rep struct {
				Suppressed bool
				Tables     []struct {
					Rows []struct {
						Labels []string
						Values []any
					}
				}
			}
			res := e.api(tc.user, http.MethodGet, "/api/v1/reports/neighbourhoods?"+firstHalf, nil)
			if res.Code != http.StatusOK {
				t.Fatalf("json: status %d", res.Code)
			}
			res.JSON(t, &rep)
			var got any
			for _, row := range rep.Tables[0].Rows {
				if strings.Join(row.Labels, " ") == "5348 Ussen" {
					got = row.Values[0]
				}
			}
			if want := any(tc.want); tc.want == "2" {
				want = float64(2)
				if got != want || rep.Suppressed {
					t.Fatalf("json: %v (suppressed %v), want 2", got, rep.Suppressed)
				}
			} else if got != want || !rep.Suppressed || !strings.Contains(string(res.Body), `"< 5"`) {
				t.Fatalf("json: %v, want %q: %s", got, want, res.Body)
			}
		})
	}
	// The whole page hides every small count: no table cell between 1 and 4.
	_, page := e.raw("policy", http.MethodGet, "/reports?"+firstHalf, "")
	if m := regexp.MustCompile(`<td class="num">[1-4](%|,[0-9])?</td>`).FindString(page); m != "" {
		t.Fatalf("policy officer's page shows a small count: %s", m)
	}
}

func containsRow(rows [][]string, want []string) bool {
	for _, r := range rows {
		if strings.Join(r, "|") == strings.Join(want, "|") {
			return true
		}
	}
	return false
}

// TestReportsAreAudited: every view and export of a report is in the audit log.
func TestReportsAreAudited(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/reports?" + firstHalf, "/reports.csv?table=themes&" + firstHalf, "/reports.pdf?" + firstHalf,
		"/api/v1/reports?" + firstHalf, "/api/v1/reports/trend?" + firstHalf} {
		if code, body := e.raw("policy", http.MethodGet, path, ""); code != http.StatusOK {
			t.Fatalf("%s: status %d %.200s", path, code, body)
		}
	}
	var events []struct {
		Action, Detail string
	}
	if err := e.db.Table("audit_events").Where("record_type = ? AND user_id = ?", "report", e.users["policy"].ID).
		Order("seq").Find(&events).Error; err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range events {
		got = append(got, ev.Action+" "+ev.Detail)
	}
	want := []string{"view page 2026-01-01..2026-06-30", "export csv themes 2026-01-01..2026-06-30", "export pdf 2026-01-01..2026-06-30",
		"view api 2026-01-01..2026-06-30", "view api trend 2026-01-01..2026-06-30"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit events:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReportsRefuseAndValidate(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, user, path string
		code             int
		field            string
	}{
		{"ParticipantPage", "officer", "/reports", http.StatusForbidden, ""},
		{"ParticipantAPI", "nurse", "/api/v1/reports", http.StatusForbidden, ""},
		{"ParticipantCSV", "nurse", "/reports.csv?table=themes", http.StatusForbidden, ""},
		{"ErrFrom", "policy", "/api/v1/reports?from=gisteren", http.StatusUnprocessableEntity, "from"},
		{"ErrToBeforeFrom", "chair", "/api/v1/reports?from=2026-06-01&to=2026-01-01", http.StatusUnprocessableEntity, "to"},
		{"ErrSeries", "admin", "/api/v1/reports?series_id=999", http.StatusUnprocessableEntity, "series_id"},
		{"ErrNotFoundTable", "chair", "/api/v1/reports/persons", http.StatusNotFound, ""},
		{"ErrNotFoundCSV", "chair", "/reports.csv?table=persons", http.StatusNotFound, ""},
		{"PageErrTo", "policy", "/reports?from=2026-06-01&to=2026-01-01", http.StatusUnprocessableEntity, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.raw(tc.user, http.MethodGet, tc.path, "")
			if code != tc.code {
				t.Fatalf("status %d, want %d: %.300s", code, tc.code, body)
			}
			if tc.field != "" {
				var errs struct{ Errors []struct{ Field string } }
				if err := json.Unmarshal([]byte(body), &errs); err != nil || len(errs.Errors) == 0 || errs.Errors[0].Field != tc.field {
					t.Fatalf("body %s, want an error on %s", body, tc.field)
				}
			}
		})
	}
}

// everyRouteAsRestricted calls every route but the public ones as user, whose
// role sees one feature only and whose organisation is involved in the
// police's case: the feature's routes (own) answer as check says, "/"
// redirects to the feature, one's own account answers, and every other route
// refuses with 403. No answer outside own holds any of leaks.
func everyRouteAsRestricted(t *testing.T, e *env, user string, own map[string]bool,
	check func(t *testing.T, rt gin.RouteInfo, code int, body string), leaks ...string) {
	t.Helper()
	requests := matrixRequests(e, e.recordMinutes(t))
	for _, rt := range e.srv.Routes() {
		key := rt.Method + " " + rt.Path
		req := requests[key]
		if public[rt.Path] {
			continue
		}
		t.Run(key, func(t *testing.T) {
			code, body := e.raw(user, rt.Method, req.path, req.body)
			switch {
			case own[rt.Path]:
				check(t, rt, code, body)
				return
			case rt.Path == "/":
				if code != http.StatusSeeOther {
					t.Fatalf("status %d, want a redirect to the %s's own pages", code, user)
				}
			case ownAccount[rt.Path]:
				if code >= 400 {
					t.Fatalf("status %d on one's own account page: %.300s", code, body)
				}
			default:
				if code != http.StatusForbidden {
					t.Fatalf("status %d, want 403: %.300s", code, body)
				}
			}
			for _, s := range leaks {
				if strings.Contains(body, s) {
					t.Fatalf("response leaks %q: %.300s", s, body)
				}
			}
		})
	}
}
