package agenda

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// The agenda's read: the items of a conference with their cases, as an actor
// may see them, in two statements scanned by hand. The first reads the items
// joined with their cases and, per case, whether the actor may see it (the
// conference store's need-to-know rule as a column: CaseColumns); the second
// reads what hangs off those the actor sees in full: the involved
// organisations of their cases and the question sets of their items.

// itemColumns are the columns of agenda_items that an Item holds, in the order viewItem.dest scans them.
const itemColumns = "agenda_items.id, agenda_items.conference_id, agenda_items.case_id, agenda_items.title, " +
	"agenda_items.kind, agenda_items.status, agenda_items.reason, agenda_items.decision_note, agenda_items.proposed_by_id, " +
	"agenda_items.proposing_org_id, agenda_items.requested_minutes, agenda_items.planned_minutes, agenda_items.position, " +
	"agenda_items.auto_added, agenda_items.deferred_to_id, agenda_items.answers, agenda_items.version, " +
	"agenda_items.created_at, agenda_items.updated_at"

// viewItem is an item with its case as the actor may see it (nil for a
// general item).
type viewItem struct {
	Item
	Case *conference.Case
}

// itemScan is one row of the first statement.
type itemScan struct {
	caseID, proposedBy, deferredTo       sql.NullInt64
	title, reason, decisionNote, answers sql.NullString
	createdAt, updatedAt                 sql.NullTime
	kind, status                         string
	it                                   Item
	joined                               conference.JoinedCase
}

func (r *itemScan) dest() []any {
	return append([]any{&r.it.ID, &r.it.ConferenceID, &r.caseID, &r.title, &r.kind, &r.status, &r.reason, &r.decisionNote,
		&r.proposedBy, &r.it.ProposingOrgID, &r.it.RequestedMinutes, &r.it.PlannedMinutes, &r.it.Position,
		&r.it.AutoAdded, &r.deferredTo, &r.answers, &r.it.Version, &r.createdAt, &r.updatedAt}, r.joined.Dest()...)
}

func (r *itemScan) item() Item {
	it := r.it
	it.Kind, it.Status = Kind(r.kind), Status(r.status)
	it.Title, it.Reason, it.DecisionNote = r.title.String, r.reason.String, r.decisionNote.String
	it.CaseID, it.ProposedByID, it.DeferredToID = nullID(r.caseID), nullID(r.proposedBy), nullID(r.deferredTo)
	it.CreatedAt, it.UpdatedAt = r.createdAt.Time, r.updatedAt.Time
	if r.answers.String != "" {
		_ = json.Unmarshal([]byte(r.answers.String), &it.Answers) // written by rowOf only
	}
	it.QuestionSetIDs = []int64{}
	return it
}

func nullID(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

// viewItems reads the items of a conference, in order, each with its case as
// a may see it. For an actor who does not organise the meeting it leaves
// out in the query what Agenda would drop anyway: the items of other
// organisations that are not on the agenda itself (proposals, rejected,
// deferred). Returns only database errors.
func (s *Store) viewItems(ctx context.Context, a conference.Actor, conferenceID int64, organiser bool) ([]viewItem, error) {
	db := s.db.WithContext(ctx)
	q := db.Table("agenda_items").Select(itemColumns+", ?", s.cases.CaseColumns(db, a)).
		Joins("LEFT JOIN cases ON cases.id = agenda_items.case_id").
		Where("agenda_items.conference_id = ?", conferenceID)
	if !organiser {
		// The constants are written into the text, not bound (see CaseGrant).
		q = q.Where("(agenda_items.status = '"+string(StatusAccepted)+"' OR (agenda_items.proposing_org_id = ? AND NOT agenda_items.auto_added))",
			a.OrganisationID)
	}
	rows, err := q.Order("agenda_items.position, agenda_items.id").Rows()
	if err != nil {
		return nil, dbError(err, "agenda items")
	}
	defer rows.Close()
	var scanned []itemScan
	for rows.Next() {
		var r itemScan
		if err := rows.Scan(r.dest()...); err != nil {
			return nil, dbError(err, "agenda items")
		}
		scanned = append(scanned, r)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, "agenda items")
	}
	rows.Close()
	// What hangs off the items is read only where the actor sees it: the
	// involved organisations of the cases shown in full and the question
	// sets of their items and of general items (a redacted entry shows
	// neither).
	var caseIDs, itemIDs []int64
	for i := range scanned {
		r := &scanned[i]
		switch {
		case r.joined.ID() == 0:
			itemIDs = append(itemIDs, r.it.ID)
		case r.joined.Visible():
			itemIDs = append(itemIDs, r.it.ID)
			if !slices.Contains(caseIDs, r.joined.ID()) {
				caseIDs = append(caseIDs, r.joined.ID())
			}
		}
	}
	involved, sets, err := s.viewLinks(db, caseIDs, itemIDs)
	if err != nil {
		return nil, err
	}
	out := make([]viewItem, len(scanned))
	for i := range scanned {
		r := &scanned[i]
		out[i].Item = r.item()
		if ids := sets[out[i].ID]; ids != nil {
			out[i].QuestionSetIDs = ids
		}
		if id := r.joined.ID(); id != 0 {
			c := r.joined.Case(involved[id])
			out[i].Case = &c
		}
	}
	return out, nil
}

// viewLinks reads, in one statement, the involved organisations of the given
// cases (by organisation) and the question sets of the given items (in their
// order); nothing when both lists are empty.
func (s *Store) viewLinks(db *gorm.DB, caseIDs, itemIDs []int64) (involved, sets map[int64][]int64, err error) {
	involved, sets = map[int64][]int64{}, map[int64][]int64{}
	if len(caseIDs) == 0 && len(itemIDs) == 0 {
		return involved, sets, nil
	}
	// An empty list still makes valid SQL: IN (NULL) or = ANY('{}').
	rows, err := db.Raw(`SELECT 0, inv.case_id, inv.organisation_id, inv.organisation_id FROM (?) inv
UNION ALL
SELECT 1, agenda_item_question_sets.item_id, agenda_item_question_sets.question_set_id, agenda_item_question_sets.position
FROM agenda_item_question_sets WHERE ?`, conference.InvolvedIn(db, caseIDs), conference.IDIn(db, "agenda_item_question_sets.item_id", itemIDs)).Rows()
	if err != nil {
		return nil, nil, dbError(err, "agenda links")
	}
	defer rows.Close()
	type link struct{ owner, id, order int64 }
	var setLinks []link
	for rows.Next() {
		var kind int64
		var l link
		if err := rows.Scan(&kind, &l.owner, &l.id, &l.order); err != nil {
			return nil, nil, dbError(err, "agenda links")
		}
		if kind == 0 {
			involved[l.owner] = append(involved[l.owner], l.id)
		} else {
			setLinks = append(setLinks, l)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, dbError(err, "agenda links")
	}
	// Sorted here rather than by the database: a few dozen rows.
	for _, orgs := range involved {
		slices.Sort(orgs)
	}
	slices.SortFunc(setLinks, func(a, b link) int { return cmp.Or(cmp.Compare(a.owner, b.owner), cmp.Compare(a.order, b.order)) })
	for _, l := range setLinks {
		sets[l.owner] = append(sets[l.owner], l.id)
	}
	return involved, sets, nil
}
