package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"casusoverleg/conference"
)

// agendaList is the agenda's list of items on a conference page.
func agendaList(t *testing.T, page string) string {
	t.Helper()
	start := strings.Index(page, `<ol class="agenda"`)
	end := strings.Index(page[max(start, 0):], "</ol>")
	if start < 0 || end < 0 {
		t.Fatalf("the page has no agenda list: %.1500s", page)
	}
	return page[start : start+end]
}

// TestAgendaItemsKeptPerReader: a participant's agenda items are rendered
// once and kept (fragments); what one organisation's reader was shown is
// never shown to another's, and a change of the item or its case shows at
// once.
func TestAgendaItemsKeptPerReader(t *testing.T) {
	e := newEnv(t)
	e.onAgenda(t)
	path := fmt.Sprintf("/conferences/%d", e.conf.ID)
	page := func(user string) string {
		t.Helper()
		code, body := e.raw(user, http.MethodGet, path, "")
		if code != http.StatusOK {
			t.Fatalf("%s's agenda page: %d", user, code)
		}
		return agendaList(t, body)
	}
	shown := func(list string) {
		t.Helper()
		for _, want := range []string{e.policeC.Reference, "Geheime Persoon", "Vertrouwelijke stand van zaken"} {
			if !strings.Contains(list, want) {
				t.Fatalf("the police's agenda lacks %q: %s", want, list)
			}
		}
	}
	redacted := func(list string) {
		t.Helper()
		if !strings.Contains(list, e.policeC.Reference) || !strings.Contains(list, "afgeschermd") {
			t.Fatalf("GGZ's agenda lacks the redacted reference: %s", list)
		}
		for _, s := range append(secrets, "Top X") {
			if strings.Contains(list, s) {
				t.Fatalf("GGZ's agenda shows %q after the police's was kept: %s", s, list)
			}
		}
	}

	// The police first (rendered and kept), then GGZ, then both again (from what was kept).
	first := page("officer")
	shown(first)
	redacted(page("nurse"))
	if again := page("officer"); again != first {
		t.Fatalf("the kept rendering differs from the first:\n%s\n---\n%s", first, again)
	}
	redacted(page("nurse"))

	// The case moves to another neighbourhood: the police see it at once, GGZ not at all.
	var c conference.Case
	e.api("officer", http.MethodGet, fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID), nil).JSON(t, &c)
	update := map[string]any{"subject": c.Subject, "theme": c.Theme, "postcode": c.Postcode, "neighbourhood": "Maaspoort",
		"referring_organisation_id": c.ReferringOrganisationID, "involved_organisation_ids": c.InvolvedOrganisationIDs,
		"status": c.Status, "version": c.Version}
	if res := e.api("officer", http.MethodPut, fmt.Sprintf("/api/v1/cases/%d", c.ID), update); res.Code != http.StatusOK {
		t.Fatalf("update the case: %d %s", res.Code, res.Body)
	}
	if list := page("officer"); !strings.Contains(list, "Maaspoort") || strings.Contains(list, "Ussen") {
		t.Fatalf("the police's agenda does not show the new neighbourhood: %s", list)
	}
	if list := page("nurse"); strings.Contains(list, "Maaspoort") {
		t.Fatalf("GGZ's agenda shows the new neighbourhood: %s", list)
	}

	// GGZ becomes involved: from then on its reader sees the case in full,
	// and once no longer involved, redacted again.
	casePath := fmt.Sprintf("/api/v1/cases/%d/organisations", c.ID)
	involve := func(path string) {
		t.Helper()
		e.api("officer", http.MethodGet, fmt.Sprintf("/api/v1/cases/%d", c.ID), nil).JSON(t, &c)
		res := e.api("officer", http.MethodPost, path, map[string]any{"organisation_id": e.ggz.ID, "reason": "behandelaar", "version": c.Version})
		if res.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, res.Code, res.Body)
		}
	}
	involve(casePath)
	if list := page("nurse"); !strings.Contains(list, "Maaspoort") || strings.Contains(list, "afgeschermd") {
		t.Fatalf("GGZ, now involved, does not see the case: %s", list)
	}
	involve(fmt.Sprintf("%s/%d/remove", casePath, e.ggz.ID))
	if list := page("nurse"); strings.Contains(list, "Maaspoort") || !strings.Contains(list, "afgeschermd") {
		t.Fatalf("GGZ, no longer involved, still sees the case: %s", list)
	}

	// The meeting starts on the item: it is marked current on every reader's page.
	if strings.Contains(page("nurse"), `aria-current="step"`) {
		t.Fatal("an item is current before the meeting started")
	}
	if res := e.api("chair", http.MethodPost, fmt.Sprintf("/api/v1/conferences/%d/start", e.conf.ID), nil); res.Code != http.StatusOK {
		t.Fatalf("start: %d %s", res.Code, res.Body)
	}
	for _, user := range []string{"nurse", "officer"} {
		if !strings.Contains(page(user), `aria-current="step"`) {
			t.Fatalf("%s's page does not mark the current item", user)
		}
	}

	// The English page is English, the Dutch one Dutch, after both were kept.
	en := func(user string) string {
		t.Helper()
		code, body := e.raw(user, http.MethodGet, path+"?lang=en", "")
		if code != http.StatusOK {
			t.Fatalf("English page: %d", code)
		}
		return agendaList(t, body)
	}
	if list := en("nurse"); !strings.Contains(list, "shielded") || strings.Contains(list, "afgeschermd") {
		t.Fatalf("the English agenda is not English: %s", list)
	}
	e.raw("nurse", http.MethodGet, path+"?lang=nl", "")
	if list := page("nurse"); !strings.Contains(list, "afgeschermd") {
		t.Fatalf("the Dutch agenda is not Dutch after the English one: %s", list)
	}
}

// TestCaseTimelineKept: the case page's timeline is rendered once and kept;
// it is never shown to an organisation that may not see the case, an
// organisation's new name shows at once, and so does a new event.
func TestCaseTimelineKept(t *testing.T) {
	e := newEnv(t)
	e.recordMinutes(t)
	path := fmt.Sprintf("/cases/%d", e.policeC.ID)
	timeline := func(user string) string {
		t.Helper()
		code, body := e.raw(user, http.MethodGet, path, "")
		if code != http.StatusOK {
			t.Fatalf("%s's case page: %d", user, code)
		}
		start := strings.Index(body, `<ol class="timeline">`)
		if start < 0 {
			return ""
		}
		return body[start : start+strings.Index(body[start:], "</ol>")]
	}
	first := timeline("officer")
	for _, want := range []string{"Geheim besluit over de aanpak", "Geheime afspraak: huisbezoek", "Politie"} {
		if !strings.Contains(first, want) {
			t.Fatalf("the police's timeline lacks %q: %s", want, first)
		}
	}
	if again := timeline("officer"); again != first {
		t.Fatalf("the kept timeline differs from the first:\n%s\n---\n%s", first, again)
	}
	code, body := e.raw("nurse", http.MethodGet, path, "")
	if (code != http.StatusOK && code != http.StatusForbidden) || strings.Contains(body, `class="timeline"`) {
		t.Fatalf("GGZ's case page: %d, or with a timeline", code)
	}
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Fatalf("GGZ's case page shows %q after the police's timeline was kept", s)
		}
	}

	// The police are renamed: the timeline names them anew at once.
	police := e.police
	police.Name = "Politie Oost-Brabant"
	if err := e.store.UpdateOrganisation(context.Background(), &police); err != nil {
		t.Fatal(err)
	}
	if tl := timeline("officer"); !strings.Contains(tl, "Politie Oost-Brabant") {
		t.Fatalf("the timeline shows the old name: %s", tl)
	}

	// A new event on the case shows at once.
	var c conference.Case
	e.api("officer", http.MethodGet, fmt.Sprintf("/api/v1/cases/%d", e.policeC.ID), nil).JSON(t, &c)
	res := e.api("officer", http.MethodPost, fmt.Sprintf("/api/v1/cases/%d/organisations", c.ID),
		map[string]any{"organisation_id": e.ggz.ID, "reason": "behandelaar", "version": c.Version})
	if res.Code != http.StatusOK {
		t.Fatalf("involve GGZ: %d %s", res.Code, res.Body)
	}
	if tl := timeline("officer"); !strings.Contains(tl, "behandelaar") || tl == first {
		t.Fatalf("the timeline lacks the new event: %s", tl)
	}
	// Now involved, GGZ sees the same timeline.
	if tl := timeline("nurse"); !strings.Contains(tl, "Geheim besluit over de aanpak") {
		t.Fatalf("GGZ, now involved, lacks the timeline: %s", tl)
	}
}
