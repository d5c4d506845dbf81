package conference_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"casusoverleg/conference"
)

// TestCanSeeCasesOfAList: the need-to-know check of several ids answers
// each case the actor's organisation is involved in, once, whatever the
// list repeats, and leaves out the cases of others and ids that are no case
// — also for the system, which sees every case, and for a policy officer of
// an involved organisation, who sees none.
func TestCanSeeCasesOfAList(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	police := f.newCase(t, f.officer)         // the police only
	ggz := f.newCase(t, f.nurse)              // GGZ only
	both := f.newCase(t, f.officer, f.ggz.ID) // both
	const noCase = 987654321
	ids := []int64{police.ID, ggz.ID, both.ID, police.ID, noCase}
	policy := conference.Actor{UserID: 99, OrganisationID: f.police.ID, Roles: []conference.Role{conference.RolePolicyOfficer}}
	for _, tc := range []struct {
		name string
		a    conference.Actor
		want []int64
	}{
		{"police officer", conference.ActorOf(&f.officer), []int64{police.ID, both.ID}},
		{"GGZ nurse", conference.ActorOf(&f.nurse), []int64{ggz.ID, both.ID}},
		{"system", conference.System, []int64{police.ID, ggz.ID, both.ID}},
		{"policy officer of the police", policy, nil},
	} {
		got, err := f.store.CanSeeCases(ctx, tc.a, ids)
		if err != nil {
			t.Fatal(err)
		}
		for id, ok := range got {
			if !ok {
				t.Errorf("%s: case %d answered false; the answer lists only the cases seen", tc.name, id)
			}
		}
		if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, tc.want) {
			t.Errorf("%s sees %v, want %v", tc.name, keys, tc.want)
		}
		if none, err := f.store.CanSeeCases(ctx, tc.a, nil); err != nil || len(none) != 0 {
			t.Errorf("%s: no ids gave %v (%v)", tc.name, none, err)
		}
	}
}
