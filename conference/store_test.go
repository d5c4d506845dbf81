package conference_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

type fixture struct {
	store               *conference.Store
	police, ggz, school conference.Organisation
	officer, nurse      conference.User
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	return newFixtureOn(t, dbtest.Open(t))
}

// newFixtureOn builds the fixture on db.
func newFixtureOn(t *testing.T, db *gorm.DB) fixture {
	t.Helper()
	ctx := context.Background()
	f := fixture{store: conference.NewStore(db, dbtest.Now)}
	for _, o := range []*conference.Organisation{&f.police, &f.ggz, &f.school} {
		*o = conference.Organisation{Name: "Org " + time.Now().Format("150405.000000000"), Kind: conference.OrgOther}
		if err := f.store.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	f.officer = conference.User{Name: "Agent", Email: "agent@politie.nl", OrganisationID: f.police.ID, Roles: []conference.Role{conference.RoleParticipant}, Active: true}
	f.nurse = conference.User{Name: "Verpleger", Email: "v@ggz.nl", OrganisationID: f.ggz.ID, Roles: []conference.Role{conference.RoleParticipant}, Active: true}
	for _, u := range []*conference.User{&f.officer, &f.nurse} {
		if err := f.store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f fixture) newCase(t *testing.T, by conference.User, involved ...int64) conference.Case {
	t.Helper()
	c := conference.Case{Subject: "Familie K.", Theme: conference.ThemeDomestic, Postcode: "5342", Neighbourhood: "Ruwaard",
		InvolvedOrganisationIDs: involved}
	if err := f.store.CreateCase(context.Background(), conference.ActorOf(&by), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCaseReferenceNumbers(t *testing.T) {
	f := newFixture(t)
	a := f.newCase(t, f.officer)
	b := f.newCase(t, f.officer)
	if a.Reference != "2026-0001" || b.Reference != "2026-0002" {
		t.Fatalf("references = %s, %s; want 2026-0001, 2026-0002", a.Reference, b.Reference)
	}
}

func TestCaseNeedToKnow(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.newCase(t, f.officer) // only the police is involved
	police, ggz := conference.ActorOf(&f.officer), conference.ActorOf(&f.nurse)

	t.Run("OK/involved", func(t *testing.T) {
		got, err := f.store.Case(ctx, police, c.ID)
		if err != nil || got.Redacted || got.Subject != "Familie K." {
			t.Fatalf("Case() = %+v, %v; want full case", got, err)
		}
	})
	t.Run("Redacted/foreign", func(t *testing.T) {
		got, err := f.store.Case(ctx, ggz, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Redacted || got.Subject != "" || got.Postcode != "" || got.Reference != c.Reference {
			t.Fatalf("Case() = %+v; want only the reference", got)
		}
	})
	t.Run("Hidden/list", func(t *testing.T) {
		list, total, err := f.store.Cases(ctx, ggz, conference.CaseFilter{Theme: conference.ThemeDomestic})
		if err != nil || total != 0 || len(list) != 0 {
			t.Fatalf("Cases() = %v, %d, %v; want none", list, total, err)
		}
	})
	t.Run("ErrForbidden/update", func(t *testing.T) {
		upd := c
		upd.Summary = "overgenomen"
		if err := f.store.UpdateCase(ctx, ggz, &upd); !errors.Is(err, conference.ErrForbidden) {
			t.Fatalf("UpdateCase() = %v, want ErrForbidden", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := f.store.Case(ctx, police, 999); !errors.Is(err, conference.ErrNotFound) {
			t.Fatalf("Case(999) = %v, want ErrNotFound", err)
		}
	})
}

func TestCaseUpdateVersion(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.newCase(t, f.officer, f.ggz.ID)
	police := conference.ActorOf(&f.officer)
	first, second := c, c
	first.Summary = "eerste"
	if err := f.store.UpdateCase(ctx, police, &first); err != nil {
		t.Fatal(err)
	}
	if first.Version != 2 {
		t.Fatalf("version = %d, want 2", first.Version)
	}
	second.Summary = "tweede"
	if err := f.store.UpdateCase(ctx, police, &second); !errors.Is(err, conference.ErrConflict) {
		t.Fatalf("stale update = %v, want ErrConflict", err)
	}
	got, _ := f.store.Case(ctx, police, c.ID)
	if got.Summary != "eerste" {
		t.Fatalf("summary = %q, the stale write must not land", got.Summary)
	}
}

func TestCreateCaseUnknownOrganisation(t *testing.T) {
	f := newFixture(t)
	c := conference.Case{Subject: "X", Theme: conference.ThemeYouth, Postcode: "5341", Neighbourhood: "Centrum",
		InvolvedOrganisationIDs: []int64{12345}}
	err := f.store.CreateCase(context.Background(), conference.ActorOf(&f.officer), &c)
	if got := fields(err); len(got) != 1 || got[0] != "involved_organisation_ids" {
		t.Fatalf("CreateCase() = %v, want a validation error on involved_organisation_ids", err)
	}
	if _, total, _ := f.store.Cases(context.Background(), conference.System, conference.CaseFilter{}); total != 0 {
		t.Fatalf("a refused case was half-written: %d cases stored", total)
	}
}

func TestConferenceDefaultsAndAttendance(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s := conference.Series{Name: "Nazorg", DefaultChairID: &f.officer.ID, DefaultLocation: "Veiligheidshuis",
		MemberOrganisationIDs: []int64{f.police.ID, f.ggz.ID}}
	if err := f.store.SaveSeries(ctx, &s); err != nil {
		t.Fatal(err)
	}
	c := conference.Conference{SeriesID: s.ID, StartsAt: dbtest.Clock}
	if err := f.store.CreateConference(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if c.ChairID == nil || *c.ChairID != f.officer.ID || c.Location != "Veiligheidshuis" || c.DurationMinutes != 120 || c.Status != conference.StatusDraft {
		t.Fatalf("conference = %+v; want series defaults", c)
	}
	err := f.store.SetAttendance(ctx, c.ID, []conference.Attendance{{UserID: f.officer.ID, Presence: conference.Present}, {UserID: f.nurse.ID, Presence: conference.Excused}})
	if err != nil {
		t.Fatal(err)
	}
	list, err := f.store.Attendance(ctx, c.ID)
	if err != nil || len(list) != 2 || list[1].OrganisationID != f.ggz.ID {
		t.Fatalf("Attendance() = %+v, %v", list, err)
	}
	err = f.store.SetAttendance(ctx, c.ID, []conference.Attendance{{UserID: f.nurse.ID, Presence: conference.Present}, {UserID: 999, Presence: conference.Present}})
	if got := fields(err); len(got) != 1 || got[0] != "attendance[1].user_id" {
		t.Fatalf("SetAttendance(unknown user) = %v", err)
	}
	if list, _ := f.store.Attendance(ctx, c.ID); len(list) != 2 {
		t.Fatalf("a refused attendance list replaced the old one: %+v", list)
	}
}

// TestPolicyOfficerSeesNoCase: a policy officer whose organisation is
// involved in a case still sees it only redacted, and in no list.
func TestPolicyOfficerSeesNoCase(t *testing.T) {
	ctx := context.Background()
	s := conference.NewStore(dbtest.Open(t), dbtest.Now)
	o := conference.Organisation{Name: "Gemeente Oss", Kind: conference.OrgGemeente}
	if err := s.CreateOrganisation(ctx, &o); err != nil {
		t.Fatal(err)
	}
	referrer := conference.Actor{UserID: 1, OrganisationID: o.ID, Roles: []conference.Role{conference.RoleParticipant}}
	c := conference.Case{Subject: "Geheim", Theme: conference.ThemeCare, Postcode: "5341", Neighbourhood: "Centrum"}
	if err := s.CreateCase(ctx, referrer, &c); err != nil {
		t.Fatal(err)
	}
	// The privacy officer is kept from case pages the same way: the access
	// report reads past need-to-know through its own route (internal/privacy).
	for _, role := range conference.RestrictedRoles {
		policy := conference.Actor{UserID: 2, OrganisationID: o.ID, Roles: []conference.Role{role}}
		got, err := s.Case(ctx, policy, c.ID)
		if err != nil || !got.Redacted || got.Subject != "" {
			t.Fatalf("%s reads %+v (%v), want it redacted", role, got, err)
		}
		list, total, err := s.Cases(ctx, policy, conference.CaseFilter{})
		if err != nil || total != 0 || len(list) != 0 {
			t.Fatalf("%s lists %d cases (%v), want none", role, total, err)
		}
	}
	if ok, _ := s.CanSeeCase(ctx, referrer, c.ID); !ok {
		t.Fatal("the referrer no longer sees the case")
	}
}
