// The agenda history of each meeting: its items with their question sets, and
// the attendance of the held ones.

package benchdata

import (
	"fmt"
	"slices"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// meetingRows plans the agenda of meeting k and, for a held meeting, its
// attendance and minutes.
func (g *gen) meetingRows(sr *plannedSeries, k, held, upcoming int) error {
	m := sr.meetings[k]
	chair, secretary := *sr.DefaultChairID, *sr.DefaultSecretaryID
	present := g.attendance(sr, k, chair, secretary)
	if k <= held {
		rec := recordRow{ConferenceID: m.id, Status: string(minutes.RecordFinal)}
		if k == held {
			rec.Status = string(minutes.RecordDraft) // the secretary is still working on these
		} else {
			at := m.starts.AddDate(0, 0, 2)
			rec.FinalisedAt, rec.FinalisedBy = &at, &secretary
		}
		g.rows.records = append(g.rows.records, rec)
	}
	pos := 0
	general := func(title string) error {
		pos++
		it := agenda.Item{ID: g.nextItemID(), ConferenceID: m.id, Title: title, Kind: agenda.KindGeneral, Status: agenda.StatusAccepted,
			ProposedByID: &chair, ProposingOrgID: g.zvh, RequestedMinutes: 5, PlannedMinutes: 5, Position: pos}
		if err := g.item(it, m, nil); err != nil {
			return err
		}
		if k <= held {
			g.rows.itemRecords = append(g.rows.itemRecords, itemRecordRow{ItemID: it.ID, ConferenceID: m.id,
				Summary: "Geen bijzonderheden.", Version: 1, UpdatedBy: secretary, UpdatedAt: m.starts.Add(3 * time.Hour)})
		}
		return nil
	}
	if err := general(generalTitles[0]); err != nil {
		return err
	}
	for _, pc := range m.cases {
		nth := slices.Index(pc.meetings, k)
		caseID := pc.ID
		it := agenda.Item{ID: g.nextItemID(), ConferenceID: m.id, CaseID: &caseID, Kind: agenda.KindFollowUp,
			Status: agenda.StatusAccepted, ProposingOrgID: pc.ReferringOrganisationID, RequestedMinutes: 10, PlannedMinutes: 10,
			Reason: "evaluatie van de afspraken uit het vorige overleg"}
		switch {
		case nth == 0:
			it.Kind, it.RequestedMinutes, it.PlannedMinutes = agenda.KindNew, 15, 15
			it.Reason = "nieuwe aanmelding: " + pc.Summary
			if us := g.usersOf[pc.ReferringOrganisationID]; len(us) > 0 {
				id := pickFrom(g, us)
				it.ProposedByID = &id
			}
		case g.chance(0.06):
			it.Kind, it.Reason = agenda.KindMandateReport, "mandaat gebruikt sinds het vorige overleg"
			it.AutoAdded = true
		default:
			it.AutoAdded = g.chance(0.7)
		}
		if k < upcoming {
			switch r := g.rng.Float64(); {
			case r > 0.98:
				it.Status, it.DecisionNote = agenda.StatusRejected, "Past beter in het overleg van het wijkteam."
			case r > 0.95:
				it.Status, it.DecisionNote = agenda.StatusDeferred, "Informatie van de partners nog niet compleet; volgende week."
				next := sr.meetings[k+1].id
				it.DeferredToID = &next
			}
		}
		// Only the accepted items are on the agenda, in order; a rejected or
		// deferred proposal comes on top of the meeting's items.
		var sets []agenda.QuestionSet
		if it.Status == agenda.StatusAccepted {
			pos++
			it.Position = pos
			sets = agenda.Select(g.sets, pc.Case, it.Kind)
		}
		if err := g.item(it, m, sets); err != nil {
			return err
		}
		if k <= held && it.Status == agenda.StatusAccepted {
			if err := g.minutesOf(pc, it, m, sets, present, secretary, nth == len(pc.meetings)-1); err != nil {
				return err
			}
		}
	}
	for i := 1; pos < g.size.ItemsPerMeeting; i++ {
		title := generalTitles[1+i%(len(generalTitles)-1)]
		if pos == g.size.ItemsPerMeeting-1 {
			title = generalTitles[1]
		}
		if err := general(title); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) nextItemID() int64 { return int64(len(g.rows.items) + 1) }

func (g *gen) item(it agenda.Item, m meeting, sets []agenda.QuestionSet) error {
	for _, qs := range sets {
		it.QuestionSetIDs = append(it.QuestionSetIDs, qs.ID)
	}
	if err := it.Validate(); err != nil {
		return fmt.Errorf("agenda item: %w", err)
	}
	created := m.starts.AddDate(0, 0, -7)
	g.rows.items = append(g.rows.items, itemRow{ID: it.ID, ConferenceID: it.ConferenceID, CaseID: it.CaseID, Title: it.Title,
		Kind: string(it.Kind), Status: string(it.Status), Reason: it.Reason, DecisionNote: it.DecisionNote,
		ProposedByID: it.ProposedByID, ProposingOrgID: it.ProposingOrgID, RequestedMinutes: it.RequestedMinutes,
		PlannedMinutes: it.PlannedMinutes, Position: it.Position, AutoAdded: it.AutoAdded, DeferredToID: it.DeferredToID,
		Version: 1, CreatedAt: created, UpdatedAt: created})
	for i, id := range it.QuestionSetIDs {
		g.rows.itemSets = append(g.rows.itemSets, itemSetRow{ItemID: it.ID, QuestionSetID: id, Position: i + 1})
	}
	return nil
}

// attendance plans who came to a held meeting (one person per member
// organisation) and returns the organisations present. Meetings ahead have
// no attendance yet.
func (g *gen) attendance(sr *plannedSeries, k int, chair, secretary int64) []int64 {
	if k >= g.size.Weeks {
		return nil
	}
	m := sr.meetings[k]
	present := []int64{g.zvh}
	g.rows.attendance = append(g.rows.attendance,
		attendanceRow{ConferenceID: m.id, UserID: chair, OrganisationID: g.zvh, Presence: string(conference.Present)},
		attendanceRow{ConferenceID: m.id, UserID: secretary, OrganisationID: g.zvh, Presence: string(conference.Present)})
	for _, org := range sr.MemberOrganisationIDs {
		us := g.usersOf[org]
		if org == g.zvh || len(us) == 0 {
			continue
		}
		p, remark := conference.Present, ""
		switch r := g.rng.Float64(); {
		case r > 0.97:
			p = conference.Absent
		case r > 0.90:
			p, remark = conference.Excused, "Schriftelijke inbreng gestuurd."
		}
		if p == conference.Present {
			present = append(present, org)
		}
		g.rows.attendance = append(g.rows.attendance, attendanceRow{ConferenceID: m.id, UserID: us[k%len(us)],
			OrganisationID: org, Presence: string(p), Remark: remark})
	}
	return present
}
