package privacy_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/database"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/privacy"
)

func day(y, m, d int) *time.Time {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return &t
}

// fields returns the fields err names, or nil.
func fields(err error) []string {
	var ve conference.ValidationErrors
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, e := range ve {
		out = append(out, e.Field)
	}
	slices.Sort(out)
	return out
}

func TestQueryValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		q    privacy.Query
		want []string
	}{
		{"OK/bsn", privacy.Query{BSN: " 111.222.333 "}, nil},
		{"OK/name and date of birth", privacy.Query{Name: "de Graaf", BirthDate: day(1991, 3, 4)}, nil},
		{"ErrNothing", privacy.Query{}, []string{"bsn"}},
		{"ErrBSN/elfproef", privacy.Query{BSN: "123456789"}, []string{"bsn"}},
		{"ErrName/alone", privacy.Query{Name: "de Graaf"}, []string{"birth_date"}},
		{"ErrBirthDate/alone", privacy.Query{BirthDate: day(1991, 3, 4)}, []string{"name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fields(tc.q.Validate()); !slices.Equal(got, tc.want) {
				t.Fatalf("fields %v; want %v", got, tc.want)
			}
		})
	}
}

func TestRequestValidate(t *testing.T) {
	today := dbtest.Clock
	ok := func() privacy.Request {
		return privacy.Request{PersonID: 1, Kind: privacy.KindErasure, ReceivedOn: day(2026, 11, 20), Asked: "Verwijder alles",
			Decision: privacy.DecisionRefused, Reason: "Bewaartermijn loopt"}
	}
	for _, tc := range []struct {
		name   string
		change func(*privacy.Request)
		want   []string
	}{
		{"OK", func(*privacy.Request) {}, nil},
		{"OK/received today", func(r *privacy.Request) { r.ReceivedOn = day(2026, 11, 23) }, nil},
		{"ErrReceivedOn/tomorrow", func(r *privacy.Request) { r.ReceivedOn = day(2026, 11, 24) }, []string{"received_on"}},
		{"ErrReceivedOn/missing", func(r *privacy.Request) { r.ReceivedOn = nil }, []string{"received_on"}},
		{"ErrKind", func(r *privacy.Request) { r.Kind = "access" }, []string{"kind"}},
		{"ErrDecision", func(r *privacy.Request) { r.Decision = "" }, []string{"decision"}},
		{"ErrTexts", func(r *privacy.Request) { r.Asked, r.Reason = " ", "" }, []string{"asked", "reason"}},
		{"ErrPerson", func(r *privacy.Request) { r.PersonID = 0 }, []string{"person_id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ok()
			tc.change(&r)
			if got := fields(r.Validate(today)); !slices.Equal(got, tc.want) {
				t.Fatalf("fields %v; want %v", got, tc.want)
			}
		})
	}
}

// Two privacy officers record requests at the same moment: each gets a
// number of its own, and a request never fails for it.
func TestRegisterConcurrent(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	if err := database.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	store := conference.NewStore(db, dbtest.Now)
	org := conference.Organisation{Name: "ZVH", Kind: conference.OrgOther}
	if err := store.CreateOrganisation(ctx, &org); err != nil {
		t.Fatal(err)
	}
	c := conference.Case{Theme: conference.ThemeCare, Postcode: "5341", Neighbourhood: "Centrum", ReferringOrganisationID: org.ID,
		Persons: []conference.Person{{Surname: "de Graaf", Initials: "R.", BirthDate: day(1991, 3, 4)}}}
	if err := store.CreateCase(ctx, conference.System, &c); err != nil {
		t.Fatal(err)
	}
	reg := privacy.NewRegister(db, store, dbtest.Now)
	fg := conference.User{ID: 7, Name: "Functionaris"}
	const n = 6
	refs := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r := privacy.Request{PersonID: c.Persons[0].ID, Kind: privacy.KindCorrection, ReceivedOn: day(2026, 11, 20),
				Asked: fmt.Sprint("verzoek ", i), Decision: privacy.DecisionGranted, Reason: "terecht"}
			if err := reg.Record(ctx, fg, &r); err != nil {
				t.Errorf("record %d: %v", i, err)
				return
			}
			refs[i] = r.Reference
		})
	}
	wg.Wait()
	slices.Sort(refs)
	for i, ref := range refs {
		if want := fmt.Sprintf("AVG-2026-%04d", i+1); ref != want {
			t.Fatalf("references %v; want AVG-2026-0001 … %04d", refs, n)
		}
	}
	list, total, err := reg.List(ctx, c.Persons[0].ID, conference.Page{})
	if err != nil || total != n || list[0].DecidedBy != "Functionaris" || !list[0].DecidedAt.Equal(dbtest.Clock) {
		t.Fatalf("List = %+v, %d, %v", list, total, err)
	}
	t.Run("ErrPerson/unknown", func(t *testing.T) {
		r := privacy.Request{PersonID: 999999, Kind: privacy.KindErasure, ReceivedOn: day(2026, 11, 20), Asked: "x",
			Decision: privacy.DecisionRefused, Reason: "y"}
		if got := fields(reg.Record(ctx, fg, &r)); !slices.Equal(got, []string{"person_id"}) {
			t.Fatalf("fields %v; want person_id", got)
		}
	})
}
