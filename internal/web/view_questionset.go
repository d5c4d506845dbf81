package web

import (
	"bytes"
	"html/template"

	"casusoverleg/agenda"
)

// questionSetData is what the template "question_set" shows: a set's
// questions in Lang, each with its answer from Answers when it has one.
type questionSetData struct {
	Set     agenda.QuestionSet
	Answers map[string]string
	Lang    string
}

// QuestionSet renders set with the answers given in it (template
// "question_set"). The agenda shows the same few sets on most of its 40
// items, so a set without answers is rendered once per page and repeated:
// the template's calls per question were about a third of the agenda page's
// rendering.
func (v view) QuestionSet(set agenda.QuestionSet, answers map[string]string) (template.HTML, error) {
	answered := false
	for _, q := range set.Questions {
		if answers[q.Key] != "" {
			answered = true
			break
		}
	}
	if !answered {
		if h, ok := v.sets[set.ID]; ok {
			return h, nil
		}
		answers = nil
	}
	var buf bytes.Buffer
	if err := v.t.ExecuteTemplate(&buf, "question_set", questionSetData{Set: set, Answers: answers, Lang: v.Lang}); err != nil {
		return "", err
	}
	h := template.HTML(buf.String()) // html/template escaped it, in the text context it is shown in
	if !answered && v.sets != nil {
		v.sets[set.ID] = h
	}
	return h, nil
}
