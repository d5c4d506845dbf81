package demo

import (
	"testing"

	"casusoverleg/conference"
)

// TestHouseholdsNameTheirCases: every demo case has persons, and its subject
// is the one its main person makes (Seed finds a case again by its subject).
func TestHouseholdsNameTheirCases(t *testing.T) {
	for _, spec := range cases {
		c := conference.Case{Theme: spec.theme, Postcode: spec.pc4, Neighbourhood: spec.wijk, ReferringOrganisationID: 1,
			Persons: households[spec.subject]}
		if err := c.Validate(); err != nil {
			t.Errorf("case %s: %v", spec.subject, err)
			continue
		}
		if c.Subject != spec.subject {
			t.Errorf("case %s: its main person makes %q", spec.subject, c.Subject)
		}
	}
}
