package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/audit"
	"casusoverleg/internal/dbtest"
)

func TestPersonsAPI(t *testing.T) {
	e := newEnv(t)
	res := e.api("officer", "POST", "/api/v1/cases", map[string]any{"theme": "huiselijk_geweld", "postcode": "5342", "neighbourhood": "Ruwaard",
		"persons": []map[string]any{
			{"surname": "van Dijk", "initials": "M.", "birth_date": "1988-08-08", "bsn": "111222333"},
			{"role": "kind", "surname": "van Dijk", "initials": "S.", "birth_date": "2016-06-16"}}})
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	var c conference.Case
	res.JSON(t, &c)
	if c.Subject != "M. van D. (1988)" || len(c.Persons) != 2 || strings.Contains(string(res.Body), "111222333") {
		t.Fatalf("created case %+v / %s", c, res.Body)
	}
	persons := fmt.Sprintf("/api/v1/cases/%d/persons", c.ID)

	t.Run("OK/masked, and in full when asked (audited)", func(t *testing.T) {
		if res := e.api("officer", "GET", persons, nil); res.Code != http.StatusOK || !strings.Contains(string(res.Body), "*****2333") || strings.Contains(string(res.Body), "111222333") {
			t.Fatalf("persons: %d %s", res.Code, res.Body)
		}
		if res := e.api("officer", "GET", persons+"?bsn=show", nil); res.Code != http.StatusOK || !strings.Contains(string(res.Body), "111222333") {
			t.Fatalf("persons with BSN: %d %s", res.Code, res.Body)
		}
		ev, err := e.audit().Latest(context.Background(), audit.Filter{RecordType: "case", RecordID: fmt.Sprint(c.ID), Action: audit.ActionView, Limit: 1})
		if err != nil || len(ev) != 1 || ev[0].Detail != "persons with BSN" {
			t.Fatalf("the BSN read is not logged: %+v %v", ev, err)
		}
	})
	t.Run("ErrForbidden/foreign organisation, before validation", func(t *testing.T) {
		for _, r := range []struct{ method, path, body string }{
			{"GET", persons, ""},
			{"POST", persons, `{"surname":""}`},
			{"PUT", fmt.Sprintf("/api/v1/persons/%d", c.Persons[0].ID), `{"surname":""}`},
			{"DELETE", fmt.Sprintf("/api/v1/persons/%d", c.Persons[1].ID), ""},
			{"GET", fmt.Sprintf("/api/v1/cases/%d/links", c.ID), ""},
		} {
			if res := e.api("nurse", r.method, r.path, r.body); res.Code != http.StatusForbidden || strings.Contains(string(res.Body), "Dijk") {
				t.Errorf("%s %s by the GGZ: %d %s", r.method, r.path, res.Code, res.Body)
			}
		}
		if res := e.api("nurse", "POST", fmt.Sprintf("/api/v1/persons/%d/merge", c.Persons[0].ID), `{"other_person_id":1,"reason":"x"}`); res.Code != http.StatusForbidden {
			t.Errorf("a participant merges: %d", res.Code)
		}
	})
	t.Run("Err422/bad BSN and second main person", func(t *testing.T) {
		res := e.api("officer", "POST", persons, map[string]any{"role": "partner", "surname": "Bakker", "initials": "J.", "birth_date": "1990-01-01", "bsn": "123456789"})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"bsn"`) {
			t.Fatalf("add with a bad BSN: %d %s", res.Code, res.Body)
		}
		res = e.api("officer", "POST", persons, map[string]any{"surname": "Bakker", "initials": "J.", "birth_date": "1990-01-01"})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"role"`) {
			t.Fatalf("add a second main person: %d %s", res.Code, res.Body)
		}
	})
	t.Run("OK/update, stale version, remove", func(t *testing.T) {
		p := c.Persons[1]
		path := fmt.Sprintf("/api/v1/persons/%d", p.ID)
		body := map[string]any{"role": "kind", "surname": "van Dijk", "initials": "S.J.", "birth_date": "2016-06-16", "version": p.Version}
		if res := e.api("officer", "PUT", path, body); res.Code != http.StatusOK || !strings.Contains(string(res.Body), "S.J.") {
			t.Fatalf("update: %d %s", res.Code, res.Body)
		}
		if res := e.api("officer", "PUT", path, body); res.Code != http.StatusConflict {
			t.Fatalf("stale update: %d %s", res.Code, res.Body)
		}
		if res := e.api("officer", "DELETE", path, nil); res.Code != http.StatusNoContent {
			t.Fatalf("remove: %d %s", res.Code, res.Body)
		}
		if res := e.api("officer", "DELETE", fmt.Sprintf("/api/v1/persons/%d", c.Persons[0].ID), nil); res.Code != http.StatusUnprocessableEntity {
			t.Fatalf("removing the last person: %d %s", res.Code, res.Body)
		}
	})
}

func TestPersonSearchIsScopedAndAudited(t *testing.T) {
	e := newEnv(t)
	e.addSecretPerson(t)
	ctx := context.Background()
	var list struct {
		Items []conference.PersonHit `json:"items"`
		Total int64                  `json:"total"`
	}
	res := e.api("nurse", "GET", "/api/v1/persons?q=verborgen", nil)
	res.JSON(t, &list)
	if res.Code != http.StatusOK || list.Total != 0 {
		t.Fatalf("the GGZ finds a person of the police case: %d %s", res.Code, res.Body)
	}
	res = e.api("chair", "GET", "/api/v1/persons?bsn="+secretBSN, nil)
	list.Items = nil
	res.JSON(t, &list)
	if list.Total != 1 || !list.Items[0].Redacted || list.Items[0].CaseReference != e.policeC.Reference || strings.Contains(string(res.Body), "Verborgen") {
		t.Fatalf("chair search: %s", res.Body)
	}
	res = e.api("officer", "GET", "/api/v1/persons?q=V.+Verborgen&birth_date=2003-04-05", nil)
	list.Items = nil
	res.JSON(t, &list)
	if list.Total != 1 || list.Items[0].Surname != "Verborgen" || list.Items[0].Redacted {
		t.Fatalf("police search: %s", res.Body)
	}
	if res := e.api("officer", "GET", "/api/v1/persons?bsn=123456789", nil); res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("search with a bad BSN: %d", res.Code)
	}
	events, err := e.audit().Latest(ctx, audit.Filter{RecordType: "person_search", Limit: 10})
	if err != nil || len(events) != 3 {
		t.Fatalf("search events = %+v, %v; want 3", events, err)
	}
	joined := ""
	for _, ev := range events {
		// The terms are the event's text, beside the chain; the detail says what was found.
		if ev.TextHash == "" || !strings.HasPrefix(ev.Detail, "person search (") {
			t.Errorf("search event %+v", ev)
		}
		joined += ev.Text + "\n"
	}
	for _, want := range []string{"name=verborgen", "bsn=*****2333", "name=V. Verborgen birth_date=2003-04-05"} {
		if !strings.Contains(joined, want) {
			t.Errorf("audit lacks %q:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, secretBSN) {
		t.Error("the audit log holds a BSN in full")
	}
}

// TestKnownPersonAndRepeatReferral refers, as the GGZ, the child of the
// police case a month after a meeting discussed that case: the GGZ sees
// only that the person is known; the chair sees the police case; both see
// the repeat referral mark, and the chair's agenda PDF carries it.
func TestKnownPersonAndRepeatReferral(t *testing.T) {
	e := newEnv(t)
	e.addSecretPerson(t)
	ctx := context.Background()
	e.onAgenda(t)
	if err := e.db.Exec("UPDATE conferences SET starts_at = ?, status = ? WHERE id = ?", dbtest.Clock.AddDate(0, -1, 0), conference.StatusClosed, e.conf.ID).Error; err != nil {
		t.Fatal(err)
	}
	next := conference.Conference{SeriesID: e.series.ID, StartsAt: dbtest.Clock.AddDate(0, 0, 7)}
	if err := e.store.CreateConference(ctx, &next); err != nil {
		t.Fatal(err)
	}
	var sets struct {
		Items []agenda.QuestionSet `json:"items"`
	}
	e.api("nurse", "GET", "/api/v1/question-sets", nil).JSON(t, &sets)
	answers := map[string]string{}
	for _, s := range sets.Items {
		for _, q := range s.Questions {
			answers[q.Key] = "antwoord"
		}
	}
	conf := fmt.Sprintf("/api/v1/conferences/%d", next.ID)
	res := e.api("nurse", "POST", conf+"/items", map[string]any{"reason": "zorgen om kind", "answers": answers,
		"new_case": map[string]any{"theme": "huiselijk_geweld", "postcode": "5342", "neighbourhood": "Ruwaard",
			"persons": []map[string]any{{"surname": "Verbórgen", "initials": "v", "birth_date": "2003-04-05"}}}})
	if res.Code != http.StatusCreated {
		t.Fatalf("refer: %d %s", res.Code, res.Body)
	}
	var it agenda.Item
	res.JSON(t, &it)

	res = e.api("nurse", "GET", conf+"/agenda", nil)
	var v agenda.View
	res.JSON(t, &v)
	if len(v.Proposals) != 1 || !v.Proposals[0].KnownPerson || len(v.Proposals[0].PersonMatches) != 0 || v.Proposals[0].Case.RepeatOf == nil {
		t.Fatalf("referrer's view: %s", res.Body)
	}
	if strings.Contains(string(res.Body), e.policeC.Reference) {
		t.Fatalf("the referrer learns the other case's reference: %s", res.Body)
	}
	b := e.browser()
	b.login("nurse@example.nl")
	page := b.get(fmt.Sprintf("/conferences/%d", next.ID)).Body
	for _, want := range []string{"Deze persoon is bekend bij het Zorg- en Veiligheidshuis; de voorzitter neemt contact op.", "Herhaalde aanmelding"} {
		if !strings.Contains(page, want) {
			t.Errorf("referrer's page lacks %q", want)
		}
	}
	if strings.Contains(page, e.policeC.Reference) {
		t.Error("the referrer's page shows the other case's reference")
	}
	if en := b.get(fmt.Sprintf("/conferences/%d?lang=en", next.ID)).Body; !strings.Contains(en, "This person is known to the Zorg- en Veiligheidshuis; the chair will contact you.") {
		t.Error("the English page lacks the notice")
	}

	res = e.api("chair", "GET", conf+"/agenda", nil)
	res.JSON(t, &v)
	m := v.Proposals[0].PersonMatches
	if len(m) != 1 || m[0].Other.Reference != e.policeC.Reference || m[0].By != "name" || m[0].Other.InvolvedOrganisationIDs[0] != e.police.ID {
		t.Fatalf("chair's matches: %s", res.Body)
	}
	for _, s := range secrets[:3] {
		if strings.Contains(string(res.Body), s) {
			t.Fatalf("the match shows %q of the police case to the chair", s)
		}
	}
	events, err := e.audit().Latest(ctx, audit.Filter{RecordType: "person_match", Limit: 10})
	if err != nil || len(events) < 3 {
		t.Fatalf("match events = %+v, %v", events, err)
	}
	var chairSaw, referrerSaw bool
	for _, ev := range events {
		chairSaw = chairSaw || (ev.UserID == e.users["chair"].ID && ev.RecordID == fmt.Sprint(e.policeC.ID))
		referrerSaw = referrerSaw || (ev.UserID == e.users["nurse"].ID && ev.RecordID == fmt.Sprint(*it.CaseID))
	}
	if !chairSaw || !referrerSaw {
		t.Fatalf("matches shown are not all audited: %+v", events)
	}

	// The chair links the cases from the proposal, with a reason.
	if res := e.api("chair", "POST", fmt.Sprintf("/api/v1/cases/%d/links", *it.CaseID), map[string]any{"other_case_id": e.policeC.ID, "reason": "zelfde kind"}); res.Code != http.StatusNoContent {
		t.Fatalf("link: %d %s", res.Code, res.Body)
	}
	var links struct {
		Items []conference.CaseSummary `json:"items"`
	}
	e.api("nurse", "GET", fmt.Sprintf("/api/v1/cases/%d/links", *it.CaseID), nil).JSON(t, &links)
	if len(links.Items) != 1 || links.Items[0].Reference != e.policeC.Reference || links.Items[0].Status != "" {
		t.Fatalf("links for the GGZ: %+v", links)
	}

	// Accepted and published, the chair's PDF carries the mark.
	if res := e.api("chair", "POST", fmt.Sprintf("/api/v1/items/%d/triage", it.ID), map[string]any{"decision": "accept", "version": it.Version}); res.Code != http.StatusOK {
		t.Fatalf("accept: %d %s", res.Code, res.Body)
	}
	code, body := e.raw("chair", "GET", fmt.Sprintf("/conferences/%d/agenda.pdf", next.ID), "")
	if code != http.StatusOK {
		t.Fatalf("pdf: %d", code)
	}
	if text := pdfText(t, []byte(body)); !strings.Contains(text, "Herhaalde aanmelding") {
		t.Fatalf("agenda PDF lacks the mark:\n%s", text)
	}
}
