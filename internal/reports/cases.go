package reports

import (
	"fmt"
	"strings"
	"time"

	"casusoverleg/conference"
)

// summary counts cases referred (and of them repeat referrals, with their
// rate), discussed and closed (by the day they were closed), the median days
// from referral to first discussion, and the meetings held.
func (q *query) summary() (Table, error) {
	sql, args := q.caseSeries(`SELECT COUNT(*) AS referred, `+repeats+` AS repeats FROM cases
		WHERE cases.created_at >= ? AND cases.created_at < ?`, []any{q.start, q.end})
	var ref struct{ Referred, Repeats int }
	if err := q.scan(&ref, sql, args...); err != nil {
		return Table{}, err
	}
	referred := ref.Referred
	sql, args = q.caseSeries(`SELECT COUNT(*) FROM cases WHERE cases.status = ? AND cases.closed_at >= ? AND cases.closed_at < ?`,
		[]any{string(conference.CaseClosed), q.start, q.end})
	var closed int
	if err := q.scan(&closed, sql, args...); err != nil {
		return Table{}, err
	}
	sql, args = q.confSeries(`SELECT COUNT(DISTINCT agenda_items.case_id) FROM agenda_items
		JOIN conferences ON conferences.id = agenda_items.conference_id
		WHERE agenda_items.status = 'accepted' AND agenda_items.case_id IS NOT NULL
		AND conferences.status IN ? AND conferences.starts_at >= ? AND conferences.starts_at < ?`, []any{held, q.start, q.end})
	var discussed int
	if err := q.scan(&discussed, sql, args...); err != nil {
		return Table{}, err
	}
	sql, args = q.confSeries(`SELECT COUNT(*) FROM conferences WHERE conferences.status IN ?
		AND conferences.starts_at >= ? AND conferences.starts_at < ?`, []any{held, q.start, q.end})
	var meetings int
	if err := q.scan(&meetings, sql, args...); err != nil {
		return Table{}, err
	}
	// One row per case referred in the period: days to its first discussion,
	// or NULL when it was not discussed. The first discussion is looked up
	// per case, without a GROUP BY: grouping by case led SQLite to read every
	// case of five years in id order rather than sort one year's.
	first := `SELECT MIN(conferences.starts_at) FROM agenda_items
		JOIN conferences ON conferences.id = agenda_items.conference_id
		WHERE agenda_items.case_id = cases.id AND agenda_items.status = 'accepted' AND conferences.status IN ?`
	first, fargs := q.confSeries(first, []any{held})
	sql = `SELECT ` + q.days("cases.created_at", "("+first+")") + ` AS d FROM cases
		WHERE cases.created_at >= ? AND cases.created_at < ?`
	var rows []struct{ D *float64 }
	if err := q.scan(&rows, sql, append(fargs, q.start, q.end)...); err != nil {
		return Table{}, err
	}
	waits := make([]float64, 0, len(rows))
	for _, w := range rows {
		if w.D != nil {
			waits = append(waits, max(*w.D, 0))
		}
	}
	return indicatorTable(TableSummary,
		indicator("referred", Count(referred)),
		indicator("repeat_referrals", Count(ref.Repeats)),
		indicator("repeat_rate", Percent(ref.Repeats, referred)),
		indicator("discussed", Count(discussed)),
		indicator("closed", Count(closed)),
		indicator("median_days_to_discussion", Days(median(waits), len(waits))),
		indicator("meetings_held", Count(meetings)),
	), nil
}

// countRow is one group of a GROUP BY: its label columns, its count and,
// where asked, how many of them are repeat referrals.
type countRow struct {
	A, B string
	N    int
	R    int
}

// repeats is the SQL that counts the repeat referrals among the cases of a group.
const repeats = "COALESCE(SUM(CASE WHEN cases.repeat_of IS NOT NULL THEN 1 ELSE 0 END), 0)"

// neighbourhoods counts the cases referred per PC4 and wijk, and the repeat
// referrals among them with their rate.
func (q *query) neighbourhoods() (Table, error) {
	sql, args := q.caseSeries(`SELECT cases.postcode AS a, cases.neighbourhood AS b, COUNT(*) AS n, `+repeats+` AS r FROM cases
		WHERE cases.created_at >= ? AND cases.created_at < ?`, []any{q.start, q.end})
	var rows []countRow
	if err := q.scan(&rows, sql+" GROUP BY cases.postcode, cases.neighbourhood ORDER BY n DESC, a, b", args...); err != nil {
		return Table{}, err
	}
	t := Table{ID: TableNeighbourhoods, Columns: []Column{{Key: "postcode", Label: true}, {Key: "neighbourhood", Label: true},
		{Key: "referred"}, {Key: "repeat_referrals"}, {Key: "repeat_rate"}}}
	for _, r := range rows {
		t.Rows = append(t.Rows, Row{Labels: []string{r.A, r.B}, Values: []Value{Count(r.N), Count(r.R), Percent(r.R, r.N)}})
	}
	return t, nil
}

// themes counts the cases referred per theme; every theme has a row.
func (q *query) themes() (Table, error) {
	sql, args := q.caseSeries(`SELECT cases.theme AS a, COUNT(*) AS n FROM cases
		WHERE cases.created_at >= ? AND cases.created_at < ?`, []any{q.start, q.end})
	var rows []countRow
	if err := q.scan(&rows, sql+" GROUP BY cases.theme", args...); err != nil {
		return Table{}, err
	}
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.A] = r.N
	}
	t := Table{ID: TableThemes, Columns: []Column{{Key: "theme", Label: true, Translate: "theme."}, {Key: "referred"}}}
	for _, th := range conference.Themes {
		t.Rows = append(t.Rows, Row{Labels: []string{string(th)}, Values: []Value{Count(counts[string(th)])}})
	}
	return t, nil
}

// referrers counts the cases referred per referring organisation.
func (q *query) referrers() (Table, error) {
	sql, args := q.caseSeries(`SELECT organisations.name AS a, COUNT(*) AS n FROM cases
		JOIN organisations ON organisations.id = cases.referring_organisation_id
		WHERE cases.created_at >= ? AND cases.created_at < ?`, []any{q.start, q.end})
	var rows []countRow
	if err := q.scan(&rows, sql+" GROUP BY organisations.id, organisations.name ORDER BY n DESC, a", args...); err != nil {
		return Table{}, err
	}
	t := Table{ID: TableReferrers, Columns: []Column{{Key: "organisation", Label: true}, {Key: "referred"}}}
	for _, r := range rows {
		t.Rows = append(t.Rows, Row{Labels: []string{r.A}, Values: []Value{Count(r.N)}})
	}
	return t, nil
}

// quarters returns the starts of the quarters the trend shows: those of the
// period, and at least the four up to the quarter the period ends in.
func (q *query) quarters() []time.Time {
	quarterOf := func(t time.Time) time.Time {
		t = t.In(amsterdam)
		return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, amsterdam)
	}
	last := quarterOf(q.end.Add(-time.Second))
	first := quarterOf(q.start)
	if floor := last.AddDate(0, -9, 0); floor.Before(first) {
		first = floor
	}
	var out []time.Time
	for t := first; !t.After(last); t = t.AddDate(0, 3, 0) {
		out = append(out, t)
	}
	return out
}

// bucket is SQL that numbers the quarter col falls in (0 for the first).
func bucket(col string, qs []time.Time) (string, []any) {
	if len(qs) == 1 {
		return "0", nil
	}
	var b strings.Builder
	var args []any
	b.WriteString("CASE")
	for i, t := range qs[1:] {
		fmt.Fprintf(&b, " WHEN %s < ? THEN %d", col, i)
		args = append(args, t.UTC())
	}
	fmt.Fprintf(&b, " ELSE %d END", len(qs)-1)
	return b.String(), args
}

// trend counts per quarter the cases referred, discussed and closed, and the
// repeat referrals among those referred with their rate.
func (q *query) trend() (Table, error) {
	qs := q.quarters()
	from, to := qs[0].UTC(), q.end
	type bucketRow struct {
		Q int
		N int
		R int
	}
	counts := make([][4]int, len(qs)) // referred, discussed, closed, repeat referrals
	run := func(col int, sql string, args []any) error {
		var rows []bucketRow
		if err := q.scan(&rows, sql, args...); err != nil {
			return err
		}
		for _, r := range rows {
			if r.Q >= 0 && r.Q < len(qs) {
				counts[r.Q][col] = r.N
				if col == 0 {
					counts[r.Q][3] = r.R
				}
			}
		}
		return nil
	}
	b, bargs := bucket("cases.created_at", qs)
	sql, args := q.caseSeries(`SELECT `+b+` AS q, COUNT(*) AS n, `+repeats+` AS r FROM cases
		WHERE cases.created_at >= ? AND cases.created_at < ?`, append(bargs, from, to))
	if err := run(0, sql+" GROUP BY 1", args); err != nil {
		return Table{}, err
	}
	b, bargs = bucket("conferences.starts_at", qs)
	sql, args = q.confSeries(`SELECT `+b+` AS q, COUNT(DISTINCT agenda_items.case_id) AS n FROM agenda_items
		JOIN conferences ON conferences.id = agenda_items.conference_id
		WHERE agenda_items.status = 'accepted' AND agenda_items.case_id IS NOT NULL
		AND conferences.status IN ? AND conferences.starts_at >= ? AND conferences.starts_at < ?`, append(bargs, held, from, to))
	if err := run(1, sql+" GROUP BY 1", args); err != nil {
		return Table{}, err
	}
	b, bargs = bucket("cases.closed_at", qs)
	sql, args = q.caseSeries(`SELECT `+b+` AS q, COUNT(*) AS n FROM cases WHERE cases.status = ?
		AND cases.closed_at >= ? AND cases.closed_at < ?`, append(bargs, string(conference.CaseClosed), from, to))
	if err := run(2, sql+" GROUP BY 1", args); err != nil {
		return Table{}, err
	}
	t := Table{ID: TableTrend, Columns: []Column{{Key: "quarter", Label: true}, {Key: "referred"}, {Key: "discussed"}, {Key: "closed"},
		{Key: "repeat_referrals"}, {Key: "repeat_rate"}}}
	for i, start := range qs {
		c := counts[i]
		t.Rows = append(t.Rows, Row{Labels: []string{QuarterLabel(start)},
			Values: []Value{Count(c[0]), Count(c[1]), Count(c[2]), Count(c[3]), Percent(c[3], c[0])}})
	}
	return t, nil
}
