package reports_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/reports"
	"casusoverleg/internal/reports/reportstest"
)

var (
	chair  = conference.Actor{UserID: 1, OrganisationID: 1, Roles: []conference.Role{conference.RoleChair}}
	policy = conference.Actor{UserID: 2, OrganisationID: 1, Roles: []conference.Role{conference.RolePolicyOfficer}}
	admin  = conference.Actor{UserID: 3, OrganisationID: 1, Roles: []conference.Role{conference.RoleAdmin}}
	year   = reports.Filter{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
)

func build(t *testing.T, a conference.Actor, f reports.Filter) *reports.Report {
	t.Helper()
	db := dbtest.Open(t)
	reportstest.Build(t, db)
	r, err := reports.NewStore(db, dbtest.Now).Report(t.Context(), a, f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// cells returns the table's values as text, keyed by the row's labels joined with "/" and the column key.
func cells(t *testing.T, r *reports.Report, id string) map[string]string {
	t.Helper()
	tb, ok := r.Table(id)
	if !ok {
		t.Fatalf("no table %s", id)
	}
	out := map[string]string{}
	var keys []string
	for _, c := range tb.Columns {
		if !c.Label {
			keys = append(keys, c.Key)
		}
	}
	for _, row := range tb.Rows {
		for i, v := range row.Values {
			out[strings.Join(row.Labels, "/")+"."+keys[i]] = v.Text("en")
		}
	}
	return out
}

func expect(t *testing.T, got map[string]string, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q (all: %v)", k, got[k], w, got)
		}
	}
}

func TestReportChairSeesEveryCount(t *testing.T) {
	r := build(t, chair, year)
	if r.Suppressed {
		t.Fatal("the chair's report is suppressed")
	}
	expect(t, cells(t, r, reports.TableSummary), map[string]string{"referred.value": "8", "discussed.value": "8",
		"closed.value": "2", "median_days_to_discussion.value": "24.5", "meetings_held.value": "3"})
	expect(t, cells(t, r, reports.TableNeighbourhoods), map[string]string{"5341/Centrum.referred": "6", "5348/Ussen.referred": "2"})
	expect(t, cells(t, r, reports.TableThemes), map[string]string{"nazorg.referred": "6", "high_impact.referred": "2", "jeugd.referred": "0"})
	expect(t, cells(t, r, reports.TableReferrers), map[string]string{"Wijkteam Oss.referred": "6", "Politie Oss.referred": "2"})
	expect(t, cells(t, r, reports.TableActions), map[string]string{"Wijkteam Oss.due": "6", "Wijkteam Oss.on_time": "5",
		"Wijkteam Oss.late": "1", "Wijkteam Oss.overdue": "0", "Wijkteam Oss.on_time_share": "83.3%",
		"Politie Oss.overdue": "2", "Politie Oss.on_time_share": "0%", "∑.due": "8", "∑.on_time_share": "62.5%"})
	expect(t, cells(t, r, reports.TableMandates), map[string]string{"mandates_granted.value": "1", "mandates_used.value": "1",
		"mandates_expired.value": "1", "mandates_revoked.value": "0", "quick_actions.value": "1"})
	expect(t, cells(t, r, reports.TableEscalations), map[string]string{"escalations.value": "2", "escalations_resolved.value": "1",
		"escalations_open.value": "1", "escalations_median_days_open.value": "10", "escalations_longest_days_open.value": "203"})
	expect(t, cells(t, r, reports.TableAttendance), map[string]string{"Politie Oss.meetings_attended": "1", "Politie Oss.attended_share": "33.3%",
		"Politie Oss.excused": "1", "Wijkteam Oss.meetings_attended": "2", "Wijkteam Oss.absent": "1"})
	expect(t, cells(t, r, reports.TableTrend), map[string]string{"2026-Q1.referred": "8", "2026-Q1.discussed": "8",
		"2026-Q2.discussed": "1", "2026-Q2.closed": "2", "2026-Q3.closed": "0", "2026-Q4.referred": "0",
		"2026-Q1.repeat_referrals": "3", "2026-Q1.repeat_rate": "37.5%", "2026-Q2.repeat_rate": "–"})
}

func TestReportRepeatReferrals(t *testing.T) {
	r := build(t, chair, year)
	expect(t, cells(t, r, reports.TableSummary), map[string]string{"repeat_referrals.value": "3", "repeat_rate.value": "37.5%"})
	expect(t, cells(t, r, reports.TableNeighbourhoods), map[string]string{"5348/Ussen.repeat_referrals": "1", "5348/Ussen.repeat_rate": "50%",
		"5341/Centrum.repeat_referrals": "2", "5341/Centrum.repeat_rate": "33.3%"})
	expect(t, cells(t, r, reports.TableRepeats), map[string]string{"Rapportage Oss.referred": "8", "Rapportage Oss.repeat_referrals": "3",
		"Rapportage Oss.repeat_rate": "37.5%"})
	if _, ok := cells(t, r, reports.TableRepeats)["Rapportage Jeugd.referred"]; ok {
		t.Error("a series without cases has a row")
	}
	f := year
	f.SeriesID = 9002
	expect(t, cells(t, build(t, chair, f), reports.TableSummary), map[string]string{"repeat_referrals.value": "0", "repeat_rate.value": "–"})
	// The policy officer sees none of the small counts, nor a rate resting on one.
	expect(t, cells(t, build(t, policy, year), reports.TableRepeats), map[string]string{"Rapportage Oss.referred": "8",
		"Rapportage Oss.repeat_referrals": "< 5", "Rapportage Oss.repeat_rate": "< 5"})
	expect(t, cells(t, build(t, policy, year), reports.TableSummary), map[string]string{"repeat_referrals.value": "< 5", "repeat_rate.value": "< 5"})
}

func TestReportSeriesLimitsCasesAndMeetings(t *testing.T) {
	f := year
	f.SeriesID = 9002 // one meeting without case items, one absence
	r := build(t, chair, f)
	expect(t, cells(t, r, reports.TableSummary), map[string]string{"referred.value": "0", "discussed.value": "0", "meetings_held.value": "1"})
	expect(t, cells(t, r, reports.TableAttendance), map[string]string{"Wijkteam Oss.absent": "1", "Wijkteam Oss.attended_share": "0%"})
	f.SeriesID = 9001
	r = build(t, chair, f)
	expect(t, cells(t, r, reports.TableSummary), map[string]string{"referred.value": "8", "meetings_held.value": "2"})
}

// TestReportSuppressesSmallCells: every reader but the chair and the
// secretary sees counts from 1 to 4, and what is computed from them, as "< 5".
func TestReportSuppressesSmallCells(t *testing.T) {
	for name, a := range map[string]conference.Actor{"PolicyOfficer": policy, "Admin": admin} {
		t.Run(name, func(t *testing.T) {
			r := build(t, a, year)
			if !r.Suppressed {
				t.Fatal("not suppressed")
			}
			expect(t, cells(t, r, reports.TableNeighbourhoods), map[string]string{"5341/Centrum.referred": "6", "5348/Ussen.referred": "< 5",
				"5341/Centrum.repeat_referrals": "< 5", "5341/Centrum.repeat_rate": "< 5", "5348/Ussen.repeat_rate": "< 5"})
			expect(t, cells(t, r, reports.TableTrend), map[string]string{"2026-Q1.repeat_referrals": "< 5", "2026-Q1.repeat_rate": "< 5"})
			expect(t, cells(t, r, reports.TableThemes), map[string]string{"nazorg.referred": "6", "high_impact.referred": "< 5", "jeugd.referred": "0"})
			expect(t, cells(t, r, reports.TableActions), map[string]string{"Wijkteam Oss.late": "< 5", "Wijkteam Oss.on_time_share": "< 5",
				"Politie Oss.due": "< 5", "Politie Oss.on_time_share": "< 5", "∑.on_time_share": "< 5"})
			expect(t, cells(t, r, reports.TableEscalations), map[string]string{"escalations.value": "< 5", "escalations_median_days_open.value": "< 5"})
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var decoded struct {
				Tables []struct {
					ID   string
					Rows []struct {
						Labels []string
						Values []any
					}
				}
			}
			if err := json.Unmarshal(b, &decoded); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, tb := range decoded.Tables {
				for _, row := range tb.Rows {
					if tb.ID == reports.TableNeighbourhoods && strings.Join(row.Labels, "/") == "5348/Ussen" {
						found = row.Values[0] == reports.HiddenText
					}
				}
			}
			if !found {
				t.Fatalf("JSON does not hide the small neighbourhood: %s", b)
			}
			for _, tb := range r.Tables {
				for _, row := range tb.Rows {
					for _, v := range row.Values {
						if v.Hidden && (v.Number != 0 || v.Plain() != reports.HiddenText) {
							t.Fatalf("a hidden value keeps its number: %+v", v)
						}
						if !v.Hidden && !v.Missing && v.Kind == reports.KindCount && v.Number >= 1 && v.Number <= 4 {
							t.Fatalf("table %s row %v shows a small count %v", tb.ID, row.Labels, v.Number)
						}
					}
				}
			}
		})
	}
}

func TestReportRefusesOthers(t *testing.T) {
	db := dbtest.Open(t)
	s := reports.NewStore(db, dbtest.Now)
	participant := conference.Actor{UserID: 4, OrganisationID: 1, Roles: []conference.Role{conference.RoleParticipant}}
	if _, err := s.Report(t.Context(), participant, year); !errors.Is(err, conference.ErrForbidden) {
		t.Fatalf("participant: %v, want ErrForbidden", err)
	}
	for name, tc := range map[string]struct {
		f     reports.Filter
		field string
	}{
		"ErrToBeforeFrom": {reports.Filter{From: year.To, To: year.From}, "to"},
		"ErrNoFrom":       {reports.Filter{To: year.To}, "from"},
		"ErrTooLong":      {reports.Filter{From: year.From.AddDate(-6, 0, 0), To: year.To}, "to"},
		"ErrSeries":       {reports.Filter{From: year.From, To: year.To, SeriesID: 12345}, "series_id"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.Report(t.Context(), chair, tc.f)
			var ve conference.ValidationErrors
			var one *conference.ValidationError
			switch {
			case errors.As(err, &ve) && len(ve) > 0 && ve[0].Field == tc.field:
			case errors.As(err, &one) && one.Field == tc.field:
			default:
				t.Fatalf("err = %v, want a validation error on %s", err, tc.field)
			}
		})
	}
}

func TestValueText(t *testing.T) {
	for _, tc := range []struct {
		v        reports.Value
		nl, json string
	}{
		{reports.Count(12), "12", "12"},
		{reports.Percent(5, 6), "83,3%", "83.3"},
		{reports.Days(24.5, 8), "24,5", "24.5"},
		{reports.Days(0, 0), "–", "null"},
	} {
		b, _ := json.Marshal(tc.v)
		if tc.v.Text("nl") != tc.nl || string(b) != tc.json {
			t.Errorf("%+v: %q %s, want %q %s", tc.v, tc.v.Text("nl"), b, tc.nl, tc.json)
		}
	}
	if math.Abs(reports.Percent(1, 3).Number-33.333) > 0.01 {
		t.Fatal("percent")
	}
}

func TestLastQuarter(t *testing.T) {
	f := reports.LastQuarter(dbtest.Clock)
	if f.From.Format("2006-01-02") != "2026-07-01" || f.To.Format("2006-01-02") != "2026-09-30" {
		t.Fatalf("last quarter = %v – %v", f.From, f.To)
	}
	f = reports.LastQuarter(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	if f.From.Format("2006-01-02") != "2025-10-01" || f.To.Format("2006-01-02") != "2025-12-31" {
		t.Fatalf("last quarter in Q1 = %v – %v", f.From, f.To)
	}
}
