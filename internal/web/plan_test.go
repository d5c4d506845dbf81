package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

func TestPlanAndCancelAPI(t *testing.T) {
	e := newEnv(t)
	item := e.onAgenda(t)
	t.Run("Forbidden/participant plans", func(t *testing.T) {
		if res := e.api("officer", "POST", fmt.Sprintf("/api/v1/series/%d/meetings", e.series.ID), map[string]any{"count": 2}); res.Code != http.StatusForbidden {
			t.Fatalf("participant plans: %d %s", res.Code, res.Body)
		}
	})
	t.Run("Unprocessable/count", func(t *testing.T) {
		res := e.api("chair", "POST", fmt.Sprintf("/api/v1/series/%d/meetings", e.series.ID), map[string]any{"count": 0})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"count"`) {
			t.Fatalf("count 0: %d %s", res.Code, res.Body)
		}
	})
	var planned struct{ Items []conference.Conference }
	t.Run("Created/two weekly after the last", func(t *testing.T) {
		res := e.api("chair", "POST", fmt.Sprintf("/api/v1/series/%d/meetings", e.series.ID), map[string]any{"count": 2})
		if res.Code != http.StatusCreated {
			t.Fatalf("plan: %d %s", res.Code, res.Body)
		}
		res.JSON(t, &planned)
		if len(planned.Items) != 2 || !planned.Items[0].StartsAt.After(e.conf.StartsAt) ||
			!planned.Items[1].StartsAt.Equal(planned.Items[0].StartsAt.AddDate(0, 0, 7)) || *planned.Items[0].ChairID != e.users["chair"].ID {
			t.Fatalf("planned = %+v", planned.Items)
		}
	})
	path := fmt.Sprintf("/api/v1/conferences/%d/cancel", e.conf.ID)
	t.Run("Forbidden/not the chair", func(t *testing.T) {
		for _, user := range []string{"otherchair", "admin", "officer"} {
			if res := e.api(user, "POST", path, map[string]any{"cancel_reason": "x", "version": e.conf.Version}); res.Code != http.StatusForbidden {
				t.Fatalf("%s cancels: %d %s", user, res.Code, res.Body)
			}
		}
	})
	t.Run("OK/items go to the next meeting, the referrer sees it", func(t *testing.T) {
		conf, _ := e.store.Conference(context.Background(), e.conf.ID)
		res := e.api("chair", "POST", path, map[string]any{"cancel_reason": "Voorzitter ziek", "version": conf.Version})
		if res.Code != http.StatusOK {
			t.Fatalf("cancel: %d %s", res.Code, res.Body)
		}
		var out struct{ Cancelled, Next conference.Conference }
		res.JSON(t, &out)
		if out.Cancelled.Status != conference.StatusCancelled || out.Next.ID != planned.Items[0].ID {
			t.Fatalf("cancel answered %+v", out)
		}
		var ag agenda.View
		e.api("chair", "GET", fmt.Sprintf("/api/v1/conferences/%d/agenda", out.Next.ID), nil).JSON(t, &ag)
		if len(ag.Proposals) != 1 || *ag.Proposals[0].CaseID != e.policeC.ID {
			t.Fatalf("next meeting's proposals = %+v", ag.Proposals)
		}
		tl := e.api("officer", "GET", fmt.Sprintf("/api/v1/cases/%d/timeline", e.policeC.ID), nil)
		if !strings.Contains(string(tl.Body), `"meeting_cancelled":true`) || !strings.Contains(string(tl.Body), `"note":"Voorzitter ziek"`) {
			t.Fatalf("the referrer's timeline does not show the cancellation: %s", tl.Body)
		}
		item, _ := agenda.NewStore(e.db, dbtest.Now, e.store).Item(context.Background(), item.ID)
		if item.Status != agenda.StatusDeferred {
			t.Fatalf("item on the cancelled meeting = %+v", item)
		}
	})
	t.Run("Unprocessable/started", func(t *testing.T) {
		chair := e.users["chair"].ID
		started := conference.Conference{SeriesID: e.series.ID, StartsAt: dbtest.Clock.Add(-time.Minute), ChairID: &chair}
		if err := e.store.CreateConference(context.Background(), &started); err != nil {
			t.Fatal(err)
		}
		res := e.api("chair", "POST", fmt.Sprintf("/api/v1/conferences/%d/cancel", started.ID), map[string]any{"cancel_reason": "x", "version": started.Version})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"status"`) {
			t.Fatalf("cancel a started meeting: %d %s", res.Code, res.Body)
		}
		res = e.api("chair", "PUT", fmt.Sprintf("/api/v1/conferences/%d", started.ID), map[string]any{"series_id": e.series.ID,
			"starts_at": dbtest.Clock.Add(time.Hour).Format(time.RFC3339), "duration_minutes": 120, "status": "draft", "chair_id": chair, "version": started.Version})
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"starts_at"`) {
			t.Fatalf("move a started meeting: %d %s", res.Code, res.Body)
		}
	})
}

func TestDeferPlansNextMeetingAPI(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	officer := e.users["officer"]
	it, err := agenda.NewStore(e.db, dbtest.Now, e.store).Propose(ctx, conference.ActorOf(&officer), agenda.Proposal{ConferenceID: e.conf.ID, CaseID: &e.policeC.ID, Reason: "bespreken"})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/items/%d/triage", it.ID)
	res := e.api("chair", "POST", path, map[string]any{"decision": "defer", "decision_note": "eerst rapport", "version": it.Version})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"field":"next_meeting"`) {
		t.Fatalf("defer without a later meeting: %d %s", res.Code, res.Body)
	}
	res = e.api("chair", "POST", path, map[string]any{"decision": "defer", "decision_note": "eerst rapport", "version": it.Version, "plan_next": true})
	if res.Code != http.StatusOK {
		t.Fatalf("defer and plan: %d %s", res.Code, res.Body)
	}
	var got agenda.Item
	res.JSON(t, &got)
	if got.Status != agenda.StatusDeferred || got.DecisionNote != "eerst rapport" || got.DeferredToID == nil {
		t.Fatalf("deferred = %+v", got)
	}
}

func TestSeriesAndPlanningPages(t *testing.T) {
	e := newEnv(t)
	t.Run("Forbidden/participant", func(t *testing.T) {
		b := e.browser()
		b.login("officer@example.nl")
		for _, p := range []string{"/admin/series", "/admin/series/new", fmt.Sprintf("/admin/series/%d", e.series.ID), fmt.Sprintf("/conferences/%d/cancel", e.conf.ID)} {
			if got := b.get(p); got.Code != http.StatusForbidden {
				t.Errorf("%s for a participant: %d", p, got.Code)
			}
		}
		if got := b.post("/conferences", "/conferences/plan", url.Values{"series_id": {strconv.FormatInt(e.series.ID, 10)}, "count": {"1"}}); got.Code != http.StatusForbidden {
			t.Errorf("a participant plans: %d", got.Code)
		}
	})
	admin := e.browser()
	admin.loginWithSecondFactor("admin@example.nl")
	var id string
	t.Run("OK/admin creates a series", func(t *testing.T) {
		p := admin.post("/admin/series/new", "/admin/series", url.Values{"name": {""}, "weekday": {"2"}, "start_time": {"25:00"}, "cadence": {"weekly"}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "is verplicht") || !strings.Contains(p.Body, "moet een tijd zijn zoals 09:30") {
			t.Fatalf("empty series: %d", p.Code)
		}
		p = admin.post("/admin/series/new", "/admin/series", url.Values{"name": {"Huiselijk geweld"}, "weekday": {"2"}, "start_time": {"13:30"},
			"cadence": {"fortnightly"}, "default_duration_minutes": {"90"}, "default_location": {"Veiligheidshuis"},
			"member_organisation_ids": {strconv.FormatInt(e.police.ID, 10), strconv.FormatInt(e.zvh.ID, 10)},
			"default_chair_id":        {strconv.FormatInt(e.users["chair"].ID, 10)}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", p.Code, p.Body)
		}
		id = strings.TrimPrefix(p.Location, "/admin/series/")
		page := admin.get(p.Location)
		if !strings.Contains(page.Body, `value="13:30"`) || !strings.Contains(page.Body, "De overlegvorm is opgeslagen.") {
			t.Fatal("the saved series is not shown")
		}
		if list := admin.get("/admin/series"); !strings.Contains(list.Body, "dinsdag 13:30 · tweewekelijks") {
			t.Fatal("the series list does not say when it meets")
		}
	})
	chair := e.browser()
	chair.loginWithSecondFactor("chair@example.nl")
	t.Run("OK/chair plans, moves and cancels", func(t *testing.T) {
		p := chair.post("/conferences", "/conferences/plan", url.Values{"series_id": {id}, "count": {"4"}})
		if p.Code != http.StatusSeeOther || !strings.Contains(chair.get(p.Location).Body, "4 bijeenkomsten gepland.") {
			t.Fatalf("plan: %d %s", p.Code, p.Body)
		}
		sid, _ := strconv.ParseInt(id, 10, 64)
		list, _, err := e.store.Conferences(context.Background(), conference.ConferenceFilter{SeriesID: sid})
		if err != nil || len(list) != 4 {
			t.Fatalf("planned = %d, %v", len(list), err)
		}
		first := list[len(list)-1]
		if got := first.StartsAt.In(conference.Local).Format("Mon 15:04"); got != "Tue 13:30" {
			t.Fatalf("first meeting at %s", got)
		}
		confPath := fmt.Sprintf("/conferences/%d", first.ID)
		p = chair.post(confPath, confPath+"/schedule", url.Values{"date": {"2026-11-25"}, "time": {"10:00"}, "duration_minutes": {"60"}, "location": {"Stadhuis"}, "version": {"1"}})
		if p.Code != http.StatusSeeOther || !strings.Contains(chair.get(confPath).Body, "Stadhuis") {
			t.Fatalf("move: %d", p.Code)
		}
		p = chair.post(confPath+"/cancel", confPath+"/cancel", url.Values{"cancel_reason": {"Kerstreces"}, "version": {"2"}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("cancel: %d", p.Code)
		}
		if page := chair.get(confPath).Body; !strings.Contains(page, "Deze bijeenkomst is geannuleerd.") || !strings.Contains(page, "Kerstreces") {
			t.Fatal("the cancelled meeting does not say so")
		}
	})
	t.Run("OK/defer without a later meeting offers to plan it, the note kept", func(t *testing.T) {
		ctx := context.Background()
		officer := e.users["officer"]
		it, err := agenda.NewStore(e.db, dbtest.Now, e.store).Propose(ctx, conference.ActorOf(&officer), agenda.Proposal{ConferenceID: e.conf.ID, CaseID: &e.policeC.ID, Reason: "bespreken"})
		if err != nil {
			t.Fatal(err)
		}
		confPath := fmt.Sprintf("/conferences/%d", e.conf.ID)
		triage := fmt.Sprintf("/items/%d/triage", it.ID)
		p := chair.post(confPath, triage, url.Values{"decision": {"defer"}, "decision_note": {"Wacht op het rapport van de reclassering"}, "version": {"1"}})
		if p.Code != http.StatusOK || !strings.Contains(p.Body, "Plannen en doorschuiven") || !strings.Contains(p.Body, "Wacht op het rapport van de reclassering") {
			t.Fatalf("defer without a later meeting: %d %s", p.Code, p.Body)
		}
		p = chair.post(confPath, triage, url.Values{"decision": {"defer"}, "decision_note": {"Wacht op het rapport van de reclassering"}, "version": {"1"}, "plan_next": {"1"}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("plan and defer: %d %s", p.Code, p.Body)
		}
		got, _ := agenda.NewStore(e.db, dbtest.Now, e.store).Item(ctx, it.ID)
		if got.Status != agenda.StatusDeferred || got.DecisionNote != "Wacht op het rapport van de reclassering" {
			t.Fatalf("item = %+v", got)
		}
	})
}
