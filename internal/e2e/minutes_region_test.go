package e2e

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/web"
)

// The demo users of the minutes journeys, besides policeEmail and chairEmail.
const (
	mjSecretaryEmail = "notulist@zvh.example.nl"           // secretary (TOTP), ZVH
	mjProbationEmail = "k.vandijk@reclassering.example.nl" // participant, reclassering
	mjProsecutorMail = "s.dewit@om.example.nl"             // participant, OM
	mjSeriesName     = "Justitieel casusoverleg Oss"
)

// minutesRegion is the demo region set up for recording a meeting: the
// series' upcoming meeting moved to this morning (it started an hour ago)
// and published with three accepted items, the first about Case; and a
// meeting a week later, the next one of the series, still empty.
type minutesRegion struct {
	URL    string
	Server *web.Server
	DB     *gorm.DB
	Store  *conference.Store
	Agenda *agenda.Store
	Orgs   map[conference.OrgKind]conference.Organisation
	Users  map[string]conference.User // by e-mail

	Series  conference.Series
	Meeting conference.Conference // recorded in the journey
	Next    conference.Conference // a week later
	// Case involves the police, reclassering and the OM; the police referred it.
	Case conference.Case
	// Items are the accepted items of Meeting in agenda order; Items[0] is Case's.
	Items []agenda.Item
}

// Org returns the id of the demo organisation of kind k.
func (r *minutesRegion) Org(k conference.OrgKind) int64 { return r.Orgs[k].ID }

// User returns the demo user with e-mail address email.
func (r *minutesRegion) User(t *testing.T, email string) conference.User {
	t.Helper()
	u, ok := r.Users[email]
	if !ok {
		t.Fatalf("no demo user %s", email)
	}
	return u
}

// startMinutesRegion serves the demo region over a fresh database, as
// startRegion does, and prepares the meetings of the minutes journeys through
// the stores: the police officer proposes the cases and the chair accepts
// them and publishes the agenda. It keeps the database, so that the agenda
// store can be used here (the server exposes only its conference store).
func startMinutesRegion(t *testing.T) *minutesRegion {
	t.Helper()
	ctx := context.Background()
	db, srv, orgs := demoServer(t)
	r := &minutesRegion{Server: srv, DB: db, Store: srv.Store(), Orgs: orgs, Users: map[string]conference.User{}}
	r.Agenda = agenda.NewStore(db, time.Now, r.Store)
	for _, email := range []string{chairEmail, mjSecretaryEmail, policeEmail, mjProbationEmail, mjProsecutorMail} {
		u, err := r.Store.UserByEmail(ctx, email)
		if err != nil {
			t.Fatalf("demo user %s: %v", email, err)
		}
		r.Users[email] = u
	}
	r.setUpMeetings(t)

	r.URL = serve(t, srv)
	return r
}

// setUpMeetings moves the series' upcoming demo meeting to this morning (the
// past demo meeting a week before it), adds the next meeting a week later,
// and puts Case and two demo cases on the agenda of this morning's meeting.
//
// The dates matter for the carry-over: a quick action counts for the next
// agenda when it was taken since the previous meeting began, so the meeting
// must have begun before the journey logs one "now".
func (r *minutesRegion) setUpMeetings(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	all, _, err := r.Store.AllSeries(ctx, conference.Page{Limit: conference.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.Name == mjSeriesName {
			r.Series = s
		}
	}
	if r.Series.ID == 0 {
		t.Fatalf("demo has no series %q", mjSeriesName)
	}
	confs, _, err := r.Store.Conferences(ctx, conference.ConferenceFilter{SeriesID: r.Series.ID, Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	var past, upcoming *conference.Conference
	for i := range confs {
		switch confs[i].Status {
		case conference.StatusClosed:
			past = &confs[i]
		case conference.StatusDraft:
			upcoming = &confs[i]
		}
	}
	if past == nil || upcoming == nil || len(confs) != 2 {
		t.Fatalf("series %q has %d meetings, want a closed and a draft one: %+v", mjSeriesName, len(confs), confs)
	}
	starts := time.Now().Add(-time.Hour).Truncate(time.Minute)
	past.StartsAt = starts.AddDate(0, 0, -7)
	upcoming.StartsAt = starts
	for _, c := range []*conference.Conference{past, upcoming} {
		if err := r.Store.UpdateConference(ctx, c); err != nil {
			t.Fatalf("move meeting %d: %v", c.ID, err)
		}
	}
	r.Meeting = *upcoming
	r.Next = conference.Conference{SeriesID: r.Series.ID, StartsAt: starts.AddDate(0, 0, 7)}
	if err := r.Store.CreateConference(ctx, &r.Next); err != nil {
		t.Fatalf("next meeting: %v", err)
	}

	officer := r.Users[policeEmail]
	police := conference.ActorOf(&officer)
	r.Case = conference.Case{Subject: "D. v. H. (1995)", Theme: conference.ThemeHighImpact, Postcode: "5348", Neighbourhood: "Ussen",
		Summary:                 "Straatroven en bedreiging van een buurtbewoner; onder toezicht van de reclassering. Lichte dwang nodig om het contact vast te houden.",
		InvolvedOrganisationIDs: []int64{r.Org(conference.OrgPolitie), r.Org(conference.OrgReclassering), r.Org(conference.OrgOM)}}
	if err := r.Store.CreateCase(ctx, police, &r.Case); err != nil {
		t.Fatalf("case: %v", err)
	}
	// Two demo cases that involve the police as well, so that the officer can propose them.
	proposals := []agenda.Proposal{{ConferenceID: r.Meeting.ID, CaseID: &r.Case.ID, Kind: agenda.KindNew, RequestedMinutes: 20,
		Reason: "Bedreiging in de buurt neemt toe; afspraken nodig over meldplicht en toezicht."}}
	for _, subject := range []string{"R. de G. (1991)", "M. A. (2004)"} {
		found, _, err := r.Store.Cases(ctx, conference.System, conference.CaseFilter{Query: subject})
		if err != nil || len(found) != 1 {
			t.Fatalf("demo case %s: %v (%d found)", subject, err, len(found))
		}
		proposals = append(proposals, agenda.Proposal{ConferenceID: r.Meeting.ID, CaseID: &found[0].ID,
			Reason: "Stand van zaken bespreken.", RequestedMinutes: 15})
	}
	chairUser := r.Users[chairEmail]
	chair := conference.ActorOf(&chairUser)
	for _, p := range proposals {
		it, err := r.Agenda.Propose(ctx, police, p)
		if err != nil {
			t.Fatalf("propose case %d: %v", *p.CaseID, err)
		}
		it, err = r.Agenda.Triage(ctx, chair, it.ID, agenda.Accept, "", it.Version)
		if err != nil {
			t.Fatalf("accept item %d: %v", it.ID, err)
		}
		r.Items = append(r.Items, it)
	}
	if r.Meeting, err = r.Agenda.Publish(ctx, chair, r.Meeting.ID); err != nil {
		t.Fatalf("publish: %v", err)
	}
}
