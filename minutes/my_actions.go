package minutes

import (
	"context"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// MaxOpenActions bounds the open actions MyActions returns.
const MaxOpenActions = 500

// ActionList is what "Mijn acties" shows of an organisation's actions:
// the open ones, by due date (the overdue first), and one page of the
// done ones, the most recently done first. After years of meetings an
// organisation owns thousands of done actions and some dozens of open ones;
// the open ones are what it works from.
type ActionList struct {
	Open []Action `json:"open"`
	// OpenTotal is the number of open actions; above MaxOpenActions, Open
	// holds the MaxOpenActions due first.
	OpenTotal int64    `json:"open_total"`
	Done      []Action `json:"done"`
	DoneTotal int64    `json:"done_total"`
}

// MyActions lists the actions owned by a's organisation: every open one (at
// most MaxOpenActions) and page p of the done ones.
// Returns only database errors.
func (s *Store) MyActions(ctx context.Context, a conference.Actor, p conference.Page) (ActionList, error) {
	p = p.Normalize()
	db := s.db.WithContext(ctx)
	var open, done []actionRow
	if err := db.Where("owner_organisation_id = ? AND done_at IS NULL", a.OrganisationID).
		Order("due_date, id").Limit(MaxOpenActions).Find(&open).Error; err != nil {
		return ActionList{}, dbError(err, "actions")
	}
	out := ActionList{OpenTotal: int64(len(open))}
	if len(open) == MaxOpenActions {
		if err := db.Model(&actionRow{}).Where("owner_organisation_id = ? AND done_at IS NULL", a.OrganisationID).
			Count(&out.OpenTotal).Error; err != nil {
			return ActionList{}, dbError(err, "actions")
		}
	}
	if err := db.Model(&actionRow{}).Where("owner_organisation_id = ? AND done_at IS NOT NULL", a.OrganisationID).
		Count(&out.DoneTotal).Error; err != nil {
		return ActionList{}, dbError(err, "actions")
	}
	if out.DoneTotal > int64(p.Offset) {
		if err := db.Where("owner_organisation_id = ? AND done_at IS NOT NULL", a.OrganisationID).
			Order("done_at DESC, id DESC").Limit(p.Limit).Offset(p.Offset).Find(&done).Error; err != nil {
			return ActionList{}, dbError(err, "actions")
		}
	}
	now := s.now()
	out.Open, out.Done = make([]Action, len(open)), make([]Action, len(done))
	for i, r := range open {
		out.Open[i] = r.domain(now)
	}
	for i, r := range done {
		out.Done[i] = r.domain(now)
	}
	return out, nil
}

// All returns the open actions and then the done ones of the page.
func (l ActionList) All() []Action { return append(append([]Action{}, l.Open...), l.Done...) }

// MigrateMyActionsIndexes adds the indexes MyActions reads: an
// organisation's open actions by due date, and its done ones by when they
// were done.
func MigrateMyActionsIndexes(tx *gorm.DB) error {
	for _, q := range []string{
		"CREATE INDEX IF NOT EXISTS idx_actions_owner_open ON actions (owner_organisation_id, due_date) WHERE done_at IS NULL",
		"CREATE INDEX IF NOT EXISTS idx_actions_owner_done ON actions (owner_organisation_id, done_at)",
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}
