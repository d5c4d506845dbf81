package reports

// repeatsPerSeries counts per series the cases referred in the period that
// are on an agenda of that series, and the repeat referrals among them
// (herhaalde aanmeldingen, marked at referral by the series' own
// repeat_months rule) with their rate. A case on the agendas of two series
// counts in both.
func (q *query) repeatsPerSeries() (Table, error) {
	sql, args := q.confSeries(`SELECT series.name AS a, COUNT(DISTINCT cases.id) AS n,
		COUNT(DISTINCT CASE WHEN cases.repeat_of IS NOT NULL THEN cases.id END) AS r
		FROM cases JOIN agenda_items ON agenda_items.case_id = cases.id
		JOIN conferences ON conferences.id = agenda_items.conference_id
		JOIN series ON series.id = conferences.series_id
		WHERE cases.created_at >= ? AND cases.created_at < ?`, []any{q.start, q.end})
	var rows []countRow
	if err := q.scan(&rows, sql+" GROUP BY series.id, series.name ORDER BY series.name", args...); err != nil {
		return Table{}, err
	}
	t := Table{ID: TableRepeats, Columns: []Column{{Key: "series", Label: true}, {Key: "referred"}, {Key: "repeat_referrals"}, {Key: "repeat_rate"}}}
	for _, r := range rows {
		t.Rows = append(t.Rows, Row{Labels: []string{r.A}, Values: []Value{Count(r.N), Count(r.R), Percent(r.R, r.N)}})
	}
	return t, nil
}
