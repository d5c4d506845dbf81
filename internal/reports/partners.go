package reports

import "time"

// actions counts, per owner organisation, the actions due in the period:
// done on time (by the end of the due day), done late, and open past due.
// Each organisation's actions are read from idx_actions_owner_due for the
// period alone, and late is done less on time.
func (q *query) actions() (Table, error) {
	from, to := dueDay(q.start.Add(12*time.Hour)), dueDay(q.end.Add(-12*time.Hour)).AddDate(0, 0, 1)
	sql := `SELECT organisations.name AS name, COUNT(*) AS due,
		SUM(CASE WHEN ` + q.doneByDueDay() + ` THEN 1 ELSE 0 END) AS on_time,
		COUNT(actions.done_at) AS done,
		SUM(CASE WHEN actions.done_at IS NULL AND actions.due_date < ? THEN 1 ELSE 0 END) AS overdue
		FROM organisations JOIN actions ON actions.owner_organisation_id = organisations.id` + q.confJoin("actions") + `
		WHERE actions.due_date >= ? AND actions.due_date < ?`
	sql, args := q.confSeries(sql, []any{dueDay(q.now), from, to})
	var rows []struct {
		Name                       string
		Due, OnTime, Done, Overdue int
	}
	if err := q.scan(&rows, sql+" GROUP BY organisations.id, organisations.name ORDER BY organisations.name", args...); err != nil {
		return Table{}, err
	}
	t := Table{ID: TableActions, Columns: []Column{{Key: "organisation", Label: true}, {Key: "due"}, {Key: "on_time"},
		{Key: "late"}, {Key: "overdue"}, {Key: "on_time_share"}}}
	var due, onTime, lateN, overdue int
	for _, r := range rows {
		late := r.Done - r.OnTime
		t.Rows = append(t.Rows, Row{Labels: []string{r.Name}, Values: []Value{Count(r.Due), Count(r.OnTime),
			Count(late), Count(r.Overdue), Percent(r.OnTime, r.Due)}})
		due, onTime, lateN, overdue = due+r.Due, onTime+r.OnTime, lateN+late, overdue+r.Overdue
	}
	if len(rows) > 0 {
		t.Rows = append(t.Rows, Row{Labels: []string{totalLabel}, Values: []Value{Count(due), Count(onTime),
			Count(lateN), Count(overdue), Percent(onTime, due)}})
	}
	return t, nil
}

// doneByDueDay is SQL that is true for an action done by the end of its due
// day: less than a day after its due date, which is a midnight UTC.
func (q *query) doneByDueDay() string {
	if q.db.Dialector.Name() == "postgres" {
		return "actions.done_at < actions.due_date + INTERVAL '24 hours'"
	}
	// SQLite holds both as UTC text ("2026-03-02 09:15:00+00:00"), as every
	// period bound here assumes: comparing the days costs a fraction of
	// julianday() on each action.
	return "substr(actions.done_at, 1, 10) <= substr(actions.due_date, 1, 10)"
}

// totalLabel is the label of a table's total row; pages translate it.
const totalLabel = "∑"

// mandates counts the mandates granted in the period, those of them used
// (a quick action was logged), those that expired and those revoked in it,
// and the quick actions taken in it.
func (q *query) mandates() (Table, error) {
	p := []any{q.start, q.end}
	sql := `SELECT
		SUM(CASE WHEN mandates.created_at >= ? AND mandates.created_at < ? THEN 1 ELSE 0 END) AS granted,
		SUM(CASE WHEN mandates.created_at >= ? AND mandates.created_at < ?
			AND EXISTS (SELECT 1 FROM quick_actions WHERE quick_actions.mandate_id = mandates.id) THEN 1 ELSE 0 END) AS used,
		SUM(CASE WHEN mandates.valid_until >= ? AND mandates.valid_until < ? AND mandates.valid_until < ?
			AND mandates.revoked_at IS NULL THEN 1 ELSE 0 END) AS expired,
		SUM(CASE WHEN mandates.revoked_at >= ? AND mandates.revoked_at < ? THEN 1 ELSE 0 END) AS revoked
		FROM mandates` + q.confJoin("mandates") + ` WHERE 1 = 1`
	sql, args := q.confSeries(sql, []any{p[0], p[1], p[0], p[1], p[0], p[1], q.now, p[0], p[1]})
	var m struct{ Granted, Used, Expired, Revoked *int }
	if err := q.scan(&m, sql, args...); err != nil {
		return Table{}, err
	}
	sql, args = q.confSeries(`SELECT COUNT(*) FROM quick_actions JOIN mandates ON mandates.id = quick_actions.mandate_id
		`+q.confJoin("mandates")+`
		WHERE quick_actions.taken_at >= ? AND quick_actions.taken_at < ?`, p)
	var quick int
	if err := q.scan(&quick, sql, args...); err != nil {
		return Table{}, err
	}
	return indicatorTable(TableMandates,
		indicator("mandates_granted", Count(deref(m.Granted))),
		indicator("mandates_used", Count(deref(m.Used))),
		indicator("mandates_expired", Count(deref(m.Expired))),
		indicator("mandates_revoked", Count(deref(m.Revoked))),
		indicator("quick_actions", Count(quick)),
	), nil
}

func deref(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// escalations counts the decisions escalated in the period, how many were
// resolved and how many are still open, and how long they stayed open.
func (q *query) escalations() (Table, error) {
	sql, args := q.confSeries(`SELECT `+q.days("decisions.created_at", "COALESCE(decisions.resolved_at, ?)")+` AS d,
		CASE WHEN decisions.resolved_at IS NULL THEN 1 ELSE 0 END AS open
		FROM decisions`+q.confJoin("decisions")+`
		WHERE decisions.outcome IN ('escalated', 'resolved') AND decisions.created_at >= ? AND decisions.created_at < ?`,
		[]any{q.now, q.start, q.end})
	var rows []struct {
		D    float64
		Open int
	}
	if err := q.scan(&rows, sql, args...); err != nil {
		return Table{}, err
	}
	var resolved []float64
	longest, open := 0.0, 0
	for _, r := range rows {
		d := max(r.D, 0)
		longest = max(longest, d)
		if r.Open == 1 {
			open++
		} else {
			resolved = append(resolved, d)
		}
	}
	return indicatorTable(TableEscalations,
		indicator("escalations", Count(len(rows))),
		indicator("escalations_resolved", Count(len(resolved))),
		indicator("escalations_open", Count(open)),
		indicator("escalations_median_days_open", Days(median(resolved), len(resolved))),
		indicator("escalations_longest_days_open", Days(longest, len(rows))),
	), nil
}

// attendance counts, per organisation, the meetings held in the period that
// it attended and its people's presence, absence and excuses.
func (q *query) attendance() (Table, error) {
	sql, args := q.confSeries(`SELECT COUNT(*) FROM conferences WHERE conferences.status IN ?
		AND conferences.starts_at >= ? AND conferences.starts_at < ?`, []any{held, q.start, q.end})
	var meetings int
	if err := q.scan(&meetings, sql, args...); err != nil {
		return Table{}, err
	}
	// Counted per organisation id first, from the attendances of the
	// period's meetings alone; the names are joined to the 30-odd counts.
	sql, args = q.confSeries(`SELECT attendances.organisation_id AS org,
		COUNT(DISTINCT CASE WHEN attendances.presence = 'present' THEN attendances.conference_id END) AS meetings,
		SUM(CASE WHEN attendances.presence = 'present' THEN 1 ELSE 0 END) AS present,
		SUM(CASE WHEN attendances.presence = 'absent' THEN 1 ELSE 0 END) AS absent,
		SUM(CASE WHEN attendances.presence = 'excused' THEN 1 ELSE 0 END) AS excused
		FROM conferences JOIN attendances ON attendances.conference_id = conferences.id
		WHERE conferences.status IN ? AND conferences.starts_at >= ? AND conferences.starts_at < ?`, []any{held, q.start, q.end})
	sql = `SELECT organisations.name AS name, counts.meetings, counts.present, counts.absent, counts.excused
		FROM (` + sql + ` GROUP BY attendances.organisation_id) counts
		JOIN organisations ON organisations.id = counts.org ORDER BY organisations.name`
	var rows []struct {
		Name                               string
		Meetings, Present, Absent, Excused int
	}
	if err := q.scan(&rows, sql, args...); err != nil {
		return Table{}, err
	}
	t := Table{ID: TableAttendance, Columns: []Column{{Key: "organisation", Label: true}, {Key: "meetings_attended"},
		{Key: "attended_share"}, {Key: "present"}, {Key: "absent"}, {Key: "excused"}}}
	for _, r := range rows {
		t.Rows = append(t.Rows, Row{Labels: []string{r.Name}, Values: []Value{Count(r.Meetings), Percent(r.Meetings, meetings),
			Count(r.Present), Count(r.Absent), Count(r.Excused)}})
	}
	return t, nil
}
