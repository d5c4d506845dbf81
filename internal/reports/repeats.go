package reports

// repeatsPerSeries counts per series the cases referred in the period that
// are on an agenda of that series, and the repeat referrals among them
// (herhaalde aanmeldingen, marked at referral by the series' own
// repeat_months rule) with their rate. A case on the agendas of two series
// counts in both.
func (q *query) repeatsPerSeries() (Table, error) {
	// Counted per series id first; the names are joined to the few counts
	// (joining the series of every agenda item cost more than the counting).
	sql, args := q.confSeries(`SELECT conferences.series_id AS sid, COUNT(DISTINCT cases.id) AS n,
		COUNT(DISTINCT CASE WHEN cases.repeat_of IS NOT NULL THEN cases.id END) AS r
		FROM cases JOIN agenda_items ON agenda_items.case_id = cases.id
		JOIN conferences ON conferences.id = agenda_items.conference_id
		WHERE cases.created_at >= ? AND cases.created_at < ?`, []any{q.start, q.end})
	sql = `SELECT series.name AS a, counts.n, counts.r FROM (` + sql + ` GROUP BY conferences.series_id) counts
		JOIN series ON series.id = counts.sid ORDER BY series.name`
	var rows []countRow
	if err := q.scan(&rows, sql, args...); err != nil {
		return Table{}, err
	}
	t := Table{ID: TableRepeats, Columns: []Column{{Key: "series", Label: true}, {Key: "referred"}, {Key: "repeat_referrals"}, {Key: "repeat_rate"}}}
	for _, r := range rows {
		t.Rows = append(t.Rows, Row{Labels: []string{r.A}, Values: []Value{Count(r.N), Count(r.R), Percent(r.R, r.N)}})
	}
	return t, nil
}
