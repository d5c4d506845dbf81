// The reference data a region starts with: organisations, users, meeting
// series and neighbourhood question sets, made through the domain stores.

package benchdata

import (
	"context"
	"fmt"
	"slices"
	"time"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// reference creates organisations, users, series and question sets through the stores.
func (g *gen) reference(ctx context.Context) error {
	start := time.Now()
	for i := range g.size.Organisations {
		o := conference.Organisation{Name: fmt.Sprintf("Sociaal wijkteam %d", i), Kind: conference.OrgWijkteam}
		if i < len(orgSpecs) {
			o.Name, o.Kind = orgSpecs[i].name, orgSpecs[i].kind
		}
		if err := g.conf.CreateOrganisation(ctx, &o); err != nil {
			return fmt.Errorf("organisation %s: %w", o.Name, err)
		}
		g.orgs = append(g.orgs, o)
	}
	g.zvh = g.orgs[0].ID

	user := func(name, email string, org int64, roles ...conference.Role) (int64, error) {
		u := conference.User{Name: name, Email: email, OrganisationID: org, Roles: roles, Active: true, PasswordHash: g.hash}
		if err := g.conf.CreateUser(ctx, &u); err != nil {
			return 0, fmt.Errorf("user %s: %w", email, err)
		}
		return u.ID, nil
	}
	made := 0
	if _, err := user("Beheer Veiligheidshuis", "beheer@zvh.example.nl", g.zvh, conference.RoleAdmin); err != nil {
		return err
	}
	made++
	chairs := make([][2]int64, g.size.Series)
	for s := range g.size.Series {
		var err error
		chairs[s][0], err = user(g.personName(), fmt.Sprintf("voorzitter%d@zvh.example.nl", s+1), g.zvh,
			conference.RoleChair, conference.RoleParticipant)
		if err != nil {
			return err
		}
		chairs[s][1], err = user(g.personName(), fmt.Sprintf("notulist%d@zvh.example.nl", s+1), g.zvh,
			conference.RoleSecretary, conference.RoleParticipant)
		if err != nil {
			return err
		}
		g.usersOf[g.zvh] = append(g.usersOf[g.zvh], chairs[s][0], chairs[s][1])
		made += 2
	}
	for i := 0; made < g.size.Users; i++ {
		org := g.orgs[1+i%(len(g.orgs)-1)]
		id, err := user(g.personName(), fmt.Sprintf("deelnemer%03d@org%02d.example.nl", i+1, 1+i%(len(g.orgs)-1)), org.ID,
			conference.RoleParticipant)
		if err != nil {
			return err
		}
		g.usersOf[org.ID] = append(g.usersOf[org.ID], id)
		made++
	}
	g.out.line("organisations and users", len(g.orgs), made, start)

	start = time.Now()
	for s := range g.size.Series {
		spec := seriesSpecs[s]
		members := []int64{g.zvh}
		for _, o := range g.orgs[1:] {
			if s == 0 || g.chance(0.6) {
				members = append(members, o.ID)
			}
		}
		for len(members) < 4 { // a series needs partners to discuss anything
			if o := pickFrom(g, g.orgs[1:]); !slices.Contains(members, o.ID) {
				members = append(members, o.ID)
			}
		}
		sr := conference.Series{Name: spec.name, Description: "Wekelijks casusoverleg van de zorg- en veiligheidspartners.",
			DefaultLocation: spec.location, DefaultDurationMinutes: 180, MemberOrganisationIDs: members,
			DefaultChairID: &chairs[s][0], DefaultSecretaryID: &chairs[s][1]}
		if err := g.conf.SaveSeries(ctx, &sr); err != nil {
			return fmt.Errorf("series %s: %w", sr.Name, err)
		}
		g.series = append(g.series, plannedSeries{Series: sr, themes: spec.themes})
	}
	// Neighbourhood question sets beside the built-in ones, four areas each.
	for i := 0; i+4 <= len(areas); i += 4 {
		qs := agenda.QuestionSet{Key: fmt.Sprintf("wijk-%s", areas[i].pc4), Name: "Wijkvragen " + areas[i].name + " e.o.",
			Description: "Vragen van het gebiedsteam over de buurt van de cliënt.", Position: 50 + i, Active: true,
			ItemKinds: []agenda.Kind{agenda.KindNew, agenda.KindFollowUp}}
		for _, a := range areas[i : i+4] {
			qs.Postcodes = append(qs.Postcodes, a.pc4)
		}
		qs.Questions = []agenda.Question{
			{Key: "netwerk", Text: "Wie in de buurt kent de cliënt, en wie is een steun of een risico?", Kind: agenda.AnswerText},
			{Key: "overlast", Text: "Zijn er meldingen van overlast in de straat?", Kind: agenda.AnswerYesNo},
			{Key: "wijkagent", Text: "Wat ziet de wijkagent?", Kind: agenda.AnswerText},
		}
		if err := g.agenda.CreateQuestionSet(ctx, &qs); err != nil {
			return fmt.Errorf("question set %s: %w", qs.Key, err)
		}
	}
	sets, err := g.agenda.QuestionSets(ctx, true)
	if err != nil {
		return err
	}
	g.sets = sets
	g.out.line("series and question sets", len(g.series), len(sets), start)
	return nil
}

func (g *gen) personName() string { return pickFrom(g, firstNames) + " " + pickFrom(g, lastNames) }
