package retention

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm/clause"

	"casusoverleg/conference"
)

// leaseName is the job's row in job_leases (the table the message
// scheduler made); its holder runs the job until the lease runs out.
const leaseName = "retention_daily"

// leaseRow is the job's lease, in the shared job_leases table.
type leaseRow struct {
	Name   string    `gorm:"primaryKey;size:40"`
	Holder string    `gorm:"size:40;not null"`
	Until  time.Time `gorm:"not null"`
}

func (leaseRow) TableName() string { return "job_leases" }

func newHolder() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	return hex.EncodeToString(b)
}

// acquire takes the daily lease for d when no other runner holds it; a
// runner that holds it keeps it until it runs out, so the job runs once a
// lease period whatever the number of app servers.
func (s *Store) acquire(ctx context.Context, d time.Duration) (bool, error) {
	now := s.now().UTC()
	db := s.db.WithContext(ctx)
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&leaseRow{Name: leaseName, Until: time.Unix(0, 0).UTC()}).Error; err != nil {
		return false, fmt.Errorf("job lease: %w", err)
	}
	res := db.Model(&leaseRow{}).Where("name = ? AND until < ?", leaseName, now).
		Updates(map[string]any{"holder": s.holder, "until": now.Add(d)})
	if res.Error != nil {
		return false, fmt.Errorf("job lease: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// RunOnce is the daily job: when no other runner had it in the last day, it
// proposes the destruction list and destroys the cases of approved lists.
// It reports whether it ran.
func (s *Store) RunOnce(ctx context.Context) (bool, []Record, error) {
	ok, err := s.acquire(ctx, 23*time.Hour)
	if err != nil || !ok {
		return false, nil, err
	}
	if _, err := s.Propose(ctx); err != nil && !errors.Is(err, conference.ErrNotFound) {
		return true, nil, err
	}
	recs, err := s.Destroy(ctx)
	if err != nil {
		return true, recs, err
	}
	return true, recs, s.pruneAudit(ctx)
}

// AuditPruner removes the audit events recorded before a moment, keeping the
// chain provable (*audit.Log with the deployment key, through an adapter).
type AuditPruner interface {
	PruneAudit(ctx context.Context, before time.Time) (int64, error)
}

// WithAuditPruner makes the daily job prune the audit log after its own
// retention period (Settings.AuditMonths); without one it leaves the log.
func (s *Store) WithAuditPruner(p AuditPruner) *Store {
	s.pruner = p
	return s
}

// pruneAudit removes the audit events older than the audit log's retention
// period, as set now.
func (s *Store) pruneAudit(ctx context.Context) error {
	if s.pruner == nil {
		return nil
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	if _, err := s.pruner.PruneAudit(ctx, s.now().AddDate(0, -st.AuditMonths, 0)); err != nil {
		return fmt.Errorf("retention: prune the audit log: %w", err)
	}
	return nil
}

// Daily runs RunOnce now and every hour until ctx ends; the lease makes it
// run once a day across all app servers.
func (s *Store) Daily(ctx context.Context, log *slog.Logger) {
	if log == nil {
		log = slog.Default()
	}
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		ran, recs, err := s.RunOnce(ctx)
		switch {
		case err != nil:
			log.Error("retention job", "err", err)
		case ran:
			log.Info("retention job ran", "destroyed", len(recs))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
