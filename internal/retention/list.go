package retention

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Due returns the closed cases whose retention period has passed at the
// store's clock (closed_at + period < now), that are not destroyed and not
// on an approved list waiting for destruction, oldest closing first.
// Returns only database errors.
func (s *Store) Due(ctx context.Context) ([]ListCase, error) {
	return s.due(s.db.WithContext(ctx), s.now().UTC())
}

func (s *Store) due(db *gorm.DB, now time.Time) ([]ListCase, error) {
	var rows []closedCase
	waiting := db.Session(&gorm.Session{NewDB: true}).Table("destruction_list_cases").Select("destruction_list_cases.case_id").
		Joins("JOIN destruction_lists ON destruction_lists.id = destruction_list_cases.list_id").
		Where("destruction_lists.status = ?", string(ListApproved))
	err := db.Table("cases").Select("id, reference, closed_at").
		Where("status = ? AND closed_at IS NOT NULL AND destroyed_at IS NULL AND id NOT IN (?)", string(conference.CaseClosed), waiting).
		Order("closed_at, id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("cases due for destruction: %w", err)
	}
	st, err := settingsOf(db)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	series, err := seriesOf(db, ids)
	if err != nil {
		return nil, err
	}
	out := []ListCase{}
	for _, r := range rows {
		months := periodOf(st, series[r.ID])
		ends := addMonths(r.ClosedAt, months)
		if ends.Before(now) {
			out = append(out, ListCase{CaseID: r.ID, Reference: r.Reference, ClosedAt: r.ClosedAt.UTC(), Months: months, RetentionEnds: ends})
		}
	}
	return out, nil
}

// Propose brings the proposed destruction list up to date with the cases
// due now: a new list when none is open, the open one changed (with a new
// version, so an approval of what was shown before is refused) when the
// cases differ, and no list when none is due. It returns the open list, or
// conference.ErrNotFound when there is none.
func (s *Store) Propose(ctx context.Context) (List, error) {
	now := s.now().UTC()
	var id int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		due, err := s.due(tx, now)
		if err != nil {
			return err
		}
		var open listRow
		res := tx.Where("status = ?", string(ListProposed)).Order("id DESC").Limit(1).Find(&open)
		if res.Error != nil {
			return fmt.Errorf("destruction list: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			if len(due) == 0 {
				return nil
			}
			open = listRow{Status: string(ListProposed), Version: 1, ProposedAt: now}
			if err := tx.Create(&open).Error; err != nil {
				return fmt.Errorf("destruction list: %w", err)
			}
		} else {
			var held []int64
			if err := tx.Model(&listCaseRow{}).Where("list_id = ?", open.ID).Order("case_id").Pluck("case_id", &held).Error; err != nil {
				return fmt.Errorf("destruction list: %w", err)
			}
			want := make([]int64, len(due))
			for i, c := range due {
				want[i] = c.CaseID
			}
			slices.Sort(want)
			if slices.Equal(held, want) {
				id = open.ID
				return nil
			}
			if err := tx.Where("list_id = ?", open.ID).Delete(&listCaseRow{}).Error; err != nil {
				return fmt.Errorf("destruction list: %w", err)
			}
			if err := tx.Model(&listRow{}).Where("id = ?", open.ID).
				Updates(map[string]any{"version": gorm.Expr("version + 1"), "proposed_at": now}).Error; err != nil {
				return fmt.Errorf("destruction list: %w", err)
			}
		}
		id = open.ID
		for _, c := range due {
			row := listCaseRow{ListID: open.ID, CaseID: c.CaseID, Reference: c.Reference, ClosedAt: c.ClosedAt, Months: c.Months, RetentionEnds: c.RetentionEnds}
			if err := tx.Create(&row).Error; err != nil {
				return fmt.Errorf("destruction list: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return List{}, err
	}
	if id == 0 {
		return List{}, fmt.Errorf("destruction list: none proposed: %w", conference.ErrNotFound)
	}
	return s.List(ctx, id)
}

// Lists returns the destruction lists, the newest first.
// Returns only database errors.
func (s *Store) Lists(ctx context.Context) ([]List, error) {
	db := s.db.WithContext(ctx)
	var rows []listRow
	if err := db.Order("id DESC").Limit(100).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("destruction lists: %w", err)
	}
	out := make([]List, 0, len(rows))
	for _, r := range rows {
		l, err := withCases(db, r)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// List returns destruction list id with its cases. Returns
// conference.ErrNotFound when there is no such list.
func (s *Store) List(ctx context.Context, id int64) (List, error) {
	db := s.db.WithContext(ctx)
	var r listRow
	res := db.Where("id = ?", id).Limit(1).Find(&r)
	if res.Error != nil {
		return List{}, fmt.Errorf("destruction list: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return List{}, fmt.Errorf("destruction list %d: %w", id, conference.ErrNotFound)
	}
	return withCases(db, r)
}

func withCases(db *gorm.DB, r listRow) (List, error) {
	l := List{ID: r.ID, Status: ListStatus(r.Status), Version: r.Version, ProposedAt: r.ProposedAt.UTC(), ApprovedBy: r.ApprovedBy,
		ApproverName: r.ApproverName, ApprovedAt: utc(r.ApprovedAt), Reason: r.Reason, DestroyedAt: utc(r.DestroyedAt), Cases: []ListCase{}}
	var rows []listCaseRow
	if err := db.Where("list_id = ?", r.ID).Order("closed_at, case_id").Find(&rows).Error; err != nil {
		return List{}, fmt.Errorf("destruction list: %w", err)
	}
	for _, c := range rows {
		l.Cases = append(l.Cases, ListCase{CaseID: c.CaseID, Reference: c.Reference, ClosedAt: c.ClosedAt.UTC(), Months: c.Months, RetentionEnds: c.RetentionEnds.UTC()})
	}
	return l, nil
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// Approver is the admin who signs a destruction list off.
type Approver struct {
	UserID int64
	Name   string
}

// Approve signs destruction list id off on behalf of by, with reason, when
// version is the version shown. Returns conference.ErrNotFound for an
// unknown list, conference.ErrConflict when the list changed since version
// or is no longer proposed, and a *conference.ValidationError for a missing reason.
func (s *Store) Approve(ctx context.Context, id int64, version int, by Approver, reason string) (List, error) {
	reason = strings.TrimSpace(reason)
	var errs conference.ValidationErrors
	if reason == "" {
		errs.Add("reason", "is required: say on what ground the list is approved")
	} else if len(reason) > 2000 {
		errs.Add("reason", "must be at most 2000 characters")
	}
	if err := errs.Err(); err != nil {
		return List{}, err
	}
	now := s.now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var r listRow
		res := tx.Where("id = ?", id).Limit(1).Find(&r)
		if res.Error != nil {
			return fmt.Errorf("destruction list: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("destruction list %d: %w", id, conference.ErrNotFound)
		}
		upd := tx.Model(&listRow{}).Where("id = ? AND version = ? AND status = ?", id, version, string(ListProposed)).
			Updates(map[string]any{"status": string(ListApproved), "approved_by": by.UserID, "approver_name": by.Name,
				"approved_at": now, "reason": reason, "version": gorm.Expr("version + 1")})
		if upd.Error != nil {
			return fmt.Errorf("destruction list: %w", upd.Error)
		}
		if upd.RowsAffected == 0 {
			return fmt.Errorf("destruction list %d changed since version %d or is no longer proposed: %w", id, version, conference.ErrConflict)
		}
		return nil
	})
	if err != nil {
		return List{}, err
	}
	return s.List(ctx, id)
}
