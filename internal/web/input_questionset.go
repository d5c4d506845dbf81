package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"casusoverleg/agenda"
	"casusoverleg/conference"
)

// questionRow is one question of the question set form as typed. The form
// shows the set's questions and a few empty rows, so that questions can be
// added without JavaScript; the fields are named "questions[i].text" etc.
type questionRow struct {
	Index   int
	Key     string
	Text    string
	Help    string
	Kind    agenda.AnswerKind
	Choices string // one per line
	// TextEN, HelpEN and ChoicesEN are the English texts (choices one per line).
	TextEN    string
	HelpEN    string
	ChoicesEN string
}

// Field returns the form field name of the row's part, e.g. "questions[2].text".
func (r questionRow) Field(part string) string { return fmt.Sprintf("questions[%d].%s", r.Index, part) }

// Number is the row's number as the form shows it, from 1.
func (r questionRow) Number() int { return r.Index + 1 }

// emptyQuestionRows is how many empty rows the form offers for new questions.
const emptyQuestionRows = 3

// questionSetInput is the question set form as read from a request.
type questionSetInput struct {
	set  agenda.QuestionSet
	rows []questionRow
	// errs names the fields that could not be read at all (a position that is not a number).
	errs conference.ValidationErrors
}

// readQuestionSetForm reads the form. Rows without text, key, help and
// choices are left out and the rest numbered from 0, so that row i is
// questions[i] of the set and its validation errors land on that row. A
// question without a key gets one made from its text; a set without a key
// gets one from its name when deriveKey is set (on create).
func readQuestionSetForm(v url.Values, deriveKey bool) questionSetInput {
	var in questionSetInput
	q := &in.set
	q.Key, q.Name, q.Description = strings.TrimSpace(v.Get("key")), v.Get("name"), v.Get("description")
	q.NameEN, q.DescriptionEN = v.Get("name_en"), v.Get("description_en")
	if q.Key == "" && deriveKey {
		q.Key = slug(q.Name, nil)
	}
	q.Themes = []conference.Theme{}
	for _, t := range v["themes"] {
		q.Themes = append(q.Themes, conference.Theme(t))
	}
	q.ItemKinds = []agenda.Kind{}
	for _, k := range v["item_kinds"] {
		q.ItemKinds = append(q.ItemKinds, agenda.Kind(k))
	}
	q.Postcodes = splitPostcodes(v.Get("postcodes"))
	q.Position = valueInt(v, &in.errs, "position")
	q.Version = valueInt(v, &in.errs, "version")
	q.Active = v.Get("active") != ""
	in.rows = readQuestionRows(v)
	q.Questions = questionsOf(in.rows)
	return in
}

// readQuestionRows returns the non-empty rows in the order of their index, renumbered from 0.
func readQuestionRows(v url.Values) []questionRow {
	var idx []int
	for name := range v {
		rest, ok := strings.CutPrefix(name, "questions[")
		if !ok {
			continue
		}
		n, _, ok := strings.Cut(rest, "]")
		if i, err := strconv.Atoi(n); ok && err == nil && i >= 0 && !slices.Contains(idx, i) {
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	var rows []questionRow
	for _, i := range idx {
		get := func(part string) string { return v.Get(fmt.Sprintf("questions[%d].%s", i, part)) }
		r := questionRow{Key: strings.TrimSpace(get("key")), Text: get("text"), Help: get("help"),
			Kind: agenda.AnswerKind(get("kind")), Choices: get("choices"),
			TextEN: get("text_en"), HelpEN: get("help_en"), ChoicesEN: get("choices_en")}
		if r.Key == "" && strings.TrimSpace(r.Text+r.Help+r.Choices+r.TextEN+r.HelpEN+r.ChoicesEN) == "" {
			continue
		}
		r.Index = len(rows)
		rows = append(rows, r)
	}
	return rows
}

// questionsOf makes the questions of rows, giving a row without a key one
// made from its text (written back into the row, so the form shows it).
// Choices count only for a choice question: the other kinds ignore what
// is left in the field.
func questionsOf(rows []questionRow) []agenda.Question {
	taken := map[string]bool{}
	for _, r := range rows {
		taken[r.Key] = true
	}
	out := make([]agenda.Question, len(rows))
	for i := range rows {
		r := &rows[i]
		if r.Key == "" {
			r.Key = slug(r.Text, taken)
			if r.Key == "" {
				r.Key = slug(fmt.Sprintf("vraag-%d", i+1), taken)
			}
			taken[r.Key] = true
		}
		q := agenda.Question{Key: r.Key, Text: r.Text, Help: r.Help, Kind: r.Kind, TextEN: r.TextEN, HelpEN: r.HelpEN}
		if r.Kind == agenda.AnswerChoice {
			q.Choices = []string{}
			for _, line := range strings.Split(r.Choices, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					q.Choices = append(q.Choices, line)
				}
			}
			for _, line := range strings.Split(r.ChoicesEN, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					q.ChoicesEN = append(q.ChoicesEN, line)
				}
			}
		}
		out[i] = q
	}
	return out
}

// questionRowsOf returns the rows of a stored set's questions.
func questionRowsOf(qs []agenda.Question) []questionRow {
	rows := make([]questionRow, len(qs))
	for i, q := range qs {
		rows[i] = questionRow{Index: i, Key: q.Key, Text: q.Text, Help: q.Help, Kind: q.Kind, Choices: strings.Join(q.Choices, "\n"),
			TextEN: q.TextEN, HelpEN: q.HelpEN, ChoicesEN: strings.Join(q.ChoicesEN, "\n")}
	}
	return rows
}

// withEmptyRows appends the empty rows for new questions.
func withEmptyRows(rows []questionRow) []questionRow {
	for range emptyQuestionRows {
		rows = append(rows, questionRow{Index: len(rows), Kind: agenda.AnswerText})
	}
	return rows
}

// questionSetValues returns the form values of the set's own fields.
func questionSetValues(q agenda.QuestionSet) url.Values {
	v := url.Values{"key": {q.Key}, "name": {q.Name}, "description": {q.Description}, "name_en": {q.NameEN}, "description_en": {q.DescriptionEN},
		"postcodes": {strings.Join(q.Postcodes, ", ")}, "position": {strconv.Itoa(q.Position)},
		"version": {strconv.Itoa(q.Version)}}
	for _, t := range q.Themes {
		v.Add("themes", string(t))
	}
	for _, k := range q.ItemKinds {
		v.Add("item_kinds", string(k))
	}
	if q.Active {
		v.Set("active", "on")
	}
	return v
}

// splitPostcodes reads "5341, 5342 53" as its entries.
func splitPostcodes(s string) []string {
	out := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	if out == nil {
		out = []string{}
	}
	return out
}

// valueInt reads a whole number from a form value; empty is 0, a bad one is named in errs.
func valueInt(v url.Values, errs *conference.ValidationErrors, field string) int {
	s := strings.TrimSpace(v.Get(field))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		errs.Add(field, "must be a whole number")
	}
	return n
}

// slugMaxLen is the longest key agenda.QuestionSet.Validate accepts.
const slugMaxLen = 40

var slugFolds = strings.NewReplacer("à", "a", "á", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "æ", "ae",
	"ç", "c", "è", "e", "é", "e", "ê", "e", "ë", "e", "ì", "i", "í", "i", "î", "i", "ï", "i", "ĳ", "ij",
	"ñ", "n", "ò", "o", "ó", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o", "ß", "ss",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y")

// slug makes a key of text: lower-case letters and digits joined by "-", at
// most 40 characters, "" when text has fewer than two of them. When the
// key is in taken, "-2", "-3", … is added.
func slug(text string, taken map[string]bool) string {
	var b strings.Builder
	dash := false
	for _, r := range slugFolds.Replace(strings.ToLower(text)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= slugMaxLen {
			break
		}
	}
	base := strings.TrimRight(b.String()[:min(b.Len(), slugMaxLen)], "-")
	if len(base) < 2 {
		return ""
	}
	key := base
	for n := 2; taken[key]; n++ {
		suffix := "-" + strconv.Itoa(n)
		key = strings.TrimRight(base[:min(len(base), slugMaxLen-len(suffix))], "-") + suffix
	}
	return key
}

// rowForm is newForm for a form with repeated rows: a message stays with its
// row ("questions[2].text"), and only a trailing list index is dropped, so
// "questions[2].choices[1]" shows at "questions[2].choices" and "themes[0]"
// at "themes".
func rowForm(values url.Values, err error) *form {
	f := &form{Values: values, Errors: map[string]string{}}
	for _, fe := range validationErrors(err) {
		field := rowField(fe.Field)
		if _, seen := f.Errors[field]; !seen {
			f.Errors[field] = fe.Message
		}
	}
	return f
}

// rowField drops a trailing list index from a validation path.
func rowField(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i > 0 {
			return path[:i]
		}
	}
	return path
}
