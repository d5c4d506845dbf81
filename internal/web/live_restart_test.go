package web_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/internal/web"
)

// restartable is an app server on a fixed loopback address that a test
// stops and starts again, as an operator restarts one app server.
type restartable struct {
	e    *env
	addr string
	hs   *http.Server
}

func (e *env) restartableServer(t *testing.T) *restartable {
	t.Helper()
	r := &restartable{e: e, addr: "127.0.0.1:0"}
	r.start(t)
	t.Cleanup(r.stop)
	return r
}

func (r *restartable) url() string { return "http://" + r.addr }

// start serves a new server (a new process, as far as the meeting is concerned) on the address.
func (r *restartable) start(t *testing.T) {
	t.Helper()
	srv, err := web.New(web.Config{Now: r.e.now, SiteName: "ZVH Test"}, r.e.db)
	if err != nil {
		t.Fatal(err)
	}
	var ln net.Listener
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if ln, err = net.Listen("tcp", r.addr); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	r.hs = &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := r.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Error(err)
		}
	}()
}

// stop ends the server and every connection to it.
func (r *restartable) stop() {
	if r.hs != nil {
		r.hs.Close()
		r.hs = nil
	}
}

// TestMeetingLiveSurvivesARestart follows a meeting on one app server while
// the chair works on another; the first is restarted, and what happened while
// it was away reaches the page when it reconnects (from its last event id).
// On PostgreSQL a change after the restart reaches it within a second, too.
func TestMeetingLiveSurvivesARestart(t *testing.T) {
	e := newEnv(t)
	police := e.onAgenda(t)
	general := e.generalItem(t)
	conf := fmt.Sprintf("/conferences/%d", e.conf.ID)
	b := e.restartableServer(t)
	s := e.openStream(t, b.url(), "nurse", conf+"/events")
	// The chair opens the meeting on the same server (on SQLite a server hears only its own changes live).
	req, _ := http.NewRequest(http.MethodPost, b.url()+"/api/v1"+conf+"/start", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens["chair"])
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("start: %v %v", res, err)
	}
	res.Body.Close()
	started := s.await(t, "current", police.ID, 2*time.Second)

	b.stop()
	// While the server is away the chair moves on and the secretary records.
	if res := e.api("chair", http.MethodPut, "/api/v1"+conf+"/current", map[string]any{"item_id": general.ID, "version": 1}); res.Code != http.StatusOK {
		t.Fatalf("move: %d %s", res.Code, res.Body)
	}
	if res := e.api("secretary", http.MethodPut, fmt.Sprintf("/api/v1/items/%d/record", police.ID), map[string]any{"summary": "Besproken", "version": 0}); res.Code != http.StatusOK {
		t.Fatalf("record: %d %s", res.Code, res.Body)
	}
	b.start(t)
	moved := s.await(t, "current", general.ID, 3*time.Second)
	recorded := s.await(t, "minutes", police.ID, time.Second)
	if moved.id <= started.id || recorded.id <= moved.id {
		t.Fatalf("caught up out of order: %d, %d after %d", moved.id, recorded.id, started.id)
	}
	if e.db.Dialector.Name() != "postgres" {
		return // on SQLite each server hears only its own changes live; the catch-up above is what carries
	}
	if res := e.api("chair", http.MethodPut, "/api/v1"+conf+"/current", map[string]any{"step": -1, "version": 2}); res.Code != http.StatusOK {
		t.Fatalf("back: %d %s", res.Code, res.Body)
	}
	s.await(t, "current", police.ID, time.Second)
}

// generalItem puts a general item, proposed by the GGZ, on the agenda after the police case.
func (e *env) generalItem(t *testing.T) agenda.Item {
	t.Helper()
	res := e.api("nurse", http.MethodPost, fmt.Sprintf("/api/v1/conferences/%d/items", e.conf.ID),
		map[string]any{"kind": "general", "title": "Werkafspraken", "reason": "Afspraken over de vergaderorde", "requested_minutes": 10})
	var it agenda.Item
	res.JSON(t, &it)
	if res = e.api("chair", http.MethodPost, fmt.Sprintf("/api/v1/items/%d/triage", it.ID), map[string]any{"decision": "accept", "version": it.Version}); res.Code != http.StatusOK {
		t.Fatalf("accept: %d %s", res.Code, res.Body)
	}
	return it
}

// TestEventStreamLeavesTheSessionAlone: a page's stream reads the session but
// never writes it back, so a form sent while the stream opens keeps what it
// wrote (its flash message).
func TestEventStreamLeavesTheSessionAlone(t *testing.T) {
	e := newEnv(t)
	e.onAgenda(t)
	conf := fmt.Sprintf("/conferences/%d", e.conf.ID)
	b := e.browser()
	b.login("nurse@example.nl")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.base+conf+"/events", nil)
	res, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if c := res.Header.Values("Set-Cookie"); len(c) > 0 {
		t.Fatalf("the stream wrote the session back: %v", c)
	}
	if page := b.get(conf); page.Code != http.StatusOK {
		t.Fatalf("the session does not hold after the stream: %d", page.Code)
	}
}
