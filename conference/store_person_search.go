package conference

import (
	"context"
	"strings"
	"time"
)

// PersonQuery searches persons by name, date of birth or BSN; at least one is given.
type PersonQuery struct {
	// Name matches the surname (normalised: case, accents and tussenvoegsels
	// do not matter) from its start, and the initials when given as "R. de Graaf".
	Name      string
	BirthDate *time.Time
	BSN       string
	Page
}

// PersonHit is a person found by a search, with the case it is on.
type PersonHit struct {
	Person
	// Redacted is true when the searcher (a chair or secretary) may not see
	// the case: only the case reference and status are given, no person data.
	Redacted      bool       `json:"redacted,omitempty"`
	CaseReference string     `json:"case_reference"`
	CaseStatus    CaseStatus `json:"case_status"`
}

// Validate reports what is wrong with q: it needs a term, and a BSN must pass the elfproef.
func (q *PersonQuery) Validate() error {
	q.Name = strings.TrimSpace(q.Name)
	q.BSN = strings.ReplaceAll(strings.TrimSpace(q.BSN), " ", "")
	var errs ValidationErrors
	if q.Name == "" && q.BirthDate == nil && q.BSN == "" {
		errs.Add("q", "give a name, a date of birth or a BSN")
	}
	if q.Name != "" && len([]rune(normaliseSurname(q.Name))) < 2 {
		errs.Add("q", "must have at least two letters of the surname")
	}
	if q.BSN != "" && !ValidBSN(q.BSN) {
		errs.Add("bsn", "must be a valid BSN (nine digits that pass the elfproef)")
	}
	return errs.Err()
}

// SearchPersons finds persons for a: a chair or secretary searches every
// case; anyone else only the cases their organisation may see, so a search
// cannot tell that a person is on a case they may not see.
func (s *Store) SearchPersons(ctx context.Context, a Actor, q PersonQuery) ([]PersonHit, int64, error) {
	if err := q.Validate(); err != nil {
		return nil, 0, err
	}
	db := s.db.WithContext(ctx)
	cases := db.Model(&caseRow{}).Select("cases.id")
	if !organiser(a) {
		cases = s.scopeCases(cases, a)
	}
	sq := db.Model(&personRow{}).Where("persons.case_id IN (?)", cases)
	if q.Name != "" {
		surname, initials := q.Name, ""
		if words := strings.Fields(q.Name); len(words) > 1 && isInitialsWord(words[0]) {
			initials, surname = words[0], strings.Join(words[1:], " ")
		}
		sq = sq.Where("persons.surname_key LIKE ?", normaliseSurname(surname)+"%")
		if initials != "" {
			sq = sq.Where("LOWER(persons.initials) LIKE ?", strings.ToLower(initials[:1])+"%")
		}
	}
	if q.BirthDate != nil {
		d := time.Date(q.BirthDate.Year(), q.BirthDate.Month(), q.BirthDate.Day(), 0, 0, 0, 0, time.UTC)
		sq = sq.Where("persons.birth_date = ?", d)
	}
	if q.BSN != "" {
		key, err := s.personKey(db)
		if err != nil {
			return nil, 0, err
		}
		sq = sq.Where("persons.bsn_hash = ?", bsnHash(key, q.BSN))
	}
	var rows []personRow
	total, err := list(sq, q.Page, "persons.surname_key, persons.id", &rows)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.CaseID
	}
	sums, err := s.caseSummaries(db, ids)
	if err != nil {
		return nil, 0, err
	}
	seen, err := s.canSeeCases(db, a, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]PersonHit, len(rows))
	for i, r := range rows {
		out[i] = PersonHit{Person: r.domain(false), CaseReference: sums[r.CaseID].Reference, CaseStatus: sums[r.CaseID].Status}
		if !seen[r.CaseID] {
			// A chair finds the person on a case they may not open: the
			// reference to ask about, nothing of the person beyond the terms.
			out[i] = PersonHit{Person: Person{ID: r.ID, CaseID: r.CaseID}, Redacted: true,
				CaseReference: sums[r.CaseID].Reference, CaseStatus: sums[r.CaseID].Status}
		}
	}
	return out, total, nil
}
