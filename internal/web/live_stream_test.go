package web_test

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/dbtest"
)

// sse is one event read from a meeting's event stream.
type sse struct {
	id   int64
	kind string
	data string
}

// stream reads a meeting's event stream as a browser does: it reconnects
// when the server ends the stream or is away, sending the last event id it has.
type stream struct {
	events chan sse
	ready  chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// openStream follows the event stream at base+path as user until the test ends (or close).
func (e *env) openStream(t *testing.T, base, user, path string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &stream{events: make(chan sse, 256), ready: make(chan struct{}), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		var last int64
		for ctx.Err() == nil {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
			req.Header.Set("Authorization", "Bearer "+e.tokens[user])
			if last > 0 {
				req.Header.Set("Last-Event-ID", strconv.FormatInt(last, 10))
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				// The server is away (a restart): try again, as a browser's EventSource does.
				select {
				case <-ctx.Done():
					return
				case <-time.After(50 * time.Millisecond):
					continue
				}
			}
			if res.StatusCode != http.StatusOK {
				res.Body.Close()
				return
			}
			var ev sse
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() {
				line := sc.Text()
				switch {
				case strings.HasPrefix(line, "retry:"):
					select {
					case <-s.ready:
					default:
						close(s.ready)
					}
				case strings.HasPrefix(line, "id: "):
					ev.id, _ = strconv.ParseInt(line[4:], 10, 64)
				case strings.HasPrefix(line, "event: "):
					ev.kind = line[7:]
				case strings.HasPrefix(line, "data: "):
					ev.data = line[6:]
				case line == "" && ev.kind != "":
					last = ev.id
					s.events <- ev
					ev = sse{}
				}
			}
			res.Body.Close()
		}
	}()
	t.Cleanup(s.close)
	select {
	case <-s.ready:
	case <-time.After(5 * time.Second):
		t.Fatalf("the stream %s did not open", path)
	}
	return s
}

// close ends the stream and waits until its reader stopped.
func (s *stream) close() {
	s.cancel()
	<-s.done
}

// await returns the first event of kind with ref (0: any) that arrives within d.
func (s *stream) await(t *testing.T, kind string, ref int64, d time.Duration) sse {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case ev := <-s.events:
			if ev.kind == kind && (ref == 0 || strings.Contains(ev.data, `"ref":`+strconv.FormatInt(ref, 10)+`,`)) {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s event (ref %d) within %v", kind, ref, d)
			return sse{}
		}
	}
}

// outsider adds a participant of an organisation outside the env's series, as user "outsider".
func (e *env) outsider(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	o := conference.Organisation{Name: "Woningcorporatie", Kind: conference.OrgOther}
	if err := e.store.CreateOrganisation(ctx, &o); err != nil {
		t.Fatal(err)
	}
	u := conference.User{Name: "outsider", Email: "outsider@example.nl", OrganisationID: o.ID,
		Roles: []conference.Role{conference.RoleParticipant}, Active: true}
	if err := e.store.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	plain, _, err := auth.NewTokens(e.db, dbtest.Now).Create(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	e.users["outsider"], e.tokens["outsider"] = u, plain
}
