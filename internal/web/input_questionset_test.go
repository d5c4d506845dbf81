package web

import (
	"net/url"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	taken := map[string]bool{"wonen": true, "wonen-2": true}
	for _, tc := range []struct{ name, text, want string }{
		{"OK", "Is de wijkagent betrokken?", "is-de-wijkagent-betrokken"},
		{"Accents", "Één café, één ruïne", "een-cafe-een-ruine"},
		{"Taken", "Wonen", "wonen-3"},
		{"TooShort", "?! a", ""},
		{"Long", strings.Repeat("abcde ", 20), "abcde-abcde-abcde-abcde-abcde-abcde-abcd"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := slug(tc.text, taken); got != tc.want {
				t.Errorf("slug(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestRowField(t *testing.T) {
	for path, want := range map[string]string{"questions[2].text": "questions[2].text", "questions[2].choices[1]": "questions[2].choices",
		"themes[0]": "themes", "questions": "questions", "name": "name"} {
		if got := rowField(path); got != want {
			t.Errorf("rowField(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestReadQuestionSetForm(t *testing.T) {
	in := readQuestionSetForm(url.Values{"name": {"Set"}, "position": {"twee"},
		"questions[10].text": {"Later"}, "questions[10].kind": {"yes_no"}, "questions[10].choices": {"genegeerd"},
		"questions[2].text": {"Eerst"}, "questions[2].kind": {"choice"}, "questions[2].choices": {"a\n\n b \n"},
		"questions[5].kind": {"text"}}, true)
	q := in.set
	if q.Key != "set" || len(in.errs) != 1 || in.errs[0].Field != "position" {
		t.Errorf("set %+v, errors %v", q, in.errs)
	}
	if len(q.Questions) != 2 || q.Questions[0].Text != "Eerst" || strings.Join(q.Questions[0].Choices, "|") != "a|b" ||
		q.Questions[1].Key != "later" || q.Questions[1].Choices != nil || in.rows[1].Index != 1 || in.rows[1].Choices != "genegeerd" {
		t.Errorf("questions %+v, rows %+v", q.Questions, in.rows)
	}
}
