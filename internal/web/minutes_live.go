package web

import (
	"context"

	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// minutesLive is the running meeting as the minutes page shows it: which item
// the chair has current, and whether the page follows the chair to it.
type minutesLive struct {
	ConferenceID int64
	InSession    bool
	// Current is the item under discussion, as the reader may see it.
	Current *minutes.ItemMinutes
	// Follow: the page is the recorder's, and opens the current item's record
	// by itself when the chair moves on (app.js); without script the link
	// to the current item does.
	Follow bool
	// LastEvent is the newest event's id: the page follows the stream after it.
	LastEvent int64
	// Accepted holds who accepted the confidentiality statement on the meeting page.
	Accepted map[int64]conference.Acceptance
}

// minutesLiveOf is the running state of v's meeting from publication until it
// closes, or nil when the meeting is not running; follow says the reader records.
func (s *Server) minutesLiveOf(ctx context.Context, v minutes.View, follow bool) (*minutesLive, error) {
	st := v.Conference.Status
	if st != conference.StatusPublished && st != conference.StatusInSession {
		return nil, nil
	}
	l, err := s.agenda.Live(ctx, v.Conference.ID)
	if err != nil {
		return nil, err
	}
	last, err := s.live.Last(ctx, v.Conference.ID)
	if err != nil {
		return nil, err
	}
	acc, err := s.store.Acceptances(ctx, v.Conference.ID)
	if err != nil {
		return nil, err
	}
	out := &minutesLive{ConferenceID: v.Conference.ID, InSession: st == conference.StatusInSession, Follow: follow, LastEvent: last, Accepted: acc}
	if id := l.CurrentItemID; id != nil && out.InSession {
		for i := range v.Items {
			if v.Items[i].ID == *id {
				out.Current = &v.Items[i]
			}
		}
	}
	return out, nil
}

// CurrentID is the id of the item under discussion, or 0.
func (d minutesData) CurrentID() int64 {
	if d.Live == nil || d.Live.Current == nil {
		return 0
	}
	return d.Live.Current.ID
}

// AcceptedBy reports whether user id accepted the confidentiality statement
// on the meeting page while it ran; the attendance form proposes them present,
// with the statement confirmed, until the secretary saves it.
func (d minutesData) AcceptedBy(id int64) bool {
	if d.Live == nil {
		return false
	}
	_, ok := d.Live.Accepted[id]
	return ok
}
