package agenda_test

import (
	"context"
	"slices"
	"testing"

	"casusoverleg/agenda"
	"casusoverleg/templates"
)

// TestBuiltInSetsInEnglish: every built-in set and question has English
// beside the Dutch, with one English label per choice; a set installed before
// the English existed (an upgraded database) gets it on the next start,
// while what admins changed in Dutch stays.
func TestBuiltInSetsInEnglish(t *testing.T) {
	ctx := context.Background()
	s := newQuestionSetStore(t)
	if _, err := s.InstallBuiltIn(ctx, templates.FS, "questionsets"); err != nil {
		t.Fatal(err)
	}
	sets, err := s.QuestionSets(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range sets {
		if q.NameEN == "" || q.DescriptionEN == "" || q.NameIn("en") == q.Name {
			t.Errorf("set %s has no English name or description: %q / %q", q.Key, q.NameEN, q.DescriptionEN)
		}
		for _, qu := range q.Questions {
			if qu.TextEN == "" || (qu.Help != "" && qu.HelpEN == "") || len(qu.ChoicesEN) != len(qu.Choices) {
				t.Errorf("set %s question %s lacks English: %+v", q.Key, qu.Key, qu)
			}
			for _, c := range qu.Choices {
				if qu.ChoiceIn("en", c) == c || qu.ChoiceIn("nl", c) != c {
					t.Errorf("set %s question %s: choice %q reads %q in English", q.Key, qu.Key, c, qu.ChoiceIn("en", c))
				}
			}
		}
	}

	t.Run("OKUpgradedDatabase", func(t *testing.T) {
		q := sets[0]
		q.Questions = slices.Clone(q.Questions)
		q.NameEN, q.DescriptionEN = "", ""
		q.Name = q.Name + " (aangepast)"
		for i := range q.Questions {
			q.Questions[i].TextEN, q.Questions[i].HelpEN, q.Questions[i].ChoicesEN = "", "", nil
		}
		if err := s.UpdateQuestionSet(ctx, &q); err != nil {
			t.Fatal(err)
		}
		if _, err := s.InstallBuiltIn(ctx, templates.FS, "questionsets"); err != nil {
			t.Fatal(err)
		}
		got, err := s.QuestionSet(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != q.Name || got.NameEN == "" || got.Questions[0].TextEN == "" || got.Version != q.Version {
			t.Errorf("after the upgrade: name %q (want %q kept), English %q / %q, version %d (want %d)",
				got.Name, q.Name, got.NameEN, got.Questions[0].TextEN, got.Version, q.Version)
		}
	})

	t.Run("ErrChoicesEN", func(t *testing.T) {
		q := sets[0]
		q.Questions = slices.Clone(q.Questions)
		for i := range q.Questions {
			if q.Questions[i].Kind == agenda.AnswerChoice {
				q.Questions[i].ChoicesEN = q.Questions[i].ChoicesEN[:1]
			}
		}
		wantFieldError(t, q.Validate(), "questions[3].choices_en")
	})
}
