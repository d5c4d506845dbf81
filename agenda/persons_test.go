package agenda_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

// personWorld is a series whose chair discussed a case of R. de Graaf
// (police) at a meeting on held; the clock is the test's to move.
type personWorld struct {
	db      *gorm.DB
	clock   time.Time
	cases   *conference.Store
	agenda  *agenda.Store
	police  conference.Actor
	ggz     conference.Actor
	chair   conference.Actor
	series  conference.Series
	held    time.Time
	old     conference.Case
	answers map[string]string
}

func born(y, m, d int) *time.Time {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return &t
}

func newPersonWorld(t *testing.T) *personWorld {
	t.Helper()
	ctx := context.Background()
	w := &personWorld{db: dbtest.Open(t), held: dbtest.Clock}
	w.clock = w.held.AddDate(0, 0, -7)
	now := func() time.Time { return w.clock }
	w.cases = conference.NewStore(w.db, now)
	w.cases.AddCaseGrant(agenda.CaseGrant)
	w.agenda = agenda.NewStore(w.db, now, w.cases)
	actor := func(org, email string, role conference.Role) conference.Actor {
		o := conference.Organisation{Name: org, Kind: conference.OrgOther}
		if err := w.cases.CreateOrganisation(ctx, &o); err != nil {
			t.Fatal(err)
		}
		u := conference.User{Name: email, Email: email, OrganisationID: o.ID, Roles: []conference.Role{role}, Active: true}
		if err := w.cases.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		return conference.ActorOf(&u)
	}
	w.police = actor("Politie", "p@x.nl", conference.RoleParticipant)
	w.ggz = actor("GGZ", "g@x.nl", conference.RoleParticipant)
	w.chair = actor("ZVH", "c@x.nl", conference.RoleChair)
	w.series = conference.Series{Name: "Huiselijk geweld", DefaultChairID: &w.chair.UserID,
		MemberOrganisationIDs: []int64{w.police.OrganisationID, w.ggz.OrganisationID, w.chair.OrganisationID}}
	if err := w.cases.SaveSeries(ctx, &w.series); err != nil {
		t.Fatal(err)
	}
	if w.series.RepeatMonths != 12 {
		t.Fatalf("repeat period defaults to %d months, want 12", w.series.RepeatMonths)
	}
	sets, err := w.agenda.QuestionSets(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	w.answers = map[string]string{}
	for _, s := range sets {
		for _, q := range s.Questions {
			w.answers[q.Key] = "antwoord"
		}
	}
	// The police referred R. de Graaf; the meeting on held discussed the case.
	conf := w.meeting(t, w.held)
	it := w.refer(t, w.police, conf, conference.Person{Surname: "de Graaf", Initials: "R.", BirthDate: born(1991, 3, 4), BSN: "111222333"})
	if it.Case.RepeatOf != nil {
		t.Fatal("a first referral is marked as a repeat")
	}
	w.old = *it.Case
	if _, err := w.agenda.Triage(ctx, w.chair, it.ID, agenda.Accept, "", it.Version); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Exec("UPDATE conferences SET status = ? WHERE id = ?", conference.StatusClosed, conf.ID).Error; err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *personWorld) meeting(t *testing.T, at time.Time) conference.Conference {
	t.Helper()
	c := conference.Conference{SeriesID: w.series.ID, StartsAt: at}
	if err := w.cases.CreateConference(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// refer proposes a new referral of persons for conf and returns it as the agenda shows it to the referrer.
func (w *personWorld) refer(t *testing.T, by conference.Actor, conf conference.Conference, persons ...conference.Person) agenda.Entry {
	t.Helper()
	ctx := context.Background()
	nc := conference.Case{Theme: conference.ThemeDomestic, Postcode: "5342", Neighbourhood: "Ruwaard", Persons: persons}
	it, err := w.agenda.Propose(ctx, by, agenda.Proposal{ConferenceID: conf.ID, NewCase: &nc, Reason: "aanmelding", Answers: w.answers})
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.agenda.Agenda(ctx, by, conf.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(v.Proposals, func(e agenda.Entry) bool { return e.ID == it.ID })
	if i < 0 {
		t.Fatalf("the referrer does not see their proposal %d", it.ID)
	}
	return v.Proposals[i]
}

func TestRepeatReferral(t *testing.T) {
	for _, tc := range []struct {
		name   string
		after  time.Duration
		months int
		repeat bool
	}{
		{"Repeat/a day within twelve months", -24 * time.Hour, 0, true},
		{"First/a day after twelve months", 24 * time.Hour, 0, false},
		{"Repeat/a day within eighteen months (series setting)", 24*time.Hour + 6*30*24*time.Hour, 18, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w := newPersonWorld(t)
			if tc.months != 0 {
				w.series.RepeatMonths = tc.months
				if err := w.cases.SaveSeries(ctx, &w.series); err != nil {
					t.Fatal(err)
				}
			}
			w.clock = w.held.AddDate(1, 0, 0).Add(tc.after)
			conf := w.meeting(t, w.clock.AddDate(0, 0, 7))
			// The GGZ refers the same person, written differently and without BSN.
			e := w.refer(t, w.ggz, conf, conference.Person{Surname: "Graaf, de", Initials: "r", BirthDate: born(1991, 3, 4)})
			if got := e.Case.RepeatOf != nil; got != tc.repeat {
				t.Fatalf("repeat = %v (%v), want %v; referred %s, last discussed %s", got, e.Case.RepeatOf, tc.repeat, w.clock, w.held)
			}
			if tc.repeat && !e.Case.RepeatOf.Equal(w.held) {
				t.Fatalf("repeat of %s, want %s", e.Case.RepeatOf, w.held)
			}
			c, err := w.cases.Case(ctx, w.ggz, e.Case.ID)
			if err != nil || (c.RepeatOf != nil) != tc.repeat {
				t.Fatalf("the case page does not carry the mark: %+v, %v", c.RepeatOf, err)
			}
		})
	}
}

func TestKnownPersonOnTheProposal(t *testing.T) {
	ctx := context.Background()
	w := newPersonWorld(t)
	w.clock = w.held.AddDate(0, 2, 0)
	conf := w.meeting(t, w.clock.AddDate(0, 0, 7))
	e := w.refer(t, w.ggz, conf, conference.Person{Surname: "Jansen", Initials: "P.", BirthDate: born(1970, 1, 1), BSN: "111222333"},
		conference.Person{Role: conference.RoleChild, Surname: "Jansen", Initials: "K.", BirthDate: born(2012, 5, 6)})
	t.Run("Referrer/not involved sees only that the person is known", func(t *testing.T) {
		if !e.KnownPerson || len(e.PersonMatches) != 0 {
			t.Fatalf("referrer sees known=%v matches=%+v; want only the notice", e.KnownPerson, e.PersonMatches)
		}
	})
	t.Run("Chair/sees the other case", func(t *testing.T) {
		v, err := w.agenda.Agenda(ctx, w.chair, conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := v.Proposals[0]
		if len(got.PersonMatches) != 1 || got.KnownPerson {
			t.Fatalf("chair sees %+v", got.PersonMatches)
		}
		m := got.PersonMatches[0]
		if m.By != "bsn" || m.Other.Reference != w.old.Reference || m.Other.Status != conference.CaseReferred ||
			!slices.Equal(m.Other.InvolvedOrganisationIDs, []int64{w.police.OrganisationID}) {
			t.Fatalf("match = %+v", m)
		}
	})
	t.Run("Referrer/involved in the other case sees its reference", func(t *testing.T) {
		e := w.refer(t, w.police, conf, conference.Person{Surname: "de Graaf", Initials: "R.", BirthDate: born(1991, 3, 4)})
		if e.KnownPerson || len(e.PersonMatches) == 0 || e.PersonMatches[0].Other.Reference != w.old.Reference {
			t.Fatalf("police referrer: known=%v matches=%+v", e.KnownPerson, e.PersonMatches)
		}
	})
}
