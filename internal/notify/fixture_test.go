package notify_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/notify"
	"casusoverleg/minutes"
)

// quiet is the senders' logger in tests: what they log is checked through the outbox.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// clock is a test clock that tests move.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// region is a series with four member organisations and one outsider, a case
// referred by the police that involves probation, and a draft meeting.
type region struct {
	db                     *gorm.DB
	clock                  *clock
	outbox                 *notify.Outbox
	cases                  *conference.Store
	agenda                 *agenda.Store
	minutes                *minutes.Store
	police, probation, ggz conference.Actor
	probation2, outsider   conference.Actor
	chair, secretary       conference.Actor
	series                 conference.Series
	first, second          conference.Conference
	c                      conference.Case
}

// caseTexts are the texts of the case that must never appear in a message.
var caseTexts = []string{"Jansen-Verbeek", "heroïne", "Ussen", "5348", "inbraken bij de buren", "woont weer bij zijn moeder",
	"Huisverbod voorbereiden", "zorgen om de kinderen", "Gesprek met de moeder voeren", "meldplicht als lichte dwang", "in overleg met het OM"}

func newRegion(t *testing.T) *region {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t)
	r := &region{db: db, clock: &clock{t: dbtest.Clock}}
	r.outbox = notify.NewOutbox(db, r.clock.Now, notify.Config{BaseURL: "https://zvh.example.nl/", From: "noreply@zvh.example.nl"})
	r.cases = conference.NewStore(db, r.clock.Now)
	r.cases.AddCaseGrant(agenda.CaseGrant)
	r.cases.SetNotifier(r.outbox)
	r.agenda = agenda.NewStore(db, r.clock.Now, r.cases)
	r.minutes = minutes.NewStore(db, r.clock.Now, r.cases, r.agenda)
	r.agenda.AddFollowUpSource(r.minutes)
	orgs := map[string]int64{}
	user := func(org, email string, role conference.Role) conference.Actor {
		if orgs[org] == 0 {
			o := conference.Organisation{Name: org, Kind: conference.OrgOther}
			if err := r.cases.CreateOrganisation(ctx, &o); err != nil {
				t.Fatal(err)
			}
			orgs[org] = o.ID
		}
		u := conference.User{Name: email, Email: email, OrganisationID: orgs[org], Roles: []conference.Role{role}, Active: true}
		if err := r.cases.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		return conference.ActorOf(&u)
	}
	r.police = user("Politie", "p@x.nl", conference.RoleParticipant)
	r.probation = user("Reclassering", "r@x.nl", conference.RoleParticipant)
	r.probation2 = user("Reclassering", "r2@x.nl", conference.RoleParticipant)
	r.ggz = user("GGZ", "g@x.nl", conference.RoleParticipant)
	r.chair = user("ZVH", "c@x.nl", conference.RoleChair)
	r.secretary = user("ZVH", "s@x.nl", conference.RoleSecretary)
	r.outsider = user("Woonstede", "w@x.nl", conference.RoleParticipant)
	r.series = conference.Series{Name: "Justitieel casusoverleg Oss", DefaultChairID: &r.chair.UserID, DefaultSecretaryID: &r.secretary.UserID,
		DefaultLocation: "Stadhuis, zaal 2", MemberOrganisationIDs: []int64{r.police.OrganisationID, r.probation.OrganisationID, r.ggz.OrganisationID, r.chair.OrganisationID}}
	if err := r.cases.SaveSeries(ctx, &r.series); err != nil {
		t.Fatal(err)
	}
	r.first = conference.Conference{SeriesID: r.series.ID, StartsAt: dbtest.Clock.Add(2 * time.Hour)}
	r.second = conference.Conference{SeriesID: r.series.ID, StartsAt: dbtest.Clock.AddDate(0, 0, 7)}
	for _, c := range []*conference.Conference{&r.first, &r.second} {
		if err := r.cases.CreateConference(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	r.c = conference.Case{Subject: "Jansen-Verbeek", Summary: "Gebruikt heroïne", Theme: conference.ThemeHighImpact, Postcode: "5348",
		Neighbourhood: "Ussen", InvolvedOrganisationIDs: []int64{r.probation.OrganisationID}}
	if err := r.cases.CreateCase(ctx, r.police, &r.c); err != nil {
		t.Fatal(err)
	}
	return r
}

// propose puts the case on the first meeting's agenda as the police.
func (r *region) propose(t *testing.T) agenda.Item {
	t.Helper()
	it, err := r.agenda.Propose(context.Background(), r.police, agenda.Proposal{ConferenceID: r.first.ID, CaseID: &r.c.ID,
		Reason: "inbraken bij de buren", Answers: map[string]string{"situatie": "woont weer bij zijn moeder"}})
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// meetingStarted moves the clock into the first meeting, where attendance and minutes are recorded.
func (r *region) meetingStarted() { r.clock.Set(r.first.StartsAt.Add(time.Minute)) }

// messages returns the outbox, oldest first.
func (r *region) messages(t *testing.T) []notify.Message {
	t.Helper()
	list, _, err := r.outbox.Messages(context.Background(), notify.MessageFilter{Page: conference.Page{Limit: conference.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
		list[i], list[j] = list[j], list[i]
	}
	return list
}

// ofKind returns the recipients of the messages of kind k, in order.
func ofKind(list []notify.Message, k conference.EventKind) []string {
	var to []string
	for _, m := range list {
		if m.Kind == k {
			to = append(to, m.To)
		}
	}
	return to
}
