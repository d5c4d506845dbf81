package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/ical"
)

// inviteOf downloads the meeting's .ics as user and parses its one event.
func (e *env) inviteOf(t *testing.T, user string) (ical.Event, string) {
	t.Helper()
	code, body := e.raw(user, "GET", fmt.Sprintf("/conferences/%d/invite.ics", e.conf.ID), "")
	if code != http.StatusOK {
		t.Fatalf("invite.ics: %d %s", code, body)
	}
	events, err := ical.Parse(bytes.NewReader([]byte(body)))
	if err != nil || len(events) != 1 {
		t.Fatalf("parse: %v, %d events", err, len(events))
	}
	return events[0], body
}

func TestMovedAndCancelledMeetingsNotify(t *testing.T) {
	e := newEnv(t)
	e.onAgenda(t) // published
	published, _ := e.inviteOf(t, "officer")
	ctx := context.Background()

	t.Run("Moved", func(t *testing.T) {
		conf, _ := e.store.Conference(ctx, e.conf.ID)
		chair := e.browser()
		chair.loginWithSecondFactor("chair@example.nl")
		path := fmt.Sprintf("/conferences/%d", e.conf.ID)
		at := conf.StartsAt.Add(24 * time.Hour).In(conference.Local)
		p := chair.post(path, path+"/schedule", url.Values{"date": {at.Format("2006-01-02")}, "time": {at.Format("15:04")},
			"duration_minutes": {"90"}, "location": {conf.Location}, "version": {fmt.Sprint(conf.Version)}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("move: %d %.300s", p.Code, p.Body)
		}
		msgs := e.messagesOf(t, conference.EventMeetingChanged)
		if len(msgs) != 6 {
			t.Fatalf("%d meeting-changed messages, want one to each of the six meeting people", len(msgs))
		}
		for _, m := range msgs {
			if !strings.Contains(m.Calendar, "METHOD:REQUEST") || !strings.Contains(m.Calendar, fmt.Sprintf("SEQUENCE:%d", published.Sequence+1)) {
				t.Errorf("the invite to %s is no update: %s", m.To, m.Calendar)
			}
		}
		if ev, _ := e.inviteOf(t, "officer"); ev.Sequence <= published.Sequence || ev.Cancelled {
			t.Errorf("the downloaded invite after the move: sequence %d (was %d), cancelled %v", ev.Sequence, published.Sequence, ev.Cancelled)
		}
	})

	t.Run("UnchangedSendsNothing", func(t *testing.T) {
		conf, _ := e.store.Conference(ctx, e.conf.ID)
		res := e.api("chair", "PUT", fmt.Sprintf("/api/v1/conferences/%d", conf.ID), map[string]any{"series_id": conf.SeriesID,
			"starts_at": conf.StartsAt, "duration_minutes": conf.DurationMinutes, "location": conf.Location, "status": conf.Status,
			"chair_id": conf.ChairID, "secretary_id": conf.SecretaryID, "version": conf.Version})
		if res.Code != http.StatusOK {
			t.Fatalf("PUT unchanged: %d %s", res.Code, res.Body)
		}
		if n := len(e.messagesOf(t, conference.EventMeetingChanged)); n != 6 {
			t.Errorf("an unchanged meeting sent messages: %d, want still 6", n)
		}
	})

	t.Run("Cancelled", func(t *testing.T) {
		moved, _ := e.inviteOf(t, "officer")
		conf, _ := e.store.Conference(ctx, e.conf.ID)
		res := e.api("chair", "POST", fmt.Sprintf("/api/v1/conferences/%d/cancel", conf.ID),
			map[string]any{"cancel_reason": "Voorzitter ziek", "version": conf.Version, "plan_next": true})
		if res.Code != http.StatusOK {
			t.Fatalf("cancel: %d %s", res.Code, res.Body)
		}
		msgs := e.messagesOf(t, conference.EventMeetingCancelled)
		if len(msgs) != 6 {
			t.Fatalf("%d meeting-cancelled messages, want 6", len(msgs))
		}
		for _, m := range msgs {
			if !strings.Contains(m.Calendar, "METHOD:CANCEL") || !strings.Contains(m.Calendar, "STATUS:CANCELLED") || strings.Contains(m.Body, "Voorzitter ziek") {
				t.Errorf("the message to %s: %s %s", m.To, m.Body, m.Calendar)
			}
		}
		ev, body := e.inviteOf(t, "officer")
		if !ev.Cancelled || !strings.Contains(body, "METHOD:CANCEL") || ev.Sequence <= moved.Sequence || ev.UID != published.UID {
			t.Errorf("the downloaded invite of a cancelled meeting: %s", body)
		}
	})
}

func TestMeetingEvent(t *testing.T) {
	chair, other := int64(1), int64(2)
	pub := conference.Conference{Status: conference.StatusPublished, StartsAt: time.Date(2026, 12, 9, 9, 0, 0, 0, time.UTC),
		DurationMinutes: 120, Location: "Stadhuis", ChairID: &chair}
	with := func(f func(*conference.Conference)) conference.Conference { c := pub; f(&c); return c }
	for name, tc := range map[string]struct {
		old, next conference.Conference
		want      conference.EventKind
	}{
		"Unchanged":      {pub, pub, ""},
		"Moved":          {pub, with(func(c *conference.Conference) { c.StartsAt = c.StartsAt.Add(time.Hour) }), conference.EventMeetingChanged},
		"Place":          {pub, with(func(c *conference.Conference) { c.Location = "Politiebureau" }), conference.EventMeetingChanged},
		"Chair":          {pub, with(func(c *conference.Conference) { c.ChairID = &other }), conference.EventMeetingChanged},
		"Cancelled":      {pub, with(func(c *conference.Conference) { c.Status = conference.StatusCancelled }), conference.EventMeetingCancelled},
		"DraftMoved":     {with(func(c *conference.Conference) { c.Status = conference.StatusDraft }), with(func(c *conference.Conference) { c.Status = conference.StatusDraft; c.Location = "x" }), ""},
		"DraftCancelled": {with(func(c *conference.Conference) { c.Status = conference.StatusDraft }), with(func(c *conference.Conference) { c.Status = conference.StatusCancelled }), ""},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := conference.MeetingEvent(tc.old, tc.next)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("MeetingEvent = %q, %v; want %q", got, ok, tc.want)
			}
		})
	}
}
