package minutes

import (
	"context"
	"fmt"
	"time"

	"casusoverleg/agenda"
)

// ExpiryNotice is how long before its end a mandate is reported as expiring.
const ExpiryNotice = 14 * 24 * time.Hour

// FollowUps implements agenda.FollowUpSource: for the meetings of a series it
// names the cases with open or overdue actions, with unresolved escalated
// decisions, and the mandates used since the previous meeting or expiring soon.
// Returns only database errors.
func (s *Store) FollowUps(ctx context.Context, seriesID int64, since, until time.Time) ([]agenda.FollowUp, error) {
	db := s.db.WithContext(ctx)
	inSeries := db.Table("conferences").Select("id").Where("series_id = ?", seriesID)
	var out []agenda.FollowUp

	var acts []actionRow
	if err := db.Where("conference_id IN (?) AND done_at IS NULL AND case_id IS NOT NULL", inSeries).
		Order("due_date, id").Find(&acts).Error; err != nil {
		return nil, dbError(err, "actions")
	}
	for _, r := range acts {
		a := r.domain(until)
		label := "open actie"
		if a.Status == ActionOverdue {
			label = "actie over tijd"
		}
		out = append(out, agenda.FollowUp{CaseID: *r.CaseID, Kind: agenda.KindFollowUp,
			Reason: fmt.Sprintf("%s: %s (uiterlijk %s)", label, r.What, r.DueDate.Format("02-01-2006"))})
	}

	var escalated []decisionRow
	if err := db.Where("conference_id IN (?) AND outcome = ? AND case_id IS NOT NULL", inSeries, Escalated).
		Order("created_at, id").Find(&escalated).Error; err != nil {
		return nil, dbError(err, "decisions")
	}
	for _, d := range escalated {
		out = append(out, agenda.FollowUp{CaseID: *d.CaseID, Kind: agenda.KindFollowUp, Reason: "opgeschaald besluit: " + shorten(d.Text, 120)})
	}

	var mandates []mandateRow
	if err := db.Where("conference_id IN (?) AND revoked_at IS NULL AND valid_until >= ?", inSeries, since.UTC()).
		Order("id").Find(&mandates).Error; err != nil {
		return nil, dbError(err, "mandates")
	}
	ids := make([]int64, len(mandates))
	for i, m := range mandates {
		ids[i] = m.ID
	}
	quick, err := quickActions(db, ids)
	if err != nil {
		return nil, err
	}
	for _, m := range mandates {
		used := 0
		for _, q := range quick[m.ID] {
			if !q.TakenAt.Before(since) && q.TakenAt.Before(until) {
				used++
			}
		}
		if used > 0 {
			out = append(out, agenda.FollowUp{CaseID: m.CaseID, Kind: agenda.KindMandateReport,
				Reason: fmt.Sprintf("mandaat gebruikt: %d snelle actie(s) sinds het vorige overleg", used)})
		}
		if m.ValidUntil.Before(until.Add(ExpiryNotice)) {
			out = append(out, agenda.FollowUp{CaseID: m.CaseID, Kind: agenda.KindMandateReport,
				Reason: "mandaat verloopt op " + m.ValidUntil.In(amsterdam).Format("02-01-2006")})
		}
	}
	return out, nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
