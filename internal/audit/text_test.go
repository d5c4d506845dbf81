package audit_test

import (
	"context"
	"testing"
	"time"

	"casusoverleg/internal/audit"
)

// textEvents records a search that found cases 1 and 2 (person 7), a link
// reason about cases 2 and 3, and an event without a text.
func textEvents(t *testing.T, l *audit.Log) []audit.Event {
	t.Helper()
	ctx := context.Background()
	var out []audit.Event
	for _, e := range []audit.Event{
		{Action: audit.ActionView, RecordType: "person_search", RecordID: "-", Detail: "person search (2 found)",
			Text: "name=Zwartkruis birth_date=1987-06-05", Subjects: append(audit.Subjects("case", 2, 1), audit.Subjects("person", 7)...)},
		{Action: audit.ActionUpdate, RecordType: "case", RecordID: "2", Detail: "linked to case 3", Text: "zelfde moeder",
			Subjects: audit.Subjects("case", 2, 3)},
		{Action: audit.ActionView, RecordType: "case", RecordID: "3", Detail: "2026-0003"},
	} {
		stored, err := l.Record(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, stored)
	}
	return out
}

func TestText(t *testing.T) {
	ctx := context.Background()
	t.Run("OK/kept beside the chain", func(t *testing.T) {
		l, db := newLog(t)
		events := textEvents(t, l)
		if events[0].TextHash == "" || events[2].TextHash != "" {
			t.Fatalf("text hashes: %q, %q", events[0].TextHash, events[2].TextHash)
		}
		var inChain int64
		db.Table("audit_events").Where("detail LIKE ? OR subjects LIKE ?", "%Zwartkruis%", "%Zwartkruis%").Count(&inChain)
		if inChain != 0 {
			t.Fatal("the text is in audit_events")
		}
		list, _, err := l.List(ctx, audit.Filter{})
		if err != nil || len(list) != 3 || list[2].Text != "name=Zwartkruis birth_date=1987-06-05" || list[1].Text != "zelfde moeder" ||
			len(list[2].Subjects) != 3 || list[2].Subjects[0] != (audit.Subject{RecordType: "case", RecordID: "1"}) {
			t.Fatalf("List = %+v, %v", list, err)
		}
		rep, err := l.Check(ctx)
		if err != nil || rep != (audit.Report{Checked: 3, Texts: 2}) {
			t.Fatalf("Check = %+v, %v", rep, err)
		}
	})
	t.Run("OK/destroyed with a subject", func(t *testing.T) {
		l, db := newLog(t)
		textEvents(t, l)
		d, err := l.DestroyTexts(ctx, audit.Event{Action: audit.ActionDelete, UserEmail: "retention job", RecordType: "case",
			RecordID: "1", Detail: "2026-0001 destroyed", Subjects: append(audit.Subjects("case", 1), audit.Subjects("person", 9)...)})
		if err != nil {
			t.Fatal(err)
		}
		var left int64
		db.Table("audit_event_texts").Where("text LIKE ? OR salt <> ''", "%Zwartkruis%").Where("seq = 1").Count(&left)
		if left != 0 {
			t.Fatal("the search's text or salt is left")
		}
		list, _, err := l.List(ctx, audit.Filter{})
		if err != nil || list[3].Text != "" || list[3].TextDestroyedBy != d.Seq || list[2].Text != "zelfde moeder" {
			t.Fatalf("List = %+v, %v", list, err)
		}
		rep, err := l.Check(ctx)
		if err != nil || rep != (audit.Report{Checked: 4, Texts: 1, Destroyed: 1}) {
			t.Fatalf("Check = %+v, %v", rep, err)
		}
		// Only the texts about what was destroyed go: case 3's link reason
		// goes with case 3, and the search is not destroyed twice.
		if _, err := l.DestroyTexts(ctx, audit.Event{Action: audit.ActionDelete, RecordType: "case", RecordID: "3",
			Subjects: audit.Subjects("case", 3, 1)}); err != nil {
			t.Fatal(err)
		}
		if rep, err := l.Check(ctx); err != nil || rep != (audit.Report{Checked: 5, Destroyed: 2}) {
			t.Fatalf("Check = %+v, %v", rep, err)
		}
		var by int64
		db.Table("audit_event_texts").Select("destroyed_by").Where("seq = 1").Scan(&by)
		if by != d.Seq {
			t.Fatalf("the search's text destroyed by %d; want %d", by, d.Seq)
		}
	})
	t.Run("OK/pruned with its events", func(t *testing.T) {
		l, c, db := prunableLog(t)
		textEvents(t, l)
		c.set(c.now().Add(time.Hour))
		if res, err := l.Prune(ctx, c.now()); err != nil || res.Pruned != 3 {
			t.Fatalf("Prune = %+v, %v", res, err)
		}
		for _, table := range []string{"audit_event_texts", "audit_event_subjects"} {
			var n int64
			db.Table(table).Count(&n)
			if n != 0 {
				t.Fatalf("%d rows left in %s", n, table)
			}
		}
	})
	t.Run("ErrInvalid/no subjects", func(t *testing.T) {
		l, _ := newLog(t)
		for _, e := range []audit.Event{{Action: audit.ActionDelete, RecordType: "case", RecordID: "1"},
			{Action: audit.ActionView, RecordType: "case", RecordID: "1", Subjects: audit.Subjects("case", 1)}} {
			if _, err := l.DestroyTexts(ctx, e); err == nil {
				t.Fatalf("DestroyTexts(%+v) = nil", e)
			}
		}
	})
	tamper := []struct {
		name string
		sql  string
		seq  int64
	}{
		{"text changed", "UPDATE audit_event_texts SET text = 'iets anders' WHERE seq = 2", 2},
		{"text deleted", "DELETE FROM audit_event_texts WHERE seq = 2", 2},
		{"text blanked as if destroyed, by no deletion", "UPDATE audit_event_texts SET text = '', salt = '', destroyed_by = 3 WHERE seq = 2", 2},
		{"text blanked, pointing at a missing event", "UPDATE audit_event_texts SET text = '', salt = '', destroyed_by = 99 WHERE seq = 2", 2},
		{"subject removed", "DELETE FROM audit_event_subjects WHERE seq = 2 AND record_id = '3'", 2},
		{"subject changed in the event", "UPDATE audit_events SET subjects = 'case:2' WHERE seq = 2", 2},
	}
	for _, tc := range tamper {
		t.Run("ErrBroken/"+tc.name, func(t *testing.T) {
			l, db := newLog(t)
			textEvents(t, l)
			exec(t, db, tc.sql)
			n, err := l.Verify(ctx)
			wantBroken(t, n, err, tc.seq, tc.seq-1)
		})
	}
	t.Run("ErrBroken/destroyed by a deletion of other records", func(t *testing.T) {
		l, db := newLog(t)
		textEvents(t, l)
		d, err := l.DestroyTexts(ctx, audit.Event{Action: audit.ActionDelete, RecordType: "case", RecordID: "5", Subjects: audit.Subjects("case", 5)})
		if err != nil {
			t.Fatal(err)
		}
		exec(t, db, "UPDATE audit_event_texts SET text = '', salt = '', destroyed_by = ? WHERE seq = 2", d.Seq)
		n, err := l.Verify(ctx)
		wantBroken(t, n, err, 2, 1)
	})
}
