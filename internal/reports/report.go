package reports

import (
	"fmt"
	"time"

	"casusoverleg/conference"
)

// MaxPeriod is the longest period one report covers.
const MaxPeriod = 5*366*24*time.Hour + 24*time.Hour

// Filter chooses what a report covers: the days From to To (both included,
// calendar days in Amsterdam) and optionally one series (0 is all).
type Filter struct {
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	SeriesID int64     `json:"series_id,omitempty"`
}

// Validate reports what is wrong with f, field by field.
func (f Filter) Validate() error {
	var errs conference.ValidationErrors
	if f.From.IsZero() {
		errs.Add("from", "is required")
	}
	if f.To.IsZero() {
		errs.Add("to", "is required")
	}
	if !f.From.IsZero() && !f.To.IsZero() {
		if f.To.Before(f.From) {
			errs.Add("to", "must not be before the start")
		} else if f.To.Sub(f.From) > MaxPeriod {
			errs.Add("to", "must be at most five years after the start")
		}
	}
	if f.SeriesID < 0 {
		errs.Add("series_id", "must be a series")
	}
	return errs.Err()
}

// start and end are the period as instants: [start, end).
func (f Filter) start() time.Time { return dayStart(f.From) }
func (f Filter) end() time.Time   { return dayStart(f.To).AddDate(0, 0, 1) }

// dayStart is midnight in Amsterdam of t's calendar day, in UTC.
func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, amsterdam).UTC()
}

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// Quarter returns the filter for quarter q (1–4) of year.
func Quarter(year, q int) Filter {
	from := time.Date(year, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC)
	return Filter{From: from, To: from.AddDate(0, 3, -1)}
}

// LastQuarter returns the last quarter that ended before now.
func LastQuarter(now time.Time) Filter {
	now = now.In(amsterdam)
	q := (int(now.Month())-1)/3 + 1
	year := now.Year()
	if q--; q == 0 {
		q, year = 4, year-1
	}
	return Quarter(year, q)
}

// Column is one column of a table. Label columns name the row; the others hold values.
type Column struct {
	Key string `json:"key"`
	// Label is true for the columns that name a row.
	Label bool `json:"label,omitempty"`
	// Translate is the message key prefix of a label column whose text is a
	// code (a theme, an indicator): the shown text is the message Translate+code.
	Translate string `json:"-"`
}

// Row is one line of a table: its label texts, then its values, in column order.
type Row struct {
	Labels []string `json:"labels"`
	Values []Value  `json:"values"`
}

// Table is one table of a report. ID names it (its CSV file, its anchor).
type Table struct {
	ID      string   `json:"id"`
	Columns []Column `json:"columns"`
	Rows    []Row    `json:"rows"`
}

// Report is the management information for one filter.
type Report struct {
	Filter Filter `json:"filter"`
	// Suppressed says counts from 1 to 4 are hidden as "< 5".
	Suppressed bool `json:"suppressed"`
	// Tables in display order: summary, neighbourhoods, themes, referrers,
	// trend, repeats (repeat referrals per series), actions, mandates,
	// escalations, attendance.
	Tables []Table `json:"tables"`
}

// The table IDs of a report.
const (
	TableSummary        = "summary"
	TableNeighbourhoods = "neighbourhoods"
	TableThemes         = "themes"
	TableReferrers      = "referrers"
	TableTrend          = "trend"
	TableRepeats        = "repeats"
	TableActions        = "actions"
	TableMandates       = "mandates"
	TableEscalations    = "escalations"
	TableAttendance     = "attendance"
)

// TableIDs lists every table ID in display order.
var TableIDs = []string{TableSummary, TableNeighbourhoods, TableThemes, TableReferrers, TableTrend, TableRepeats,
	TableActions, TableMandates, TableEscalations, TableAttendance}

// Table returns the table with id, or false.
func (r *Report) Table(id string) (Table, bool) {
	for _, t := range r.Tables {
		if t.ID == id {
			return t, true
		}
	}
	return Table{}, false
}

// MaySee reports whether a may read reports: chair, secretary, admin and policy officer.
func MaySee(a conference.Actor) bool {
	return a.Has(conference.RoleChair) || a.Has(conference.RoleSecretary) || a.Has(conference.RoleAdmin) ||
		a.Has(conference.RolePolicyOfficer)
}

// Suppresses reports whether a sees small counts hidden: everyone but the chair and the secretary.
func Suppresses(a conference.Actor) bool {
	return !a.Has(conference.RoleChair) && !a.Has(conference.RoleSecretary)
}

// suppress hides every small value of r.
func (r *Report) suppress() {
	r.Suppressed = true
	for ti := range r.Tables {
		for ri := range r.Tables[ti].Rows {
			vs := r.Tables[ti].Rows[ri].Values
			for vi := range vs {
				vs[vi] = vs[vi].hide()
			}
		}
	}
}

// QuarterLabel writes a quarter as the row label of the trend table: "2026-Q3".
func QuarterLabel(t time.Time) string {
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
}
