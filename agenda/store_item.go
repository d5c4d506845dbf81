package agenda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// itemRow is one agenda item. case_id refers to the conference package's cases table.
type itemRow struct {
	ID               int64         `gorm:"primaryKey"`
	ConferenceID     int64         `gorm:"not null;index"`
	Conference       conferenceRef `gorm:"constraint:OnDelete:CASCADE"`
	CaseID           *int64        `gorm:"index"`
	Case             *caseRef      `gorm:"constraint:OnDelete:RESTRICT"`
	Title            string        `gorm:"size:200"`
	Kind             string        `gorm:"size:20;not null"`
	Status           string        `gorm:"size:20;not null"`
	Reason           string        `gorm:"size:2000"`
	DecisionNote     string        `gorm:"size:2000"`
	ProposedByID     *int64
	ProposingOrgID   int64 `gorm:"not null"`
	RequestedMinutes int   `gorm:"not null"`
	PlannedMinutes   int   `gorm:"not null"`
	Position         int   `gorm:"not null"`
	AutoAdded        bool  `gorm:"not null"`
	DeferredToID     *int64
	Answers          string `gorm:"type:text"` // JSON object of referral facts
	Version          int    `gorm:"not null;default:1"`
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (itemRow) TableName() string { return "agenda_items" }

// conferenceRef and caseRef name the conference package's tables, so that
// the items' foreign keys point at them; this package never writes them.
type conferenceRef struct{ ID int64 }

func (conferenceRef) TableName() string { return "conferences" }

type caseRef struct{ ID int64 }

func (caseRef) TableName() string { return "cases" }

// itemSetRow attaches a question set to an item, in order.
type itemSetRow struct {
	ItemID        int64          `gorm:"primaryKey;autoIncrement:false"`
	Item          itemRow        `gorm:"constraint:OnDelete:CASCADE"`
	QuestionSetID int64          `gorm:"primaryKey;autoIncrement:false;index"`
	QuestionSet   questionSetRow `gorm:"constraint:OnDelete:RESTRICT"`
	Position      int            `gorm:"not null"`
}

func (itemSetRow) TableName() string { return "agenda_item_question_sets" }

// MigrateItems creates the agenda item tables with their foreign keys to conferences and cases.
func MigrateItems(tx *gorm.DB) error {
	return tx.AutoMigrate(&itemRow{}, &itemSetRow{})
}

func (r itemRow) domain(sets []int64) Item {
	if sets == nil {
		sets = []int64{}
	}
	var answers map[string]string
	if r.Answers != "" {
		_ = json.Unmarshal([]byte(r.Answers), &answers) // written by rowOf only
	}
	return Item{Answers: answers, ID: r.ID, ConferenceID: r.ConferenceID, CaseID: r.CaseID, Title: r.Title, Kind: Kind(r.Kind),
		Status: Status(r.Status), Reason: r.Reason, DecisionNote: r.DecisionNote, ProposedByID: r.ProposedByID,
		ProposingOrgID: r.ProposingOrgID, RequestedMinutes: r.RequestedMinutes, PlannedMinutes: r.PlannedMinutes,
		Position: r.Position, AutoAdded: r.AutoAdded, QuestionSetIDs: sets, DeferredToID: r.DeferredToID,
		Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func rowOf(it Item) itemRow {
	var answers string
	if len(it.Answers) > 0 {
		b, _ := json.Marshal(it.Answers) // a map of strings always marshals
		answers = string(b)
	}
	return itemRow{Answers: answers, ID: it.ID, ConferenceID: it.ConferenceID, CaseID: it.CaseID, Title: it.Title, Kind: string(it.Kind),
		Status: string(it.Status), Reason: it.Reason, DecisionNote: it.DecisionNote, ProposedByID: it.ProposedByID,
		ProposingOrgID: it.ProposingOrgID, RequestedMinutes: it.RequestedMinutes, PlannedMinutes: it.PlannedMinutes,
		Position: it.Position, AutoAdded: it.AutoAdded, DeferredToID: it.DeferredToID, Version: it.Version}
}

func dbError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// CaseGrant is the agenda's reason to see a case: the actor chairs or takes
// the minutes of a conference where the case is on the agenda (proposed,
// accepted or deferred — not rejected). Register it with conference.Store.AddCaseGrant.
//
// The actor's conferences are listed once per query (by the indexes on
// chair_id and secretary_id); each case then reads only its own entries in
// the index on (case_id, conference_id, status). The unary + keeps SQLite
// from turning the list into one index seek per conference, which for a
// chair of hundreds of meetings costs hundreds of seeks per case.
//
// The status is written into the text, not bound: SQLite reprepared the
// whole statement at every execution when a bound value could change its
// plan by the index statistics (SQLITE_ENABLE_STAT4), and the status is the
// index's third column; a third of the check's time.
func CaseGrant(a conference.Actor) (string, []any) {
	return caseGrantSQL, []any{a.UserID, a.UserID}
}

const caseGrantSQL = "SELECT 1 FROM agenda_items WHERE agenda_items.case_id = cases.id AND agenda_items.status <> '" + string(StatusRejected) + "' " +
	"AND +agenda_items.conference_id IN (SELECT conferences.id FROM conferences WHERE conferences.chair_id = ? OR conferences.secretary_id = ?)"

// MigrateCaseGrantIndexes adds the indexes CaseGrant reads: the conferences
// a user chairs or takes the minutes of, and per case the meetings and
// status of its items in the index itself, so that checking a case the
// actor's organisation is not involved in reads neither agenda item nor
// conference rows (issue 15: the signed minutes' copy for a reader is chosen
// by checking every case on them).
func MigrateCaseGrantIndexes(tx *gorm.DB) error {
	for _, q := range []string{
		"CREATE INDEX IF NOT EXISTS idx_agenda_items_case_grant ON agenda_items (case_id, conference_id, status)",
		"CREATE INDEX IF NOT EXISTS idx_conferences_chair_id ON conferences (chair_id)",
		"CREATE INDEX IF NOT EXISTS idx_conferences_secretary_id ON conferences (secretary_id)",
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

// Item returns one item (without case details; see Agenda for those).
// Returns ErrNotFound when there is no such item.
func (s *Store) Item(ctx context.Context, id int64) (Item, error) {
	db := s.db.WithContext(ctx)
	var row itemRow
	if err := db.First(&row, id).Error; err != nil {
		return Item{}, dbError(err, "agenda item")
	}
	sets, err := itemSets(db, []int64{id})
	if err != nil {
		return Item{}, err
	}
	return row.domain(sets[id]), nil
}

// items loads the items of a conference with their question sets, by position.
func (s *Store) items(db *gorm.DB, conferenceID int64) ([]Item, error) {
	var rows []itemRow
	if err := db.Where("conference_id = ?", conferenceID).Order("position, id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "agenda items")
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	sets, err := itemSets(db, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Item, len(rows))
	for i, r := range rows {
		out[i] = r.domain(sets[r.ID])
	}
	return out, nil
}

func itemSets(db *gorm.DB, itemIDs []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(itemIDs) == 0 {
		return out, nil
	}
	var rows []itemSetRow
	if err := db.Where(conference.IDIn(db, "item_id", itemIDs)).Order("position").Find(&rows).Error; err != nil {
		return nil, dbError(err, "question sets of items")
	}
	for _, r := range rows {
		out[r.ItemID] = append(out[r.ItemID], r.QuestionSetID)
	}
	return out, nil
}

func setItemSets(tx *gorm.DB, itemID int64, setIDs []int64) error {
	if err := tx.Where("item_id = ?", itemID).Delete(&itemSetRow{}).Error; err != nil {
		return dbError(err, "question_set_ids")
	}
	return insertItemSets(tx, map[int64][]int64{itemID: setIDs})
}

// insertItemSets attaches question sets to new items, by hand in multi-row
// statements (see insertItems).
func insertItemSets(tx *gorm.DB, sets map[int64][]int64) error {
	var args []any
	for _, itemID := range slices.Sorted(maps.Keys(sets)) {
		for i, id := range sets[itemID] {
			args = append(args, itemID, id, i)
		}
	}
	size := 3 * chunkRows(tx, 100)
	for start := 0; start < len(args); start += size {
		chunk := args[start:min(start+size, len(args))]
		sql := "INSERT INTO " + tx.Statement.Quote("agenda_item_question_sets") + " (item_id, question_set_id, position) VALUES (?,?,?)" +
			strings.Repeat(",(?,?,?)", len(chunk)/3-1)
		if err := tx.Exec(sql, chunk...).Error; err != nil {
			return dbError(err, "question_set_ids")
		}
	}
	return nil
}

// insertItem stores a new item at the end of the conference's list.
func insertItem(tx *gorm.DB, it *Item) error {
	var maxPos int
	if err := tx.Model(&itemRow{}).Where("conference_id = ?", it.ConferenceID).
		Select("COALESCE(MAX(position), 0)").Scan(&maxPos).Error; err != nil {
		return dbError(err, "position")
	}
	it.Position = maxPos + 1
	items := []Item{*it}
	if err := insertItems(tx, items); err != nil {
		return err
	}
	*it = items[0]
	return nil
}

// insertItems stores new items as they are, positions included, and sets
// their ids, versions and times. The rows are written by hand, without gorm's
// reflection, in multi-row statements (chunkRows): the SQLite driver
// matches each placeholder against the argument list from its start, so one
// statement of n arguments costs it n²/2 comparisons (1,400 arguments for the
// 78 items a carry-over adds were 2 ms of binding). PostgreSQL binds in one
// pass and takes them in one statement.
func insertItems(tx *gorm.DB, items []Item) error {
	now := tx.NowFunc()
	size := chunkRows(tx, 20)
	for start := 0; start < len(items); start += size {
		chunk := items[start:min(start+size, len(items))]
		var sql strings.Builder
		// The table quoted as gorm quotes it, so that the statement reads as before in pg_stat_activity.
		sql.WriteString("INSERT INTO " + tx.Statement.Quote("agenda_items") + " (" + itemInsertColumns + ") VALUES ")
		args := make([]any, 0, len(chunk)*itemInsertWidth)
		for i := range chunk {
			it := &chunk[i]
			it.Version, it.CreatedAt, it.UpdatedAt = 1, now, now
			r := rowOf(*it)
			if i > 0 {
				sql.WriteByte(',')
			}
			sql.WriteString(itemInsertRow)
			args = append(args, r.ConferenceID, nullable(r.CaseID), r.Title, r.Kind, r.Status, r.Reason, r.DecisionNote,
				nullable(r.ProposedByID), r.ProposingOrgID, r.RequestedMinutes, r.PlannedMinutes, r.Position, r.AutoAdded,
				nullable(r.DeferredToID), r.Answers, r.Version, now, now)
		}
		sql.WriteString(" RETURNING id")
		rows, err := tx.Raw(sql.String(), args...).Rows()
		if err != nil {
			return dbError(err, "agenda item")
		}
		// Rows reports a failed insert on the first Next (SQLite) as the driver's own error.
		translate := func(err error) error {
			if t, ok := tx.Dialector.(gorm.ErrorTranslator); ok {
				err = t.Translate(err)
			}
			return dbError(err, "agenda item")
		}
		n := 0
		for rows.Next() && n < len(chunk) {
			if err := rows.Scan(&chunk[n].ID); err != nil {
				rows.Close()
				return translate(err)
			}
			n++
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return translate(err)
		}
		if n != len(chunk) {
			return fmt.Errorf("agenda item: %d ids returned for %d rows", n, len(chunk))
		}
	}
	sets := make(map[int64][]int64, len(items))
	for i := range items {
		if len(items[i].Answers) == 0 {
			items[i].Answers = nil // as read back: no answers are stored as none
		}
		if items[i].QuestionSetIDs == nil {
			items[i].QuestionSetIDs = []int64{}
		}
		sets[items[i].ID] = items[i].QuestionSetIDs
	}
	return insertItemSets(tx, sets)
}

// chunkRows is the number of rows one insert statement writes: sqlite on
// SQLite (see insertItems), up to 500 on PostgreSQL (well below its limit of
// 65,535 arguments).
func chunkRows(tx *gorm.DB, sqlite int) int {
	if tx.Dialector.Name() == "postgres" {
		return 500
	}
	return sqlite
}

const (
	itemInsertColumns = "conference_id, case_id, title, kind, status, reason, decision_note, proposed_by_id, " +
		"proposing_org_id, requested_minutes, planned_minutes, position, auto_added, deferred_to_id, answers, version, " +
		"created_at, updated_at"
	itemInsertRow   = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
	itemInsertWidth = 18
)

// nullable passes a missing id as NULL.
func nullable(id *int64) any {
	if id == nil {
		return nil
	}
	return *id
}

// caseOnAgenda reports whether the case already has an item (other than a rejected one) on the conference.
func caseOnAgenda(tx *gorm.DB, conferenceID, caseID int64) (bool, error) {
	on, err := casesOnAgenda(tx, conferenceID, caseID)
	return len(on) > 0, err
}

// casesOnAgenda returns which of the cases (all when none are named) have an
// item other than a rejected one on the conference.
func casesOnAgenda(tx *gorm.DB, conferenceID int64, caseIDs ...int64) (map[int64]bool, error) {
	q := tx.Model(&itemRow{}).Where("conference_id = ? AND case_id IS NOT NULL AND status <> ?", conferenceID, StatusRejected)
	if len(caseIDs) > 0 {
		q = q.Where("case_id IN ?", caseIDs)
	}
	var ids []int64
	if err := q.Pluck("case_id", &ids).Error; err != nil {
		return nil, dbError(err, "agenda items")
	}
	on := make(map[int64]bool, len(ids))
	for _, id := range ids {
		on[id] = true
	}
	return on, nil
}

// updateItem writes the changed fields of it when its version is current.
func updateItem(tx *gorm.DB, it Item, fields map[string]any, now time.Time) error {
	fields["version"] = gorm.Expr("version + 1")
	fields["updated_at"] = now
	res := tx.Model(&itemRow{}).Where("id = ? AND version = ?", it.ID, it.Version).Updates(fields)
	if res.Error != nil {
		return dbError(res.Error, "agenda item")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("agenda item %d changed since version %d: %w", it.ID, it.Version, ErrConflict)
	}
	return nil
}

// ItemsOfCase returns every item of a case, on any conference, oldest first.
// Callers check that the actor may see the case.
// Returns only database errors.
func (s *Store) ItemsOfCase(ctx context.Context, caseID int64) ([]Item, error) {
	db := s.db.WithContext(ctx)
	var rows []itemRow
	if err := db.Where("case_id = ?", caseID).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, dbError(err, "agenda items")
	}
	out := make([]Item, len(rows))
	for i, r := range rows {
		out[i] = r.domain(nil)
	}
	return out, nil
}
