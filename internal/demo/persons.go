package demo

import (
	"time"

	"casusoverleg/conference"
)

// day is a date of birth.
func day(y, m, d int) *time.Time {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return &t
}

// households are the persons of each demo case, by the case's subject (which
// derives from the main person). The BSNs pass the elfproef but belong to no one.
var households = map[string][]conference.Person{
	"R. de G. (1991)": {
		{Role: conference.RoleMain, Surname: "de Graaf", Initials: "R.", BirthDate: day(1991, 6, 14), Postcode: "5342", BSN: "577463706"},
		{Role: conference.RoleVictim, Surname: "Verhoeven", Initials: "M.", BirthDate: day(1993, 2, 9), Postcode: "5342"},
	},
	"E. K. (1984)": {
		{Role: conference.RoleMain, Surname: "Kaya", Initials: "E.", BirthDate: day(1984, 2, 11), Postcode: "5345", BSN: "643304459"},
		{Role: conference.RolePartner, Surname: "Kaya-Yılmaz", Initials: "S.", BirthDate: day(1987, 8, 30), Postcode: "5345"},
		{Role: conference.RoleChild, Surname: "Kaya", Initials: "D.", BirthDate: day(2013, 5, 2), Postcode: "5345"},
		{Role: conference.RoleChild, Surname: "Kaya", Initials: "A.", BirthDate: day(2016, 11, 19), Postcode: "5345"},
	},
	"M. A. (2004)": {
		{Role: conference.RoleMain, Surname: "Amrani", Initials: "M.", BirthDate: day(2004, 9, 3), Postcode: "5341", BSN: "294039405"},
		{Role: conference.RoleParent, Surname: "Amrani", Initials: "F.", BirthDate: day(1975, 4, 21), Postcode: "5341"},
	},
	"J. van B. (1979)": {
		{Role: conference.RoleMain, Surname: "van Beek", Initials: "J.", BirthDate: day(1979, 11, 20), Postcode: "5343", BSN: "290779431"},
	},
	"D. S. (1998)": {
		{Role: conference.RoleMain, Surname: "Sanders", Initials: "D.", BirthDate: day(1998, 4, 27), Postcode: "5348", BSN: "454615760"},
	},
	"T. L. (2011)": {
		{Role: conference.RoleMain, Surname: "Lammers", Initials: "T.", BirthDate: day(2011, 3, 8), Postcode: "5351"},
		{Role: conference.RoleChild, Surname: "Lammers", Initials: "S.", BirthDate: day(2013, 7, 15), Postcode: "5351"},
		{Role: conference.RoleParent, Surname: "Lammers", Initials: "S.", BirthDate: day(1982, 1, 5), Postcode: "5351", BSN: "829490413"},
	},
}
