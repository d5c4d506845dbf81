package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"casusoverleg/conference"
)

// personInput is the JSON body of a person on a case.
type personInput struct {
	Role      conference.PersonRole `json:"role"`
	Surname   string                `json:"surname"`
	Initials  string                `json:"initials"`
	BirthDate string                `json:"birth_date"`
	Postcode  string                `json:"postcode"`
	BSN       string                `json:"bsn"`
	Version   int                   `json:"version"`
}

// domain turns the input into a Person; a date of birth that cannot be read
// is named in errs under prefix+"birth_date".
func (in personInput) domain(id int64, errs *conference.ValidationErrors, prefix string) conference.Person {
	p := conference.Person{ID: id, Role: in.Role, Surname: in.Surname, Initials: in.Initials, Postcode: in.Postcode,
		BSN: in.BSN, Version: in.Version}
	// A missing date of birth is the domain's to name, with the other fields.
	if d := strings.TrimSpace(in.BirthDate); d != "" {
		p.BirthDate = parseDate(errs, prefix+"birth_date", d)
	}
	return p
}

// personsOf reads the persons of a case input; each needs a date of birth.
func personsOf(in []personInput, errs *conference.ValidationErrors) []conference.Person {
	out := make([]conference.Person, len(in))
	for i, p := range in {
		out[i] = p.domain(0, errs, fmt.Sprintf("persons[%d].", i))
	}
	return out
}

// personSlots is how many person rows the referral forms offer: a main
// person and the members of a household.
const personSlots = 4

// personForm is what the person rows of a form need.
type personForm struct {
	PersonSlots []int
	PersonRoles []conference.PersonRole
}

func newPersonForm() personForm {
	slots := make([]int, personSlots)
	for i := range slots {
		slots[i] = i
	}
	return personForm{PersonSlots: slots, PersonRoles: conference.PersonRoles}
}

// personField is the form field of row i: p0-surname.
func personField(i int, name string) string { return "p" + strconv.Itoa(i) + "-" + name }

// formPersons reads the filled person rows of a referral form (empty rows are
// skipped). rows maps each person to its form row, for the error messages.
func formPersons(v url.Values, errs *conference.ValidationErrors) (persons []conference.Person, rows []int) {
	for i := range personSlots {
		get := func(name string) string { return strings.TrimSpace(v.Get(personField(i, name))) }
		if get("surname") == "" && get("initials") == "" && get("birth_date") == "" && get("bsn") == "" {
			continue
		}
		in := personInput{Role: conference.PersonRole(get("role")), Surname: get("surname"), Initials: get("initials"),
			BirthDate: get("birth_date"), Postcode: get("postcode"), BSN: get("bsn")}
		if in.Role == "" && i == 0 {
			in.Role = conference.RoleMain
		}
		var pe conference.ValidationErrors
		persons = append(persons, in.domain(0, &pe, ""))
		for _, e := range pe {
			errs.Add(personField(i, e.Field), e.Msg)
		}
		rows = append(rows, i)
	}
	return persons, rows
}

var personErrField = regexp.MustCompile(`^(?:case\.)?persons\[(\d+)\]\.(.+)$`)

// personFormErrors moves the domain's "persons[k].surname" next to the form
// row the k-th person came from ("p2-surname").
func personFormErrors(err error, rows []int) error {
	fes := validationErrors(err)
	if fes == nil {
		return err
	}
	var out conference.ValidationErrors
	for _, fe := range fes {
		field := fe.Field
		if m := personErrField.FindStringSubmatch(field); m != nil {
			k, _ := strconv.Atoi(m[1])
			if k < len(rows) {
				field = personField(rows[k], m[2])
			}
		} else if strings.TrimPrefix(field, "case.") == "persons" {
			field = personField(0, "surname")
		}
		out.Add(field, fe.Message)
	}
	return out
}
