package agenda_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"casusoverleg/agenda"
	"casusoverleg/conference"
	"casusoverleg/templates"
)

// validSet returns a question set that passes Validate.
func validSet() agenda.QuestionSet {
	return agenda.QuestionSet{
		Key:       "terugkeer",
		Name:      "Terugkeer uit detentie",
		Themes:    []conference.Theme{conference.ThemeReturn},
		Postcodes: []string{"5342", "53"},
		ItemKinds: []agenda.Kind{agenda.KindNew},
		Position:  20,
		Questions: []agenda.Question{
			{Key: "wonen", Text: "Is er huisvesting?", Kind: agenda.AnswerYesNo},
			{Key: "onrust", Text: "Risico op onrust?", Kind: agenda.AnswerChoice, Choices: []string{"Laag", "Hoog"}},
			{Key: "toelichting", Text: "Toelichting", Help: "Kort.", Kind: agenda.AnswerText},
		},
		Active: true,
	}
}

// fields returns the field names of a validation error, sorted.
func fields(t *testing.T, err error) []string {
	t.Helper()
	var ve conference.ValidationErrors
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not conference.ValidationErrors", err, err)
	}
	out := make([]string, len(ve))
	for i, e := range ve {
		out[i] = e.Field
	}
	slices.Sort(out)
	return out
}

func TestQuestionSetValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(q *agenda.QuestionSet)
		want   []string // fields in error, sorted; nil means valid
	}{
		{"OK", func(q *agenda.QuestionSet) {}, nil},
		{"OKNoFilters", func(q *agenda.QuestionSet) { q.Themes, q.Postcodes, q.ItemKinds = nil, nil, nil }, nil},
		{"OKTrimmed", func(q *agenda.QuestionSet) {
			q.Key, q.Name = " terugkeer ", " Terugkeer "
			q.Postcodes = []string{" 5342", "5342 "}
		}, nil},
		{"ErrKey", func(q *agenda.QuestionSet) { q.Key = "Terug Keer" }, []string{"key"}},
		{"ErrKeyMissing", func(q *agenda.QuestionSet) { q.Key = "" }, []string{"key"}},
		{"ErrKeyTooShort", func(q *agenda.QuestionSet) { q.Key = "t" }, []string{"key"}},
		{"ErrName", func(q *agenda.QuestionSet) { q.Name = "  " }, []string{"name"}},
		{"ErrTheme", func(q *agenda.QuestionSet) {
			q.Themes = []conference.Theme{conference.ThemeReturn, "onbekend"}
		}, []string{"themes[1]"}},
		{"ErrItemKind", func(q *agenda.QuestionSet) { q.ItemKinds = []agenda.Kind{"nieuw"} }, []string{"item_kinds[0]"}},
		{"ErrPostcode", func(q *agenda.QuestionSet) { q.Postcodes = []string{"0534", "53a", "53421"} },
			[]string{"postcodes[0]", "postcodes[1]", "postcodes[2]"}},
		{"ErrPosition", func(q *agenda.QuestionSet) { q.Position = -1 }, []string{"position"}},
		{"ErrNoQuestions", func(q *agenda.QuestionSet) { q.Questions = nil }, []string{"questions"}},
		{"ErrQuestionText", func(q *agenda.QuestionSet) { q.Questions[2].Text = " " }, []string{"questions[2].text"}},
		{"ErrQuestionTextTooLong", func(q *agenda.QuestionSet) { q.Questions[0].Text = strings.Repeat("x", 501) },
			[]string{"questions[0].text"}},
		{"ErrQuestionKind", func(q *agenda.QuestionSet) { q.Questions[0].Kind = "number" }, []string{"questions[0].kind"}},
		{"ErrQuestionKindMissing", func(q *agenda.QuestionSet) { q.Questions[2].Kind = "" }, []string{"questions[2].kind"}},
		{"ErrQuestionKey", func(q *agenda.QuestionSet) { q.Questions[0].Key = "Wonen?" }, []string{"questions[0].key"}},
		{"ErrQuestionKeyMissing", func(q *agenda.QuestionSet) { q.Questions[1].Key = "" }, []string{"questions[1].key"}},
		{"ErrQuestionKeyRepeated", func(q *agenda.QuestionSet) { q.Questions[2].Key = "wonen" }, []string{"questions[2].key"}},
		{"ErrOneChoice", func(q *agenda.QuestionSet) { q.Questions[1].Choices = []string{"Laag"} },
			[]string{"questions[1].choices"}},
		{"ErrChoicesOnYesNo", func(q *agenda.QuestionSet) { q.Questions[0].Choices = []string{"Ja", "Nee"} },
			[]string{"questions[0].choices"}},
		{"ErrChoiceRepeated", func(q *agenda.QuestionSet) { q.Questions[1].Choices = []string{"Laag", "Hoog", "Laag"} },
			[]string{"questions[1].choices[2]"}},
		{"ErrChoiceEmpty", func(q *agenda.QuestionSet) { q.Questions[1].Choices = []string{"Laag", " "} },
			[]string{"questions[1].choices[1]"}},
		{"ErrSeveral", func(q *agenda.QuestionSet) { q.Key, q.Name, q.Questions[1].Text = "", "", "" },
			[]string{"key", "name", "questions[1].text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := validSet()
			tt.change(&q)
			err := q.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if got := fields(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("Validate() fields = %v, want %v (%v)", got, tt.want, err)
			}
		})
	}
}

func TestQuestionSetValidateNormalises(t *testing.T) {
	q := validSet()
	q.Key = " terugkeer "
	q.Postcodes = []string{" 5342", "5342 ", "53"}
	q.Themes = append(q.Themes, conference.ThemeReturn)
	q.Questions[1].Choices = []string{" Laag ", "Hoog"}
	if err := q.Validate(); err != nil {
		t.Fatal(err)
	}
	if q.Key != "terugkeer" || !slices.Equal(q.Postcodes, []string{"5342", "53"}) ||
		len(q.Themes) != 1 || q.Questions[1].Choices[0] != "Laag" {
		t.Errorf("after Validate: key %q, postcodes %q, themes %q, choices %q",
			q.Key, q.Postcodes, q.Themes, q.Questions[1].Choices)
	}
}

func TestQuestionSetMatches(t *testing.T) {
	nazorg5342 := conference.Case{ID: 1, Theme: conference.ThemeReturn, Postcode: "5342"}
	tests := []struct {
		name string
		set  agenda.QuestionSet
		c    conference.Case
		kind agenda.Kind
		want bool
	}{
		{"MatchNoFilters", agenda.QuestionSet{}, nazorg5342, agenda.KindFollowUp, true},
		{"MatchTheme", agenda.QuestionSet{Themes: []conference.Theme{conference.ThemeDomestic, conference.ThemeReturn}},
			nazorg5342, agenda.KindNew, true},
		{"NoMatchTheme", agenda.QuestionSet{Themes: []conference.Theme{conference.ThemeDomestic}},
			nazorg5342, agenda.KindNew, false},
		{"MatchPostcode", agenda.QuestionSet{Postcodes: []string{"5342"}}, nazorg5342, agenda.KindNew, true},
		{"MatchPostcodePrefix", agenda.QuestionSet{Postcodes: []string{"1012", "53"}}, nazorg5342, agenda.KindNew, true},
		{"NoMatchPostcode", agenda.QuestionSet{Postcodes: []string{"5343", "54"}}, nazorg5342, agenda.KindNew, false},
		{"NoMatchLongerPrefix", agenda.QuestionSet{Postcodes: []string{"534"}},
			conference.Case{Theme: conference.ThemeReturn, Postcode: "5430"}, agenda.KindNew, false},
		{"MatchKind", agenda.QuestionSet{ItemKinds: []agenda.Kind{agenda.KindNew}}, nazorg5342, agenda.KindNew, true},
		{"NoMatchKind", agenda.QuestionSet{ItemKinds: []agenda.Kind{agenda.KindNew}}, nazorg5342, agenda.KindFollowUp, false},
		{"MatchAllFilters", agenda.QuestionSet{Themes: []conference.Theme{conference.ThemeReturn},
			Postcodes: []string{"53"}, ItemKinds: []agenda.Kind{agenda.KindNew}}, nazorg5342, agenda.KindNew, true},
		{"MatchRedactedNoFilters", agenda.QuestionSet{ItemKinds: []agenda.Kind{agenda.KindNew}},
			nazorg5342.Redact(), agenda.KindNew, true},
		{"NoMatchRedactedKind", agenda.QuestionSet{ItemKinds: []agenda.Kind{agenda.KindNew}},
			nazorg5342.Redact(), agenda.KindFollowUp, false},
		{"NoMatchRedactedTheme", agenda.QuestionSet{Themes: []conference.Theme{conference.ThemeReturn}},
			nazorg5342.Redact(), agenda.KindNew, false},
		{"NoMatchRedactedPostcode", agenda.QuestionSet{Postcodes: []string{"53"}},
			nazorg5342.Redact(), agenda.KindNew, false},
		// A redacted case that still carries its theme must not leak it through the selection.
		{"NoMatchRedactedWithTheme", agenda.QuestionSet{Themes: []conference.Theme{conference.ThemeReturn}},
			conference.Case{ID: 1, Redacted: true, Theme: conference.ThemeReturn, Postcode: "5342"}, agenda.KindNew, false},
		{"MatchGeneralTopic", agenda.QuestionSet{}, conference.Case{}, agenda.KindGeneral, true},
		{"NoMatchGeneralTopicTheme", agenda.QuestionSet{Themes: []conference.Theme{conference.ThemeReturn}},
			conference.Case{}, agenda.KindGeneral, false},
		{"NoMatchGeneralTopicPostcode", agenda.QuestionSet{Postcodes: []string{"5"}},
			conference.Case{}, agenda.KindGeneral, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.set.Matches(tt.c, tt.kind); got != tt.want {
				t.Errorf("Matches(%+v, %s) = %v, want %v", tt.c, tt.kind, got, tt.want)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	sets := []agenda.QuestionSet{
		{ID: 1, Key: "buurt", Position: 90, Active: true},
		{ID: 2, Key: "nazorg", Position: 20, Active: true, Themes: []conference.Theme{conference.ThemeReturn}},
		{ID: 3, Key: "eerste", Position: 10, Active: true, ItemKinds: []agenda.Kind{agenda.KindNew}},
		{ID: 4, Key: "uit", Position: 5, Active: false},
		{ID: 5, Key: "oss", Position: 20, Active: true, Postcodes: []string{"534"}},
		{ID: 6, Key: "jeugd", Position: 30, Active: true, Themes: []conference.Theme{conference.ThemeYouth}},
		{ID: 7, Key: "zelfde-positie", Position: 20, Active: true},
	}
	keys := func(sets []agenda.QuestionSet) []string {
		out := []string{}
		for _, q := range sets {
			out = append(out, q.Key)
		}
		return out
	}
	tests := []struct {
		name string
		c    conference.Case
		kind agenda.Kind
		want []string
	}{
		{"OKNew", conference.Case{Theme: conference.ThemeReturn, Postcode: "5342"}, agenda.KindNew,
			[]string{"eerste", "nazorg", "oss", "zelfde-positie", "buurt"}},
		{"OKFollowUpElsewhere", conference.Case{Theme: conference.ThemeYouth, Postcode: "1012"}, agenda.KindFollowUp,
			[]string{"zelfde-positie", "jeugd", "buurt"}},
		{"OKRedacted", conference.Case{ID: 9, Reference: "2026-0001", Redacted: true}, agenda.KindNew,
			[]string{"eerste", "zelfde-positie", "buurt"}},
		{"OKNoPostcode", conference.Case{Theme: conference.ThemeReturn}, agenda.KindNew, []string{"eerste", "nazorg", "zelfde-positie", "buurt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := keys(agenda.Select(sets, tt.c, tt.kind)); !slices.Equal(got, tt.want) {
				t.Errorf("Select = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("OKInputUnchanged", func(t *testing.T) {
		before := keys(sets)
		agenda.Select(sets, conference.Case{Theme: conference.ThemeReturn, Postcode: "5342"}, agenda.KindNew)
		if after := keys(sets); !slices.Equal(before, after) {
			t.Errorf("Select reordered its input: %v, was %v", after, before)
		}
	})
}

// builtInFiles returns the names of the embedded built-in question set files.
func builtInFiles(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(templates.FS, "questionsets/*.json")
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestBuiltInQuestionSets checks every shipped file on its own: it decodes
// strictly, validates, and follows the conventions of the built-in sets.
func TestBuiltInQuestionSets(t *testing.T) {
	names := builtInFiles(t)
	if len(names) < 5 {
		t.Fatalf("found %d built-in question sets, want at least 5: %v", len(names), names)
	}
	positions := map[int]string{}
	for _, name := range names {
		t.Run(strings.TrimPrefix(name, "questionsets/"), func(t *testing.T) {
			b, err := fs.ReadFile(templates.FS, name)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(strings.NewReader(string(b)))
			dec.DisallowUnknownFields()
			var q agenda.QuestionSet
			if err := dec.Decode(&q); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if err := q.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if want := strings.TrimSuffix(strings.TrimPrefix(name, "questionsets/"), ".json"); q.Key != want {
				t.Errorf("key %q, want the file name %q", q.Key, want)
			}
			if n := len(q.Questions); n < 5 || n > 10 {
				t.Errorf("%d questions, want 5 to 10", n)
			}
			if q.Description == "" {
				t.Error("description is empty")
			}
			for i, qu := range q.Questions {
				if qu.Help == "" {
					t.Errorf("questions[%d] (%s) has no help text", i, qu.Key)
				}
			}
			if other, dup := positions[q.Position]; dup {
				t.Errorf("position %d is also used by %s", q.Position, other)
			}
			positions[q.Position] = q.Key
		})
	}
}
