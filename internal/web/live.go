package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/live"
)

// conferenceEvents streams the events of a meeting (Server-Sent Events) to a
// page or client that may follow it. The events name ids only; the page
// fetches what changed through its normal route. While the stream is idle it
// holds no database connection: the server's one listening connection (on
// PostgreSQL) serves every stream. A reconnecting browser sends
// Last-Event-ID and first receives what it missed.
func (s *Server) conferenceEvents(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	if err := s.agenda.MaySee(ctx, actor(c), id); err != nil {
		s.fail(c, err)
		return
	}
	last, err := lastEventID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	sub := s.live.Subscribe(ctx, id)
	defer sub.Close()
	backlog, err := s.live.Since(ctx, id, last)
	if err != nil {
		s.fail(c, err)
		return
	}
	open, err := s.live.Join(ctx, id, actor(c).UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer func() { _ = s.live.Leave(context.WithoutCancel(ctx), open) }()

	h := c.Writer.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	c.Status(http.StatusOK)
	// The controller flushes through gin's writer to the connection.
	rc := http.NewResponseController(c.Writer.(interface{ Unwrap() http.ResponseWriter }).Unwrap())
	flush := func() bool {
		_ = rc.SetWriteDeadline(time.Now().Add(2 * live.Heartbeat))
		return rc.Flush() == nil
	}
	sent := last
	send := func(evs ...live.Event) bool {
		for _, ev := range evs {
			if ev.ID <= sent {
				continue
			}
			if _, err := fmt.Fprintf(c.Writer, "id: %d\nevent: %s\ndata: {\"id\":%d,\"kind\":%q,\"ref\":%d,\"version\":%d}\n\n",
				ev.ID, ev.Kind, ev.ID, ev.Kind, ev.Ref, ev.Version); err != nil {
				return false
			}
			sent = ev.ID
		}
		return flush()
	}
	if _, err := fmt.Fprint(c.Writer, "retry: 2000\n\n"); err != nil || !send(backlog...) {
		return
	}
	tick := time.NewTicker(live.Heartbeat)
	defer tick.Stop()
	end := time.NewTimer(s.cfg.StreamLifetime)
	defer end.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-end.C:
			return
		case ev := <-sub.C:
			if sub.Missed() {
				// This stream fell behind and events were dropped: catch up from the table.
				more, err := s.live.Since(ctx, id, sent)
				if err != nil {
					return
				}
				if !send(more...) {
					return
				}
			}
			if !send(ev) {
				return
			}
		case <-tick.C:
			if s.live.Touch(ctx, open) != nil {
				return
			}
			if _, err := fmt.Fprint(c.Writer, ": ping\n\n"); err != nil || !flush() {
				return
			}
		}
	}
}

// lastEventID is the id of the last event the client has: the Last-Event-ID
// header of a reconnecting browser, or the query parameter after.
func lastEventID(c *gin.Context) (int64, error) {
	v := c.GetHeader("Last-Event-ID")
	if v == "" {
		v = c.Query("after")
	}
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, &conference.ValidationError{Field: "after", Msg: "must be an event id"}
	}
	return n, nil
}

// liveState is the running state of a meeting as the API shows it.
type liveState struct {
	Live    agenda.Live  `json:"live"`
	Clock   agenda.Clock `json:"clock"`
	Status  string       `json:"status"`
	Present []int64      `json:"present_user_ids"`
	// LastEvent is the newest event's id: a page follows the stream after it.
	LastEvent int64 `json:"last_event_id"`
}

// liveOf builds the running state of the meeting of view v.
func (s *Server) liveOf(ctx context.Context, v agenda.View) (liveState, error) {
	l, err := s.agenda.Live(ctx, v.Conference.ID)
	if err != nil {
		return liveState{}, err
	}
	present, err := s.live.Present(ctx, v.Conference.ID)
	if err != nil {
		return liveState{}, err
	}
	if present == nil {
		present = []int64{}
	}
	last, err := s.live.Last(ctx, v.Conference.ID)
	if err != nil {
		return liveState{}, err
	}
	return liveState{Live: l, Clock: v.ClockAt(l, s.cfg.Now()), Status: string(v.Conference.Status), Present: present, LastEvent: last}, nil
}

func (s *Server) apiLive(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	v, ok := s.agendaView(c, id)
	if !ok {
		return
	}
	st, err := s.liveOf(c.Request.Context(), v)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, st)
}

func (s *Server) apiStartMeeting(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	l, err := s.startMeeting(c, id)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, l)
}

// currentInput moves a meeting: to item_id, or step 1 (next) or -1 (back);
// version is the version of the running state the chair saw.
type currentInput struct {
	ItemID  int64 `json:"item_id"`
	Step    int   `json:"step"`
	Version int   `json:"version"`
}

func (s *Server) apiMoveMeeting(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var in currentInput
	if err := decodeJSON(c, &in); err != nil {
		apiError(c, err)
		return
	}
	l, err := s.moveMeeting(c, id, agenda.Target{ItemID: in.ItemID, Step: in.Step}, in.Version)
	if err != nil {
		apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, l)
}

func (s *Server) startSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	if _, err := s.startMeeting(c, id); err != nil {
		s.flashError(c, err, confURL(id)+"#live")
		return
	}
	s.flash(c, s.pages.translate(lang(c), "live.started"), false)
	c.Redirect(http.StatusSeeOther, confURL(id)+"#live")
}

// currentSubmit moves the meeting: step=next or back, or item_id.
func (s *Server) currentSubmit(c *gin.Context) {
	id, ok := s.idOf(c)
	if !ok {
		return
	}
	var errs conference.ValidationErrors
	version := formInt(c, &errs, "version")
	var to agenda.Target
	switch c.PostForm("step") {
	case "next":
		to.Step = 1
	case "back":
		to.Step = -1
	case "":
		to.ItemID = int64(formInt(c, &errs, "item_id"))
	default:
		errs.Add("step", "must be next or back")
	}
	err := errs.Err()
	if err == nil {
		_, err = s.moveMeeting(c, id, to, version)
	}
	if err != nil {
		s.flashError(c, err, confURL(id)+"#live")
		return
	}
	c.Redirect(http.StatusSeeOther, confURL(id)+"#live")
}
