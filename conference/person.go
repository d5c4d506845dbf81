package conference

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// PersonRole is the part a person plays in a case.
type PersonRole string

// The roles of a person in a case.
const (
	RoleMain        PersonRole = "hoofdpersoon"
	RolePartner     PersonRole = "partner"
	RoleParent      PersonRole = "ouder"
	RoleChild       PersonRole = "kind"
	RoleHousehold   PersonRole = "ander_gezinslid"
	RoleVictim      PersonRole = "slachtoffer"
	RoleOtherPerson PersonRole = "overig"
)

// PersonRoles lists every valid PersonRole, the main person first.
var PersonRoles = []PersonRole{RoleMain, RolePartner, RoleParent, RoleChild, RoleHousehold, RoleVictim, RoleOtherPerson}

// Person is a person on a case (betrokkene). It is case data: whoever may not
// see the case sees none of it. The BSN is kept for matching and shown masked
// (*****1234) unless a reader asks for it in full, which is audited.
type Person struct {
	ID     int64 `json:"id"`
	CaseID int64 `json:"case_id"`
	// IdentityID groups records of the same person across cases: a merge gives
	// two records one identity. A new record is its own identity.
	IdentityID int64      `json:"identity_id"`
	Role       PersonRole `json:"role" validate:"oneof=hoofdpersoon partner ouder kind ander_gezinslid slachtoffer overig"`
	// Surname includes the tussenvoegsel: "de Graaf".
	Surname string `json:"surname" validate:"required,max=100"`
	// Initials are the initials or the first names: "R.J." or "Rob Jan".
	Initials  string     `json:"initials" validate:"required,max=100"`
	BirthDate *time.Time `json:"birth_date,omitempty"`
	// BirthYear is set from BirthDate; a person migrated from a free-text
	// subject may have only the year.
	BirthYear int    `json:"birth_year,omitempty" validate:"omitempty,gte=1900,lte=2100"`
	Postcode  string `json:"postcode,omitempty" validate:"omitempty,pc4"`
	// BSN is the citizen service number in full: given on input, and on
	// output only when asked for; BSNMasked is what is shown otherwise.
	BSN       string    `json:"bsn,omitempty"`
	BSNMasked string    `json:"bsn_masked,omitempty"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

var bsnPattern = regexp.MustCompile(`^[0-9]{9}$`)

// ValidBSN reports whether s is a nine-digit number that passes the elfproef
// (9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11, and not 0).
func ValidBSN(s string) bool {
	if !bsnPattern.MatchString(s) {
		return false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(s[i]-'0') * (9 - i)
	}
	sum -= int(s[8] - '0')
	return sum != 0 && sum%11 == 0
}

// MaskBSN shows only the last four digits of a BSN: *****1234.
func MaskBSN(bsn string) string {
	if len(bsn) < 4 {
		return ""
	}
	return strings.Repeat("*", len(bsn)-4) + bsn[len(bsn)-4:]
}

// Validate reports what is wrong with p, field by field, and tidies its text.
// A date of birth is required; the year alone is accepted only for records
// read from an old free-text subject.
func (p *Person) Validate() error {
	p.Surname = reorderSurname(strings.Join(strings.Fields(p.Surname), " "))
	p.Initials = strings.Join(strings.Fields(p.Initials), " ")
	p.Postcode = strings.TrimSpace(p.Postcode)
	p.BSN = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(p.BSN), " ", ""), ".", "")
	if p.Role == "" {
		p.Role = RoleMain
	}
	if p.BirthDate != nil {
		d := time.Date(p.BirthDate.Year(), p.BirthDate.Month(), p.BirthDate.Day(), 0, 0, 0, 0, time.UTC)
		p.BirthDate = &d
		p.BirthYear = d.Year()
	}
	var errs ValidationErrors
	if err := ValidateStruct(p); err != nil {
		var ve ValidationErrors
		if !asValidation(err, &ve) {
			return err
		}
		errs = ve
	}
	if p.BirthDate == nil && p.BirthYear == 0 {
		errs.Add("birth_date", "is required")
	}
	if p.BSN != "" && !ValidBSN(p.BSN) {
		errs.Add("bsn", "must be a valid BSN (nine digits that pass the elfproef)")
	}
	return errs.Err()
}

// reorderSurname writes an index-style surname in the usual order:
// "Linden, van der" becomes "van der Linden". Anything else stays.
func reorderSurname(s string) string {
	name, particles, ok := strings.Cut(s, ",")
	words := strings.Fields(particles)
	if !ok || len(words) == 0 || strings.TrimSpace(name) == "" {
		return s
	}
	for _, w := range words {
		if !isTussenvoegsel(strings.ToLower(w)) {
			return s
		}
	}
	return strings.ToLower(strings.Join(words, " ")) + " " + strings.TrimSpace(name)
}

func asValidation(err error, out *ValidationErrors) bool {
	ve, ok := err.(ValidationErrors)
	if ok {
		*out = ve
	}
	return ok
}

// Subject is how the person is named on agendas: initials, tussenvoegsel,
// the first letter of the surname and the year of birth: "R. de G. (1991)".
func (p Person) Subject() string {
	var b strings.Builder
	if ini := initialsOf(p.Initials); ini != "" {
		for _, r := range ini {
			b.WriteString(strings.ToUpper(string(r)) + ".")
		}
		b.WriteString(" ")
	}
	words := strings.Fields(p.Surname)
	for i, w := range words {
		if i < len(words)-1 && isTussenvoegsel(strings.ToLower(w)) {
			b.WriteString(strings.ToLower(w) + " ")
			continue
		}
		r := []rune(strings.TrimSuffix(w, "."))
		if len(r) > 0 {
			b.WriteString(strings.ToUpper(string(r[0])) + ".")
		}
		break
	}
	if p.BirthYear > 0 {
		fmt.Fprintf(&b, " (%d)", p.BirthYear)
	}
	return strings.TrimSpace(b.String())
}

// MainPerson returns the main person of a list, or the first one.
func MainPerson(persons []Person) (Person, bool) {
	if len(persons) == 0 {
		return Person{}, false
	}
	if i := slices.IndexFunc(persons, func(p Person) bool { return p.Role == RoleMain }); i >= 0 {
		return persons[i], true
	}
	return persons[0], true
}

// yearSuffix finds "(1991)" at the end of a free-text subject.
var yearSuffix = regexp.MustCompile(`\(\s*((?:19|20)[0-9]{2})\s*\)\s*$`)

// PersonFromSubject reads a main person out of an old free-text subject such
// as "R. de G. (1991)" as far as it can be read: leading initials, the rest
// as surname, and the year in brackets. What cannot be read stays in the
// surname, so nothing is lost.
func PersonFromSubject(subject string) Person {
	p := Person{Role: RoleMain}
	s := strings.TrimSpace(subject)
	if m := yearSuffix.FindStringSubmatchIndex(s); m != nil {
		p.BirthYear, _ = strconv.Atoi(s[m[2]:m[3]])
		s = strings.TrimSpace(s[:m[0]])
	}
	words := strings.Fields(s)
	i := 0
	for i < len(words)-1 && isInitialsWord(words[i]) {
		i++
	}
	p.Initials = strings.Join(words[:i], " ")
	p.Surname = strings.Join(words[i:], " ")
	if p.Initials == "" {
		p.Initials = "-"
	}
	if p.Surname == "" {
		p.Surname = "-"
	}
	return p
}

// isInitialsWord reports whether w looks like initials: "R.", "R.J.", "A.B.C.".
func isInitialsWord(w string) bool {
	r := []rune(w)
	if len(r) < 2 || len(r)%2 != 0 {
		return false
	}
	for i := 0; i < len(r); i += 2 {
		if r[i+1] != '.' || !isUpperLetter(r[i]) {
			return false
		}
	}
	return true
}

func isUpperLetter(r rune) bool {
	return strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r)
}
