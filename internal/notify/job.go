package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"casusoverleg/conference"
)

// The moments of the time-based messages.
const (
	// DueNotice: an open action's owner hears this long before the start of its due day.
	DueNotice = 48 * time.Hour
	// ExpiryNotice: a mandate's grantee hears this long before it expires.
	ExpiryNotice = 7 * 24 * time.Hour
)

// Scheduler finds the time-based messages: actions due within two days or
// overdue, mandates expiring within seven days. One app server at a time runs
// it, under a lease row in the database; each reminder is written once (its
// row carries a key the outbox refuses twice).
type Scheduler struct {
	db     *gorm.DB
	now    func() time.Time
	outbox *Outbox
	holder string
	log    *slog.Logger
}

// NewScheduler returns a Scheduler writing into outbox.
func NewScheduler(db *gorm.DB, now func() time.Time, outbox *Outbox, log *slog.Logger) *Scheduler {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	return &Scheduler{db: db, now: now, outbox: outbox, holder: hex.EncodeToString(b), log: log}
}

const leaseName = "notify_reminders"

// acquire takes or renews the job's lease for d; false means another server holds it.
func (j *Scheduler) acquire(ctx context.Context, d time.Duration) (bool, error) {
	now := j.now().UTC()
	db := j.db.WithContext(ctx)
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&leaseRow{Name: leaseName, Holder: "", Until: time.Unix(0, 0).UTC()}).Error; err != nil {
		return false, fmt.Errorf("job lease: %w", err)
	}
	res := db.Model(&leaseRow{}).Where("name = ? AND (until < ? OR holder = ?)", leaseName, now, j.holder).
		Updates(map[string]any{"holder": j.holder, "until": now.Add(d)})
	if res.Error != nil {
		return false, fmt.Errorf("job lease: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// RunOnce writes the reminders that are due now, when this server holds the
// lease. It reports whether it ran.
func (j *Scheduler) RunOnce(ctx context.Context) (bool, error) {
	ok, err := j.acquire(ctx, 10*time.Minute)
	if err != nil || !ok {
		return false, err
	}
	now := j.now().UTC()
	db := j.db.WithContext(ctx)
	// Actions: due dates are calendar days at midnight UTC. Look up to four
	// days ahead for "due soon", and back a week for "overdue" (a reminder
	// missed for longer, e.g. while no server ran, is not sent late).
	var actions []struct {
		ID      int64
		DueDate time.Time
	}
	horizon := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 4)
	if err := db.Table("actions").Select("id, due_date").Where("done_at IS NULL AND due_date <= ? AND due_date >= ?", horizon, horizon.AddDate(0, 0, -11)).
		Order("id").Find(&actions).Error; err != nil {
		return true, fmt.Errorf("reminders: actions: %w", err)
	}
	for _, a := range actions {
		start := dueDay(a.DueDate)
		kind := conference.EventKind("")
		switch {
		case !now.Before(start.AddDate(0, 0, 1)):
			kind = conference.EventActionOverdue
		case !now.Before(start.Add(-DueNotice)):
			kind = conference.EventActionDue
		default:
			continue
		}
		if err := j.write(ctx, conference.Event{Kind: kind, ActionID: a.ID}, fmt.Sprintf("%s:%d", kind, a.ID)); err != nil {
			return true, err
		}
	}
	var mandates []int64
	if err := db.Table("mandates").Where("revoked_at IS NULL AND valid_until > ? AND valid_until <= ?", now, now.Add(ExpiryNotice)).
		Order("id").Pluck("id", &mandates).Error; err != nil {
		return true, fmt.Errorf("reminders: mandates: %w", err)
	}
	for _, id := range mandates {
		k := conference.EventMandateExpiring
		if err := j.write(ctx, conference.Event{Kind: k, MandateID: id}, fmt.Sprintf("%s:%d", k, id)); err != nil {
			return true, err
		}
	}
	return true, nil
}

// write writes one reminder in its own transaction.
func (j *Scheduler) write(ctx context.Context, e conference.Event, key string) error {
	return j.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return j.outbox.notify(tx, e, key) })
}

// Run runs the job every interval until ctx ends.
func (j *Scheduler) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := j.RunOnce(ctx); err != nil && ctx.Err() == nil {
			j.log.Error("reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
