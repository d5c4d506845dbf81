package web

import (
	"casusoverleg/conference"
	"casusoverleg/internal/pdfdoc"
	"casusoverleg/minutes"
)

// confidentialityOf is the confidentiality block of the minutes PDF: the
// statement and who of those present confirmed it.
func confidentialityOf(ct *minutes.Content) pdfdoc.Confidentiality {
	out := pdfdoc.Confidentiality{Statement: ct.Conference.Confidentiality}
	for _, p := range ct.Attendance {
		switch {
		case p.Presence != string(conference.Present):
		case p.ConfidentialityConfirmed:
			out.Confirmed = append(out.Confirmed, p.Name)
		default:
			out.Unconfirmed = append(out.Unconfirmed, p.Name)
		}
	}
	return out
}
