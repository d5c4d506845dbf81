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

// The agenda's read. What a meeting's agenda holds — its items with their
// cases, the involved organisations of those cases and the question sets of
// the items — is read in two statements scanned by hand, once per app server,
// and kept (itemRows) while the agenda's cache counter says that no item,
// case, involvement or item question set was written since, by any server.
// Who may see which of those cases is asked at every read, of the conference
// store's need-to-know rule (CanSeeCases): what is kept is never shown to a
// reader without that answer.

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

// itemScan is one row of the first statement. It holds no pointers into
// shared memory (strings aside, which nothing changes): a copy is independent.
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

// item returns a new Item of the row: nothing in it is shared with the row.
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

// itemRows is what a meeting's agenda holds, for every reader: kept per
// conference and never changed once made (readers copy out of it).
type itemRows struct {
	rows     []itemScan
	involved map[int64][]int64 // organisations by case
	sets     map[int64][]int64 // question sets by item, in order
}

// viewItems returns the items of a conference, in order, each with its case
// as a may see it. For an actor who does not organise the meeting it leaves
// out what Agenda would drop anyway: the items of other organisations that
// are not on the agenda itself (proposals, rejected, deferred). Returns only
// database errors.
func (s *Store) viewItems(ctx context.Context, a conference.Actor, conferenceID int64, organiser bool) ([]viewItem, error) {
	held, err := s.agendas.Load(ctx, conferenceID, func() (*itemRows, error) { return s.loadItemRows(ctx, conferenceID) })
	if err != nil {
		return nil, err
	}
	kept := make([]*itemScan, 0, len(held.rows))
	var caseIDs []int64
	for i := range held.rows {
		r := &held.rows[i]
		if !organiser && r.status != string(StatusAccepted) && (r.it.ProposingOrgID != a.OrganisationID || r.it.AutoAdded) {
			continue
		}
		kept = append(kept, r)
		if id := r.joined.ID(); id != 0 {
			caseIDs = append(caseIDs, id) // CanSeeCases asks each once
		}
	}
	visible, err := s.cases.CanSeeCases(ctx, a, caseIDs)
	if err != nil {
		return nil, err
	}
	out := make([]viewItem, len(kept))
	for i, r := range kept {
		out[i].Item = r.item()
		id := r.joined.ID()
		if id == 0 || visible[id] { // a redacted entry shows no question sets
			if ids := held.sets[r.it.ID]; ids != nil {
				out[i].QuestionSetIDs = slices.Clone(ids)
			}
		}
		if id != 0 {
			c := r.joined.Case(slices.Clone(held.involved[id]), visible[id])
			out[i].Case = &c
		}
	}
	return out, nil
}

// loadItemRows reads what the agenda of a conference holds.
func (s *Store) loadItemRows(ctx context.Context, conferenceID int64) (*itemRows, error) {
	db := s.db.WithContext(ctx)
	rows, err := db.Raw("SELECT "+itemColumns+", "+conference.CaseColumns+" FROM agenda_items "+
		"LEFT JOIN cases ON cases.id = agenda_items.case_id WHERE agenda_items.conference_id = ? "+
		"ORDER BY agenda_items.position, agenda_items.id", conferenceID).Rows()
	if err != nil {
		return nil, dbError(err, "agenda items")
	}
	defer rows.Close()
	held := &itemRows{rows: make([]itemScan, 0, 64)}
	for rows.Next() {
		held.rows = append(held.rows, itemScan{})
		if err := rows.Scan(held.rows[len(held.rows)-1].dest()...); err != nil {
			return nil, dbError(err, "agenda items")
		}
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, "agenda items")
	}
	rows.Close()
	var caseIDs, itemIDs []int64
	for i := range held.rows {
		r := &held.rows[i]
		itemIDs = append(itemIDs, r.it.ID)
		if id := r.joined.ID(); id != 0 && !slices.Contains(caseIDs, id) {
			caseIDs = append(caseIDs, id)
		}
	}
	held.involved, held.sets, err = s.viewLinks(db, caseIDs, itemIDs)
	if err != nil {
		return nil, err
	}
	return held, nil
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
