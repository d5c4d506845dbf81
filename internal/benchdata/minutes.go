// The minutes history of each discussed case: the record with its answers,
// decisions with positions, mandates with quick actions, and actions.

package benchdata

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/minutes"
)

// minutesOf plans the record of a case item: a summary, answers, decisions
// with the positions of the present involved organisations, now and then a
// mandate, and actions.
func (g *gen) minutesOf(pc *plannedCase, it agenda.Item, m meeting, sets []agenda.QuestionSet, present []int64, secretary int64, last bool) error {
	at := m.starts.Add(time.Duration(it.Position*10) * time.Minute)
	caseID := pc.ID
	rec := minutes.ItemRecord{ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID, Summary: pickFrom(g, recordSummaries),
		Answers: map[string]string{}}
	for _, qs := range sets {
		for _, q := range qs.Questions {
			if q.Kind == agenda.AnswerText {
				rec.Answers[qs.Key+"."+q.Key] = "Besproken; zie het verslag van de casusregisseur."
				break
			}
		}
	}
	if err := rec.Validate(); err != nil {
		return fmt.Errorf("record: %w", err)
	}
	answers, _ := json.Marshal(rec.Answers) // a map of strings always marshals
	g.rows.itemRecords = append(g.rows.itemRecords, itemRecordRow{ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID,
		Summary: rec.Summary, Answers: string(answers), Version: 1, UpdatedBy: secretary, UpdatedAt: at})

	var involved []int64
	for _, o := range pc.InvolvedOrganisationIDs {
		if slices.Contains(present, o) {
			involved = append(involved, o)
		}
	}
	decisions := 1
	switch r := g.rng.Float64(); {
	case r < 0.10:
		decisions = 0
	case r > 0.85:
		decisions = 2
	}
	for i := range decisions {
		d := minutes.Decision{ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID, Text: pickFrom(g, decisionTexts),
			Kind: minutes.DecisionPlan}
		switch {
		case it.Kind == agenda.KindNew && i == 0:
		case last && pc.Status == conference.CaseClosed && i == 0:
			d.Kind, d.Text = minutes.DecisionClosure, "De casus wordt afgesloten; de partners zetten de zorg regulier voort."
		case len(involved) > 0 && g.chance(0.04):
			d.Kind = minutes.DecisionMandateGrant
			grantee := pickFrom(g, involved)
			d.Mandate = &minutes.Mandate{ConferenceID: m.id, CaseID: caseID, GranteeOrganisationID: grantee,
				Scope: pickFrom(g, mandateScopes), Conditions: "Terugkoppeling in het eerstvolgende overleg.",
				ValidFrom: m.starts, ValidUntil: m.starts.AddDate(0, 0, 56)}
			if us := g.usersOf[grantee]; len(us) > 0 && g.chance(0.5) {
				id := pickFrom(g, us)
				d.Mandate.GranteeUserID = &id
			}
		case len(involved) > 1 && g.chance(0.02):
			d.Kind, d.Text = minutes.DecisionEscalation, "Voorstel om de zorg te beëindigen; niet alle partners stemmen in."
		case g.chance(0.3):
			d.Kind = minutes.DecisionOther
		}
		for j, o := range involved {
			p := minutes.Position{OrganisationID: o, Stance: minutes.Agree}
			switch {
			case d.Kind == minutes.DecisionEscalation && j == 1:
				p.Stance, p.Remark = minutes.Object, "Risico's zijn onvoldoende afgedekt."
			case g.chance(0.04):
				p.Stance = minutes.Abstain
			}
			d.Positions = append(d.Positions, p)
		}
		if err := d.Validate(involved); err != nil {
			return fmt.Errorf("decision: %w", err)
		}
		d.Outcome = minutes.Decide(d.Positions, involved)
		d.ID = int64(len(g.rows.decisions) + 1)
		row := decisionRow{ID: d.ID, ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID, Text: d.Text, Kind: string(d.Kind),
			Outcome: string(d.Outcome), CreatedBy: secretary, CreatedAt: at}
		if d.Outcome == minutes.Escalated && m.starts.Before(g.now.AddDate(0, 0, -28)) {
			resolved := m.starts.AddDate(0, 0, 10)
			row.Outcome, row.Resolution, row.ResolvedAt = string(minutes.Resolved), "In de stuurgroep besloten de zorg voort te zetten.", &resolved
		}
		g.rows.decisions = append(g.rows.decisions, row)
		for _, p := range d.Positions {
			g.rows.positions = append(g.rows.positions, positionRow{DecisionID: d.ID, OrganisationID: p.OrganisationID,
				Stance: string(p.Stance), Remark: p.Remark})
		}
		if md := d.Mandate; md != nil {
			g.mandate(d.ID, md, at)
		}
	}

	actions := []int{0, 1, 1, 2, 2, 3}[g.pick(6)]
	for range actions {
		owner := pickFrom(g, pc.InvolvedOrganisationIDs)
		a := minutes.Action{ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID, What: pickFrom(g, actionTexts),
			OwnerOrganisationID: owner, DueDate: dateOf(m.starts.AddDate(0, 0, 14+7*g.pick(3)))}
		if us := g.usersOf[owner]; len(us) > 0 && g.chance(0.5) {
			id := pickFrom(g, us)
			a.OwnerUserID = &id
		}
		if err := a.Validate(); err != nil {
			return fmt.Errorf("action: %w", err)
		}
		row := actionRow{ID: int64(len(g.rows.actions) + 1), ItemID: it.ID, ConferenceID: m.id, CaseID: &caseID, What: a.What,
			OwnerOrganisationID: owner, OwnerUserID: a.OwnerUserID, DueDate: a.DueDate, CreatedAt: at}
		// Old actions are done (a few linger); recent ones are half done.
		done := g.chance(0.4)
		if a.DueDate.Before(g.now.AddDate(0, 0, -7)) {
			done = g.chance(0.998)
		}
		if done {
			doneAt := a.DueDate.AddDate(0, 0, -g.pick(10))
			if !doneAt.After(m.starts) {
				doneAt = m.starts.AddDate(0, 0, 1)
			}
			if doneAt.After(g.now) {
				doneAt = g.now
			}
			by := a.OwnerUserID
			if by == nil {
				if us := g.usersOf[owner]; len(us) > 0 {
					by = &us[0]
				}
			}
			row.DoneAt, row.DoneNote, row.DoneBy = &doneAt, "Uitgevoerd en teruggekoppeld.", by
		}
		g.rows.actions = append(g.rows.actions, row)
	}
	return nil
}

// mandate plans a mandate and, for three in ten, quick actions taken under it.
func (g *gen) mandate(decisionID int64, md *minutes.Mandate, at time.Time) {
	md.ID = int64(len(g.rows.mandates) + 1)
	g.rows.mandates = append(g.rows.mandates, mandateRow{ID: md.ID, DecisionID: decisionID, ConferenceID: md.ConferenceID,
		CaseID: md.CaseID, GranteeOrganisationID: md.GranteeOrganisationID, GranteeUserID: md.GranteeUserID, Scope: md.Scope,
		Conditions: md.Conditions, ValidFrom: md.ValidFrom, ValidUntil: md.ValidUntil, CreatedAt: at})
	us := g.usersOf[md.GranteeOrganisationID]
	if len(us) == 0 || !g.chance(0.3) {
		return
	}
	for range 1 + g.pick(2) {
		taken := md.ValidFrom.Add(time.Duration(1+g.pick(54*24)) * time.Hour)
		if taken.After(g.now) {
			continue
		}
		by := us[0]
		if md.GranteeUserID != nil {
			by = *md.GranteeUserID
		}
		g.rows.quick = append(g.rows.quick, quickActionRow{ID: int64(len(g.rows.quick) + 1), MandateID: md.ID, TakenAt: taken,
			What: "Direct gesprek gevoerd en de partners geïnformeerd.", ByUserID: by, LoggedAt: taken.Add(time.Hour)})
	}
}
