package agenda

import (
	"context"
	"database/sql"
	"encoding/json"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// The agenda's read: the items of a conference with their cases, as an actor
// may see them, in two statements scanned by hand. The first reads the items
// joined with their cases and, per case, whether the actor may see it (the
// conference store's need-to-know rule as a column: CaseColumns); the second
// reads what hangs off them: the involved organisations of the cases and the
// question sets of the items.

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
		q = q.Where("(agenda_items.status = ? OR (agenda_items.proposing_org_id = ? AND agenda_items.auto_added = ?))",
			StatusAccepted, a.OrganisationID, false)
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
	involved, sets, err := s.viewLinks(db, conferenceID)
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

// viewLinks reads, in one statement, the involved organisations of the cases
// on a conference's agenda (by organisation) and the question sets of its
// items (in their order).
func (s *Store) viewLinks(db *gorm.DB, conferenceID int64) (involved, sets map[int64][]int64, err error) {
	onAgenda := db.Session(&gorm.Session{NewDB: true}).Table("agenda_items").Select("agenda_items.case_id").
		Where("agenda_items.conference_id = ? AND agenda_items.case_id IS NOT NULL", conferenceID)
	rows, err := db.Raw(`SELECT 0, inv.case_id, inv.organisation_id, inv.organisation_id FROM (?) inv
UNION ALL
SELECT 1, agenda_item_question_sets.item_id, agenda_item_question_sets.question_set_id, agenda_item_question_sets.position
FROM agenda_item_question_sets JOIN agenda_items ON agenda_items.id = agenda_item_question_sets.item_id
WHERE agenda_items.conference_id = ?
ORDER BY 1, 2, 4`, conference.InvolvedIn(db, onAgenda), conferenceID).Rows()
	if err != nil {
		return nil, nil, dbError(err, "agenda links")
	}
	defer rows.Close()
	involved, sets = map[int64][]int64{}, map[int64][]int64{}
	for rows.Next() {
		var kind, owner, id, order int64
		if err := rows.Scan(&kind, &owner, &id, &order); err != nil {
			return nil, nil, dbError(err, "agenda links")
		}
		if kind == 0 {
			involved[owner] = append(involved[owner], id)
		} else {
			sets[owner] = append(sets[owner], id)
		}
	}
	return involved, sets, dbError(rows.Err(), "agenda links")
}
