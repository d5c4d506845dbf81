package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/live"
)

// TargetLiveP95 is the target for an item change to reach every open
// live page of the meeting, 95th percentile.
const TargetLiveP95 = time.Second

// LiveConfig says how many live pages to open and how often to move the meeting.
type LiveConfig struct {
	Connections, Moves int
}

// LiveResult is what the live load measured.
type LiveResult struct {
	Connections, Moves int
	// P95 and Max are the times from the chair's request to move the meeting
	// until a page has the event, over every page and every move.
	P95, Max time.Duration
	// PerConnection is the growth of heap and goroutine stacks with the
	// connections open (server and clients), divided by their number;
	// ClientPerConnection is the same clients against a bare event stream, so
	// that the server's share is the difference. RSSPerConnection is the
	// growth of the process's resident memory, divided likewise.
	PerConnection, ClientPerConnection, RSSPerConnection int64
}

// stream is one open live page: the events it heard and when.
type stream struct {
	mu      sync.Mutex
	arrived map[int]time.Time // version of the current event → arrival
}

// Live opens cfg.Connections event streams on the upcoming meeting, each as a
// user of a member organisation with a token of their own, and has the chair
// move the meeting cfg.Moves times through the API. The meeting is put back
// as it was afterwards (its status, running state and events).
func (s *Suite) Live(ctx context.Context, cfg LiveConfig) (LiveResult, error) {
	res := LiveResult{Connections: cfg.Connections, Moves: cfg.Moves}
	app, stopApp, err := listen(s.srv)
	if err != nil {
		return res, err
	}
	defer stopApp()
	conf := s.targets.Upcoming
	defer s.restoreMeeting(context.WithoutCancel(ctx), conf)

	readers, err := s.liveUsers(ctx, conf)
	if err != nil {
		return res, err
	}
	tokens := auth.NewTokens(s.db, time.Now)
	bearer := map[int64]string{}
	for _, u := range append(readers, s.targets.Chair) {
		if _, ok := bearer[u.ID]; ok {
			continue
		}
		plain, tok, err := tokens.Create(ctx, u.ID, "live benchmark")
		if err != nil {
			return res, err
		}
		defer tokens.Revoke(context.WithoutCancel(ctx), tok.ID)
		bearer[u.ID] = plain
	}
	chair := bearer[s.targets.Chair.ID]
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true}}
	defer client.CloseIdleConnections()

	// The client side alone: the same streams against a bare event stream.
	bare, stopBare, err := listen(bareStream())
	if err != nil {
		return res, err
	}
	before := heapAndStacks()
	sctx, stopStreams := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if _, err := openStreams(sctx, &wg, client, cfg.Connections, bare+"/", func(int) string { return "" }); err != nil {
		stopStreams()
		stopBare()
		return res, err
	}
	res.ClientPerConnection = (heapAndStacks() - before) / int64(cfg.Connections)
	stopStreams()
	wg.Wait()
	stopBare()

	start := api(ctx, client, app, chair, http.MethodPost, fmt.Sprintf("/api/v1/conferences/%d/start", conf.ID), nil)
	var l agenda.Live
	if err := start(&l); err != nil {
		return res, fmt.Errorf("start the meeting: %w", err)
	}
	last, err := live.NewHub(s.db, nil).Last(ctx, conf.ID)
	if err != nil {
		return res, err
	}
	before, rssBefore := heapAndStacks(), rss()
	sctx, stopStreams = context.WithCancel(ctx)
	defer func() { stopStreams(); wg.Wait() }()
	url := fmt.Sprintf("%s/conferences/%d/events?after=%d", app, conf.ID, last)
	streams, err := openStreams(sctx, &wg, client, cfg.Connections, url, func(i int) string { return bearer[readers[i%len(readers)].ID] })
	if err != nil {
		return res, err
	}
	res.PerConnection = (heapAndStacks() - before) / int64(cfg.Connections)
	res.RSSPerConnection = (rss() - rssBefore) / int64(cfg.Connections)

	sent := map[int]time.Time{}
	step := 1
	for range cfg.Moves {
		body, _ := json.Marshal(map[string]int{"step": step, "version": l.Version})
		at := time.Now()
		err := api(ctx, client, app, chair, http.MethodPut, fmt.Sprintf("/api/v1/conferences/%d/current", conf.ID), body)(&l)
		if err != nil {
			// At either end of the agenda: walk back the other way.
			step = -step
			body, _ = json.Marshal(map[string]int{"step": step, "version": l.Version})
			at = time.Now()
			if err := api(ctx, client, app, chair, http.MethodPut, fmt.Sprintf("/api/v1/conferences/%d/current", conf.ID), body)(&l); err != nil {
				return res, fmt.Errorf("move the meeting: %w", err)
			}
		}
		sent[l.Version] = at
		// Let every page hear it before the next move, as in a meeting.
		if err := waitAll(ctx, streams, l.Version, 10*time.Second); err != nil {
			return res, err
		}
	}
	var times []time.Duration
	for _, st := range streams {
		st.mu.Lock()
		for v, at := range sent {
			times = append(times, st.arrived[v].Sub(at))
		}
		st.mu.Unlock()
	}
	slices.Sort(times)
	res.P95, res.Max = percentile(times, 0.95), times[len(times)-1]
	return res, nil
}

// liveUsers are the users who may follow conf's page: the participants of
// the series' member organisations, and its chair and secretary.
func (s *Suite) liveUsers(ctx context.Context, conf conference.Conference) ([]conference.User, error) {
	users, _, err := s.srv.Store().Users(ctx, conference.UserFilter{Role: conference.RoleParticipant, Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		return nil, err
	}
	out := []conference.User{s.targets.Chair, s.targets.Secretary}
	for _, u := range users {
		if u.Active && slices.Contains(s.targets.Series.MemberOrganisationIDs, u.OrganisationID) && !u.Has(conference.RolePolicyOfficer) {
			out = append(out, u)
		}
	}
	if err := s.srv.Agenda().MaySee(ctx, conference.ActorOf(&out[len(out)-1]), conf.ID); err != nil {
		return nil, fmt.Errorf("a reader may not follow the meeting: %w", err)
	}
	return out, nil
}

// openStreams opens n event streams on url, the i-th with the token of
// token(i), and returns once every stream is open.
func openStreams(ctx context.Context, wg *sync.WaitGroup, client *http.Client, n int, url string, token func(int) string) ([]*stream, error) {
	out := make([]*stream, n)
	open := make(chan error, n)
	for i := range n {
		st := &stream{arrived: map[int]time.Time{}}
		out[i] = st
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if t := token(i); t != "" {
				req.Header.Set("Authorization", "Bearer "+t)
			}
			res, err := client.Do(req)
			if err != nil {
				open <- err
				return
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				open <- fmt.Errorf("event stream: status %d", res.StatusCode)
				return
			}
			open <- nil
			st.read(bufio.NewReader(res.Body))
		}()
	}
	for range n {
		select {
		case err := <-open:
			if err != nil {
				return nil, err
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return out, nil
}

// read notes when each current event arrives, until the stream ends.
func (st *stream) read(r *bufio.Reader) {
	kind := ""
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			kind = line[7:]
		case strings.HasPrefix(line, "data: ") && kind == "current":
			var ev struct {
				Version int `json:"version"`
			}
			if json.Unmarshal([]byte(line[6:]), &ev) == nil {
				st.mu.Lock()
				st.arrived[ev.Version] = time.Now()
				st.mu.Unlock()
			}
		case line == "":
			kind = ""
		}
	}
}

// waitAll waits until every stream heard the current event of version.
func waitAll(ctx context.Context, streams []*stream, version int, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		missing := 0
		for _, st := range streams {
			st.mu.Lock()
			if _, ok := st.arrived[version]; !ok {
				missing++
			}
			st.mu.Unlock()
		}
		if missing == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("after %v, %d of %d live pages have not heard the move to version %d", d, missing, len(streams), version)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}

// api returns a call of the API as the holder of token; the answer is decoded into out.
func api(ctx context.Context, client *http.Client, base, token, method, path string, body []byte) func(out any) error {
	return func(out any) error {
		req, err := http.NewRequestWithContext(ctx, method, base+path, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("%s %s: status %d", method, path, res.StatusCode)
		}
		return json.NewDecoder(res.Body).Decode(out)
	}
}

// bareStream answers every request with an event stream that only says it is open.
func bareStream() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "retry: 2000\n\n")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
}

// heapAndStacks is the memory in use by the heap and goroutine stacks after a collection.
func heapAndStacks() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse + m.StackInuse)
}

// rss is the process's resident memory in bytes (Linux), or 0.
func rss() int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// restoreMeeting puts conf back as it was before the live load: its status
// and version, no running state, no events and no open pages.
func (s *Suite) restoreMeeting(ctx context.Context, conf conference.Conference) {
	db := s.db.WithContext(ctx)
	db.Exec("UPDATE conferences SET status = ?, version = ? WHERE id = ?", string(conf.Status), conf.Version, conf.ID)
	for _, table := range []string{"live_meetings", "live_events", "live_presence"} {
		db.Exec("DELETE FROM "+table+" WHERE conference_id = ?", conf.ID)
	}
}
