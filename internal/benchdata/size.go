package benchdata

import (
	"errors"
	"fmt"
)

// Size says how much Generate makes.
type Size struct {
	// Organisations counts the partner organisations, the Veiligheidshuis included.
	Organisations int
	Users         int
	// Series meet weekly, each for Weeks weeks of history, then one published
	// meeting ahead and a draft one after it.
	Series          int
	Weeks           int
	Cases           int
	ItemsPerMeeting int
}

// Region is the size of a whole region: 30 partners, 400 users, 6 series
// meeting weekly for five years, 10,000 cases and 40 items per meeting.
func Region() Size {
	return Size{Organisations: 30, Users: 400, Series: 6, Weeks: 261, Cases: 10000, ItemsPerMeeting: 40}
}

// Small is a region of a few weeks, for tests.
func Small() Size {
	return Size{Organisations: 10, Users: 40, Series: 2, Weeks: 10, Cases: 60, ItemsPerMeeting: 8}
}

// Validate reports what is wrong with s.
func (s Size) Validate() error {
	var errs []error
	check := func(ok bool, field, msg string) {
		if !ok {
			errs = append(errs, fmt.Errorf("%s %s", field, msg))
		}
	}
	check(s.Organisations >= 4, "organisations", "must be at least 4")
	check(s.Series >= 1 && s.Series <= len(seriesSpecs), "series", fmt.Sprintf("must be 1 to %d", len(seriesSpecs)))
	check(s.Users >= 2*s.Series+s.Organisations, "users", "must be enough for a chair and secretary per series and one user per organisation")
	check(s.Weeks >= 2, "weeks", "must be at least 2")
	check(s.Cases >= s.Series, "cases", "must be at least one per series")
	check(s.ItemsPerMeeting >= 3 && s.ItemsPerMeeting <= 100, "items per meeting", "must be 3 to 100")
	return errors.Join(errs...)
}
