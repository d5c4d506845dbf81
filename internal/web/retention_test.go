package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/retention"
)

// closePoliceCase closes the env's police case through the API, as its referrer.
func (e *env) closePoliceCase(t *testing.T) conference.Case {
	t.Helper()
	path := fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID)
	var cur conference.Case
	e.api("officer", "GET", path, nil).JSON(t, &cur)
	res := e.api("officer", "PUT", path, map[string]any{"subject": cur.Subject, "theme": cur.Theme, "postcode": cur.Postcode,
		"neighbourhood": cur.Neighbourhood, "referring_organisation_id": e.police.ID, "involved_organisation_ids": cur.InvolvedOrganisationIDs,
		"status": "afgesloten", "closing_reason": "Doelen bereikt", "outcome": "overgedragen", "outcome_detail": "Wijkteam Oss", "version": cur.Version})
	if res.Code != http.StatusOK {
		t.Fatalf("close: %d %s", res.Code, res.Body)
	}
	var cs conference.Case
	res.JSON(t, &cs)
	return cs
}

func TestClosingNeedsAnOutcome(t *testing.T) {
	e := newEnv(t)
	path := fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID)
	var cur conference.Case
	e.api("officer", "GET", path, nil).JSON(t, &cur)
	res := e.api("officer", "PUT", path, map[string]any{"subject": cur.Subject, "theme": cur.Theme, "postcode": cur.Postcode,
		"neighbourhood": cur.Neighbourhood, "referring_organisation_id": e.police.ID, "involved_organisation_ids": cur.InvolvedOrganisationIDs,
		"status": "afgesloten", "closing_reason": "Klaar", "outcome": "overgedragen", "version": cur.Version})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "outcome_detail") {
		t.Fatalf("closing as transferred without saying to whom: %d %s", res.Code, res.Body)
	}
	cs := e.closePoliceCase(t)
	if cs.Outcome != conference.OutcomeTransferred || cs.OutcomeDetail != "Wijkteam Oss" || cs.ClosedAt == nil {
		t.Fatalf("closed case = %+v", cs)
	}
	// Closed cases leave the working list; asked for, they are there.
	if res := e.api("officer", "GET", "/api/v1/cases", nil); strings.Contains(string(res.Body), cs.Reference) {
		t.Fatalf("a closed case in the working list: %s", res.Body)
	}
	for _, q := range []string{"?closed=1", "?status=afgesloten"} {
		if res := e.api("officer", "GET", "/api/v1/cases"+q, nil); !strings.Contains(string(res.Body), cs.Reference) {
			t.Fatalf("cases%s without the closed case: %s", q, res.Body)
		}
	}
	if code, body := e.raw("officer", "GET", fmt.Sprintf("/cases/%d", cs.ID), ""); code != http.StatusOK || !strings.Contains(body, "overgedragen aan: Wijkteam Oss") {
		t.Fatalf("case page without the outcome: %d", code)
	}
}

func TestReopenCase(t *testing.T) {
	e := newEnv(t)
	e.onAgenda(t) // the chair of the meeting sees the case
	cs := e.closePoliceCase(t)
	path := fmt.Sprintf("/api/v1/cases/%d/reopen", cs.ID)
	for _, user := range []string{"officer", "secretary", "nurse", "otherchair"} {
		if res := e.api(user, "POST", path, map[string]any{"reason": "terug", "version": cs.Version}); res.Code != http.StatusForbidden {
			t.Fatalf("%s reopens: %d %s", user, res.Code, res.Body)
		}
	}
	if res := e.api("chair", "POST", path, map[string]any{"reason": " ", "version": cs.Version}); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"reason"`) {
		t.Fatalf("reopen without a reason: %d %s", res.Code, res.Body)
	}
	// After the retention period: refused, with a clear message, in Dutch too.
	e.setNow(cs.ClosedAt.AddDate(0, retention.DefaultCaseMonths, 1))
	res := e.api("chair", "POST", path, map[string]any{"reason": "nieuwe melding", "version": cs.Version})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "retention period of this case has ended") {
		t.Fatalf("reopen after the period: %d %s", res.Code, res.Body)
	}
	e.setNow(cs.ClosedAt.AddDate(0, retention.DefaultCaseMonths, 0).Add(-time.Hour))
	res = e.api("chair", "POST", path, map[string]any{"reason": "nieuwe melding", "version": cs.Version})
	if res.Code != http.StatusOK {
		t.Fatalf("reopen within the period: %d %s", res.Code, res.Body)
	}
	var got conference.Case
	res.JSON(t, &got)
	if got.Status != conference.CaseInProgress || got.ClosedAt != nil {
		t.Fatalf("reopened case = %+v", got)
	}
	events, _, err := e.audit().List(t.Context(), auditFilter("case", cs.ID))
	if err != nil || !hasDetail(events, "reopened") {
		t.Fatalf("reopening not audited: %v", err)
	}
}

// TestRetentionIsAdminOnly: nobody but an admin sees or changes the
// retention settings, the destruction lists or the records.
func TestRetentionIsAdminOnly(t *testing.T) {
	e := newEnv(t)
	requests := []struct{ method, path, body string }{
		{"GET", "/admin/retention", ""},
		{"POST", "/admin/retention", "case_months=1&audit_months=12"},
		{"POST", "/admin/destruction-lists/1/approve", "reason=x&version=1"},
		{"GET", "/api/v1/retention", ""},
		{"PUT", "/api/v1/retention", `{"case_months":1,"audit_months":12}`},
		{"GET", "/api/v1/destruction-lists", ""},
		{"POST", "/api/v1/destruction-lists/1/approve", `{"reason":"x","version":1}`},
		{"GET", "/api/v1/destruction-records", ""},
	}
	for _, user := range []string{"officer", "chair", "secretary", "policy"} {
		for _, r := range requests {
			if code, body := e.raw(user, r.method, r.path, r.body); code != http.StatusForbidden {
				t.Errorf("%s %s %s: %d %s", user, r.method, r.path, code, body)
			}
		}
	}
	st, err := e.srv.Retention().Settings(t.Context())
	if err != nil || st.CaseMonths != retention.DefaultCaseMonths || st.UpdatedAt != nil {
		t.Fatalf("settings changed by someone refused: %+v, %v", st, err)
	}
	res := e.api("admin", "PUT", "/api/v1/retention", map[string]any{"case_months": 0, "audit_months": 84})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "case_months") {
		t.Fatalf("invalid settings: %d %s", res.Code, res.Body)
	}
	res = e.api("admin", "PUT", "/api/v1/retention", map[string]any{"case_months": 72, "audit_months": 96,
		"series": []map[string]any{{"series_id": e.series.ID, "months": 120}}})
	if res.Code != http.StatusOK {
		t.Fatalf("settings: %d %s", res.Code, res.Body)
	}
	events, _, err := e.audit().List(t.Context(), auditFilter("retention_settings", 0))
	if err != nil || !hasDetail(events, fmt.Sprintf("cases 72 months, audit log 96 months, series [%d:120]", e.series.ID)) {
		t.Fatalf("settings change not audited: %+v %v", events, err)
	}
	if code, body := e.raw("admin", "GET", "/admin/retention", ""); code != http.StatusOK || !strings.Contains(body, `value="120"`) {
		t.Fatalf("retention page: %d", code)
	}
}

// TestAdminApprovesDestructionList: the job proposes the list once the
// period passed; the admin approves it on the page with a reason; the
// case's data are gone and the record remains.
func TestAdminApprovesDestructionList(t *testing.T) {
	e := newEnv(t)
	cs := e.closePoliceCase(t)
	e.setNow(cs.ClosedAt.AddDate(0, retention.DefaultCaseMonths, 1))
	l, err := e.srv.Retention().Propose(t.Context())
	if err != nil || len(l.Cases) != 1 {
		t.Fatalf("proposed list: %+v, %v", l, err)
	}
	for _, lang := range []string{"nl", "en"} {
		body, _, _ := e.pageIn(lang, "/admin/retention")
		own, other := map[string][2]string{"nl": {"Vernietigingslijst", "Destruction list"}, "en": {"Destruction list", "Vernietigingslijst"}}[lang][0],
			map[string][2]string{"nl": {"Vernietigingslijst", "Destruction list"}, "en": {"Destruction list", "Vernietigingslijst"}}[lang][1]
		if !strings.Contains(body, cs.Reference) || !strings.Contains(body, own) || strings.Contains(body, other) || strings.Contains(body, "Geheime Persoon") {
			t.Fatalf("%s retention page:\n%s", lang, body)
		}
	}
	path := fmt.Sprintf("/admin/destruction-lists/%d/approve", l.ID)
	if code, body := e.raw("admin", "POST", path, fmt.Sprintf("reason=&version=%d", l.Version)); code != http.StatusUnprocessableEntity || !strings.Contains(body, "approve-reason") {
		t.Fatalf("approve without a reason: %d", code)
	}
	if code, _ := e.raw("admin", "POST", path, fmt.Sprintf("reason=gecontroleerd&version=%d", l.Version+5)); code != http.StatusConflict {
		t.Fatalf("approve of a changed list: %d", code)
	}
	if code, body := e.raw("admin", "POST", path, fmt.Sprintf("reason=gecontroleerd&version=%d", l.Version)); code != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", code, body)
	}
	var gone conference.Case
	e.api("officer", "GET", fmt.Sprintf("/api/v1/cases/%d", cs.ID), nil).JSON(t, &gone)
	if gone.DestroyedAt == nil || gone.Summary != "" || strings.Contains(gone.Subject, "Geheime") {
		t.Fatalf("destroyed case = %+v", gone)
	}
	var recs struct{ Items []retention.Record }
	e.api("admin", "GET", "/api/v1/destruction-records", nil).JSON(t, &recs)
	if len(recs.Items) != 1 || recs.Items[0].Reference != cs.Reference || recs.Items[0].ApproverName != "admin" {
		t.Fatalf("records = %+v", recs.Items)
	}
	if _, err := e.audit().Verify(t.Context()); err != nil {
		t.Fatalf("audit verify after destruction: %v", err)
	}
	if res := e.api("admin", "POST", fmt.Sprintf("/api/v1/destruction-lists/%d/approve", l.ID), map[string]any{"reason": "x", "version": l.Version + 1}); res.Code != http.StatusConflict {
		t.Fatalf("approving a destroyed list again: %d %s", res.Code, res.Body)
	}
}

func auditFilter(recordType string, id int64) audit.Filter {
	return audit.Filter{RecordType: recordType, RecordID: fmt.Sprint(id)}
}

func hasDetail(events []audit.Event, detail string) bool {
	for _, ev := range events {
		if ev.Detail == detail {
			return true
		}
	}
	return false
}
