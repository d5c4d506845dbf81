package web

import "casusoverleg/agenda"

// matchView is what the person_matches partial shows for one agenda entry.
type matchView struct {
	V         view
	E         agenda.Entry
	Organiser bool
	Back      string
}

// Match wraps an agenda entry for the person_matches partial: the
// known-person check as the reader may see it, with the chair's link and
// merge forms returning to back.
func (v view) Match(e agenda.Entry, organiser bool, back string) matchView {
	return matchView{V: v, E: e, Organiser: organiser, Back: back}
}
