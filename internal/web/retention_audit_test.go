package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/retention"
)

// TestDestructionDestroysAuditTexts logs, through the real routes, what the
// audit log holds about the police case's person beside its chain: a person
// search and a right-of-access search by name and date of birth, the reason
// typed for linking the case, the reasons its meeting's minutes were made
// final and sent back to draft. The audit page shows those texts while the
// case is kept; once it is destroyed no audit table holds the person's name
// or the reasons (nor does any other table), the page says the texts were
// destroyed, and the log verifies.
func TestDestructionDestroysAuditTexts(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	e.addSecretPerson(t)
	e.recordMinutes(t)
	e.finalise(t)
	const back, link = "besluit over Verborgen ontbreekt", "zelfde gezin als Verborgen"
	for _, call := range []struct {
		user, method, path string
		body               any
	}{
		{"officer", "GET", "/api/v1/persons?q=Verborgen&birth_date=2003-04-05", nil},
		{"privacy", "GET", "/api/v1/privacy/persons?name=verborgen&birth_date=2003-04-05", nil},
		{"chair", "POST", fmt.Sprintf("/api/v1/conferences/%d/minutes/reopen", e.conf.ID), map[string]any{"reason": back}},
	} {
		if res := e.api(call.user, call.method, call.path, call.body); res.Code != http.StatusOK {
			t.Fatalf("%s %s: %d %s", call.method, call.path, res.Code, res.Body)
		}
	}
	officer := e.users["officer"]
	other := conference.Case{Subject: "Ander gezinslid", Theme: conference.ThemeHighImpact, Postcode: "5348", Neighbourhood: "Ussen"}
	if err := e.store.CreateCase(ctx, conference.ActorOf(&officer), &other); err != nil {
		t.Fatal(err)
	}
	if res := e.api("chair", "POST", fmt.Sprintf("/api/v1/cases/%d/links", e.policeC.ID), map[string]any{"other_case_id": other.ID, "reason": link}); res.Code != http.StatusNoContent {
		t.Fatalf("link: %d %s", res.Code, res.Body)
	}
	// While the case is kept, the audit page shows the texts; the chain holds none.
	if code, body := e.raw("admin", "GET", "/admin/audit?limit=500", ""); code != http.StatusOK || !strings.Contains(body, link) || !strings.Contains(body, back) ||
		!strings.Contains(body, "name=Verborgen birth_date=2003-04-05") {
		t.Fatalf("audit page before destruction: %d\n%s", code, body)
	}
	if n := countLike(t, e, "audit_events", "detail", "verborgen"); n != 0 {
		t.Fatalf("%d audit events hold the name in their detail", n)
	}
	if n := countLike(t, e, "audit_event_texts", "text", "verborgen"); n != 5 {
		t.Fatalf("%d audit texts hold the name; want 5 (two searches, two links, back to draft)", n)
	}

	cs := e.closePoliceCase(t)
	e.setNow(cs.ClosedAt.AddDate(0, retention.DefaultCaseMonths, 1))
	l, err := e.srv.Retention().Propose(ctx)
	if err != nil || len(l.Cases) != 1 {
		t.Fatalf("proposed list: %+v, %v", l, err)
	}
	if res := e.api("admin", "POST", fmt.Sprintf("/api/v1/destruction-lists/%d/approve", l.ID), map[string]any{"reason": "gecontroleerd", "version": l.Version}); res.Code != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Code, res.Body)
	}
	// Nothing is left anywhere: not in the audit tables, nor in the minutes'
	// own history of why they went back to draft.
	for _, m := range []string{"verborgen", "2003-04-05", "05-04-2003", secretBSN, back, link, "vastgesteld zoals besproken"} {
		if hits := dbtest.Scan(t, e.db, m); len(hits) > 0 {
			t.Errorf("%q still in %v after destruction", m, hits)
		}
	}
	rep, err := e.audit().Check(ctx)
	if err != nil || rep.Destroyed != 6 || rep.Texts != 0 {
		t.Fatalf("audit check after destruction: %+v, %v; want 6 texts destroyed (and the finalise reason), none kept", rep, err)
	}
	code, body := e.raw("admin", "GET", "/admin/audit?limit=500", "")
	if code != http.StatusOK || strings.Contains(body, "Verborgen") || strings.Count(body, "tekst vernietigd onder de bewaarregel") != 6 {
		t.Fatalf("audit page after destruction: %d\n%s", code, body)
	}
	var events struct{ Items []audit.Event }
	e.api("admin", "GET", "/api/v1/audit?record_type=person_search", nil).JSON(t, &events)
	if len(events.Items) != 1 || events.Items[0].Text != "" || events.Items[0].TextDestroyedBy == 0 || events.Items[0].TextHash == "" {
		t.Fatalf("the search in the API after destruction: %+v", events.Items)
	}
}

// countLike counts the rows of table whose column holds s, in any case.
func countLike(t *testing.T, e *env, table, column, s string) int64 {
	t.Helper()
	var n int64
	if err := e.db.Table(table).Where("LOWER("+column+") LIKE ?", "%"+strings.ToLower(s)+"%").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
