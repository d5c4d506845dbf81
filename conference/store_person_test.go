package conference_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
)

// personFixture is a region with persons: the police case A names R. de
// Graaf with a BSN; the GGZ case B names the same person by name and date of
// birth, written differently; case C names another person with the same BSN;
// case D a namesake born on another day.
type personFixture struct {
	fixture
	db         *gorm.DB
	chair      conference.User // a chair of the police: sees A, not B
	a, b, c, d conference.Case
}

func date(y, m, d int) *time.Time {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return &t
}

func newPersonFixture(t *testing.T) personFixture {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t)
	f := personFixture{db: db}
	f.fixture = newFixtureOn(t, db)
	f.chair = conference.User{Name: "Voorzitter", Email: "vz@politie.nl", OrganisationID: f.police.ID, Roles: []conference.Role{conference.RoleChair}, Active: true}
	if err := f.store.CreateUser(ctx, &f.chair); err != nil {
		t.Fatal(err)
	}
	mk := func(by conference.User, persons ...conference.Person) conference.Case {
		c := conference.Case{Theme: conference.ThemeDomestic, Postcode: "5342", Neighbourhood: "Ruwaard", Persons: persons}
		if err := f.store.CreateCase(ctx, conference.ActorOf(&by), &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	f.a = mk(f.officer, conference.Person{Surname: "de Graaf", Initials: "R.J.", BirthDate: date(1991, 3, 4), BSN: "111222333"},
		conference.Person{Role: conference.RoleChild, Surname: "de Graaf", Initials: "T.", BirthDate: date(2015, 1, 2)})
	f.b = mk(f.nurse, conference.Person{Surname: "Gráaf, de", Initials: "Rob Jan", BirthDate: date(1991, 3, 4)})
	f.c = mk(f.nurse, conference.Person{Surname: "Jansen", Initials: "P.", BirthDate: date(1970, 1, 1), BSN: "111222333"})
	f.d = mk(f.nurse, conference.Person{Surname: "de Graaf", Initials: "R.J.", BirthDate: date(1991, 3, 5)})
	return f
}

func TestCaseSubjectDerivesFromMainPerson(t *testing.T) {
	f := newPersonFixture(t)
	if f.a.Subject != "R.J. de G. (1991)" || len(f.a.Persons) != 2 {
		t.Fatalf("case A: subject %q, %d persons", f.a.Subject, len(f.a.Persons))
	}
	if f.a.Persons[0].BSN != "" || f.a.Persons[0].BSNMasked != "*****2333" {
		t.Fatalf("a stored person shows its BSN %q / %q; want it masked", f.a.Persons[0].BSN, f.a.Persons[0].BSNMasked)
	}
}

func TestPersonMatches(t *testing.T) {
	f := newPersonFixture(t)
	ctx := context.Background()
	m, err := f.store.PersonMatches(ctx, []int64{f.a.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, x := range m[f.a.ID] {
		got[x.Other.Reference] = x.By
	}
	want := map[string]string{f.b.Reference: "name", f.c.Reference: "bsn"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("matches of A = %v, want %v (D is born on another day)", got, want)
	}
	for _, x := range m[f.a.ID] {
		if x.Other.Status != conference.CaseReferred || len(x.Other.InvolvedOrganisationIDs) != 1 {
			t.Fatalf("match summary %+v lacks status or organisations", x.Other)
		}
	}

	t.Run("OK/identity after merge", func(t *testing.T) {
		chair := conference.ActorOf(&f.chair)
		if err := f.store.MergePersons(ctx, chair, f.a.Persons[0].ID, f.d.Persons[0].ID, "typefout in geboortedatum bij GGZ"); err != nil {
			t.Fatal(err)
		}
		m, err := f.store.PersonMatches(ctx, []int64{f.d.ID})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, x := range m[f.d.ID] {
			found = found || (x.Other.ID == f.a.ID && x.By == "identity")
		}
		if !found {
			t.Fatalf("after the merge D does not match A by identity: %+v", m[f.d.ID])
		}
	})
}

func TestMergeAndLinkNeedToKnow(t *testing.T) {
	f := newPersonFixture(t)
	ctx := context.Background()
	chair, nurse := conference.ActorOf(&f.chair), conference.ActorOf(&f.nurse)
	for _, tc := range []struct {
		name string
		err  error
		fn   func() error
	}{
		{"ErrForbidden/participant links", conference.ErrForbidden, func() error { return f.store.LinkCases(ctx, nurse, f.b.ID, f.a.ID, "zelfde") }},
		{"ErrForbidden/chair links from a case they may not see", conference.ErrForbidden, func() error { return f.store.LinkCases(ctx, chair, f.b.ID, f.a.ID, "zelfde") }},
		{"ErrForbidden/chair merges into a case they may not see", conference.ErrForbidden, func() error {
			return f.store.MergePersons(ctx, chair, f.b.Persons[0].ID, f.a.Persons[0].ID, "zelfde")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.fn(); !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
		})
	}
	t.Run("ErrValidation/no reason", func(t *testing.T) {
		var ve conference.ValidationErrors
		if err := f.store.LinkCases(ctx, chair, f.a.ID, f.b.ID, " "); !errors.As(err, &ve) || ve[0].Field != "reason" {
			t.Fatalf("err = %v, want a reason error", err)
		}
	})
	t.Run("OK/link twice", func(t *testing.T) {
		for range 2 {
			if err := f.store.LinkCases(ctx, chair, f.a.ID, f.b.ID, "zelfde persoon"); err != nil {
				t.Fatal(err)
			}
		}
		links, err := f.store.LinkedCases(ctx, nurse, f.b.ID)
		if err != nil || len(links) != 1 || links[0].Reference != f.a.Reference || links[0].Status != "" {
			t.Fatalf("B's links for the GGZ = %+v, %v; want A redacted to its reference", links, err)
		}
	})
	t.Run("OK/merge duplicates in one case", func(t *testing.T) {
		officer := conference.ActorOf(&f.officer)
		dup := conference.Person{Role: conference.RoleChild, Surname: "de Graaf", Initials: "T.", BirthDate: date(2015, 1, 2)}
		if err := f.store.AddPerson(ctx, officer, f.a.ID, &dup); err != nil {
			t.Fatal(err)
		}
		if err := f.store.MergePersons(ctx, chair, f.a.Persons[1].ID, dup.ID, "dubbel ingevoerd"); err != nil {
			t.Fatal(err)
		}
		persons, err := f.store.Persons(ctx, officer, f.a.ID, false)
		if err != nil || len(persons) != 2 {
			t.Fatalf("persons after merge = %d, %v; want 2", len(persons), err)
		}
	})
}

func TestPersonsFollowTheCase(t *testing.T) {
	f := newPersonFixture(t)
	ctx := context.Background()
	nurse, officer := conference.ActorOf(&f.nurse), conference.ActorOf(&f.officer)
	// The same person is on A (police) and B (GGZ): the GGZ sees them through B only.
	if _, err := f.store.Persons(ctx, nurse, f.a.ID, false); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("GGZ reads A's persons: %v, want ErrForbidden", err)
	}
	if p, err := f.store.Persons(ctx, nurse, f.b.ID, false); err != nil || len(p) != 1 {
		t.Fatalf("GGZ reads B's persons: %v, %v", p, err)
	}
	if _, err := f.store.Person(ctx, nurse, f.a.Persons[0].ID); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("GGZ reads A's person: %v", err)
	}
	if c, err := f.store.Case(ctx, nurse, f.a.ID); err != nil || c.Persons != nil {
		t.Fatalf("redacted case carries persons: %+v", c)
	}
	p := conference.Person{Surname: "X", Initials: "Y.", BirthDate: date(2000, 1, 1)}
	if err := f.store.AddPerson(ctx, nurse, f.a.ID, &p); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("GGZ adds to A: %v", err)
	}
	if _, err := f.store.RemovePerson(ctx, nurse, f.a.Persons[1].ID); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("GGZ removes from A: %v", err)
	}
	full, err := f.store.Persons(ctx, officer, f.a.ID, true)
	if err != nil || full[0].BSN != "111222333" {
		t.Fatalf("police reveal = %+v, %v", full, err)
	}

	t.Run("Search/participant sees own cases only", func(t *testing.T) {
		hits, total, err := f.store.SearchPersons(ctx, nurse, conference.PersonQuery{Name: "R. Graaf"})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.CaseID == f.a.ID {
				t.Fatalf("the GGZ finds the person on the police case: %+v", h)
			}
		}
		if total != 2 { // B and D
			t.Fatalf("total = %d, want 2", total)
		}
	})
	t.Run("Search/chair everywhere, redacted where not visible", func(t *testing.T) {
		hits, _, err := f.store.SearchPersons(ctx, conference.ActorOf(&f.chair), conference.PersonQuery{BSN: "111222333"})
		if err != nil || len(hits) != 2 {
			t.Fatalf("hits = %+v, %v; want A and C", hits, err)
		}
		for _, h := range hits {
			switch h.CaseID {
			case f.a.ID:
				if h.Redacted || h.Surname != "de Graaf" {
					t.Fatalf("hit on A = %+v, want in full", h)
				}
			case f.c.ID:
				if !h.Redacted || h.Surname != "" || h.CaseReference != f.c.Reference {
					t.Fatalf("hit on C = %+v, want only the reference", h)
				}
			}
		}
	})
	t.Run("Search/by date of birth", func(t *testing.T) {
		hits, _, err := f.store.SearchPersons(ctx, officer, conference.PersonQuery{BirthDate: date(2015, 1, 2)})
		if err != nil || len(hits) != 1 || hits[0].Initials != "T." {
			t.Fatalf("hits = %+v, %v", hits, err)
		}
	})
	t.Run("ErrValidation/no terms", func(t *testing.T) {
		if _, _, err := f.store.SearchPersons(ctx, officer, conference.PersonQuery{}); err == nil {
			t.Fatal("a search without terms is accepted")
		}
	})
}

func TestCreatePersonsConcurrently(t *testing.T) {
	f := newPersonFixture(t)
	ctx := context.Background()
	officer := conference.ActorOf(&f.officer)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			p := conference.Person{Role: conference.RoleHousehold, Surname: fmt.Sprintf("Lid %d", i), Initials: "L.", BirthDate: date(2001, 1, 1+i), BSN: "111222333"}
			errs <- f.store.AddPerson(ctx, officer, f.a.ID, &p)
		}()
		go func() {
			defer wg.Done()
			c := conference.Case{Theme: conference.ThemeYouth, Postcode: "5342", Neighbourhood: "Ruwaard",
				Persons: []conference.Person{{Surname: "de Graaf", Initials: "R.J.", BirthDate: date(1991, 3, 4), BSN: "111222333"}}}
			errs <- f.store.CreateCase(ctx, officer, &c)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a concurrent creation failed: %v", err)
		}
	}
	persons, err := f.store.Persons(ctx, officer, f.a.ID, false)
	if err != nil || len(persons) != 10 {
		t.Fatalf("case A has %d persons, %v; want 10", len(persons), err)
	}
}

func TestAddMainPersonsReadsOldSubjects(t *testing.T) {
	f := newPersonFixture(t)
	ctx := context.Background()
	old := f.newCase(t, f.officer)
	if err := f.db.Exec("DELETE FROM persons WHERE case_id = ?", old.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := f.db.Exec("UPDATE cases SET subject = ? WHERE id = ?", "R. de G. (1991)", old.ID).Error; err != nil {
		t.Fatal(err)
	}
	for range 2 { // safe to run again
		if err := conference.AddMainPersons(f.db.WithContext(ctx)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := f.store.Case(ctx, conference.ActorOf(&f.officer), old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "R. de G. (1991)" || len(got.Persons) != 1 {
		t.Fatalf("migrated case: subject %q, persons %+v", got.Subject, got.Persons)
	}
	p := got.Persons[0]
	if p.Role != conference.RoleMain || p.Initials != "R." || p.Surname != "de G." || p.BirthYear != 1991 || p.Postcode != "5342" {
		t.Fatalf("migrated person = %+v", p)
	}
}
