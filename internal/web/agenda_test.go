package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"casusoverleg/agenda"
	"casusoverleg/internal/ical"
)

func TestAgendaAPIJourney(t *testing.T) {
	e := newEnv(t)
	conf := fmt.Sprintf("/api/v1/conferences/%d", e.conf.ID)
	res := e.api("officer", "POST", conf+"/items", map[string]any{"case_id": e.policeC.ID, "reason": "Escalatie in de wijk", "requested_minutes": 15})
	if res.Code != http.StatusCreated {
		t.Fatalf("propose: %d %s", res.Code, res.Body)
	}
	var it agenda.Item
	res.JSON(t, &it)
	if res := e.api("officer", "POST", fmt.Sprintf("/api/v1/items/%d/triage", it.ID), map[string]any{"decision": "accept", "version": it.Version}); res.Code != http.StatusForbidden {
		t.Fatalf("a participant triaged: %d", res.Code)
	}
	if res := e.api("chair", "POST", fmt.Sprintf("/api/v1/items/%d/triage", it.ID), map[string]any{"decision": "reject", "version": it.Version}); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "decision_note") {
		t.Fatalf("reject without note: %d %s", res.Code, res.Body)
	}
	res = e.api("chair", "POST", fmt.Sprintf("/api/v1/items/%d/triage", it.ID), map[string]any{"decision": "accept", "version": it.Version})
	if res.Code != http.StatusOK {
		t.Fatalf("accept: %d %s", res.Code, res.Body)
	}
	res.JSON(t, &it)
	if res := e.api("chair", "PUT", fmt.Sprintf("/api/v1/items/%d", it.ID), map[string]any{"planned_minutes": 20, "question_set_ids": []int64{999}, "version": it.Version}); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "question_set_ids[0]") {
		t.Fatalf("plan with an unknown set: %d %s", res.Code, res.Body)
	}
	if res := e.api("chair", "PUT", conf+"/order", map[string]any{"item_ids": []int64{it.ID}}); res.Code != http.StatusOK {
		t.Fatalf("order: %d %s", res.Code, res.Body)
	}

	// Before publication the GGZ participant sees no agenda items.
	var v agenda.View
	e.api("nurse", "GET", conf+"/agenda", nil).JSON(t, &v)
	if len(v.Items) != 0 {
		t.Fatalf("unpublished agenda shown to a participant: %+v", v.Items)
	}
	if res := e.api("chair", "POST", conf+"/publish", nil); res.Code != http.StatusOK {
		t.Fatalf("publish: %d %s", res.Code, res.Body)
	}
	res = e.api("nurse", "GET", conf+"/agenda", nil)
	res.JSON(t, &v)
	if len(v.Items) != 1 || !v.Items[0].Redacted() || v.Items[0].Case.Reference != e.policeC.Reference {
		t.Fatalf("published agenda for GGZ: %+v", v.Items)
	}
	for _, s := range append(secrets, "Escalatie", "high_impact") {
		if strings.Contains(string(res.Body), s) {
			t.Fatalf("agenda JSON leaks %q to GGZ", s)
		}
	}
	var own agenda.View // a fresh value: "redacted" is left out of JSON when false
	e.api("officer", "GET", conf+"/agenda", nil).JSON(t, &own)
	if own.Items[0].Redacted() || own.Items[0].Reason != "Escalatie in de wijk" || len(own.Items[0].QuestionSets) == 0 {
		t.Fatalf("the police do not see their own case in full: %+v", own.Items[0])
	}
	// The chair sees the case in full because it is on the agenda of the meeting they chair.
	var c struct{ Subject string }
	e.api("chair", "GET", fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID), nil).JSON(t, &c)
	if c.Subject != "Geheime Persoon" {
		t.Fatalf("the chair of the meeting cannot read the case on its agenda: %+v", c)
	}
}

func TestAgendaPDFIsRedactedPerUser(t *testing.T) {
	e := newEnv(t)
	e.onAgenda(t)
	pdfOf := func(user string) string {
		code, body := e.raw(user, "GET", fmt.Sprintf("/conferences/%d/agenda.pdf", e.conf.ID), "")
		if code != http.StatusOK || !strings.HasPrefix(body, "%PDF") {
			t.Fatalf("agenda.pdf for %s: %d", user, code)
		}
		return pdfText(t, []byte(body))
	}
	own := pdfOf("officer")
	for _, want := range []string{e.policeC.Reference, "Ussen", "Top X / high impact crime", "Casusoverleg", "Pagina 1 van"} {
		if !strings.Contains(own, want) {
			t.Errorf("police PDF lacks %q:\n%s", want, own)
		}
	}
	foreign := pdfOf("nurse")
	if !strings.Contains(foreign, e.policeC.Reference) || !strings.Contains(foreign, "afgeschermd") {
		t.Errorf("GGZ PDF lacks the reference with afgeschermd:\n%s", foreign)
	}
	for _, s := range append(secrets, "high impact") {
		if strings.Contains(foreign, s) {
			t.Errorf("GGZ PDF leaks %q", s)
		}
	}
}

func TestInviteICS(t *testing.T) {
	e := newEnv(t)
	e.onAgenda(t)
	code, body := e.raw("nurse", "GET", fmt.Sprintf("/conferences/%d/invite.ics", e.conf.ID), "")
	if code != http.StatusOK {
		t.Fatalf("invite.ics: %d %s", code, body)
	}
	events, err := ical.Parse(bytes.NewReader([]byte(body)))
	if err != nil || len(events) != 1 {
		t.Fatalf("parse: %v, %d events", err, len(events))
	}
	ev := events[0]
	if ev.Summary != e.series.Name || !ev.Start.Equal(e.conf.StartsAt) || !ev.End.Equal(e.conf.EndsAt()) {
		t.Fatalf("event = %+v", ev)
	}
	for _, s := range append(secrets, e.policeC.Reference) {
		if strings.Contains(body, s) {
			t.Fatalf("invite leaks %q", s)
		}
	}
	if code, _ := e.raw("officer", "GET", "/conferences/999/invite.ics", ""); code != http.StatusNotFound {
		t.Fatalf("invite of an unknown meeting: %d", code)
	}
}

func TestAgendaPages(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("officer@example.nl")
	from := fmt.Sprintf("/conferences/%d/propose", e.conf.ID)
	p := b.post(from, fmt.Sprintf("/conferences/%d/items", e.conf.ID), url.Values{"mode": {"existing"}, "case_id": {fmt.Sprint(e.policeC.ID)},
		"kind": {"follow_up"}, "reason": {""}, "requested_minutes": {"15"}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="reason-error"`) {
		t.Fatalf("proposal without reason: %d", p.Code)
	}
	p = b.post(from, fmt.Sprintf("/conferences/%d/items", e.conf.ID), url.Values{"mode": {"existing"}, "case_id": {fmt.Sprint(e.policeC.ID)},
		"kind": {"follow_up"}, "reason": {"Nieuwe incidenten"}, "requested_minutes": {"15"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("proposal: %d %.300s", p.Code, p.Body)
	}
	page := b.get(fmt.Sprintf("/conferences/%d", e.conf.ID))
	if !strings.Contains(page.Body, "Uw agendapunt is aangemeld") || !strings.Contains(page.Body, "Wacht op beoordeling") {
		t.Fatalf("conference page after proposing lacks the proposal: %.2000s", page.Body)
	}
	if strings.Contains(page.Body, `action="/items/`) {
		t.Fatal("a participant gets the chair's triage forms")
	}
}
