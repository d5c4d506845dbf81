package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"casusoverleg/agenda"
)

// liveState is the API's answer on the running meeting.
type liveState struct {
	Live    agenda.Live  `json:"live"`
	Clock   agenda.Clock `json:"clock"`
	Status  string       `json:"status"`
	Present []int64      `json:"present_user_ids"`
}

// TestMeetingLive runs a meeting through the API while a participant of an
// organisation not involved in the police case follows its event stream:
// every change reaches the stream, the events carry no case data, and an
// organisation outside the series is refused the stream itself.
func TestMeetingLive(t *testing.T) {
	e := newEnv(t)
	e.outsider(t)
	police := e.onAgenda(t)
	conf := fmt.Sprintf("/conferences/%d", e.conf.ID)

	for _, path := range []string{conf + "/events", "/api/v1" + conf + "/events", "/api/v1" + conf + "/live"} {
		if code, body := e.raw("outsider", http.MethodGet, path, ""); code != http.StatusForbidden {
			t.Errorf("outsider on %s: status %d, %s", path, code, body)
		}
		if code, _ := e.raw("nurse", http.MethodGet, strings.Replace(path, fmt.Sprint(e.conf.ID), "99999", 1), ""); code != http.StatusNotFound {
			t.Errorf("%s of no conference: status %d", path, code)
		}
	}
	if code, _ := e.raw("nurse", http.MethodGet, conf+"/events?after=x", ""); code != http.StatusUnprocessableEntity {
		t.Errorf("an unreadable event id: status %d", code)
	}

	nurse := e.openStream(t, e.http.URL, "nurse", conf+"/events")
	// A second item, proposed by the GGZ and accepted: two agenda events.
	res := e.api("nurse", http.MethodPost, "/api/v1"+conf+"/items", map[string]any{"kind": "general", "title": "Werkafspraken", "reason": "Afspraken over de vergaderorde", "requested_minutes": 10})
	if res.Code != http.StatusCreated && res.Code != http.StatusOK {
		t.Fatalf("propose: %d %s", res.Code, res.Body)
	}
	var general agenda.Item
	res.JSON(t, &general)
	nurse.await(t, "agenda", general.ID, 2*time.Second)
	if res := e.api("chair", http.MethodPost, fmt.Sprintf("/api/v1/items/%d/triage", general.ID), map[string]any{"decision": "accept", "version": general.Version}); res.Code != http.StatusOK {
		t.Fatalf("accept: %d %s", res.Code, res.Body)
	}
	nurse.await(t, "agenda", general.ID, 2*time.Second)

	// Only the chair opens the meeting; then the first item is current.
	if res := e.api("secretary", http.MethodPost, "/api/v1"+conf+"/start", nil); res.Code != http.StatusForbidden {
		t.Fatalf("the secretary opened the meeting: %d", res.Code)
	}
	e.startMeeting()
	started := e.conf.StartsAt.Add(time.Hour)
	res = e.api("chair", http.MethodPost, "/api/v1"+conf+"/start", nil)
	if res.Code != http.StatusOK {
		t.Fatalf("start: %d %s", res.Code, res.Body)
	}
	var l agenda.Live
	res.JSON(t, &l)
	ev := nurse.await(t, "current", police.ID, 2*time.Second)
	for _, s := range secrets {
		if strings.Contains(ev.data, s) {
			t.Fatalf("an event carries case data: %s", ev.data)
		}
	}

	// The clock, by the env's clock on both sides of the item's planned time.
	var st liveState
	e.setNow(started.Add(time.Duration(police.PlannedMinutes)*time.Minute - time.Second))
	e.api("nurse", http.MethodGet, "/api/v1"+conf+"/live", nil).JSON(t, &st)
	if st.Status != "in_session" || *st.Live.CurrentItemID != police.ID || st.Clock.Position != 1 || st.Clock.Count != 2 ||
		st.Clock.ElapsedMinutes != police.PlannedMinutes-1 || st.Clock.ItemOver {
		t.Fatalf("live before the item's time ran out = %+v", st)
	}
	e.setNow(started.Add(time.Duration(police.PlannedMinutes)*time.Minute + time.Second))
	e.api("nurse", http.MethodGet, "/api/v1"+conf+"/live", nil).JSON(t, &st)
	if st.Clock.ElapsedMinutes != police.PlannedMinutes || !st.Clock.ItemOver {
		t.Fatalf("live after the item's time ran out = %+v", st.Clock)
	}
	wantLeft := int(e.conf.EndsAt().Sub(e.now()) / time.Minute)
	if st.Clock.LeftMinutes != wantLeft {
		t.Fatalf("time left = %d, want %d", st.Clock.LeftMinutes, wantLeft)
	}

	// Two clicks on "next" on one state: the second conflicts and the meeting moves one item.
	next := map[string]any{"step": 1, "version": l.Version}
	if res := e.api("chair", http.MethodPut, "/api/v1"+conf+"/current", next); res.Code != http.StatusOK {
		t.Fatalf("next: %d %s", res.Code, res.Body)
	}
	if res := e.api("chair", http.MethodPut, "/api/v1"+conf+"/current", next); res.Code != http.StatusConflict {
		t.Fatalf("a second next on the same state: %d %s", res.Code, res.Body)
	}
	if res := e.api("chair", http.MethodPut, "/api/v1"+conf+"/current", map[string]any{"step": 2, "version": l.Version + 1}); res.Code != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"step"`) {
		t.Fatalf("a step of two: %d %s", res.Code, res.Body)
	}
	nurse.await(t, "current", general.ID, 2*time.Second)

	// A record of the minutes reaches the stream as an event with the item's id only.
	rec := e.api("secretary", http.MethodPut, fmt.Sprintf("/api/v1/items/%d/record", police.ID), map[string]any{"summary": "Vertrouwelijke stand van zaken besproken", "version": 0})
	if rec.Code != http.StatusOK {
		t.Fatalf("record: %d %s", rec.Code, rec.Body)
	}
	ev = nurse.await(t, "minutes", police.ID, 2*time.Second)
	if strings.Contains(ev.data, "Vertrouwelijke") {
		t.Fatalf("an event carries minutes: %s", ev.data)
	}

	// Corrections reach the stream too: a decision added and removed again.
	var dec struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}
	add := e.api("secretary", http.MethodPost, fmt.Sprintf("/api/v1/items/%d/decisions", police.ID), map[string]any{"text": "Geheim besluit", "kind": "other"})
	if add.Code != http.StatusCreated && add.Code != http.StatusOK {
		t.Fatalf("decision: %d %s", add.Code, add.Body)
	}
	add.JSON(t, &dec)
	nurse.await(t, "minutes", police.ID, 2*time.Second)
	if del := e.api("secretary", http.MethodDelete, fmt.Sprintf("/api/v1/decisions/%d?version=%d", dec.ID, dec.Version), nil); del.Code != http.StatusNoContent {
		t.Fatalf("remove decision: %d %s", del.Code, del.Body)
	}
	ev = nurse.await(t, "minutes", police.ID, 2*time.Second)
	if strings.Contains(ev.data, "Geheim") {
		t.Fatalf("an event carries a decision: %s", ev.data)
	}

	// A browser that reconnects from an event id gets what came after it, and nothing before.
	late := e.openStream(t, e.http.URL, "nurse", conf+fmt.Sprintf("/events?after=%d", ev.id-1))
	if got := late.await(t, "minutes", police.ID, 2*time.Second); got.id != ev.id {
		t.Fatalf("caught up with event %d, want %d", got.id, ev.id)
	}
	late.close()

	// The page: the participant sees the current item, never the police case's details.
	b := e.browser()
	b.login("nurse@example.nl")
	page := b.get(conf)
	if page.Code != http.StatusOK || !strings.Contains(page.Body, `data-live-events="`+conf+`/events"`) || !strings.Contains(page.Body, "Werkafspraken") {
		t.Fatalf("nurse's conference page: %d", page.Code)
	}
	for _, s := range secrets {
		if strings.Contains(page.Body, s) {
			t.Fatalf("the live page leaks %q", s)
		}
	}
	if strings.Contains(page.Body, `action="`+conf+`/current"`) {
		t.Fatal("a participant is offered the chair's controls")
	}

	// Who has the page open is present; closing it ends the presence.
	nurse.close()
	watch := e.openStream(t, e.http.URL, "nurse", conf+"/events")
	e.api("chair", http.MethodGet, "/api/v1"+conf+"/live", nil).JSON(t, &st)
	if !slices.Contains(st.Present, e.users["nurse"].ID) {
		t.Fatalf("the nurse follows the meeting but is not present: %v", st.Present)
	}
	watch.close()
	// The server notices the closed connection a moment later.
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		e.api("nurse", http.MethodGet, "/api/v1"+conf+"/live", nil).JSON(t, &st)
		if !slices.Contains(st.Present, e.users["nurse"].ID) {
			break
		}
	}
	if slices.Contains(st.Present, e.users["nurse"].ID) {
		t.Fatalf("the nurse closed the page but is still present: %v", st.Present)
	}
}

// TestMeetingLivePages runs the meeting from the chair's page without
// script: open, next, back and jump, each a form with the state's version.
func TestMeetingLivePages(t *testing.T) {
	e := newEnv(t)
	police := e.onAgenda(t)
	conf := fmt.Sprintf("/conferences/%d", e.conf.ID)
	chair := e.browser()
	chair.loginWithSecondFactor("chair@example.nl")
	if p := chair.post(conf, conf+"/start", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("start: %d %s", p.Code, p.Body)
	}
	page := chair.get(conf)
	if !strings.Contains(page.Body, `aria-current="step"`) || !strings.Contains(page.Body, `name="step" value="next" disabled`) {
		t.Fatalf("the chair's page does not show the one item as current and last")
	}
	en := chair.get(conf + "?lang=en").Body
	for _, want := range []string{"Now discussing (1/1)", "Time for this item", "Meeting time left", "Next item", "On this page now"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	for _, dutch := range []string{"Nu besproken", "Volgend punt", "Resterende vergadertijd"} {
		if strings.Contains(en, dutch) {
			t.Errorf("the English page shows the Dutch %q", dutch)
		}
	}
	chair.get(conf + "?lang=nl")
	// A stale version (someone else moved on) is refused with the conflict message, not applied.
	if p := chair.post(conf, conf+"/current", url.Values{"item_id": {fmt.Sprint(police.ID)}, "version": {"7"}}); p.Code != http.StatusConflict {
		t.Fatalf("stale jump: %d", p.Code)
	}
	var st liveState
	e.api("chair", http.MethodGet, "/api/v1"+conf+"/live", nil).JSON(t, &st)
	if st.Live.Version != 1 {
		t.Fatalf("a stale jump moved the meeting: %+v", st.Live)
	}
	if p := chair.post(conf, conf+"/current", url.Values{"item_id": {fmt.Sprint(police.ID)}, "version": {"1"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("jump: %d", p.Code)
	}
	e.api("chair", http.MethodGet, "/api/v1"+conf+"/live", nil).JSON(t, &st)
	if st.Live.Version != 2 || *st.Live.CurrentItemID != police.ID {
		t.Fatalf("after the jump: %+v", st.Live)
	}
	nurse := e.browser()
	nurse.login("nurse@example.nl")
	if p := nurse.post(conf, conf+"/current", url.Values{"step": {"next"}, "version": {"2"}}); p.Code != http.StatusForbidden {
		t.Fatalf("a participant moved the meeting: %d", p.Code)
	}

	// The minutes page shows the current item without script: a link to its
	// record, which is marked current; the recorder's page follows the chair.
	mins := chair.get(conf + "/minutes").Body
	for _, want := range []string{`id="minutes-now"`, fmt.Sprintf(`href="#item-%d"`, police.ID), fmt.Sprintf(`data-follow="%d"`, police.ID),
		fmt.Sprintf(`id="item-%d" aria-labelledby="h-item-%d" aria-current="step"`, police.ID, police.ID)} {
		if !strings.Contains(mins, want) {
			t.Errorf("the chair's minutes page lacks %s", want)
		}
	}
	mins = nurse.get(conf + "/minutes").Body
	if !strings.Contains(mins, `id="minutes-now"`) || strings.Contains(mins, "data-follow") || !strings.Contains(mins, e.policeC.Reference) {
		t.Error("the participant's minutes page does not show the current item (by reference only), or follows the chair")
	}
	for _, s := range secrets {
		if strings.Contains(mins, s) {
			t.Fatalf("the participant's live minutes page leaks %q", s)
		}
	}

	// The secretary takes attendance from who has the page open: the nurse.
	watch := e.openStream(t, e.http.URL, "nurse", conf+"/events")
	sec := e.browser()
	sec.loginWithSecondFactor("secretary@example.nl")
	page = sec.get(conf)
	field := fmt.Sprintf(`name="presence.%d" value="present"`, e.users["nurse"].ID)
	if !strings.Contains(page.Body, field) {
		t.Fatalf("the secretary is not offered to record the nurse as present")
	}
	if p := sec.post(conf, conf+"/attendance", url.Values{fmt.Sprintf("presence.%d", e.users["nurse"].ID): {"present"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("confirm attendance: %d %s", p.Code, p.Body)
	}
	watch.close()
	att, err := e.store.Attendance(t.Context(), e.conf.ID)
	if err != nil || len(att) != 1 || att[0].UserID != e.users["nurse"].ID || att[0].Presence != "present" {
		t.Fatalf("attendance = %+v, %v", att, err)
	}
	if strings.Contains(nurse.get(conf).Body, field) {
		t.Fatal("a participant is offered to take attendance")
	}
}

// TestMeetingLiveAcrossServers opens a stream on one app server and changes
// the meeting on another: the change reaches the stream within a second,
// through PostgreSQL's LISTEN/NOTIFY.
func TestMeetingLiveAcrossServers(t *testing.T) {
	e := newEnv(t)
	if e.db.Dialector.Name() != "postgres" {
		t.Skip("events between app servers travel through PostgreSQL; SQLite is one server")
	}
	police := e.onAgenda(t)
	conf := fmt.Sprintf("/conferences/%d", e.conf.ID)
	other := e.secondServer(t)
	s := e.openStream(t, other, "nurse", conf+"/events")
	if res := e.api("chair", http.MethodPost, "/api/v1"+conf+"/start", nil); res.Code != http.StatusOK {
		t.Fatalf("start: %d %s", res.Code, res.Body)
	}
	s.await(t, "current", police.ID, time.Second)
	if res := e.api("secretary", http.MethodPut, fmt.Sprintf("/api/v1/items/%d/record", police.ID), map[string]any{"summary": "Besproken", "version": 0}); res.Code != http.StatusOK {
		t.Fatalf("record: %d %s", res.Code, res.Body)
	}
	s.await(t, "minutes", police.ID, time.Second)
}
