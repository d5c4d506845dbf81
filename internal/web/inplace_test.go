package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

// cardOf returns the part of a page from the element with id to the next item card.
func cardOf(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element %s on the page", id)
	}
	rest := body[i+len(id):]
	if j := regexp.MustCompile(`class="card item"|class="card minutes-item"`).FindStringIndex(rest); j != nil {
		rest = rest[:j[0]]
	}
	return rest
}

func TestRefusalsShownNextToTheItem(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	officer := e.users["officer"]
	it, err := agenda.NewStore(e.db, dbtest.Now, e.store).Propose(ctx, conference.ActorOf(&officer),
		agenda.Proposal{ConferenceID: e.conf.ID, CaseID: &e.policeC.ID, Reason: "Bespreken"})
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.loginWithSecondFactor("chair@example.nl")
	confPage := fmt.Sprintf("/conferences/%d", e.conf.ID)
	target := fmt.Sprintf("item-%d", it.ID)

	t.Run("Dutch/reject without a note", func(t *testing.T) {
		p := b.post(confPage, fmt.Sprintf("/items/%d/triage", it.ID), url.Values{"decision": {"reject"}, "version": {fmt.Sprint(it.Version)}})
		if p.Code != http.StatusUnprocessableEntity {
			t.Fatalf("reject without a note: %d", p.Code)
		}
		card := cardOf(t, p.Body, target)
		if !strings.Contains(card, "Toelichting: is verplicht bij afwijzen") || !strings.Contains(card, `aria-describedby="`+target+`-errors"`) {
			t.Fatalf("the refusal is not next to the proposal: %.1500s", card)
		}
		if strings.Contains(p.Body, `<main id="main">
<div class="alert`) {
			t.Fatal("the refusal is (also) at the top of the page")
		}
	})
	t.Run("English/typed note kept", func(t *testing.T) {
		b.get(confPage + "?lang=en")
		long := strings.Repeat("x", 2001)
		p := b.post(confPage, fmt.Sprintf("/items/%d/triage", it.ID), url.Values{"decision": {"reject"}, "decision_note": {long}, "version": {fmt.Sprint(it.Version)}})
		card := cardOf(t, p.Body, target)
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(card, "Note: must be at most 2000 characters") || !strings.Contains(card, `value="`+long+`"`) {
			t.Fatalf("English refusal: %d %.600s", p.Code, card)
		}
		b.get(confPage + "?lang=nl")
	})
	t.Run("Minutes/record refused in place", func(t *testing.T) {
		if _, err := agenda.NewStore(e.db, dbtest.Now, e.store).Triage(ctx, conference.ActorOf(ptr(e.users["chair"])), it.ID, agenda.Accept, "", it.Version); err != nil {
			t.Fatal(err)
		}
		minutesPage := confPage + "/minutes"
		long := strings.Repeat("a", 20001)
		p := b.post(minutesPage, fmt.Sprintf("/items/%d/record", it.ID), url.Values{"summary": {long}, "version": {"0"}})
		if p.Code != http.StatusUnprocessableEntity {
			t.Fatalf("too long a summary: %d", p.Code)
		}
		form := cardOf(t, p.Body, fmt.Sprintf("record-%d", it.ID))
		if !strings.Contains(form, "Stand van zaken: mag hoogstens 20000 tekens hebben") || !strings.Contains(form, ">"+long+"</textarea>") {
			t.Fatalf("the refused record is not shown in place with the typed text: %.800s", form)
		}
	})
	t.Run("Err403/foreign chair", func(t *testing.T) {
		other := e.browser()
		other.loginWithSecondFactor("otherchair@example.nl")
		p := other.post("/conferences", fmt.Sprintf("/items/%d/plan", it.ID), url.Values{"planned_minutes": {"999"}, "version": {"1"}})
		if p.Code != http.StatusForbidden || strings.Contains(p.Body, "Geheime Persoon") {
			t.Fatalf("a foreign chair planned the item: %d", p.Code)
		}
	})
}

func ptr[T any](v T) *T { return &v }
