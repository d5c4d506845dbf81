package minutes

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"casusoverleg/agenda"
)

// ExpiryNotice is how long before its end a mandate is reported as expiring.
const ExpiryNotice = 14 * 24 * time.Hour

// FollowUps implements agenda.FollowUpSource: for the meetings of a series it
// names the cases with open or overdue actions, with unresolved escalated
// decisions, and the mandates used since the previous meeting or expiring soon.
// It reads only the columns the reasons need, scanned by hand, in three
// statements (the mandates with their quick actions in one): the carry-over
// of a series reads years of its history (issue 18).
// Returns only database errors.
func (s *Store) FollowUps(ctx context.Context, seriesID int64, since, until time.Time) ([]agenda.FollowUp, error) {
	db := s.db.WithContext(ctx)
	inSeries := db.Table("conferences").Select("id").Where("series_id = ?", seriesID)
	var out []agenda.FollowUp

	rows, err := db.Table("actions").Select("case_id, what, due_date").
		Where("conference_id IN (?) AND done_at IS NULL AND case_id IS NOT NULL", inSeries).Order("due_date, id").Rows()
	if err != nil {
		return nil, dbError(err, "actions")
	}
	defer rows.Close()
	for rows.Next() {
		var caseID int64
		var what string
		var due time.Time
		if err := rows.Scan(&caseID, &what, &due); err != nil {
			return nil, dbError(err, "actions")
		}
		label := "open actie"
		if (Action{DueDate: due.UTC()}).StatusAt(until) == ActionOverdue {
			label = "actie over tijd"
		}
		out = append(out, agenda.FollowUp{CaseID: caseID, Kind: agenda.KindFollowUp,
			Reason: fmt.Sprintf("%s: %s (uiterlijk %s)", label, what, due.Format("02-01-2006"))})
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, "actions")
	}
	rows.Close()

	rows, err = db.Table("decisions").Select("case_id, text").
		Where("conference_id IN (?) AND outcome = ? AND case_id IS NOT NULL", inSeries, Escalated).Order("created_at, id").Rows()
	if err != nil {
		return nil, dbError(err, "decisions")
	}
	defer rows.Close()
	for rows.Next() {
		var caseID int64
		var text string
		if err := rows.Scan(&caseID, &text); err != nil {
			return nil, dbError(err, "decisions")
		}
		out = append(out, agenda.FollowUp{CaseID: caseID, Kind: agenda.KindFollowUp, Reason: "opgeschaald besluit: " + shorten(text, 120)})
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, "decisions")
	}
	rows.Close()

	mandates, err := s.seriesMandates(ctx, inSeries, since)
	if err != nil {
		return nil, err
	}
	for _, m := range mandates {
		used := 0
		for _, t := range m.taken {
			if !t.Before(since) && t.Before(until) {
				used++
			}
		}
		if used > 0 {
			out = append(out, agenda.FollowUp{CaseID: m.caseID, Kind: agenda.KindMandateReport,
				Reason: fmt.Sprintf("mandaat gebruikt: %d snelle actie(s) sinds het vorige overleg", used)})
		}
		if m.validUntil.Before(until.Add(ExpiryNotice)) {
			out = append(out, agenda.FollowUp{CaseID: m.caseID, Kind: agenda.KindMandateReport,
				Reason: "mandaat verloopt op " + m.validUntil.In(amsterdam).Format("02-01-2006")})
		}
	}
	return out, nil
}

// seriesMandate is a mandate of a series as FollowUps needs it: its case, its
// end and when its quick actions were taken.
type seriesMandate struct {
	caseID     int64
	validUntil time.Time
	taken      []time.Time
}

// seriesMandates returns the mandates given in the conferences of inSeries,
// not revoked and valid on or after since, by id, each with the times of its
// quick actions: one statement, the mandates joined with their quick actions.
func (s *Store) seriesMandates(ctx context.Context, inSeries any, since time.Time) ([]seriesMandate, error) {
	rows, err := s.db.WithContext(ctx).Table("mandates").
		Select("mandates.id, mandates.case_id, mandates.valid_until, quick_actions.taken_at").
		Joins("LEFT JOIN quick_actions ON quick_actions.mandate_id = mandates.id").
		Where("mandates.conference_id IN (?) AND mandates.revoked_at IS NULL AND mandates.valid_until >= ?", inSeries, since.UTC()).
		Order("mandates.id").Rows()
	if err != nil {
		return nil, dbError(err, "mandates")
	}
	defer rows.Close()
	var out []seriesMandate
	last := int64(0)
	for rows.Next() {
		var id, caseID int64
		var validUntil time.Time
		var taken sql.NullTime
		if err := rows.Scan(&id, &caseID, &validUntil, &taken); err != nil {
			return nil, dbError(err, "mandates")
		}
		if len(out) == 0 || id != last {
			out = append(out, seriesMandate{caseID: caseID, validUntil: validUntil})
			last = id
		}
		if taken.Valid {
			m := &out[len(out)-1]
			m.taken = append(m.taken, taken.Time)
		}
	}
	return out, dbError(rows.Err(), "mandates")
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
