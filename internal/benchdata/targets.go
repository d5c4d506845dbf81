package benchdata

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// Targets are what the benchmarks measure in a generated region: the first
// series (every partner is a member), its meetings and its people.
type Targets struct {
	Series conference.Series
	// Upcoming is published with a full agenda; Draft follows it, empty: its
	// agenda is the one to build. Held is the last meeting held, its minutes
	// still in draft; Signed is the newest with signed minutes.
	Upcoming, Draft, Held, Signed conference.Conference
	Chair, Secretary              conference.User
	// Participant belongs to the partner involved in most cases on the
	// upcoming agenda; Case is one of those cases.
	Participant conference.User
	Case        int64
	// Outsider belongs to a partner involved in none of Case's organisations.
	Outsider conference.User
}

// ErrNoRegion is returned by Find when the database holds no generated region.
var ErrNoRegion = errors.New("no benchmark region in the database: run `casusoverleg seed --bench` first")

// Find looks up the targets in a region made by Generate. store and agendas
// are the stores of the same database, wired as the server wires them.
func Find(ctx context.Context, store *conference.Store, agendas *agenda.Store) (Targets, error) {
	var t Targets
	series, _, err := store.AllSeries(ctx, conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		return t, err
	}
	i := slices.IndexFunc(series, func(s conference.Series) bool { return s.Name == seriesSpecs[0].name })
	if i < 0 {
		return t, ErrNoRegion
	}
	t.Series = series[i]
	one := func(f conference.ConferenceFilter) (conference.Conference, error) {
		f.SeriesID, f.Limit = t.Series.ID, 1
		list, _, err := store.Conferences(ctx, f)
		if err != nil {
			return conference.Conference{}, err
		}
		if len(list) == 0 {
			return conference.Conference{}, ErrNoRegion
		}
		return list[0], nil
	}
	if t.Upcoming, err = one(conference.ConferenceFilter{Status: conference.StatusPublished}); err != nil {
		return t, err
	}
	if t.Draft, err = one(conference.ConferenceFilter{Status: conference.StatusDraft}); err != nil {
		return t, err
	}
	if t.Held, err = one(conference.ConferenceFilter{To: t.Upcoming.StartsAt}); err != nil {
		return t, err
	}
	if t.Signed, err = one(conference.ConferenceFilter{Status: conference.StatusSigned}); err != nil {
		return t, err
	}
	if t.Chair, err = store.User(ctx, *t.Upcoming.ChairID); err != nil {
		return t, err
	}
	if t.Secretary, err = store.User(ctx, *t.Upcoming.SecretaryID); err != nil {
		return t, err
	}
	view, err := agendas.Agenda(ctx, conference.ActorOf(&t.Chair), t.Upcoming.ID)
	if err != nil {
		return t, err
	}
	count := map[int64]int{}
	for _, e := range view.Items {
		if e.Case != nil {
			for _, o := range e.Case.InvolvedOrganisationIDs {
				if o != t.Chair.OrganisationID {
					count[o]++
				}
			}
		}
	}
	var top int64
	for o, n := range count {
		if n > count[top] || (n == count[top] && o < top) {
			top = o
		}
	}
	if top == 0 {
		return t, fmt.Errorf("the upcoming agenda has no cases: %w", ErrNoRegion)
	}
	var involved []int64
	for _, e := range view.Items {
		if e.Case != nil && slices.Contains(e.Case.InvolvedOrganisationIDs, top) {
			t.Case, involved = e.Case.ID, e.Case.InvolvedOrganisationIDs
			break
		}
	}
	users, _, err := store.Users(ctx, conference.UserFilter{Role: conference.RoleParticipant, Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		return t, err
	}
	for _, u := range users {
		switch {
		case t.Participant.ID == 0 && u.OrganisationID == top:
			t.Participant = u
		case t.Outsider.ID == 0 && u.OrganisationID != t.Chair.OrganisationID && !slices.Contains(involved, u.OrganisationID):
			t.Outsider = u
		}
	}
	if t.Participant.ID == 0 || t.Outsider.ID == 0 {
		return t, fmt.Errorf("no participant or outsider for the upcoming agenda: %w", ErrNoRegion)
	}
	return t, nil
}
