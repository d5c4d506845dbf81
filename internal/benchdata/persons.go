package benchdata

import (
	"fmt"
	"math/rand/v2"
	"time"

	"casusoverleg/conference"
)

// personRow mirrors the persons table (package conference).
type personRow struct {
	ID         int64
	CaseID     int64
	IdentityID int64
	Role       string
	Surname    string
	Initials   string
	BirthDate  *time.Time
	BirthYear  int
	Postcode   string
	BSN        string `gorm:"column:bsn"`
	BSNHash    string `gorm:"column:bsn_hash"`
	NameKey    string
	SurnameKey string
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (personRow) TableName() string { return "persons" }

// RepeatShare is the part of the referrals that names the main person of an
// earlier case again: MARAC practice reports some 25–30% repeat referrals.
const RepeatShare = 0.28

// moreSurnames widen the names of the region, so that two people rarely
// share surname, initials and date of birth by chance.
var moreSurnames = []string{"van Beek", "Koç", "Öztürk", "de Jong", "van Dam", "Hoekstra", "Brouwer", "Kramer",
	"van Rijn", "Aydın", "Bouzid", "Pinas", "Sewdien", "Wouters", "Claassen", "van Haren", "Timmermans",
	"de Wit", "Ramdin", "Nowak", "Kowalski", "van Kessel", "Verbeek", "Hermans", "Coenen", "Driessen",
	"Lammers", "Sanders", "van Gerwen", "Bosman", "Haddou", "Tahiri", "Kaya", "Demir", "Janssens"}

// personPlanner draws persons on its own random stream, so that adding persons
// leaves the rest of the generated region as it was.
type personPlanner struct {
	rng *rand.Rand
	// mains are the main persons planned so far, in referral order.
	mains []conference.Person
	bsns  map[string]bool
}

func (pp *personPlanner) pick(n int) int { return pp.rng.IntN(n) }

// bsn draws a fresh nine-digit number that passes the elfproef.
func (pp *personPlanner) bsn() string {
	for {
		d := make([]int, 8)
		sum := 0
		for i := range d {
			d[i] = pp.pick(10)
			sum += d[i] * (9 - i)
		}
		last := sum % 11
		if d[0] == 0 || last > 9 || sum == last {
			continue
		}
		s := ""
		for _, x := range d {
			s += fmt.Sprint(x)
		}
		s += fmt.Sprint(last)
		if !pp.bsns[s] && conference.ValidBSN(s) {
			pp.bsns[s] = true
			return s
		}
	}
}

func (pp *personPlanner) person(role conference.PersonRole, surname string, born time.Time, pc4 string, withBSN bool) conference.Person {
	b := time.Date(born.Year(), born.Month(), born.Day(), 0, 0, 0, 0, time.UTC)
	p := conference.Person{Role: role, Surname: surname, BirthDate: &b, BirthYear: b.Year(), Postcode: pc4,
		Initials: pickFrom2(pp, initials)}
	if withBSN {
		p.BSN = pp.bsn()
	}
	return p
}

func pickFrom2[T any](pp *personPlanner, list []T) T { return list[pp.pick(len(list))] }

func (pp *personPlanner) surname() string {
	if pp.pick(len(lastNames)+len(moreSurnames)) < len(lastNames) {
		return pickFrom2(pp, lastNames)
	}
	return pickFrom2(pp, moreSurnames)
}

// born draws a date of birth age years (plus up to one) before at.
func (pp *personPlanner) born(at time.Time, age int) time.Time {
	return at.AddDate(-age, 0, -pp.pick(365))
}

// household plans the persons of a case by its theme: a family for domestic
// violence (main person, partner, children), a young person with parents for
// youth, otherwise an adult with a partner, a victim and a witness, a parent
// or another member of the household. Most adults
// have a BSN on record; children half of the time.
func (pp *personPlanner) household(c *plannedCase) []conference.Person {
	at, pc4 := c.created, c.Postcode
	sur := pp.surname()
	var out []conference.Person
	switch c.Theme {
	case conference.ThemeDomestic:
		out = append(out, pp.person(conference.RoleMain, sur, pp.born(at, 25+pp.pick(30)), pc4, pp.pick(10) < 8),
			pp.person(conference.RolePartner, pp.surname(), pp.born(at, 23+pp.pick(30)), pc4, pp.pick(10) < 7))
		for range 1 + pp.pick(3) {
			out = append(out, pp.person(conference.RoleChild, sur, pp.born(at, 1+pp.pick(16)), pc4, pp.pick(2) == 0))
		}
	case conference.ThemeYouth:
		out = append(out, pp.person(conference.RoleMain, sur, pp.born(at, 12+pp.pick(6)), pc4, pp.pick(2) == 0),
			pp.person(conference.RoleParent, sur, pp.born(at, 38+pp.pick(15)), pc4, pp.pick(10) < 7))
		if pp.pick(2) == 0 {
			out = append(out, pp.person(conference.RoleParent, pp.surname(), pp.born(at, 38+pp.pick(15)), pc4, pp.pick(2) == 0))
		}
		if pp.pick(3) == 0 {
			out = append(out, pp.person(conference.RoleHousehold, sur, pp.born(at, 8+pp.pick(10)), pc4, false))
		}
	default:
		out = append(out, pp.person(conference.RoleMain, sur, pp.born(at, 18+pp.pick(50)), pc4, pp.pick(10) < 9))
		switch pp.pick(4) {
		case 0:
			out = append(out, pp.person(conference.RolePartner, pp.surname(), pp.born(at, 20+pp.pick(45)), pc4, pp.pick(2) == 0))
		case 1:
			out = append(out, pp.person(conference.RoleVictim, pp.surname(), pp.born(at, 20+pp.pick(60)), pc4, false),
				pp.person(conference.RoleOtherPerson, pp.surname(), pp.born(at, 20+pp.pick(60)), pc4, false))
		case 2:
			out = append(out, pp.person(conference.RoleParent, sur, pp.born(at, 45+pp.pick(25)), pc4, pp.pick(2) == 0))
		default:
			out = append(out, pp.person(conference.RoleHousehold, sur, pp.born(at, 10+pp.pick(50)), pc4, pp.pick(2) == 0))
		}
	}
	return out
}

// planPersons gives each case its persons, in referral order; the cases'
// subjects then derive from their main persons. A share of the referrals
// (RepeatShare) names the main person of one of the last 1500 cases
// again: the known-person check finds them, and those discussed within a
// year before are repeat referrals (see markRepeats).
func (g *gen) planPersons(cases []*plannedCase) {
	pp := &personPlanner{rng: rand.New(rand.NewPCG(uint64(len(cases)), 16)), bsns: map[string]bool{}}
	for _, pc := range cases {
		pc.Persons = pp.household(pc)
		if n := len(pp.mains); n > 5 && pp.rng.Float64() < RepeatShare {
			// Someone of the last 5 to 1500 referrals (weeks to years ago) comes back.
			back := 5 + pp.pick(min(n-5, 1495))
			again := pp.mains[n-1-back]
			again.Postcode = pc.Postcode
			pc.Persons[0] = again
		}
		pp.mains = append(pp.mains, pc.Persons[0])
	}
}

// personRows writes the planned persons, and on each case its closing date
// and, for a repeat referral, the last meeting within twelve months before
// the referral that discussed a case of its main person.
func (g *gen) personRows(cases []*plannedCase, held int, key []byte) {
	lastOf := map[string][]time.Time{} // name key → the meetings held that discussed a case of that person
	type disc struct {
		key   string
		times []time.Time
	}
	byCase := map[int64]disc{}
	for _, pc := range cases {
		sr := &g.series[pc.series]
		_, nk, _ := conference.PersonMatchKeys(key, pc.Persons[0])
		var times []time.Time
		for _, k := range pc.meetings {
			if k <= held {
				times = append(times, sr.meetings[k].starts)
			}
		}
		byCase[pc.ID] = disc{key: nk, times: times}
	}
	planned := make(map[int64]*plannedCase, len(cases))
	for _, pc := range cases {
		planned[pc.ID] = pc
	}
	id := int64(0)
	for i := range g.rows.cases {
		row := &g.rows.cases[i]
		pc := planned[row.ID]
		if row.Status == string(conference.CaseClosed) {
			closed := row.UpdatedAt
			row.ClosedAt = &closed
			row.Outcome, row.ClosingReason = string(conference.OutcomeGoalReached), "Doelen bereikt; de partners zetten de zorg regulier voort."
		}
		d := byCase[row.ID]
		var last time.Time
		for _, t := range lastOf[d.key] {
			if t.Before(pc.created) && t.After(last) {
				last = t
			}
		}
		if !last.IsZero() && !last.Before(pc.created.AddDate(0, -conference.DefaultRepeatMonths, 0)) {
			row.RepeatOf = &last
		}
		lastOf[d.key] = append(lastOf[d.key], d.times...)
		for _, p := range pc.Persons {
			id++
			bh, nk, sk := conference.PersonMatchKeys(key, p)
			g.rows.persons = append(g.rows.persons, personRow{ID: id, CaseID: pc.ID, IdentityID: id, Role: string(p.Role),
				Surname: p.Surname, Initials: p.Initials, BirthDate: p.BirthDate, BirthYear: p.BirthYear, Postcode: p.Postcode,
				BSN: p.BSN, BSNHash: bh, NameKey: nk, SurnameKey: sk, Version: 1, CreatedAt: pc.created, UpdatedAt: pc.created})
		}
	}
}
