package pdfdoc

import (
	"strings"
)

// Confidentiality is the confidentiality statement (geheimhoudingsverklaring)
// the chair read out at the meeting, and who of those present confirmed it.
type Confidentiality struct {
	// Statement is the text; empty prints nothing (minutes from before it was recorded).
	Statement string
	// Confirmed and Unconfirmed name the people present who did and did not confirm.
	Confirmed, Unconfirmed []string
}

// confidentiality writes the statement after the attendance list, with who
// confirmed it.
func (d *Doc) confidentiality(c Confidentiality) {
	s := strings.TrimSpace(c.Statement)
	if s == "" {
		return
	}
	d.need(5 + headingH + 3*leadBody)
	d.Heading("Geheimhouding")
	d.Paragraph(s)
	if len(c.Confirmed) > 0 {
		d.Note("Bevestigd door: " + strings.Join(c.Confirmed, ", ") + ".")
	}
	if len(c.Unconfirmed) > 0 {
		d.Note("Niet bevestigd door: " + strings.Join(c.Unconfirmed, ", ") + ".")
	}
}
