package agenda

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// markRepeat decides whether case caseID, referred now in a meeting of
// series, is a repeat referral (herhaalde aanmelding): one of its persons
// matches a person of another case that was discussed (accepted on the agenda
// of a meeting that has started) within series.RepeatMonths before now. The
// mark, the date of that meeting, is stored on the case.
func (s *Store) markRepeat(ctx context.Context, tx *gorm.DB, series conference.Series, caseID int64) error {
	cases := s.cases.WithDB(tx)
	matches, err := cases.PersonMatches(ctx, []int64{caseID})
	if err != nil {
		return err
	}
	var others []int64
	for _, m := range matches[caseID] {
		others = append(others, m.Other.ID)
	}
	if len(others) == 0 {
		return nil
	}
	months := series.RepeatMonths
	if months <= 0 {
		months = conference.DefaultRepeatMonths
	}
	now := s.now()
	last, err := lastDiscussed(tx.WithContext(ctx), others, now)
	if err != nil || last == nil || last.Before(now.AddDate(0, -months, 0)) {
		return err
	}
	return cases.MarkRepeat(ctx, caseID, last)
}

// lastDiscussed returns the start of the latest meeting before at, begun or
// held, where one of the cases was an accepted agenda item; nil when none.
func lastDiscussed(db *gorm.DB, caseIDs []int64, at time.Time) (*time.Time, error) {
	var rows []struct{ StartsAt time.Time }
	err := db.Table("agenda_items").Select("conferences.starts_at").
		Joins("JOIN conferences ON conferences.id = agenda_items.conference_id").
		Where("agenda_items.case_id IN ? AND agenda_items.status = ? AND conferences.status IN ? AND conferences.starts_at < ?",
			caseIDs, StatusAccepted, []conference.Status{conference.StatusInSession, conference.StatusClosed, conference.StatusSigned}, at).
		Order("conferences.starts_at DESC").Limit(1).Scan(&rows).Error
	if err != nil {
		return nil, dbError(err, "agenda items")
	}
	if len(rows) == 0 {
		return nil, nil
	}
	t := rows[0].StartsAt.UTC()
	return &t, nil
}

// addMatches runs the known-person check for the referrals (new items) the
// view shows in full. The chair and secretary see each match with the other
// case's summary; a referrer sees the matches in cases their organisation may
// see, and for the others only KnownPerson.
func (s *Store) addMatches(ctx context.Context, a conference.Actor, v *View) error {
	var ids []int64
	for _, list := range [][]Entry{v.Items, v.Proposals, v.Decided} {
		for _, e := range list {
			if e.Kind == KindNew && e.Case != nil && !e.Case.Redacted {
				ids = append(ids, e.Case.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	matches, err := s.cases.PersonMatches(ctx, ids)
	if err != nil {
		return err
	}
	var others []int64
	for _, list := range matches {
		for _, m := range list {
			others = append(others, m.Other.ID)
		}
	}
	seen := map[int64]bool{}
	if !v.Organiser && len(others) > 0 {
		if seen, err = s.cases.CanSeeCases(ctx, a, others); err != nil {
			return err
		}
	}
	for _, list := range []*[]Entry{&v.Items, &v.Proposals, &v.Decided} {
		for i := range *list {
			e := &(*list)[i]
			if e.Kind != KindNew || e.Case == nil || e.Case.Redacted {
				continue
			}
			for _, m := range matches[e.Case.ID] {
				switch {
				case v.Organiser || seen[m.Other.ID]:
					if !slices.ContainsFunc(e.PersonMatches, func(x conference.PersonMatch) bool { return x.Other.ID == m.Other.ID }) {
						e.PersonMatches = append(e.PersonMatches, m)
					}
				default:
					e.KnownPerson = true
				}
			}
		}
	}
	return nil
}
