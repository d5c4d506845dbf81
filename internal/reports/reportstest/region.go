// Package reportstest builds a small region with known figures for the
// tests of the reports and of their pages: one neighbourhood (5348 Ussen)
// has 2 cases, another (5341 Centrum) 6, so that small-cell suppression has
// something to hide and something to show. Three of the eight cases of 2026
// are repeat referrals (one in Ussen, two in Centrum).
package reportstest

import (
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"
)

// Region is what Build made. The figures below are those a chair sees for
// 2026 with no series chosen (the clock is dbtest.Clock, 23 November 2026).
type Region struct {
	SeriesID      int64 // the series of the meetings on 2 February and 4 May
	OtherSeriesID int64 // the series of the meeting on 9 February
}

// The neighbourhoods of the region.
const (
	SmallPostcode      = "5348"
	SmallNeighbourhood = "Ussen" // 2 cases
	LargePostcode      = "5341"
	LargeNeighbourhood = "Centrum" // 6 cases
)

// day returns 10:00 UTC on the given day of 2026.
func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, time.UTC) }

// Build writes the region into db with ids from 9001, clear of the ids
// the stores hand out in a test.
func Build(t testing.TB, db *gorm.DB) Region {
	t.Helper()
	ins := func(table string, rows ...map[string]any) {
		t.Helper()
		for _, r := range rows {
			if err := db.Table(table).Create(r).Error; err != nil {
				t.Fatalf("insert into %s: %v", table, err)
			}
		}
	}
	created := day(1, 1)
	ins("organisations",
		map[string]any{"id": 9001, "name": "Politie Oss", "kind": "politie", "created_at": created, "updated_at": created},
		map[string]any{"id": 9002, "name": "Wijkteam Oss", "kind": "wijkteam", "created_at": created, "updated_at": created})
	ins("users",
		map[string]any{"id": 9001, "name": "Agent", "email": "agent@reports.example.nl", "organisation_id": 9001, "roles": ",participant,", "active": true, "created_at": created, "updated_at": created},
		map[string]any{"id": 9002, "name": "Wijkwerker", "email": "wijk@reports.example.nl", "organisation_id": 9002, "roles": ",participant,", "active": true, "created_at": created, "updated_at": created})
	ins("series",
		map[string]any{"id": 9001, "name": "Rapportage Oss", "created_at": created, "updated_at": created},
		map[string]any{"id": 9002, "name": "Rapportage Jeugd", "created_at": created, "updated_at": created})
	conf := func(id, series int64, at time.Time, status string) map[string]any {
		return map[string]any{"id": id, "series_id": series, "starts_at": at, "duration_minutes": 90, "status": status, "version": 1, "created_at": created, "updated_at": created}
	}
	ins("conferences", conf(9001, 9001, day(2, 2), "closed"), conf(9002, 9001, day(5, 4), "signed"),
		conf(9003, 9002, day(2, 9), "closed"), conf(9004, 9001, day(12, 7), "published"))
	kase := func(id int64, seq int, at time.Time, pc, wijk, theme string, referrer int64, status string, updated time.Time) map[string]any {
		return map[string]any{"id": id, "year": at.Year(), "seq": seq, "reference": fmt.Sprintf("%d-%04d", at.Year(), seq),
			"subject": "Rapportage persoon", "theme": theme, "postcode": pc, "neighbourhood": wijk, "referring_organisation_id": referrer,
			"status": status, "version": 1, "created_at": at, "updated_at": updated}
	}
	ins("cases",
		kase(9001, 9001, day(1, 10), SmallPostcode, SmallNeighbourhood, "high_impact", 9001, "in_behandeling", day(1, 10)),
		kase(9002, 9002, day(1, 20), SmallPostcode, SmallNeighbourhood, "high_impact", 9001, "in_behandeling", day(1, 20)))
	for i := range 6 {
		status, updated := "in_behandeling", day(1, 5+i)
		k := kase(int64(9003+i), 9003+i, day(1, 5+i), LargePostcode, LargeNeighbourhood, "nazorg", 9002, status, updated)
		if i >= 4 {
			// Closed in June, changed once more in July: closed counts by closed_at.
			k["status"], k["closed_at"], k["updated_at"] = "afgesloten", day(6, 1), day(7, 1)
		}
		ins("cases", k)
	}
	// Repeat referrals: one of the two in Ussen, two of the six in Centrum.
	for _, id := range []int64{9002, 9004, 9005} {
		if err := db.Table("cases").Where("id = ?", id).Update("repeat_of", day(1, 2).AddDate(0, -3, 0)).Error; err != nil {
			t.Fatal(err)
		}
	}
	ins("cases", kase(9009, 9009, time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC), "5342", "Schadewijk", "jeugd", 9002, "aangemeld", time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)))
	item := func(id, conf, caseID int64) map[string]any {
		return map[string]any{"id": id, "conference_id": conf, "case_id": caseID, "title": "", "kind": "new", "status": "accepted",
			"proposing_org_id": 9002, "requested_minutes": 10, "planned_minutes": 10, "position": id, "auto_added": false,
			"version": 1, "created_at": created, "updated_at": created}
	}
	for i := range int64(8) {
		ins("agenda_items", item(9001+i, 9001, 9001+i))
	}
	ins("agenda_items", item(9009, 9002, 9003))
	action := func(id, owner int64, due time.Time, done *time.Time) map[string]any {
		return map[string]any{"id": id, "item_id": 9001, "conference_id": 9001, "case_id": 9001, "what": "Afspraak",
			"owner_organisation_id": owner, "due_date": due, "done_at": done, "created_at": day(2, 2)}
	}
	due := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	onTime, late := day(2, 28), day(3, 5)
	for i := range int64(5) {
		ins("actions", action(9001+i, 9002, due, &onTime))
	}
	ins("actions", action(9006, 9002, due, &late), action(9007, 9001, due, nil), action(9008, 9001, due, nil))
	decision := func(id, conf int64, outcome string, at time.Time, resolved *time.Time) map[string]any {
		return map[string]any{"id": id, "item_id": 9001, "conference_id": conf, "case_id": 9001, "text": "Besluit", "kind": "other",
			"outcome": outcome, "resolved_at": resolved, "created_by": 9001, "created_at": at}
	}
	resolved := day(2, 12)
	ins("decisions", decision(9001, 9001, "resolved", day(2, 2), &resolved), decision(9002, 9002, "escalated", day(5, 4), nil),
		decision(9003, 9001, "adopted", day(2, 2), nil))
	ins("mandates", map[string]any{"id": 9001, "decision_id": 9003, "conference_id": 9001, "case_id": 9003, "grantee_organisation_id": 9002,
		"scope": "Huisbezoek", "valid_from": day(2, 2), "valid_until": day(3, 2), "created_at": day(2, 2)})
	ins("quick_actions", map[string]any{"id": 9001, "mandate_id": 9001, "taken_at": day(2, 10), "what": "Huisbezoek", "by_user_id": 9002, "logged_at": day(2, 10)})
	presence := func(conf, user, org int64, p string) map[string]any {
		return map[string]any{"conference_id": conf, "user_id": user, "organisation_id": org, "presence": p, "remark": ""}
	}
	ins("attendances", presence(9001, 9001, 9001, "present"), presence(9001, 9002, 9002, "present"),
		presence(9002, 9001, 9001, "excused"), presence(9002, 9002, 9002, "present"), presence(9003, 9002, 9002, "absent"))
	return Region{SeriesID: 9001, OtherSeriesID: 9002}
}
