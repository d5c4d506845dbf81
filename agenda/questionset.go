package agenda

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"casusoverleg/conference"
)

// AnswerKind says how a question is answered.
type AnswerKind string

// The kinds of answers a question can ask for.
const (
	AnswerText   AnswerKind = "text"   // free text
	AnswerYesNo  AnswerKind = "yes_no" // ja / nee
	AnswerChoice AnswerKind = "choice" // one of Question.Choices
)

// AnswerKinds lists every valid AnswerKind.
var AnswerKinds = []AnswerKind{AnswerText, AnswerYesNo, AnswerChoice}

// Limits of a question set.
const (
	MaxQuestions   = 50   // questions per set
	MaxChoices     = 20   // choices per question
	MaxPostcodes   = 100  // postcode filters per set
	MaxSetPosition = 9999 // highest Position
)

// Question is one question of a question set. Key names the answer, so it
// stays the same when the text is reworded.
type Question struct {
	Key     string     `json:"key"`
	Text    string     `json:"text" validate:"required,max=500"`
	Help    string     `json:"help,omitempty" validate:"max=1000"`
	Kind    AnswerKind `json:"kind" validate:"required,oneof=text yes_no choice"`
	Choices []string   `json:"choices,omitempty" validate:"dive,required,max=100"`
	// TextEN, HelpEN and ChoicesEN are the English texts; the Dutch ones are
	// the source. An empty English text shows the Dutch one. ChoicesEN labels
	// Choices one for one; an answer always stores the Dutch choice.
	TextEN    string   `json:"text_en,omitempty" validate:"max=500"`
	HelpEN    string   `json:"help_en,omitempty" validate:"max=1000"`
	ChoicesEN []string `json:"choices_en,omitempty" validate:"dive,required,max=100"`
}

// TextIn returns the question's text in lang ("en" or "nl").
func (q Question) TextIn(lang string) string { return inLang(lang, q.Text, q.TextEN) }

// HelpIn returns the question's help in lang.
func (q Question) HelpIn(lang string) string { return inLang(lang, q.Help, q.HelpEN) }

// ChoiceIn returns the label of choice (a Dutch choice) in lang.
func (q Question) ChoiceIn(lang, choice string) string {
	if i := slices.Index(q.Choices, choice); lang == "en" && i >= 0 && i < len(q.ChoicesEN) {
		return q.ChoicesEN[i]
	}
	return choice
}

// inLang picks the English text for "en" when there is one, else the Dutch.
func inLang(lang, nl, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return nl
}

// QuestionSet is an ordered list of questions (vragenset) the chair attaches
// to an agenda item. Its filters say for which items it is meant: an empty
// filter matches everything.
type QuestionSet struct {
	ID int64 `json:"id"`
	// Key is the set's unique slug, e.g. "buurtgericht"; built-in sets are known by it.
	Key         string `json:"key"`
	Name        string `json:"name" validate:"required,max=200"`
	Description string `json:"description" validate:"max=2000"`
	// NameEN and DescriptionEN are the English texts; empty shows the Dutch.
	NameEN        string `json:"name_en" validate:"max=200"`
	DescriptionEN string `json:"description_en" validate:"max=2000"`
	// Themes limits the set to cases of these themes; empty means every theme.
	Themes []conference.Theme `json:"themes"`
	// Postcodes limits the set to cases in these PC4 areas ("5342") or
	// postcode prefixes ("53"); empty means every neighbourhood.
	Postcodes []string `json:"postcodes"`
	// ItemKinds limits the set to agenda items of these kinds; empty means every kind.
	ItemKinds []Kind `json:"item_kinds"`
	// Position orders sets in lists and on an item: lower first.
	Position  int        `json:"position"`
	Questions []Question `json:"questions" validate:"dive"`
	// BuiltIn marks a set installed from templates/questionsets; its key never changes.
	BuiltIn   bool      `json:"built_in"`
	Active    bool      `json:"active"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// NameIn returns the set's name in lang ("en" or "nl").
func (q QuestionSet) NameIn(lang string) string { return inLang(lang, q.Name, q.NameEN) }

// DescriptionIn returns the set's description in lang.
func (q QuestionSet) DescriptionIn(lang string) string {
	return inLang(lang, q.Description, q.DescriptionEN)
}

var (
	slugPattern           = regexp.MustCompile(`^[a-z0-9_-]{2,40}$`)
	postcodePrefixPattern = regexp.MustCompile(`^[1-9][0-9]{0,3}$`)
)

const slugMsg = "must be 2 to 40 lower-case letters, digits, - or _"

// Validate trims q and reports what is wrong with it, field by field, as
// conference.ValidationErrors named by JSON paths such as "questions[2].text".
func (q *QuestionSet) Validate() error {
	q.normalise()
	var errs conference.ValidationErrors
	if err := conference.ValidateStruct(q); err != nil {
		if !errors.As(err, &errs) {
			return err
		}
	}
	if !slugPattern.MatchString(q.Key) {
		errs.Add("key", slugMsg)
	}
	// Themes and kinds are checked against the lists, so a new theme needs no tag change.
	for i, th := range q.Themes {
		if !slices.Contains(conference.Themes, th) {
			errs.Add(fmt.Sprintf("themes[%d]", i), "must be one of: "+joinList(conference.Themes, " "))
		}
	}
	for i, k := range q.ItemKinds {
		if !slices.Contains(Kinds, k) {
			errs.Add(fmt.Sprintf("item_kinds[%d]", i), "must be one of: "+joinList(Kinds, " "))
		}
	}
	if q.Position < 0 || q.Position > MaxSetPosition {
		errs.Add("position", fmt.Sprintf("must be between 0 and %d", MaxSetPosition))
	}
	if len(q.Postcodes) > MaxPostcodes {
		errs.Add("postcodes", fmt.Sprintf("must have at most %d entries", MaxPostcodes))
	}
	for i, pc := range q.Postcodes {
		if !postcodePrefixPattern.MatchString(pc) {
			errs.Add(fmt.Sprintf("postcodes[%d]", i), "must be a PC4 area (5341) or its first digits (53)")
		}
	}
	switch {
	case len(q.Questions) == 0:
		errs.Add("questions", "must have at least one question")
	case len(q.Questions) > MaxQuestions:
		errs.Add("questions", fmt.Sprintf("must have at most %d questions", MaxQuestions))
	}
	seen := make(map[string]int, len(q.Questions))
	for i, qu := range q.Questions {
		validateQuestion(&errs, fmt.Sprintf("questions[%d]", i), qu)
		if j, dup := seen[qu.Key]; dup && qu.Key != "" {
			errs.Add(fmt.Sprintf("questions[%d].key", i), fmt.Sprintf("is already used by questions[%d]", j))
		} else if !dup {
			seen[qu.Key] = i
		}
	}
	return errs.Err()
}

// validateQuestion adds the rules the struct tags cannot say.
func validateQuestion(errs *conference.ValidationErrors, path string, qu Question) {
	switch {
	case qu.Key == "":
		errs.Add(path+".key", "is required")
	case !slugPattern.MatchString(qu.Key):
		errs.Add(path+".key", slugMsg)
	}
	switch {
	case qu.Kind == AnswerChoice && len(qu.Choices) < 2:
		errs.Add(path+".choices", "must have at least two choices")
	case qu.Kind == AnswerChoice && len(qu.Choices) > MaxChoices:
		errs.Add(path+".choices", fmt.Sprintf("must have at most %d choices", MaxChoices))
	case qu.Kind != AnswerChoice && len(qu.Choices) > 0:
		errs.Add(path+".choices", "must be empty unless the answer kind is choice")
	}
	if len(qu.ChoicesEN) > 0 && len(qu.ChoicesEN) != len(qu.Choices) {
		errs.Add(path+".choices_en", "must have as many choices as the Dutch")
	}
	for j, c := range qu.Choices {
		if c != "" && slices.Index(qu.Choices, c) < j {
			errs.Add(fmt.Sprintf("%s.choices[%d]", path, j), "is repeated")
		}
	}
}

// normalise trims the texts and drops repeated filter entries.
func (q *QuestionSet) normalise() {
	q.Key = strings.TrimSpace(q.Key)
	q.Name = strings.TrimSpace(q.Name)
	q.Description = strings.TrimSpace(q.Description)
	q.NameEN = strings.TrimSpace(q.NameEN)
	q.DescriptionEN = strings.TrimSpace(q.DescriptionEN)
	q.Themes = uniqueInOrder(q.Themes)
	for i := range q.Postcodes {
		q.Postcodes[i] = strings.TrimSpace(q.Postcodes[i])
	}
	q.Postcodes = uniqueInOrder(q.Postcodes)
	q.ItemKinds = uniqueInOrder(q.ItemKinds)
	for i := range q.Questions {
		qu := &q.Questions[i]
		qu.Key = strings.TrimSpace(qu.Key)
		qu.Text = strings.TrimSpace(qu.Text)
		qu.Help = strings.TrimSpace(qu.Help)
		qu.TextEN = strings.TrimSpace(qu.TextEN)
		qu.HelpEN = strings.TrimSpace(qu.HelpEN)
		for j := range qu.Choices {
			qu.Choices[j] = strings.TrimSpace(qu.Choices[j])
		}
		for j := range qu.ChoicesEN {
			qu.ChoicesEN[j] = strings.TrimSpace(qu.ChoicesEN[j])
		}
	}
}

// joinList joins string-like values with sep.
func joinList[T ~string](vs []T, sep string) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v)
	}
	return strings.Join(parts, sep)
}

// uniqueInOrder drops later repeats of an entry, keeping the order.
func uniqueInOrder[T comparable](in []T) []T {
	if in == nil {
		return nil
	}
	out := make([]T, 0, len(in))
	for _, v := range in {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Matches reports whether q's filters admit an item of kind about case c. It
// does not look at Active. A redacted case shows neither theme nor postcode, so
// it matches only sets without a theme or postcode filter: a set chosen by
// theme would reveal the theme.
func (q QuestionSet) Matches(c conference.Case, kind Kind) bool {
	if len(q.ItemKinds) > 0 && !slices.Contains(q.ItemKinds, kind) {
		return false
	}
	if c.Redacted {
		return len(q.Themes) == 0 && len(q.Postcodes) == 0
	}
	if len(q.Themes) > 0 && !slices.Contains(q.Themes, c.Theme) {
		return false
	}
	if len(q.Postcodes) > 0 && !slices.ContainsFunc(q.Postcodes, func(p string) bool {
		return c.Postcode != "" && strings.HasPrefix(c.Postcode, p)
	}) {
		return false
	}
	return true
}

// Select returns the active sets among sets that match an item of kind about
// case c, ordered by Position, then ID. For a general topic pass a zero Case.
func Select(sets []QuestionSet, c conference.Case, kind Kind) []QuestionSet {
	var out []QuestionSet
	for _, q := range sets {
		if q.Active && q.Matches(c, kind) {
			out = append(out, q)
		}
	}
	sortQuestionSets(out)
	return out
}

// sortQuestionSets orders sets by Position, then ID.
func sortQuestionSets(sets []QuestionSet) {
	slices.SortStableFunc(sets, func(a, b QuestionSet) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID))
	})
}
