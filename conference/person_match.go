package conference

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
)

// tussenvoegsels are the Dutch name particles left out when names are
// compared: "van den Berg", "Berg, van den" and "v.d. Berg" all compare as "berg".
var tussenvoegsels = map[string]bool{
	"van": true, "de": true, "der": true, "den": true, "het": true, "'t": true, "t": true, "ter": true,
	"ten": true, "te": true, "in": true, "op": true, "aan": true, "onder": true, "bij": true, "uit": true,
	"la": true, "le": true, "du": true, "des": true, "d'": true, "da": true, "di": true, "del": true, "dos": true,
	"el": true, "al": true, "v.d.": true, "vd": true, "v/d": true, "von": true, "zu": true,
}

func isTussenvoegsel(w string) bool { return tussenvoegsels[w] }

// accents maps the accented letters of Dutch, Turkish, Polish and other
// names in the region to their base letter.
var accents = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "ı", "i", "ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y", "ç", "c", "ć", "c", "č", "c", "ñ", "n", "ń", "n",
	"ş", "s", "ś", "s", "š", "s", "ğ", "g", "ł", "l", "ż", "z", "ź", "z", "ž", "z", "ß", "ss", "æ", "ae", "œ", "oe",
	"ĳ", "ij",
)

// normaliseSurname reduces a surname to what is compared: lower case, no
// accents, no tussenvoegsels, no punctuation. "Van den Bérg" → "berg".
func normaliseSurname(s string) string {
	s = accents.Replace(strings.ToLower(s))
	// "Berg, van den" puts the particles after a comma.
	if before, _, ok := strings.Cut(s, ","); ok {
		s = before
	}
	words := strings.Fields(s)
	var kept []string
	for _, w := range words {
		if !isTussenvoegsel(w) {
			kept = append(kept, w)
		}
	}
	var b strings.Builder
	for _, r := range strings.Join(kept, "") {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// initialsOf reduces initials or first names to lower-case initials:
// "R.J.", "R. J." and "Rob Jan" all give "rj".
func initialsOf(s string) string {
	s = accents.Replace(strings.ToLower(s))
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ' ' || r == '-' }) {
		for _, r := range w {
			if unicode.IsLetter(r) {
				b.WriteRune(r)
				break
			}
		}
	}
	return b.String()
}

// nameKey is what a name match compares: the normalised surname, the
// initials and the date of birth. It is empty without a full date of birth
// or a readable surname: a name alone never matches.
func nameKey(p Person) string {
	sur, ini := normaliseSurname(p.Surname), initialsOf(p.Initials)
	if p.BirthDate == nil || sur == "" || ini == "" {
		return ""
	}
	return sur + "|" + ini + "|" + p.BirthDate.Format(time.DateOnly)
}

// bsnHash is the keyed hash a BSN is matched by (HMAC-SHA256 with the
// deployment's person key), so that matching needs no scan of BSNs.
func bsnHash(key []byte, bsn string) string {
	if bsn == "" {
		return ""
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(bsn))
	return hex.EncodeToString(m.Sum(nil))
}

// PersonMatch is a person of another case that matches a person of a
// referral: same BSN, same identity, or same surname, initials and date of
// birth. It tells which other case, never who the person is.
type PersonMatch struct {
	// PersonID is the person of the referral that matched.
	PersonID int64 `json:"person_id"`
	// OtherPersonID is the matching person of the other case.
	OtherPersonID int64 `json:"other_person_id"`
	// By is how they matched: "bsn", "identity" or "name".
	By string `json:"by"`
	// Other is the other case: reference, status, closing date and involved
	// organisations only.
	Other CaseSummary `json:"other_case"`
}

// CaseSummary is what the chair learns of another case when a person matches:
// no subject, no persons, no summary.
type CaseSummary struct {
	ID                      int64      `json:"id"`
	Reference               string     `json:"reference"`
	Status                  CaseStatus `json:"status"`
	ClosedAt                *time.Time `json:"closed_at,omitempty"`
	InvolvedOrganisationIDs []int64    `json:"involved_organisation_ids"`
}

// PersonMatchKeys returns what a person is matched and searched by: the keyed
// hash of the BSN (empty without one), the name key (empty without a full
// date of birth) and the normalised surname. Only a bulk loader that writes
// the persons table itself (internal/benchdata) needs it; key is ReadPersonKey's.
func PersonMatchKeys(key []byte, p Person) (bsnHashed, name, surname string) {
	return bsnHash(key, p.BSN), nameKey(p), normaliseSurname(p.Surname)
}
