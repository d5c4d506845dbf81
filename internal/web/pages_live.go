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
	// (or accepted the statement on it) marked present, and the statement
	// confirmed for those who accepted it: what the secretary's confirm
	// button stores.
	Confirm []conference.Attendance
	// Statement is the series' confidentiality statement, in the page's language.
	Statement string
	// Accepted holds who accepted the statement on this page, by user id.
	Accepted map[int64]conference.Acceptance
	// Mine is the reader's own acceptance, if any.
	Mine *conference.Acceptance
}

// AcceptedBy reports whether user id accepted the statement on the meeting page.
func (d liveData) AcceptedBy(id int64) bool {
	_, ok := d.Accepted[id]
	return ok
}

// Streaming reports whether the page follows the meeting's events: from
// publication until the meeting closes.
func (d liveData) Streaming() bool {
	return d.Status == string(conference.StatusPublished) || d.Status == string(conference.StatusInSession)
}

// InSession reports whether the meeting is in session.
func (d liveData) InSession() bool { return d.Status == string(conference.StatusInSession) }

// liveData builds the meeting part of the conference page for reader userID;
// statement is the series' confidentiality statement in the page's language.
func (s *Server) liveData(ctx context.Context, v agenda.View, att []conference.Attendance, userID int64, statement string) (liveData, error) {
	st, err := s.liveOf(ctx, v)
	if err != nil {
		return liveData{}, err
	}
	acc, err := s.store.Acceptances(ctx, v.Conference.ID)
	if err != nil {
		return liveData{}, err
	}
	d := liveData{liveState: st, Statement: statement, Accepted: acc}
	if a, ok := acc[userID]; ok {
		d.Mine = &a
	}
	if id := st.Live.CurrentItemID; id != nil {
		for i := range v.Items {
			if v.Items[i].ID == *id {
				d.Current = &v.Items[i]
			}
		}
	}
	if v.Organiser {
		d.Confirm = slices.Clone(att)
		for _, uid := range d.Attending() {
			i := slices.IndexFunc(d.Confirm, func(a conference.Attendance) bool { return a.UserID == uid })
			if i < 0 {
				d.Confirm = append(d.Confirm, conference.Attendance{UserID: uid})
				i = len(d.Confirm) - 1
			}
			d.Confirm[i].Presence = conference.Present
			if d.AcceptedBy(uid) {
				d.Confirm[i].ConfidentialityConfirmed = true
			}
		}
	}
	return d, nil
}

// Attending lists who has the page open or accepted the statement on it
// during the session, by user id.
func (d liveData) Attending() []int64 {
	ids := slices.Clone(d.Present)
	for uid := range d.Accepted {
		if !slices.Contains(ids, uid) {
			ids = append(ids, uid)
		}
	}
	slices.Sort(ids)
	return ids
}
