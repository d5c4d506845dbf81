// The planned meetings of each series and the cases discussed at them, with
// each case's status, review date and involved organisations.

package benchdata

import (
	"fmt"
	"slices"
	"time"

	"casusoverleg/conference"
)

// plan works out every row of the history in memory.
func (g *gen) plan() error {
	start := time.Now()
	weeks := g.size.Weeks
	held, upcoming, draft := weeks-1, weeks, weeks+1 // indexes: the last held, the published, the draft meeting
	var confID int64
	for s := range g.series {
		spec := seriesSpecs[s]
		next := nextSlot(g.now, spec.weekday, spec.hour, spec.minute)
		for k := 0; k <= draft; k++ {
			g.series[s].meetings = append(g.series[s].meetings, meeting{starts: next.AddDate(0, 0, 7*(k-upcoming)).UTC()})
		}
	}
	// Conference ids follow time, as they would have been created.
	for k := 0; k <= draft; k++ {
		for s := range g.series {
			sr := &g.series[s]
			confID++
			m := &sr.meetings[k]
			m.id = confID
			status := conference.StatusClosed
			switch k {
			case upcoming:
				status = conference.StatusPublished
			case draft:
				status = conference.StatusDraft
			}
			c := conference.Conference{SeriesID: sr.ID, StartsAt: m.starts, DurationMinutes: sr.DefaultDurationMinutes,
				Location: sr.DefaultLocation, ChairID: sr.DefaultChairID, SecretaryID: sr.DefaultSecretaryID, Status: status}
			if err := c.Validate(); err != nil {
				return fmt.Errorf("meeting: %w", err)
			}
			created := m.starts.AddDate(0, 0, -14)
			g.rows.conferences = append(g.rows.conferences, conferenceRow{ID: m.id, SeriesID: c.SeriesID, StartsAt: c.StartsAt,
				DurationMinutes: c.DurationMinutes, Location: c.Location, ChairID: c.ChairID, SecretaryID: c.SecretaryID,
				Status: string(c.Status), Version: 1, CreatedAt: created, UpdatedAt: created})
		}
	}

	cases := g.planCases()
	g.planPersons(cases)
	if err := g.caseRows(cases, held, draft); err != nil {
		return err
	}
	key, err := conference.ReadPersonKey(g.db)
	if err != nil {
		return err
	}
	g.personRows(cases, held, key)
	for s := range g.series {
		sr := &g.series[s]
		for k := 0; k <= upcoming; k++ {
			if err := g.meetingRows(sr, k, held, upcoming); err != nil {
				return err
			}
		}
	}
	g.out.line("planned", len(g.rows.conferences), len(g.rows.items), start)
	return nil
}

// planCases spreads the cases over the series and their meetings: each case
// is discussed three to nine times, every other week from its first meeting.
func (g *gen) planCases() []*plannedCase {
	weeks, draft := g.size.Weeks, g.size.Weeks+1
	perMeeting := g.size.ItemsPerMeeting - 2 // an opening and a closing item
	var all []*plannedCase
	for s := range g.series {
		sr := &g.series[s]
		n := g.size.Cases / len(g.series)
		if s < g.size.Cases%len(g.series) {
			n++
		}
		var members []int64
		for _, id := range sr.MemberOrganisationIDs {
			if id != g.zvh {
				members = append(members, id)
			}
		}
		for j := range n {
			pc := &plannedCase{series: s}
			first := j * (weeks + 1) / n
			for k, times := first, 3+g.pick(7); k <= draft && times > 0; k, times = k+2, times-1 {
				pc.meetings = append(pc.meetings, k)
			}
			area := pickFrom(g, areas)
			theme := pickFrom(g, sr.themes)
			referrer := pickFrom(g, members)
			involved := []int64{referrer}
			for want := 1 + g.pick(4); len(involved) <= want && len(involved) < len(members); {
				if o := pickFrom(g, members); !slices.Contains(involved, o) {
					involved = append(involved, o)
				}
			}
			pc.Case = conference.Case{Subject: g.subject(theme), Theme: theme, Postcode: area.pc4, Neighbourhood: area.name,
				ReferringOrganisationID: referrer, InvolvedOrganisationIDs: involved, Summary: pickFrom(g, summaries[theme])}
			if g.chance(0.6) {
				if us := g.usersOf[referrer]; len(us) > 0 {
					id := pickFrom(g, us)
					pc.CaseDirectorID = &id
				}
			}
			pc.created = sr.meetings[first].starts.AddDate(0, 0, -7-g.pick(14))
			all = append(all, pc)
			for _, k := range pc.meetings {
				if k < len(sr.meetings) && k != draft {
					m := &sr.meetings[k]
					m.cases = append(m.cases, pc)
				}
			}
		}
		// A meeting takes as many cases as fit; a case that does not fit is not discussed that week.
		for k := range sr.meetings {
			m := &sr.meetings[k]
			if len(m.cases) > perMeeting {
				for _, pc := range m.cases[perMeeting:] {
					pc.meetings = slices.DeleteFunc(pc.meetings, func(x int) bool { return x == k })
				}
				m.cases = m.cases[:perMeeting]
			}
		}
	}
	// Ids and references follow the order of referral.
	slices.SortStableFunc(all, func(a, b *plannedCase) int { return a.created.Compare(b.created) })
	seq := map[int]int{}
	for i, pc := range all {
		pc.ID = int64(i + 1)
		year := pc.created.In(amsterdam).Year()
		seq[year]++
		pc.seq = seq[year]
		pc.Reference = conference.FormatReference(year, pc.seq)
	}
	return all
}

func (g *gen) subject(theme conference.Theme) string {
	switch theme {
	case conference.ThemeDomestic:
		return "Gezin " + pickFrom(g, familyInitials)
	case conference.ThemeYouth:
		return fmt.Sprintf("%s (%d) %s", pickFrom(g, initials), 12+g.pick(6), pickFrom(g, familyInitials))
	}
	return fmt.Sprintf("%s %s (%d)", pickFrom(g, initials), pickFrom(g, familyInitials), 1960+g.pick(46))
}

// caseRows sets each case's status and review date from its discussions: a
// case due at the draft meeting has that day as review date, so that the
// agenda build carries it over; recent cases are in progress, older ones
// mostly closed.
func (g *gen) caseRows(cases []*plannedCase, held, draft int) error {
	for _, pc := range cases {
		sr := &g.series[pc.series]
		last := -1
		for _, k := range pc.meetings {
			if k <= held+1 {
				last = k
			}
		}
		pc.Status = conference.CaseClosed
		switch {
		case last < 0: // only planned for the draft meeting, or never fitted in
			pc.Status = conference.CaseReferred
		case slices.Contains(pc.meetings, draft):
			pc.Status = conference.CaseInProgress
			d := dateOf(sr.meetings[draft].starts)
			pc.ReviewDate = &d
		case last >= held-3:
			pc.Status = conference.CaseInProgress
			d := dateOf(sr.meetings[last].starts.AddDate(0, 0, 42))
			pc.ReviewDate = &d
		case g.chance(0.1):
			pc.Status = conference.CaseMonitoring
			d := dateOf(sr.meetings[draft].starts.AddDate(0, 0, 7*(4+g.pick(22))))
			pc.ReviewDate = &d
		}
		if err := pc.Validate(); err != nil {
			return fmt.Errorf("case %s: %w", pc.Reference, err)
		}
		updated := pc.created
		if last >= 0 {
			updated = sr.meetings[last].starts
		}
		g.rows.cases = append(g.rows.cases, caseRow{ID: pc.ID, Year: pc.created.In(amsterdam).Year(), Seq: pc.seq,
			Reference: pc.Reference, Subject: pc.Subject, Theme: string(pc.Theme), Postcode: pc.Postcode,
			Neighbourhood: pc.Neighbourhood, ReferringOrganisationID: pc.ReferringOrganisationID, CaseDirectorID: pc.CaseDirectorID,
			Status: string(pc.Status), Summary: pc.Summary, ReviewDate: pc.ReviewDate, Version: 1,
			CreatedAt: pc.created, UpdatedAt: updated})
		for _, o := range pc.InvolvedOrganisationIDs {
			g.rows.caseOrgs = append(g.rows.caseOrgs, caseOrgRow{CaseID: pc.ID, OrganisationID: o})
		}
	}
	return nil
}
