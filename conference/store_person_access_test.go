package conference_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"casusoverleg/conference"
)

// TestPersonRecords: the records of one person are those with the same
// identity, BSN, or name and date of birth — across cases, whoever may see them.
func TestPersonRecords(t *testing.T) {
	ctx := context.Background()
	f := newPersonFixture(t)
	t.Run("OK", func(t *testing.T) {
		got, err := f.store.PersonRecords(ctx, f.a.Persons[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		var cases []int64
		for _, p := range got {
			cases = append(cases, p.CaseID)
			if p.BSN != "" {
				t.Errorf("record %d shows its BSN in full", p.ID)
			}
		}
		// A by BSN and name, B by name and date of birth, C by BSN; not the
		// child on A, not the namesake born on another day (D).
		if want := []int64{f.a.ID, f.b.ID, f.c.ID}; !slices.Equal(cases, want) {
			t.Fatalf("records on cases %v; want %v", cases, want)
		}
	})
	t.Run("OK/without BSN or full name", func(t *testing.T) {
		got, err := f.store.PersonRecords(ctx, f.d.Persons[0].ID)
		if err != nil || len(got) != 1 || got[0].CaseID != f.d.ID {
			t.Fatalf("records of the namesake = %+v, %v", got, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := f.store.PersonRecords(ctx, 999999); !errors.Is(err, conference.ErrNotFound) {
			t.Fatalf("err = %v; want ErrNotFound", err)
		}
	})
}
