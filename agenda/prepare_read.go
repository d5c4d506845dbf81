package agenda

import (
	"context"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// The reads of Prepare, each one narrow statement scanned by hand: the
// carry-over reads years of a series' history, and each of these replaced
// two or three statements that read whole rows through gorm's reflection.

// previousStart returns the start of the last conference of the series before
// conf that was not cancelled (a cancelled one's items moved on), looking at
// the ten before it as the conference list does; zero when there is none.
func (s *Store) previousStart(ctx context.Context, conf conference.Conference) (time.Time, error) {
	rows, err := s.db.WithContext(ctx).Table("conferences").Select("starts_at, status").
		Where("series_id = ? AND starts_at < ?", conf.SeriesID, conf.StartsAt.UTC()).
		Order("starts_at DESC, id DESC").Limit(10).Rows()
	if err != nil {
		return time.Time{}, dbError(err, "previous conference")
	}
	defer rows.Close()
	for rows.Next() {
		var startsAt time.Time
		var status string
		if err := rows.Scan(&startsAt, &status); err != nil {
			return time.Time{}, dbError(err, "previous conference")
		}
		if conference.Status(status) != conference.StatusCancelled {
			return startsAt.UTC(), nil
		}
	}
	return time.Time{}, dbError(rows.Err(), "previous conference")
}

// caseFacts returns what the carry-over needs of each case: its status (closed
// cases stay off), its referring organisation (the item's proposer) and its
// theme and postcode (the question sets). Prepare decides as the system,
// which sees every case (conference.System), and shows none of it.
func (s *Store) caseFacts(ctx context.Context, ids []int64) (map[int64]conference.Case, error) {
	db := s.db.WithContext(ctx)
	rows, err := db.Table("cases").Select("id, status, referring_organisation_id, theme, postcode").
		Where(conference.IDIn(db, "id", ids)).Rows()
	if err != nil {
		return nil, dbError(err, "cases")
	}
	defer rows.Close()
	out := make(map[int64]conference.Case, len(ids))
	for rows.Next() {
		var c conference.Case
		var status, theme string
		if err := rows.Scan(&c.ID, &status, &c.ReferringOrganisationID, &theme, &c.Postcode); err != nil {
			return nil, dbError(err, "cases")
		}
		c.Status, c.Theme = conference.CaseStatus(status), conference.Theme(theme)
		out[c.ID] = c
	}
	return out, dbError(rows.Err(), "cases")
}

// activeSetFilters returns the active question sets with what Select looks
// at (id, position, filters), without their questions.
func (s *Store) activeSetFilters(ctx context.Context) ([]QuestionSet, error) {
	rows, err := s.db.WithContext(ctx).Table("question_sets").Select("id, position, themes, postcodes, item_kinds").
		Where("active = ?", true).Order("position, id").Rows()
	if err != nil {
		return nil, questionSetDBError(err, "question sets")
	}
	defer rows.Close()
	var out []QuestionSet
	for rows.Next() {
		q := QuestionSet{Active: true}
		var themes, postcodes, kinds string
		if err := rows.Scan(&q.ID, &q.Position, &themes, &postcodes, &kinds); err != nil {
			return nil, questionSetDBError(err, "question sets")
		}
		q.Themes, q.Postcodes, q.ItemKinds = splitList[conference.Theme](themes), splitList[string](postcodes), splitList[Kind](kinds)
		out = append(out, q)
	}
	return out, questionSetDBError(rows.Err(), "question sets")
}

// agendaState returns, in one statement, the last position among the
// accepted items of a conference and the cases that have an item other than
// a rejected one on it.
func agendaState(tx *gorm.DB, conferenceID int64) (maxPos int, on map[int64]bool, err error) {
	rows, err := tx.Table("agenda_items").Select("case_id, status, position").
		Where("conference_id = ?", conferenceID).Rows()
	if err != nil {
		return 0, nil, dbError(err, "agenda items")
	}
	defer rows.Close()
	on = map[int64]bool{}
	found := false
	for rows.Next() {
		var caseID *int64
		var status string
		var pos int
		if err := rows.Scan(&caseID, &status, &pos); err != nil {
			return 0, nil, dbError(err, "agenda items")
		}
		if Status(status) == StatusAccepted && (!found || pos > maxPos) {
			maxPos, found = pos, true
		}
		if caseID != nil && Status(status) != StatusRejected {
			on[*caseID] = true
		}
	}
	return maxPos, on, dbError(rows.Err(), "agenda items")
}
