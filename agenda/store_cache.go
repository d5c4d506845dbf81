package agenda

import "slices"

// cloneQuestionSet copies q's slices, so that no caller shares them with the cache.
func cloneQuestionSet(q QuestionSet) QuestionSet {
	q.Themes, q.Postcodes, q.ItemKinds = slices.Clone(q.Themes), slices.Clone(q.Postcodes), slices.Clone(q.ItemKinds)
	q.Questions = slices.Clone(q.Questions)
	for i := range q.Questions {
		q.Questions[i].Choices = slices.Clone(q.Questions[i].Choices)
		q.Questions[i].ChoicesEN = slices.Clone(q.Questions[i].ChoicesEN)
	}
	return q
}
