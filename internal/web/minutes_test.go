package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"casusoverleg/minutes"
)

func TestMinutesAPI(t *testing.T) {
	e := newEnv(t)
	r := e.recordMinutes(t)
	item := fmt.Sprintf("/api/v1/items/%d", r.item.ID)

	t.Run("Err409/stale record keeps both texts", func(t *testing.T) {
		res := e.api("chair", "PUT", item+"/record", map[string]any{"summary": "Mijn versie", "version": 0})
		if res.Code != http.StatusConflict || !strings.Contains(string(res.Body), "Mijn versie") || !strings.Contains(string(res.Body), "uit het verslag") {
			t.Fatalf("stale save: %d %s", res.Code, res.Body)
		}
	})
	t.Run("Err422/quick action outside the mandate", func(t *testing.T) {
		res := e.api("officer", "POST", fmt.Sprintf("/api/v1/mandates/%d/quick-actions", r.mandate.ID),
			map[string]any{"taken_at": "2026-01-05T10:00:00+01:00", "what": "meldplicht"})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "taken_at") {
			t.Fatalf("quick action before the mandate: %d %s", res.Code, res.Body)
		}
	})
	t.Run("OK/quick action", func(t *testing.T) {
		res := e.api("officer", "POST", fmt.Sprintf("/api/v1/mandates/%d/quick-actions", r.mandate.ID),
			map[string]any{"taken_at": "2026-11-23T08:00:00Z", "what": "Meldplicht opgelegd"})
		if res.Code != http.StatusCreated {
			t.Fatalf("quick action: %d %s", res.Code, res.Body)
		}
	})
	t.Run("Err422/decision position of an absent organisation", func(t *testing.T) {
		res := e.api("secretary", "POST", item+"/decisions", map[string]any{"text": "x", "kind": "other",
			"positions": []map[string]any{{"organisation_id": e.ggz.ID, "stance": "object"}}})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "positions[0].organisation_id") {
			t.Fatalf("position of GGZ: %d %s", res.Code, res.Body)
		}
	})
	t.Run("OK/my actions and done", func(t *testing.T) {
		var list struct{ Items []minutes.Action }
		e.api("officer", "GET", "/api/v1/actions", nil).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].Status != minutes.ActionOpen {
			t.Fatalf("my actions = %+v", list.Items)
		}
		if res := e.api("officer", "POST", fmt.Sprintf("/api/v1/actions/%d/done", r.action.ID), map[string]any{"note": "Huisbezoek gedaan"}); res.Code != http.StatusOK {
			t.Fatalf("done: %d %s", res.Code, res.Body)
		}
	})
	t.Run("Redacted/foreign minutes and timeline", func(t *testing.T) {
		res := e.api("nurse", "GET", fmt.Sprintf("/api/v1/conferences/%d/minutes", e.conf.ID), nil)
		if res.Code != http.StatusOK {
			t.Fatalf("minutes for GGZ: %d", res.Code)
		}
		for _, s := range secrets {
			if strings.Contains(string(res.Body), s) {
				t.Fatalf("minutes leak %q to GGZ", s)
			}
		}
		if res := e.api("nurse", "GET", fmt.Sprintf("/api/v1/cases/%d/timeline", e.policeC.ID), nil); res.Code != http.StatusForbidden {
			t.Fatalf("timeline for GGZ: %d", res.Code)
		}
		var tl struct{ Items []minutes.Event }
		e.api("officer", "GET", fmt.Sprintf("/api/v1/cases/%d/timeline", e.policeC.ID), nil).JSON(t, &tl)
		if len(tl.Items) < 6 {
			t.Fatalf("timeline for the police has %d events", len(tl.Items))
		}
	})
	t.Run("Final/changes refused", func(t *testing.T) {
		if res := e.api("chair", "POST", fmt.Sprintf("/api/v1/conferences/%d/minutes/finalise", e.conf.ID), nil); res.Code != http.StatusForbidden {
			t.Fatalf("the chair finalised: %d", res.Code)
		}
		e.finalise(t)
		for _, req := range []struct{ method, path, body string }{
			{"PUT", item + "/record", `{"summary":"later","version":1}`},
			{"POST", item + "/decisions", `{"text":"later","kind":"other"}`},
			{"POST", item + "/actions", fmt.Sprintf(`{"what":"later","owner_organisation_id":%d,"due_date":"2026-12-24"}`, e.police.ID)},
			{"PUT", fmt.Sprintf("/api/v1/conferences/%d/attendance", e.conf.ID), `{"items":[]}`},
		} {
			if res := e.api("secretary", req.method, req.path, req.body); res.Code != http.StatusUnprocessableEntity {
				t.Errorf("%s %s after finalising: %d %s", req.method, req.path, res.Code, res.Body)
			}
		}
	})
}

func TestMinutesPages(t *testing.T) {
	e := newEnv(t)
	r := e.recordMinutes(t)
	b := e.browser()
	b.login("officer@example.nl")
	p := b.get(fmt.Sprintf("/conferences/%d/minutes", e.conf.ID))
	if p.Code != http.StatusOK || !strings.Contains(p.Body, "Geheim besluit over de aanpak") || strings.Contains(p.Body, `action="/items/`) {
		t.Fatalf("minutes for the police (read-only): %d", p.Code)
	}
	if p := b.get(fmt.Sprintf("/cases/%d", e.policeC.ID)); !strings.Contains(p.Body, "Tijdlijn") || !strings.Contains(p.Body, "Geheime afspraak: huisbezoek") {
		t.Fatalf("case page lacks the timeline")
	}
	if p := b.get("/actions"); !strings.Contains(p.Body, "Geheime afspraak: huisbezoek") || !strings.Contains(p.Body, fmt.Sprintf(`href="/mandates/%d"`, r.mandate.ID)) {
		t.Fatalf("mijn acties lacks the action or the mandate")
	}
	if _, body := e.raw("nurse", "GET", "/actions", ""); strings.Contains(body, "Geheim mandaat") || strings.Contains(body, "Geheime afspraak") {
		t.Fatal("GGZ sees the police's actions or mandates")
	}
	// The open actions, then a page of done ones; a bad offset is named.
	var mine struct {
		Items                []minutes.Action `json:"items"`
		OpenTotal, DoneTotal int64
	}
	if res := e.api("officer", "GET", "/api/v1/actions?limit=1", nil); res.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/actions: %d %s", res.Code, res.Body)
	} else if res.JSON(t, &mine); len(mine.Items) == 0 || !strings.Contains(string(res.Body), `"open_total":`) || !strings.Contains(string(res.Body), `"done_total":`) {
		t.Fatalf("GET /api/v1/actions = %s", res.Body)
	}
	if res := e.api("officer", "GET", "/api/v1/actions?offset=x", nil); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"offset"`) {
		t.Fatalf("a bad offset: %d %s", res.Code, res.Body)
	}
	if res := e.api("nurse", "GET", "/api/v1/actions", nil); strings.Contains(string(res.Body), "Geheime afspraak") {
		t.Fatal("GGZ sees the police's actions in the API")
	}
	from := fmt.Sprintf("/mandates/%d", r.mandate.ID)
	p = b.post(from, from+"/quick-actions", url.Values{"taken_at": {"2026-11-20T10:00"}, "what": {"te vroeg"}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="taken_at-error"`) || !strings.Contains(p.Body, ">te vroeg</textarea>") ||
		!strings.Contains(p.Body, "ligt vóór het begin van het mandaat (Geldig 22-11-2026") {
		t.Fatalf("a refused quick action is not shown again with its error and the typed text: %d %.3000s", p.Code, p.Body)
	}
	other := e.browser()
	other.login("nurse@example.nl")
	if p := other.get(from); p.Code != http.StatusForbidden {
		t.Fatalf("GGZ opened the police mandate: %d", p.Code)
	}
}

func TestMinutesRecordingPage(t *testing.T) {
	e := newEnv(t)
	r := e.recordMinutes(t)
	code, body := e.raw("secretary", "GET", fmt.Sprintf("/conferences/%d/minutes", e.conf.ID), "")
	for _, want := range []string{fmt.Sprintf(`action="/items/%d/record"`, r.item.ID), fmt.Sprintf(`action="/items/%d/decisions"`, r.item.ID),
		"minutes/finalise", `name="presence.`} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Fatalf("recording page (%d) lacks %q", code, want)
		}
	}
	// A save that lost shows both texts; nothing typed is lost.
	code, body = e.raw("secretary", "POST", fmt.Sprintf("/items/%d/record", r.item.ID), "version=0&summary=Mijn+tegelijk+getypte+tekst")
	if code != http.StatusConflict || !strings.Contains(body, "Mijn tegelijk getypte tekst") || !strings.Contains(body, "uit het verslag") {
		t.Fatalf("conflict page: %d", code)
	}
	code, _ = e.raw("secretary", "POST", fmt.Sprintf("/items/%d/decisions", r.item.ID),
		fmt.Sprintf("text=Plan+van+aanpak&kind=plan_of_approach&stance.%d=object&remark.%d=te+zwaar", e.police.ID, e.police.ID))
	if code != http.StatusSeeOther {
		t.Fatalf("decision form: %d", code)
	}
	// A refused decision comes back with what was typed and the message at the field.
	code, body = e.raw("secretary", "POST", fmt.Sprintf("/items/%d/decisions", r.item.ID),
		fmt.Sprintf("text=Meldplicht+via+mandaat&kind=mandate_grant&grantee_organisation_id=%d&valid_from=2026-11-23&valid_until=2026-12-23", e.police.ID))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="scope-error"`) || !strings.Contains(body, ">Meldplicht via mandaat</textarea>") {
		t.Fatalf("refused decision form: %d", code)
	}
	var v minutes.View
	e.api("secretary", "GET", fmt.Sprintf("/api/v1/conferences/%d/minutes", e.conf.ID), nil).JSON(t, &v)
	if d := v.Items[0].Decisions; len(d) != 2 || d[1].Outcome != minutes.Escalated || d[1].Positions[0].Remark != "te zwaar" {
		t.Fatalf("decisions = %+v", d)
	}
}

func TestSigningAPI(t *testing.T) {
	e := newEnv(t)
	r := e.recordMinutes(t)
	conf := fmt.Sprintf("/api/v1/conferences/%d", e.conf.ID)
	e.finalise(t)
	if res := e.api("chair", "POST", conf+"/minutes/approve", map[string]any{"password": "wrong password!"}); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"password"`) {
		t.Fatalf("approve with a wrong password: %d %s", res.Code, res.Body)
	}
	if res := e.api("officer", "POST", conf+"/minutes/approve", map[string]any{"password": testPassword}); res.Code != http.StatusForbidden {
		t.Fatalf("a participant approved: %d", res.Code)
	}
	for _, user := range []string{"chair", "secretary"} {
		if res := e.api(user, "POST", conf+"/minutes/approve", map[string]any{"password": testPassword}); res.Code != http.StatusOK {
			t.Fatalf("approve as %s: %d %s", user, res.Code, res.Body)
		}
	}
	var sg minutes.Signed
	e.api("officer", "GET", conf+"/signature", nil).JSON(t, &sg)
	if sg.Status != minutes.RecordSigned || len(sg.Hash) != 64 || len(sg.Approvals) != 2 || sg.Content != nil {
		t.Fatalf("signature = %+v", sg)
	}
	// Every route that changes the meeting, its agenda or its minutes refuses now.
	item := fmt.Sprintf("/api/v1/items/%d", r.item.ID)
	for _, req := range []struct{ user, method, path, body string }{
		{"secretary", "PUT", item + "/record", `{"summary":"later","version":1}`},
		{"secretary", "POST", item + "/decisions", `{"text":"later","kind":"other"}`},
		{"secretary", "POST", item + "/actions", fmt.Sprintf(`{"what":"later","owner_organisation_id":%d,"due_date":"2026-12-24"}`, e.police.ID)},
		{"secretary", "PUT", conf + "/attendance", `{"items":[]}`},
		{"secretary", "POST", conf + "/minutes/finalise", ""},
		{"chair", "PUT", conf, fmt.Sprintf(`{"series_id":%d,"starts_at":"2026-11-30T10:00:00+01:00","duration_minutes":90,"status":"published","version":%d}`, e.series.ID, 3)},
		{"chair", "PUT", item, `{"planned_minutes":5,"version":2}`},
		{"chair", "POST", item + "/triage", `{"decision":"reject","decision_note":"x","version":2}`},
		{"chair", "PUT", conf + "/order", fmt.Sprintf(`{"item_ids":[%d]}`, r.item.ID)},
		{"chair", "POST", conf + "/prepare", ""},
		{"officer", "POST", conf + "/items", fmt.Sprintf(`{"case_id":%d,"reason":"x"}`, e.policeC.ID)},
		{"chair", "POST", conf + "/minutes/approve", `{"password":"` + testPassword + `"}`},
	} {
		res := e.api(req.user, req.method, req.path, req.body)
		if res.Code < 400 || res.Code >= 500 {
			t.Errorf("%s %s after signing: %d %s", req.method, req.path, res.Code, res.Body)
		}
	}
	var after minutes.Signed
	e.api("officer", "GET", conf+"/signature", nil).JSON(t, &after)
	if after.Hash != sg.Hash {
		t.Fatal("the signed hash changed")
	}
	// A correction is an addendum, signed the same way.
	var ad minutes.Addendum
	res := e.api("secretary", "POST", conf+"/addenda", map[string]any{"text": "Correctie: huisbezoek door de wijkagent."})
	if res.Code != http.StatusCreated {
		t.Fatalf("addendum: %d %s", res.Code, res.Body)
	}
	res.JSON(t, &ad)
	for _, user := range []string{"secretary", "chair"} {
		res = e.api(user, "POST", fmt.Sprintf("/api/v1/addenda/%d/approve", ad.ID), map[string]any{"password": testPassword})
		if res.Code != http.StatusOK {
			t.Fatalf("approve addendum as %s: %d %s", user, res.Code, res.Body)
		}
	}
	res.JSON(t, &ad)
	if ad.SignedAt == nil || ad.Hash != minutes.AddendumHash(sg.Hash, 1, ad.Text) {
		t.Fatalf("addendum = %+v", ad)
	}
}

func TestEscalationStaysOnCasePageUntilResolved(t *testing.T) {
	e := newEnv(t)
	r := e.recordMinutes(t)
	res := e.api("secretary", "POST", fmt.Sprintf("/api/v1/items/%d/decisions", r.item.ID), map[string]any{"text": "Woning opzeggen", "kind": "escalation",
		"positions": []map[string]any{{"organisation_id": e.police.ID, "stance": "object", "remark": "eerst zorg"}}})
	if res.Code != http.StatusCreated {
		t.Fatalf("decision: %d %s", res.Code, res.Body)
	}
	var d minutes.Decision
	res.JSON(t, &d)
	page := func() string {
		_, body := e.raw("officer", "GET", fmt.Sprintf("/cases/%d", e.policeC.ID), "")
		return body
	}
	if body := page(); !strings.Contains(body, "Opgeschaalde besluiten") || !strings.Contains(body, "Woning opzeggen") {
		t.Fatal("the escalation is not on the case page")
	}
	if code, _ := e.raw("officer", "POST", fmt.Sprintf("/decisions/%d/resolve", d.ID), "resolution=x&back=/cases/1"); code != http.StatusForbidden {
		t.Fatalf("a participant resolving: %d, want 403", code)
	}
	if body := page(); !strings.Contains(body, "Opgeschaalde besluiten") {
		t.Fatal("a participant resolved the escalation")
	}
	code, _ := e.raw("secretary", "POST", fmt.Sprintf("/decisions/%d/resolve", d.ID), "resolution=Besproken+met+de+woningcorporatie&back=/cases/1")
	if code != http.StatusSeeOther {
		t.Fatalf("resolve: %d", code)
	}
	if body := page(); strings.Contains(body, "Opgeschaalde besluiten") || !strings.Contains(body, "Besproken met de woningcorporatie") {
		t.Fatal("the resolved escalation still shows as open, or its resolution is missing")
	}
}
