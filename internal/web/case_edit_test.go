package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"casusoverleg/conference"
	"casusoverleg/internal/audit"
)

func TestCaseEditAPI(t *testing.T) {
	e := newEnv(t)
	id := e.policeC.ID
	casePath := fmt.Sprintf("/api/v1/cases/%d", id)
	t.Run("Forbidden/organisation not involved", func(t *testing.T) {
		res := e.api("nurse", "POST", casePath+"/organisations", map[string]any{"organisation_id": e.ggz.ID, "reason": "meekijken", "version": 1})
		if res.Code != http.StatusForbidden {
			t.Fatalf("a foreign organisation adds itself: %d %s", res.Code, res.Body)
		}
		res = e.api("otherchair", "PUT", casePath, map[string]any{"subject": "x", "theme": "jeugd", "postcode": "5348", "neighbourhood": "x",
			"referring_organisation_id": e.police.ID, "involved_organisation_ids": []int64{e.police.ID}, "version": 1})
		if res.Code != http.StatusForbidden {
			t.Fatalf("a chair who cannot see the case updates it: %d %s", res.Code, res.Body)
		}
	})
	t.Run("Unprocessable/no reason", func(t *testing.T) {
		res := e.api("officer", "POST", casePath+"/organisations", map[string]any{"organisation_id": e.ggz.ID, "version": 1})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"reason"`) {
			t.Fatalf("adding without a reason: %d %s", res.Code, res.Body)
		}
	})
	var cs conference.Case
	t.Run("OK/add, then the added organisation sees the case", func(t *testing.T) {
		res := e.api("officer", "POST", casePath+"/organisations", map[string]any{"organisation_id": e.ggz.ID, "reason": "behandelaar", "version": 1})
		if res.Code != http.StatusOK {
			t.Fatalf("add: %d %s", res.Code, res.Body)
		}
		res.JSON(t, &cs)
		if !cs.Involves(e.ggz.ID) || cs.Version != 2 {
			t.Fatalf("after adding = %+v", cs)
		}
		if res := e.api("nurse", "GET", casePath, nil); !strings.Contains(string(res.Body), "Geheime Persoon") {
			t.Fatalf("the added organisation does not see the case: %s", res.Body)
		}
		events, err := e.audit().Latest(context.Background(), audit.Filter{RecordType: "case", RecordID: strconv.FormatInt(id, 10), Action: audit.ActionUpdate, Limit: 5})
		if err != nil || len(events) == 0 || !strings.Contains(events[0].Detail, fmt.Sprintf("organisation %d added", e.ggz.ID)) {
			t.Fatalf("audit = %+v, %v", events, err)
		}
	})
	t.Run("Conflict/stale version", func(t *testing.T) {
		res := e.api("officer", "POST", fmt.Sprintf("%s/organisations/%d/remove", casePath, e.ggz.ID), map[string]any{"reason": "klaar", "version": 1})
		if res.Code != http.StatusConflict {
			t.Fatalf("stale remove: %d %s", res.Code, res.Body)
		}
	})
	t.Run("Unprocessable/last organisation", func(t *testing.T) {
		res := e.api("officer", "POST", fmt.Sprintf("%s/organisations/%d/remove", casePath, e.police.ID), map[string]any{"reason": "klaar", "version": cs.Version})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "organisation_id") {
			t.Fatalf("removing the referrer: %d %s", res.Code, res.Body)
		}
	})
	t.Run("OK/remove", func(t *testing.T) {
		res := e.api("officer", "POST", fmt.Sprintf("%s/organisations/%d/remove", casePath, e.ggz.ID), map[string]any{"reason": "klaar", "version": cs.Version})
		if res.Code != http.StatusOK {
			t.Fatalf("remove: %d %s", res.Code, res.Body)
		}
		if res := e.api("nurse", "GET", casePath, nil); strings.Contains(string(res.Body), "Geheime Persoon") {
			t.Fatal("the removed organisation still sees the case")
		}
	})
	t.Run("Unprocessable/closing without a reason through PUT", func(t *testing.T) {
		var cur conference.Case
		e.api("officer", "GET", casePath, nil).JSON(t, &cur)
		res := e.api("officer", "PUT", casePath, map[string]any{"subject": cur.Subject, "theme": cur.Theme, "postcode": cur.Postcode,
			"neighbourhood": cur.Neighbourhood, "referring_organisation_id": e.police.ID, "involved_organisation_ids": cur.InvolvedOrganisationIDs,
			"status": "afgesloten", "version": cur.Version})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "closing_reason") {
			t.Fatalf("closing without a reason: %d %s", res.Code, res.Body)
		}
	})
}

func TestApplyDecisionAPI(t *testing.T) {
	e := newEnv(t)
	r := e.recordMinutes(t)
	path := fmt.Sprintf("/api/v1/decisions/%d/apply", r.decision.ID)
	body := map[string]any{"case_director_organisation_id": e.police.ID, "status": "in_behandeling", "review_date": "2026-12-14", "version": e.policeC.Version}
	for _, user := range []string{"nurse", "otherchair"} {
		if res := e.api(user, "POST", path, body); res.Code != http.StatusForbidden {
			t.Fatalf("%s applies a decision on a case it cannot see: %d %s", user, res.Code, res.Body)
		}
	}
	res := e.api("secretary", "POST", path, body)
	if res.Code != http.StatusOK {
		t.Fatalf("apply: %d %s", res.Code, res.Body)
	}
	var cs conference.Case
	res.JSON(t, &cs)
	if cs.CaseDirectorOrganisationID == nil || *cs.CaseDirectorOrganisationID != e.police.ID || cs.Status != conference.CaseInProgress || cs.ReviewDate == nil {
		t.Fatalf("case after applying = %+v", cs)
	}
	res = e.api("officer", "GET", fmt.Sprintf("/api/v1/cases/%d/timeline", e.policeC.ID), nil)
	if !strings.Contains(string(res.Body), `"kind":"case_change"`) || !strings.Contains(string(res.Body), fmt.Sprintf(`"decision_id":%d`, r.decision.ID)) {
		t.Fatalf("timeline without the applied decision: %s", res.Body)
	}
	if res := e.api("secretary", "POST", path, body); res.Code != http.StatusConflict {
		t.Fatalf("applying with a stale version: %d %s", res.Code, res.Body)
	}
}

func TestCaseEditPages(t *testing.T) {
	e := newEnv(t)
	id := e.policeC.ID
	editPath := fmt.Sprintf("/cases/%d/edit", id)
	t.Run("Forbidden/organisation not involved", func(t *testing.T) {
		b := e.browser()
		b.login("nurse@example.nl")
		if p := b.get(editPath); p.Code != http.StatusForbidden || strings.Contains(p.Body, "Geheime Persoon") {
			t.Fatalf("edit page for a foreign organisation: %d", p.Code)
		}
		if p := b.post("/cases", editPath, url.Values{"status": {"in_behandeling"}, "version": {"1"}}); p.Code != http.StatusForbidden {
			t.Fatalf("edit by a foreign organisation: %d", p.Code)
		}
	})
	b := e.browser()
	b.login("officer@example.nl")
	t.Run("OK/the referrer sees the button and the form", func(t *testing.T) {
		if p := b.get(fmt.Sprintf("/cases/%d", id)); !strings.Contains(p.Body, `href="`+editPath+`"`) {
			t.Fatalf("no edit link on the case page: %d", p.Code)
		}
		p := b.get(editPath)
		if p.Code != http.StatusOK || !strings.Contains(p.Body, "Procesregisseur (organisatie)") {
			t.Fatalf("edit page: %d", p.Code)
		}
	})
	t.Run("Unprocessable/closing without reason, kept and explained", func(t *testing.T) {
		p := b.post(editPath, editPath, url.Values{"status": {"afgesloten"}, "review_date": {"2026-12-24"}, "version": {"1"},
			"case_director_organisation_id": {""}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "is verplicht bij het afsluiten van een casus") ||
			!strings.Contains(p.Body, `value="2026-12-24"`) {
			t.Fatalf("closing without a reason: %d %s", p.Code, p.Body)
		}
	})
	t.Run("Unprocessable/review date in the past", func(t *testing.T) {
		p := b.post(editPath, editPath, url.Values{"status": {"aangemeld"}, "review_date": {"2026-11-22"}, "version": {"1"}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "mag niet in het verleden liggen") {
			t.Fatalf("review date yesterday: %d", p.Code)
		}
	})
	t.Run("OK/director, review date today, status", func(t *testing.T) {
		p := b.post(editPath, editPath, url.Values{"status": {"in_behandeling"}, "review_date": {"2026-11-23"}, "version": {"1"},
			"case_director_organisation_id": {strconv.FormatInt(e.police.ID, 10)}, "case_director_id": {strconv.FormatInt(e.users["officer"].ID, 10)}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", p.Code, p.Body)
		}
		page := b.get(fmt.Sprintf("/cases/%d", id)).Body
		for _, want := range []string{"De casus is bijgewerkt.", "Politie (officer)", "evaluatie nu", "casus bijgewerkt"} {
			if !strings.Contains(page, want) {
				t.Errorf("case page lacks %q", want)
			}
		}
	})
	t.Run("OK/add an organisation with a reason", func(t *testing.T) {
		p := b.post(editPath, fmt.Sprintf("/cases/%d/organisations", id), url.Values{"organisation_id": {strconv.FormatInt(e.ggz.ID, 10)}, "version": {"2"}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "is verplicht: het verandert wie de casus mag zien") {
			t.Fatalf("adding without a reason: %d", p.Code)
		}
		p = b.post(editPath, fmt.Sprintf("/cases/%d/organisations", id), url.Values{"organisation_id": {strconv.FormatInt(e.ggz.ID, 10)},
			"reason": {"behandelaar"}, "version": {"2"}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("add: %d %s", p.Code, p.Body)
		}
		if page := b.get(fmt.Sprintf("/cases/%d", id)).Body; !strings.Contains(page, "Betrokken gemaakt: GGZ") || !strings.Contains(page, "behandelaar") {
			t.Fatal("the timeline does not show the added organisation with its reason")
		}
	})
}
