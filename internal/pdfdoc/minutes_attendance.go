package pdfdoc

import (
	"fmt"
	"strings"
)

// attendance writes the attendance table, grouped by organisation in the
// order the organisations first appear, with a count per presence above it.
func (d *Doc) attendance(people []Attendee) {
	// The heading stays with the count line and the table's first row.
	d.need(5 + headingH + leadSmall + 1.5 + tableKeep)
	d.Heading("Aanwezigheid")
	if len(people) == 0 {
		d.Note("Geen presentielijst vastgelegd.")
		return
	}
	var orgs []string
	byOrg := map[string][]Attendee{}
	var presences []string
	perPresence := map[string]int{}
	for _, a := range people {
		org := strings.TrimSpace(a.Organisation)
		if _, ok := byOrg[org]; !ok {
			orgs = append(orgs, org)
		}
		byOrg[org] = append(byOrg[org], a)
		pr := strings.TrimSpace(a.Presence)
		if pr == "" {
			continue
		}
		if perPresence[pr] == 0 {
			presences = append(presences, pr)
		}
		perPresence[pr]++
	}
	var counts []string
	for _, pr := range presences {
		counts = append(counts, fmt.Sprintf("%d %s", perPresence[pr], pr))
	}
	if len(counts) > 0 {
		d.Note(fmt.Sprintf("%d deelnemers van %d organisaties: %s.", len(people), len(orgs), strings.Join(counts, ", ")))
	}

	groups := make([]RowGroup, 0, len(orgs))
	for _, org := range orgs {
		g := RowGroup{Label: firstNonEmpty(org, "—")}
		for _, a := range byOrg[org] {
			absent := !isPresent(a.Presence)
			g.Rows = append(g.Rows, []Cell{
				{Text: a.Name, Muted: absent}, {Text: a.Presence, Muted: absent}, {Text: a.Remark, Muted: absent},
			})
		}
		groups = append(groups, g)
	}
	d.GroupedTable([]Column{
		{Header: "Organisatie", Width: 48},
		{Header: "Naam", Width: 42},
		{Header: "Aanwezigheid", Width: 27},
		{Header: "Opmerking", Width: 53},
	}, groups)
}

// isPresent reports whether a translated presence means present (or is not
// known, which is printed as it is).
func isPresent(presence string) bool {
	switch strings.ToLower(strings.TrimSpace(presence)) {
	case "afgemeld", "afwezig", "excused", "absent", "verhinderd":
		return false
	}
	return true
}
