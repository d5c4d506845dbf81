package live

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// Hub publishes the events of meetings and hands them to the streams of this
// server that follow them.
type Hub struct {
	db  *gorm.DB
	now func() time.Time
	pg  bool

	chanOnce sync.Once
	channel  string

	mu    sync.Mutex
	subs  map[int64]map[*Sub]struct{}
	count int
	stop  context.CancelFunc
	ready chan struct{}
}

// NewHub returns a Hub on db; now is the clock (nil means time.Now).
func NewHub(db *gorm.DB, now func() time.Time) *Hub {
	if now == nil {
		now = time.Now
	}
	return &Hub{db: db, now: now, pg: db.Dialector.Name() == "postgres", subs: map[int64]map[*Sub]struct{}{}}
}

// Sub is one stream's subscription to the events of one meeting.
type Sub struct {
	// C receives the meeting's events; when the stream falls behind, events
	// are dropped and Missed reports it, so that the stream catches up from
	// the table.
	C      chan Event
	missed atomic.Bool
	hub    *Hub
	conf   int64
}

// Missed reports (and forgets) whether events were dropped since the last call.
func (s *Sub) Missed() bool { return s.missed.Swap(false) }

// Close ends the subscription.
func (s *Sub) Close() {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s.conf][s]; !ok {
		return
	}
	delete(h.subs[s.conf], s)
	if len(h.subs[s.conf]) == 0 {
		delete(h.subs, s.conf)
	}
	h.count--
	if h.count == 0 && h.stop != nil {
		// No stream left: give the listening connection back.
		h.stop()
		h.stop, h.ready = nil, nil
	}
}

// Subscribe follows the events of conference conferenceID. On PostgreSQL the
// first subscription of the server starts listening, and Subscribe waits (a
// few seconds at most) until it does, so that no later event is missed.
func (h *Hub) Subscribe(ctx context.Context, conferenceID int64) *Sub {
	s := &Sub{C: make(chan Event, 64), hub: h, conf: conferenceID}
	h.mu.Lock()
	if h.subs[conferenceID] == nil {
		h.subs[conferenceID] = map[*Sub]struct{}{}
	}
	h.subs[conferenceID][s] = struct{}{}
	h.count++
	if h.pg && h.stop == nil {
		lctx, cancel := context.WithCancel(context.Background())
		h.stop, h.ready = cancel, make(chan struct{})
		go h.listen(lctx, h.ready)
	}
	ready := h.ready
	h.mu.Unlock()
	if ready != nil {
		select {
		case <-ready:
		case <-ctx.Done():
		case <-time.After(3 * time.Second):
			slog.Warn("live: listener not ready; streams catch up from the table")
		}
	}
	return s
}

// Publish stores an event of conference conferenceID and announces it to
// every server. It runs after the write it reports; a failure is logged, not
// returned: the write stands, and pages catch up when they reload.
func (h *Hub) Publish(ctx context.Context, conferenceID int64, kind Kind, ref int64, version int) {
	row := eventRow{ConferenceID: conferenceID, Kind: string(kind), Ref: ref, Version: version, At: h.now().UTC()}
	db := h.db.WithContext(context.WithoutCancel(ctx))
	if err := db.Create(&row).Error; err != nil {
		slog.Error("live: store event", "conference", conferenceID, "kind", kind, "err", err)
		return
	}
	ev := row.domain()
	if !h.pg {
		h.deliver(ev)
		return
	}
	payload, _ := json.Marshal(ev)
	if err := db.Exec("SELECT pg_notify(?, ?)", h.channelName(db), string(payload)).Error; err != nil {
		slog.Error("live: notify", "conference", conferenceID, "kind", kind, "err", err)
	}
}

// deliver hands ev to this server's streams of its meeting.
func (h *Hub) deliver(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs[ev.ConferenceID] {
		select {
		case s.C <- ev:
		default:
			s.missed.Store(true)
		}
	}
}

// Streams reports how many streams of this server follow a meeting.
func (h *Hub) Streams() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.count
}
