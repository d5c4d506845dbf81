package conference_test

import (
	"testing"
	"time"

	"casusoverleg/conference"
)

func TestValidBSN(t *testing.T) {
	for _, tc := range []struct {
		bsn  string
		want bool
	}{
		{"111222333", true},
		{"123456782", true},
		{"123456789", false}, // fails the elfproef
		{"000000000", false}, // sum 0
		{"12345678", false},  // eight digits
		{"1234567890", false},
		{"12345678a", false},
		{"", false},
	} {
		if got := conference.ValidBSN(tc.bsn); got != tc.want {
			t.Errorf("ValidBSN(%q) = %v, want %v", tc.bsn, got, tc.want)
		}
	}
	if got := conference.MaskBSN("111222333"); got != "*****2333" {
		t.Errorf("MaskBSN = %q", got)
	}
}

func TestPersonSubject(t *testing.T) {
	born := time.Date(1991, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		p    conference.Person
		want string
	}{
		{conference.Person{Surname: "de Graaf", Initials: "R.", BirthDate: &born, BirthYear: 1991}, "R. de G. (1991)"},
		{conference.Person{Surname: "van den Berg", Initials: "Anna Maria", BirthYear: 1991}, "A.M. van den B. (1991)"},
		{conference.Person{Surname: "Öztürk", Initials: "e."}, "E. Ö."},
	} {
		if got := tc.p.Subject(); got != tc.want {
			t.Errorf("Subject(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestPersonFromSubject(t *testing.T) {
	for _, tc := range []struct {
		subject, initials, surname string
		year                       int
	}{
		{"R. de G. (1991)", "R.", "de G.", 1991},
		{"A.B. Jansen (1985)", "A.B.", "Jansen", 1985},
		{"Familie K.", "-", "Familie K.", 0},
		{"K. B. (2010)", "K.", "B.", 2010},
		{"", "-", "-", 0},
	} {
		p := conference.PersonFromSubject(tc.subject)
		if p.Initials != tc.initials || p.Surname != tc.surname || p.BirthYear != tc.year || p.Role != conference.RoleMain {
			t.Errorf("PersonFromSubject(%q) = %q %q %d %s, want %q %q %d", tc.subject, p.Initials, p.Surname, p.BirthYear, p.Role, tc.initials, tc.surname, tc.year)
		}
	}
}

func TestPersonValidate(t *testing.T) {
	born := time.Date(1991, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		p     conference.Person
		field string
	}{
		{"OK", conference.Person{Surname: "Graaf, de", Initials: "R.", BirthDate: &born, BSN: "111 222 333"}, ""},
		{"ErrBSN", conference.Person{Surname: "de Graaf", Initials: "R.", BirthDate: &born, BSN: "123456789"}, "bsn"},
		{"ErrBirth", conference.Person{Surname: "de Graaf", Initials: "R."}, "birth_date"},
		{"ErrSurname", conference.Person{Initials: "R.", BirthDate: &born}, "surname"},
		{"ErrRole", conference.Person{Surname: "X", Initials: "R.", BirthDate: &born, Role: "buurman"}, "role"},
		{"ErrPostcode", conference.Person{Surname: "X", Initials: "R.", BirthDate: &born, Postcode: "53"}, "postcode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Validate()
			if tc.field == "" {
				if err != nil || tc.p.BSN != "111222333" || tc.p.Role != conference.RoleMain || tc.p.Surname != "de Graaf" {
					t.Fatalf("Validate() = %v (bsn %q, role %s)", err, tc.p.BSN, tc.p.Role)
				}
				return
			}
			ve, ok := err.(conference.ValidationErrors)
			if !ok || len(ve) != 1 || ve[0].Field != tc.field {
				t.Fatalf("Validate() = %v, want one error on %s", err, tc.field)
			}
		})
	}
}

func TestCaseValidateOneMainPerson(t *testing.T) {
	born := time.Date(1991, 3, 4, 0, 0, 0, 0, time.UTC)
	c := conference.Case{Theme: conference.ThemeDomestic, Postcode: "5342", Neighbourhood: "Ruwaard", ReferringOrganisationID: 1,
		Persons: []conference.Person{{Surname: "A", Initials: "A.", BirthDate: &born}, {Surname: "B", Initials: "B.", BirthDate: &born}}}
	err := c.Validate()
	ve, ok := err.(conference.ValidationErrors)
	if !ok || len(ve) != 1 || ve[0].Field != "persons" {
		t.Fatalf("two main persons: %v", err)
	}
	c.Persons[1].Role = conference.RolePartner
	if err := c.Validate(); err != nil || c.Subject != "A. A. (1991)" {
		t.Fatalf("Validate() = %v, subject %q", err, c.Subject)
	}
}
