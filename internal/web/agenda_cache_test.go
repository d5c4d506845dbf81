package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"casusoverleg/agenda"
)

// TestAgendaFromMemory: an agenda's items and cases are read once per app
// server and kept until any write to them, by whichever server; who may see
// which case is asked at every read, so a kept agenda filled by a reader who
// sees every case never shows one to a reader who may not.
func TestAgendaFromMemory(t *testing.T) {
	e := newEnv(t)
	item := e.onAgenda(t) // the police case, accepted and published
	ggzCase := e.ggzOnAgenda(t)

	log := logQueries(t, e.db)
	path := fmt.Sprintf("/api/v1/conferences/%d/agenda", e.conf.ID)
	// read returns the agenda as user sees it and whether the request read
	// the agenda's items (rather than keeping them from an earlier request).
	read := func(user string) (v agenda.View, readItems bool) {
		t.Helper()
		var res apiResponse
		for _, q := range log.during(func() { res = e.api(user, "GET", path, nil) }) {
			readItems = readItems || strings.Contains(q, "LEFT JOIN cases ON cases.id = agenda_items.case_id")
		}
		if res.Code != http.StatusOK {
			t.Fatalf("agenda as %s: %d %s", user, res.Code, res.Body)
		}
		res.JSON(t, &v)
		return v, readItems
	}
	entry := func(v agenda.View, caseID int64) agenda.Entry {
		t.Helper()
		for _, en := range v.Items {
			if en.CaseID != nil && *en.CaseID == caseID {
				return en
			}
		}
		t.Fatalf("case %d is not on the agenda: %+v", caseID, v.Items)
		return agenda.Entry{}
	}

	t.Run("NeedToKnowAtEveryRead", func(t *testing.T) {
		read("chair") // sees both cases (the agenda grant), and fills the memory
		v, readItems := read("officer")
		if readItems {
			t.Error("the officer's read read the items again: nothing was kept")
		}
		if p, g := entry(v, e.policeC.ID), entry(v, ggzCase.ID); p.Redacted() || p.Case.Subject != e.policeC.Subject || !g.Redacted() ||
			g.Case.Subject != "" || g.Reason != "" {
			t.Errorf("the officer sees police %+v and GGZ %+v; want the police case in full and the GGZ case redacted", p.Case, g.Case)
		}
		v, _ = read("nurse")
		if p, g := entry(v, e.policeC.ID), entry(v, ggzCase.ID); !p.Redacted() || g.Redacted() || g.Reason != ggzCaseReason {
			t.Errorf("the nurse sees police %+v and GGZ %+v; want the other way round", p.Case, g.Case)
		}
	})

	// A write by another server (plain SQL here) to each table the agenda
	// is read from is seen by the next read.
	for _, w := range []struct {
		name, sql string
		args      []any
		seen      func(agenda.View) bool
	}{
		{"ItemChanged", "UPDATE agenda_items SET reason = ? WHERE id = ?", []any{"Elders gewijzigd", item.ID},
			func(v agenda.View) bool { return entry(v, e.policeC.ID).Reason == "Elders gewijzigd" }},
		{"CaseChanged", "UPDATE cases SET subject = ? WHERE id = ?", []any{"Elders hernoemd", e.policeC.ID},
			func(v agenda.View) bool { return entry(v, e.policeC.ID).Case.Subject == "Elders hernoemd" }},
		{"InvolvementAdded", "INSERT INTO case_organisations (case_id, organisation_id) VALUES (?, ?)", []any{e.policeC.ID, e.ggz.ID},
			func(v agenda.View) bool { return len(entry(v, e.policeC.ID).Case.InvolvedOrganisationIDs) == 2 }},
		{"QuestionSetsRemoved", "DELETE FROM agenda_item_question_sets WHERE item_id = ?", []any{item.ID},
			func(v agenda.View) bool { return len(entry(v, e.policeC.ID).QuestionSetIDs) == 0 }},
	} {
		t.Run(w.name, func(t *testing.T) {
			before, _ := read("officer")
			if _, readItems := read("officer"); readItems {
				t.Fatal("a second read read the items again")
			}
			if w.seen(before) {
				t.Fatalf("the change is there before it was made: %+v", entry(before, e.policeC.ID))
			}
			if err := e.db.Exec(w.sql, w.args...).Error; err != nil {
				t.Fatal(err)
			}
			if after, readItems := read("officer"); !readItems || !w.seen(after) {
				en := entry(after, e.policeC.ID)
				t.Errorf("after the write: items read again %v, change seen %v (reason %q, case %+v, sets %v)",
					readItems, w.seen(after), en.Reason, *en.Case, en.QuestionSetIDs)
			}
		})
	}
}
