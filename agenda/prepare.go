package agenda

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// FollowUp is a reason for a case to come back on the next agenda of a series,
// found by a package above this one (open or overdue actions, mandates used
// or expiring).
type FollowUp struct {
	CaseID int64
	Kind   Kind // KindFollowUp or KindMandateReport
	Reason string
}

// FollowUpSource finds follow-ups for the cases of a series between two
// meetings: since is the start of the previous meeting (zero for none),
// until the start of the meeting being prepared.
type FollowUpSource interface {
	FollowUps(ctx context.Context, seriesID int64, since, until time.Time) ([]FollowUp, error)
}

// AddFollowUpSource registers a source of follow-ups. Call it while wiring.
func (s *Store) AddFollowUpSource(src FollowUpSource) { s.sources = append(s.sources, src) }

// Prepare adds to the agenda, by itself, the cases of the series that must
// come back: those whose review date has come since they were last discussed
// and those the follow-up sources name. Each case is added at most once per
// meeting (a case already on the agenda is left alone), so preparing twice
// adds nothing new. It returns the items it added, each with its reason.
// Returns conference.ErrNotFound when there is no such conference, ErrForbidden when a does not
// chair it and a conference.ValidationError when the meeting is closed; other errors come from the
// database or a follow-up source.
func (s *Store) Prepare(ctx context.Context, a conference.Actor, conferenceID int64) ([]Item, error) {
	conf, err := s.conferenceForChair(ctx, a, conferenceID)
	if err != nil {
		return nil, err
	}
	since, err := s.previousStart(ctx, conf)
	if err != nil {
		return nil, err
	}
	reasons, order, cases, err := s.followUps(ctx, conf, since)
	if err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, nil
	}
	sets, err := s.activeSetFilters(ctx)
	if err != nil {
		return nil, err
	}
	var added []Item
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		maxPos, on, err := agendaState(tx, conf.ID)
		if err != nil {
			return err
		}
		for _, caseID := range order {
			if on[caseID] {
				continue
			}
			r := reasons[caseID]
			id := caseID
			maxPos++
			added = append(added, Item{ConferenceID: conf.ID, CaseID: &id, Kind: r.kind, Status: StatusAccepted,
				Reason: strings.Join(r.texts, "; "), ProposingOrgID: cases[caseID].ReferringOrganisationID,
				RequestedMinutes: 10, PlannedMinutes: 10, AutoAdded: true, Position: maxPos,
				QuestionSetIDs: setIDs(Select(sets, cases[caseID], r.kind))})
		}
		if len(added) == 0 {
			return nil
		}
		return insertItems(tx, added)
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

type followUpReason struct {
	kind  Kind
	texts []string
}

// followUps gathers, per case, why it must come back; order keeps the cases
// in first-found order, and cases holds them (read once, for all the reasons).
func (s *Store) followUps(ctx context.Context, conf conference.Conference, since time.Time) (
	reasons map[int64]*followUpReason, order []int64, cases map[int64]conference.Case, err error) {
	reasons = map[int64]*followUpReason{}
	add := func(caseID int64, kind Kind, text string) {
		r, ok := reasons[caseID]
		if !ok {
			r = &followUpReason{kind: kind}
			reasons[caseID] = r
			order = append(order, caseID)
		}
		if kind == KindFollowUp { // a follow-up outranks a mandate report: the case needs discussing
			r.kind = KindFollowUp
		}
		if !slices.Contains(r.texts, text) {
			r.texts = append(r.texts, text)
		}
	}
	due, err := s.dueForReview(ctx, conf)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, c := range due {
		add(c.id, KindFollowUp, "evaluatiedatum "+c.reviewDate.Format("02-01-2006")+" is bereikt")
	}
	for _, src := range s.sources {
		list, err := src.FollowUps(ctx, conf.SeriesID, since, conf.StartsAt)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, f := range list {
			add(f.CaseID, f.Kind, f.Reason)
		}
	}
	return s.withoutClosed(ctx, reasons, order)
}

// withoutClosed leaves out the closed cases: they left the working lists,
// whatever actions or mandates they still hold. It returns the cases too.
func (s *Store) withoutClosed(ctx context.Context, reasons map[int64]*followUpReason, order []int64) (
	map[int64]*followUpReason, []int64, map[int64]conference.Case, error) {
	if len(order) == 0 {
		return reasons, order, nil, nil
	}
	cases, err := s.caseFacts(ctx, order)
	if err != nil {
		return nil, nil, nil, err
	}
	open := order[:0]
	for _, id := range order {
		if cases[id].Status == conference.CaseClosed {
			delete(reasons, id)
			continue
		}
		open = append(open, id)
	}
	return reasons, open, cases, nil
}

// reviewDue is a case whose review date has come.
type reviewDue struct {
	id         int64
	reviewDate time.Time
}

// dueForReview returns the open cases discussed in the series whose review
// date has come and that were not discussed on or after that date, by review
// date. The cases' own columns come with their discussions; the cases
// themselves are read once for all the reasons (withoutClosed).
func (s *Store) dueForReview(ctx context.Context, conf conference.Conference) ([]reviewDue, error) {
	// One row per discussion of a case whose review date has come; the latest
	// per case is taken here, since an aggregate over a time column does not
	// scan alike on SQLite and PostgreSQL. Cases not due are left in the
	// database: years of history hold thousands of them.
	var rows []struct {
		CaseID     int64
		StartsAt   time.Time
		ReviewDate time.Time
	}
	err := s.db.WithContext(ctx).Table("agenda_items").
		Select("agenda_items.case_id AS case_id, conferences.starts_at AS starts_at, cases.review_date AS review_date").
		Joins("JOIN conferences ON conferences.id = agenda_items.conference_id").
		Joins("JOIN cases ON cases.id = agenda_items.case_id").
		Where("conferences.series_id = ? AND conferences.starts_at < ? AND agenda_items.status = ?",
			conf.SeriesID, conf.StartsAt.UTC(), StatusAccepted).
		Where("cases.review_date IS NOT NULL AND cases.review_date <= ? AND cases.status <> ?",
			conf.StartsAt.UTC(), conference.CaseClosed).
		Scan(&rows).Error
	if err != nil {
		return nil, dbError(err, "discussed cases")
	}
	var ids []int64
	last := map[int64]time.Time{}
	review := map[int64]time.Time{}
	for _, r := range rows {
		if _, seen := last[r.CaseID]; !seen {
			ids = append(ids, r.CaseID)
			review[r.CaseID] = r.ReviewDate.UTC() // as the case store gives it
		}
		if r.StartsAt.After(last[r.CaseID]) {
			last[r.CaseID] = r.StartsAt
		}
	}
	var out []reviewDue
	for _, id := range ids {
		if review[id].After(last[id]) {
			out = append(out, reviewDue{id: id, reviewDate: review[id]})
		}
	}
	slices.SortStableFunc(out, func(a, b reviewDue) int { return a.reviewDate.Compare(b.reviewDate) })
	return out, nil
}
