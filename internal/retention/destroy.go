package retention

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Destroyed is the text left where a case's name stood.
const Destroyed = "[vernietigd]"

// Destroy destroys the personal data of every case on the approved lists
// and marks each list destroyed. A case reopened (or given a longer period)
// since the list was approved is left as it is. Each case is one
// transaction that claims the case first, so runners at once destroy it
// once. It returns the records it made. Returns only database errors.
func (s *Store) Destroy(ctx context.Context) ([]Record, error) {
	db := s.db.WithContext(ctx)
	var lists []listRow
	if err := db.Where("status = ?", string(ListApproved)).Order("id").Find(&lists).Error; err != nil {
		return nil, fmt.Errorf("approved destruction lists: %w", err)
	}
	if err := s.auditPending(ctx); err != nil {
		return nil, err
	}
	var out []Record
	for _, l := range lists {
		var cases []listCaseRow
		if err := db.Where("list_id = ?", l.ID).Order("case_id").Find(&cases).Error; err != nil {
			return out, fmt.Errorf("destruction list: %w", err)
		}
		for _, c := range cases {
			rec, persons, err := s.destroyCase(ctx, l, c)
			if errors.Is(err, errSkipped) {
				continue
			}
			if err != nil {
				return out, fmt.Errorf("destroy case %s: %w", c.Reference, err)
			}
			out = append(out, rec)
			if err := s.tellAudit(ctx, rec.ID, c.CaseID, persons, c.Reference, l.ID); err != nil {
				return out, err
			}
		}
		now := s.now().UTC()
		if err := db.Model(&listRow{}).Where("id = ? AND status = ?", l.ID, string(ListApproved)).
			Updates(map[string]any{"status": string(ListDestroyed), "destroyed_at": now}).Error; err != nil {
			return out, fmt.Errorf("destruction list: %w", err)
		}
	}
	return out, nil
}

// errSkipped: the case was destroyed by another runner, reopened, or is no
// longer due.
var errSkipped = errors.New("skipped")

// destroyCase removes or anonymises all personal data of one case and
// writes its destruction record, in one transaction. It returns the record
// and the ids of the persons it removed.
func (s *Store) destroyCase(ctx context.Context, l listRow, c listCaseRow) (Record, []int64, error) {
	now := s.now().UTC()
	var rec Record
	var persons []int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The period as set now: a longer one set since approval wins.
		st, err := settingsOf(tx.Session(&gorm.Session{NewDB: true}))
		if err != nil {
			return err
		}
		series, err := seriesOf(tx.Session(&gorm.Session{NewDB: true}), []int64{c.CaseID})
		if err != nil {
			return err
		}
		months := periodOf(st, series[c.CaseID])
		var cur struct{ ClosedAt *time.Time }
		if err := tx.Table("cases").Select("closed_at").Where("id = ?", c.CaseID).Scan(&cur).Error; err != nil {
			return err
		}
		if cur.ClosedAt == nil || !addMonths(*cur.ClosedAt, months).Before(now) {
			return errSkipped // reopened, or given a longer period since the approval
		}
		// Claim the case: only a closed case not yet destroyed by another runner.
		claim := tx.Table("cases").Where("id = ? AND status = ? AND destroyed_at IS NULL AND closed_at IS NOT NULL",
			c.CaseID, string(conference.CaseClosed)).
			Updates(map[string]any{"destroyed_at": now, "subject": Destroyed, "summary": "", "closing_reason": "",
				"outcome_detail": "", "version": gorm.Expr("version + 1"), "updated_at": now})
		if claim.Error != nil {
			return claim.Error
		}
		if claim.RowsAffected == 0 {
			return errSkipped
		}
		if err := tx.Session(&gorm.Session{NewDB: true}).Table("persons").Where("case_id = ?", c.CaseID).Order("id").
			Pluck("id", &persons).Error; err != nil {
			return err
		}
		counts, originals, err := wipe(tx, c.CaseID, c.Reference)
		if err != nil {
			return err
		}
		counts["cases"] = 1
		b, _ := json.Marshal(counts) // a map of ints always encodes
		pending := joinIDs(persons)
		row := recordRow{ListID: l.ID, CaseID: c.CaseID, Reference: c.Reference, ClosedAt: c.ClosedAt, Months: months,
			DestroyedAt: now, ApprovedBy: derefID(l.ApprovedBy), ApproverName: l.ApproverName, ApprovedAt: derefTime(l.ApprovedAt), Counts: string(b),
			AuditPending: &pending}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		for i := range originals {
			originals[i].RecordID, originals[i].ListID, originals[i].DestroyedAt = row.ID, l.ID, now
			if err := tx.Create(&originals[i]).Error; err != nil {
				return err
			}
		}
		rec = recordOf(row, originals)
		return nil
	})
	return rec, persons, err
}

func derefID(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func derefTime(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return *p
}

// wipe removes or blanks every personal datum of case id outside the cases
// row, table by table, and returns the rows touched per table and the
// signed copies destroyed. Rows that carry no personal data once blanked
// (agenda items, decisions, actions, mandates) stay, so that the region's
// reports keep their counts.
func wipe(tx *gorm.DB, id int64, reference string) (map[string]int64, []originalRow, error) {
	counts := map[string]int64{}
	var firstErr error
	run := func(table string, q *gorm.DB) {
		if firstErr != nil {
			return
		}
		if q.Error != nil {
			firstErr = fmt.Errorf("%s: %w", table, q.Error)
			return
		}
		counts[table] += q.RowsAffected
	}
	fresh := func() *gorm.DB { return tx.Session(&gorm.Session{NewDB: true}) }
	var items, decisions, mandates, persons []int64
	for _, p := range []struct {
		table string
		dest  *[]int64
	}{{"agenda_items", &items}, {"decisions", &decisions}, {"mandates", &mandates}, {"persons", &persons}} {
		if err := fresh().Table(p.table).Where("case_id = ?", id).Pluck("id", p.dest).Error; err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p.table, err)
		}
	}
	if err := relinkPersons(tx, id, persons); err != nil {
		return nil, nil, err
	}
	run("persons", fresh().Exec("DELETE FROM persons WHERE case_id = ?", id))
	run("case_links", fresh().Exec("DELETE FROM case_links WHERE case_id = ? OR other_case_id = ?", id, id))
	run("case_changes", fresh().Table("case_changes").Where("case_id = ?", id).Update("reason", ""))
	run("agenda_items", fresh().Table("agenda_items").Where("case_id = ?", id).
		Updates(map[string]any{"title": "", "reason": "", "decision_note": "", "answers": ""}))
	run("item_records", fresh().Table("item_records").Where("case_id = ?", id).Updates(map[string]any{"summary": "", "answers": ""}))
	run("decisions", fresh().Table("decisions").Where("case_id = ?", id).Updates(map[string]any{"text": "", "resolution": ""}))
	if len(decisions) > 0 {
		run("decision_positions", fresh().Table("decision_positions").Where("decision_id IN ?", decisions).Update("remark", ""))
	}
	run("actions", fresh().Table("actions").Where("case_id = ?", id).Updates(map[string]any{"what": "", "done_note": ""}))
	run("mandates", fresh().Table("mandates").Where("case_id = ?", id).
		Updates(map[string]any{"scope": "", "conditions": "", "revoke_reason": ""}))
	if len(mandates) > 0 {
		run("quick_actions", fresh().Table("quick_actions").Where("mandate_id IN ?", mandates).Update("what", ""))
	}
	if len(items) > 0 {
		run("minutes_comments", fresh().Table("minutes_comments").Where("item_id IN ?", items).Updates(map[string]any{"text": "", "note": ""}))
	}
	run("messages", fresh().Exec("DELETE FROM messages WHERE reference = ? OR link LIKE ? OR link LIKE ?",
		reference, "%/cases/"+strconv.FormatInt(id, 10), "%/cases/"+strconv.FormatInt(id, 10)+"/%"))
	if firstErr != nil {
		return nil, nil, firstErr
	}
	confs, err := meetingsOf(tx, id)
	if err != nil {
		return nil, nil, err
	}
	var originals []originalRow
	if len(confs) > 0 {
		run("live_events", fresh().Exec("DELETE FROM live_events WHERE conference_id IN ?", confs))
		// A signed copy cannot be partly destroyed: every copy of a meeting
		// that held the case goes, with the signed content and its addenda;
		// their hashes remain.
		var rows []struct {
			ConferenceID int64
			Revision     int
			Kind         string
			ContentHash  string
			SHA256       string `gorm:"column:sha256"`
			SignedAt     time.Time
		}
		if err := fresh().Table("minutes_originals").Select("conference_id, revision, kind, content_hash, sha256, signed_at").
			Where("conference_id IN ?", confs).Order("conference_id, revision, id").Scan(&rows).Error; err != nil {
			return nil, nil, fmt.Errorf("minutes_originals: %w", err)
		}
		for _, r := range rows {
			originals = append(originals, originalRow{ConferenceID: r.ConferenceID, Revision: r.Revision, Kind: r.Kind,
				ContentHash: r.ContentHash, SHA256: r.SHA256, SignedAt: r.SignedAt.UTC()})
		}
		run("minutes_originals", fresh().Exec("DELETE FROM minutes_originals WHERE conference_id IN ?", confs))
		run("minutes_signed", fresh().Table("minutes_signed").Where("conference_id IN ? AND content <> ''", confs).Update("content", ""))
		run("minutes_addenda", fresh().Table("minutes_addenda").Where("conference_id IN ? AND text <> ''", confs).Update("text", ""))
		// Why the minutes were made final or sent back may speak of any case
		// of the meeting, as the audit log's copy of that reason does.
		run("minutes_history", fresh().Table("minutes_history").Where("conference_id IN ? AND reason <> ''", confs).Update("reason", ""))
	}
	for k, v := range counts {
		if v == 0 {
			delete(counts, k)
		}
	}
	return counts, originals, firstErr
}

// meetingsOf lists the meetings that had case id on their agenda or in a
// signed copy.
func meetingsOf(tx *gorm.DB, id int64) ([]int64, error) {
	fresh := func() *gorm.DB { return tx.Session(&gorm.Session{NewDB: true}) }
	var confs []int64
	if err := fresh().Table("agenda_items").Distinct("conference_id").Where("case_id = ?", id).Pluck("conference_id", &confs).Error; err != nil {
		return nil, fmt.Errorf("meetings of case: %w", err)
	}
	var copies []struct {
		ConferenceID int64
		CaseIDs      string
	}
	like := "%" + strconv.FormatInt(id, 10) + "%"
	if err := fresh().Table("minutes_originals").Select("conference_id, case_ids").Where("case_ids LIKE ?", like).Scan(&copies).Error; err != nil {
		return nil, fmt.Errorf("signed copies of case: %w", err)
	}
	for _, c := range copies {
		if slices.Contains(strings.Split(c.CaseIDs, ","), strconv.FormatInt(id, 10)) {
			confs = append(confs, c.ConferenceID)
		}
	}
	slices.Sort(confs)
	return slices.Compact(confs), nil
}

// relinkPersons keeps the identity of persons on other cases whole when the
// person row they pointed to is deleted: the group points at its lowest id.
func relinkPersons(tx *gorm.DB, caseID int64, gone []int64) error {
	if len(gone) == 0 {
		return nil
	}
	fresh := func() *gorm.DB { return tx.Session(&gorm.Session{NewDB: true}) }
	var rows []struct {
		ID         int64
		IdentityID int64
	}
	if err := fresh().Table("persons").Select("id, identity_id").Where("identity_id IN ? AND case_id <> ?", gone, caseID).
		Order("id").Scan(&rows).Error; err != nil {
		return fmt.Errorf("persons: %w", err)
	}
	head := map[int64]int64{}
	for _, r := range rows {
		if _, ok := head[r.IdentityID]; !ok {
			head[r.IdentityID] = r.ID
		}
		if err := fresh().Table("persons").Where("id = ?", r.ID).Update("identity_id", head[r.IdentityID]).Error; err != nil {
			return fmt.Errorf("persons: %w", err)
		}
	}
	return nil
}

func recordOf(r recordRow, originals []originalRow) Record {
	rec := Record{ID: r.ID, ListID: r.ListID, CaseID: r.CaseID, Reference: r.Reference, ClosedAt: r.ClosedAt.UTC(), Months: r.Months,
		DestroyedAt: r.DestroyedAt.UTC(), ApprovedBy: r.ApprovedBy, ApproverName: r.ApproverName, ApprovedAt: r.ApprovedAt.UTC(), Counts: map[string]int64{}}
	_ = json.Unmarshal([]byte(r.Counts), &rec.Counts) // written by destroyCase
	for _, o := range originals {
		rec.Originals = append(rec.Originals, originalOf(o))
	}
	return rec
}

func originalOf(o originalRow) Original {
	return Original{ConferenceID: o.ConferenceID, Revision: o.Revision, Kind: o.Kind, ContentHash: o.ContentHash, SHA256: o.SHA256,
		SignedAt: o.SignedAt.UTC(), DestroyedAt: o.DestroyedAt.UTC(), ListID: o.ListID, RecordID: o.RecordID}
}

// Records returns the destruction records, the newest first (at most 500).
// Returns only database errors.
func (s *Store) Records(ctx context.Context) ([]Record, error) {
	db := s.db.WithContext(ctx)
	var rows []recordRow
	if err := db.Order("id DESC").Limit(500).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("destruction records: %w", err)
	}
	out := make([]Record, 0, len(rows))
	for _, r := range rows {
		var originals []originalRow
		if err := db.Where("record_id = ?", r.ID).Order("id").Find(&originals).Error; err != nil {
			return nil, fmt.Errorf("destruction records: %w", err)
		}
		out = append(out, recordOf(r, originals))
	}
	return out, nil
}

// DestroyedOriginal returns the destroyed signed copy whose bytes hash to
// sum (hex SHA-256). Returns conference.ErrNotFound when none was destroyed.
func (s *Store) DestroyedOriginal(ctx context.Context, sum string) (Original, error) {
	var r originalRow
	res := s.db.WithContext(ctx).Where("sha256 = ?", strings.ToLower(sum)).Limit(1).Find(&r)
	if res.Error != nil {
		return Original{}, fmt.Errorf("destroyed originals: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return Original{}, fmt.Errorf("destroyed original %s: %w", sum, conference.ErrNotFound)
	}
	return originalOf(r), nil
}
