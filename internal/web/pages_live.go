package web

import (
	"context"
	"slices"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// liveData is the meeting-mode part of the conference page.
type liveData struct {
	liveState
	// Current is the item under discussion, as the reader may see it.
	Current *agenda.Entry
	// Confirm is the attendance list with everyone who has the page open
	// marked present: what the secretary's confirm button stores.
	Confirm []conference.Attendance
}

// Streaming reports whether the page follows the meeting's events: from
// publication until the meeting closes.
func (d liveData) Streaming() bool {
	return d.Status == string(conference.StatusPublished) || d.Status == string(conference.StatusInSession)
}

// InSession reports whether the meeting is in session.
func (d liveData) InSession() bool { return d.Status == string(conference.StatusInSession) }

func (s *Server) liveData(ctx context.Context, v agenda.View, att []conference.Attendance) (liveData, error) {
	st, err := s.liveOf(ctx, v)
	if err != nil {
		return liveData{}, err
	}
	d := liveData{liveState: st}
	if id := st.Live.CurrentItemID; id != nil {
		for i := range v.Items {
			if v.Items[i].ID == *id {
				d.Current = &v.Items[i]
			}
		}
	}
	if v.Organiser {
		d.Confirm = slices.Clone(att)
		for _, uid := range st.Present {
			i := slices.IndexFunc(d.Confirm, func(a conference.Attendance) bool { return a.UserID == uid })
			if i < 0 {
				d.Confirm = append(d.Confirm, conference.Attendance{UserID: uid})
				i = len(d.Confirm) - 1
			}
			d.Confirm[i].Presence = conference.Present
		}
	}
	return d, nil
}
