package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"casusoverleg/agenda"
	"casusoverleg/internal/dbtest"
)

// TestAnswersMustBelongToThePlannedQuestionSets: an answer keyed to a
// question of a set planned on the item is stored; a misspelt key, or a key
// of a set not planned on the item, is refused naming answers.<key>.
func TestAnswersMustBelongToThePlannedQuestionSets(t *testing.T) {
	e := newEnv(t)
	it := e.onAgenda(t)
	ag := agenda.NewStore(e.db, dbtest.Now, e.store)
	all, err := ag.QuestionSets(t.Context(), false)
	if err != nil || len(all) < 2 {
		t.Fatalf("question sets: %d, %v", len(all), err)
	}
	planned, other := all[0], all[1]
	body := fmt.Sprintf(`{"planned_minutes":10,"question_set_ids":[%d],"version":%d}`, planned.ID, it.Version)
	if code, resp := e.raw("chair", http.MethodPut, fmt.Sprintf("/api/v1/items/%d", it.ID), body); code != http.StatusOK {
		t.Fatalf("plan: %d %s", code, resp)
	}
	good := planned.Key + "." + planned.Questions[0].Key
	path := fmt.Sprintf("/api/v1/items/%d/record", it.ID)
	for _, tc := range []struct{ name, key string }{
		{"ErrMisspelt", planned.Key + ".no-such-question"},
		{"ErrSetNotPlanned", other.Key + "." + other.Questions[0].Key},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, resp := e.raw("secretary", http.MethodPut, path, fmt.Sprintf(`{"summary":"x","answers":{%q:"ja"},"version":0}`, tc.key))
			if code != http.StatusUnprocessableEntity || !strings.Contains(resp, `"field":"answers.`+tc.key+`"`) {
				t.Fatalf("%d %s", code, resp)
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		code, resp := e.raw("secretary", http.MethodPut, path, fmt.Sprintf(`{"summary":"x","answers":{%q:"ja"},"version":0}`, good))
		var rec struct {
			Answers map[string]string `json:"answers"`
		}
		if code != http.StatusOK || json.Unmarshal([]byte(resp), &rec) != nil || rec.Answers[good] != "ja" {
			t.Fatalf("%d %s", code, resp)
		}
	})
}
