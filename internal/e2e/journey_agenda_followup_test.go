package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"casusoverleg/conference"
)

// TestJourneyAgendaFollowUpReturns: a case discussed at a meeting whose review date
// has come since is added by itself to the next meeting when the chair
// presses "Vervolgpunten toevoegen", with its reason and the badge
// "automatisch toegevoegd"; pressing again adds nothing, and the chair can
// remove the item.
func TestJourneyAgendaFollowUpReturns(t *testing.T) {
	t.Parallel()
	r := startRegion(t)
	ctx := context.Background()
	conf := agendaDraftMeeting(t, r, agendaSeries)
	later := conference.Conference{SeriesID: conf.SeriesID, StartsAt: conf.StartsAt.AddDate(0, 0, 7)}
	if err := r.Store.CreateConference(ctx, &later); err != nil {
		t.Fatalf("next meeting: %v", err)
	}
	laterPath := fmt.Sprintf("/conferences/%d", later.ID)
	// A case the Veiligheidshuis itself directs, so that the chair may put it on the agenda.
	chair, err := r.Store.UserByEmail(ctx, chairEmail)
	if err != nil {
		t.Fatal(err)
	}
	c := conference.Case{Subject: "A. Y. (1995)", Theme: conference.ThemeCare, Postcode: "5343", Neighbourhood: "Ruwaard",
		Summary:                 "Verward gedrag en woonoverlast; procesregie bij het Veiligheidshuis.",
		InvolvedOrganisationIDs: []int64{chair.OrganisationID, r.Orgs[conference.OrgPolitie].ID}}
	if err := r.Store.CreateCase(ctx, conference.ActorOf(&chair), &c); err != nil {
		t.Fatalf("case: %v", err)
	}
	var item int64
	review := conf.StartsAt.AddDate(0, 0, 2)

	agendaRunAs(t, r, "Chair", new(int),
		journeyStep{"LogsInWithTOTP", func(b *tab) { agendaChairLogin(b) }},
		journeyStep{"CaseIsDiscussedAtTheMeeting", func(b *tab) {
			// Set-up through the API from the chair's page: the police case is
			// on this week's agenda, and its review date falls before the next meeting.
			status := b.open(fmt.Sprintf("/conferences/%d", conf.ID))
			b.wantPage(fmt.Sprintf("/conferences/%d", conf.ID), status, 200)
			res := agendaEvalPromise[agendaAPIResult](b, fmt.Sprintf(`(async () => {
				const h = {'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name="csrf-token"]').content};
				let r = await fetch('/api/v1/conferences/%d/items', {method: 'POST', credentials: 'same-origin', headers: h,
					body: JSON.stringify({case_id: %d, reason: 'Gebiedsverbod bespreken.'})});
				if (r.status !== 201) return {status: r.status, body: await r.text()};
				const it = await r.json();
				r = await fetch('/api/v1/items/' + it.id + '/triage', {method: 'POST', credentials: 'same-origin', headers: h,
					body: JSON.stringify({decision: 'accept', version: it.version})});
				return {status: r.status, body: await r.text()};
			})()`, conf.ID, c.ID))
			if res.Status != 200 {
				b.t.Fatalf("propose and accept through the API: HTTP %d %s", res.Status, res.Body)
			}
			cs, err := r.Store.Case(ctx, conference.System, c.ID)
			if err != nil {
				b.t.Fatal(err)
			}
			cs.ReviewDate = &review
			if err := r.Store.UpdateCase(ctx, conference.System, &cs); err != nil {
				b.t.Fatalf("set review date: %v", err)
			}
		}},
		journeyStep{"PreparesNextMeeting", func(b *tab) {
			status := b.open(laterPath)
			b.wantPage(laterPath, status, 200)
			b.wantText("Er staan nog geen punten op de agenda.")
			status = b.click(fmt.Sprintf(`form[action="%s/prepare"] button[type=submit]`, laterPath))
			b.wantPage(laterPath, status, 200)
			b.look("chair-follow-up-added")
			b.wantText("1 vervolgpunt(en) toegevoegd.")
			ids := agendaPageOrder(b)
			if len(ids) != 1 {
				b.t.Fatalf("the next agenda holds %v, want one follow-up", ids)
			}
			item = ids[0]
			card := b.text(fmt.Sprintf("#item-%d", item))
			for _, want := range []string{c.Reference, "vervolgbespreking", "automatisch toegevoegd",
				"evaluatiedatum " + review.Format("02-01-2006") + " is bereikt"} {
				if !strings.Contains(card, want) {
					b.t.Errorf("the follow-up does not show %q; it reads:\n%s", want, card)
				}
			}
		}},
		journeyStep{"PreparingAgainAddsNothing", func(b *tab) {
			status := b.click(fmt.Sprintf(`form[action="%s/prepare"] button[type=submit]`, laterPath))
			b.wantPage(laterPath, status, 200)
			b.wantText("0 vervolgpunt(en) toegevoegd.")
			if ids := agendaPageOrder(b); !slices.Equal(ids, []int64{item}) {
				b.t.Errorf("after preparing twice the agenda holds %v, want [%d]", ids, item)
			}
		}},
		journeyStep{"RemovesFollowUp", func(b *tab) {
			status := b.click(fmt.Sprintf(`#item-%d form[action="/items/%d/remove"] button[type=submit]`, item, item))
			b.wantPage(laterPath, status, 200)
			b.look("chair-follow-up-removed")
			b.wantText("Er staan nog geen punten op de agenda.")
			if got := agendaAPIOrder(b, later.ID); len(got) != 0 {
				b.t.Errorf("the API still lists %v on the agenda", got)
			}
		}},
	)
}

// agendaRunAs runs steps as subtest name in a browser of its own, which closes
// when the subtest ends; screenshots continue the numbering of shots. It
// reports whether every step passed.
