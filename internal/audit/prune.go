package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// checkpointRow is a Checkpoint as stored. Seq is the primary key: one
// checkpoint per pruned head, so two prunes can never both record one.
type checkpointRow struct {
	Seq        int64     `gorm:"primaryKey;autoIncrement:false"`
	Hash       string    `gorm:"size:64;not null"`
	EventAt    time.Time `gorm:"not null"`
	Before     time.Time `gorm:"not null"`
	Pruned     int64     `gorm:"not null"`
	PrunedAt   time.Time `gorm:"not null"`
	CertSHA256 string    `gorm:"size:64;not null"`
	Signature  string    `gorm:"type:text;not null"`
}

func (checkpointRow) TableName() string { return "audit_checkpoints" }

func (r checkpointRow) domain() Checkpoint {
	return Checkpoint{Seq: r.Seq, Hash: r.Hash, EventAt: r.EventAt.UTC(), Before: r.Before.UTC(), Pruned: r.Pruned,
		PrunedAt: r.PrunedAt.UTC(), CertSHA256: r.CertSHA256, Signature: r.Signature}
}

// MigrateCheckpoints creates the table audit_checkpoints (issue 17).
func MigrateCheckpoints(tx *gorm.DB) error { return tx.AutoMigrate(&checkpointRow{}) }

// PruneResult says what a Prune did.
type PruneResult struct {
	// Pruned is how many events this call removed; 0 when there was nothing
	// older than the cut (or another server pruned it first).
	Pruned int64
	// Checkpoint is the latest checkpoint after the call (zero when none).
	Checkpoint Checkpoint
}

// Prune removes the events recorded before the given time and leaves a
// checkpoint signed with the deployment key (WithKey; else ErrNoKey) that
// keeps the seq and hash of the last removed event, so Verify still proves the
// chain after it. It removes the longest prefix of the chain whose events are
// all older than before. It first verifies that prefix from the previous
// checkpoint and refuses (a *BrokenError, nothing removed) when it is broken:
// a checkpoint never vouches for a tampered chain.
//
// The prefix is verified before any lock is taken, so appends go on meanwhile.
// Writing the checkpoint and removing the events is one transaction that, on
// PostgreSQL, takes the lock Record takes; it goes ahead only when no other
// prune wrote a checkpoint since, so two servers pruning at once prune once
// (the other returns Pruned 0). SQLite's single connection serialises the same way.
func (l *Log) Prune(ctx context.Context, before time.Time) (PruneResult, error) {
	if l.key == nil || l.cert == nil {
		return PruneResult{}, fmt.Errorf("audit: prune: %w", ErrNoKey)
	}
	// Events are stored to the microsecond: round a finer cut up to the next
	// one, so that "older than before" means the same on every database.
	if t := before.UTC().Truncate(time.Microsecond); t.Before(before) {
		before = t.Add(time.Microsecond)
	}
	before = before.UTC()
	db := l.db.WithContext(ctx)
	cp, found, err := latestCheckpoint(db)
	if err != nil {
		return PruneResult{}, fmt.Errorf("audit: prune: %w", err)
	}
	res := PruneResult{Checkpoint: cp}
	cut, err := pruneCut(db, before)
	if err != nil {
		return PruneResult{}, fmt.Errorf("audit: prune: %w", err)
	}
	if cut <= cp.Seq {
		return res, nil
	}
	rep, err := verifyRange(db, cp, found, cut)
	var head eventRow
	if err == nil {
		if err = db.Where("seq = ?", cut).Take(&head).Error; err != nil {
			err = fmt.Errorf("audit: prune: %w", err)
		}
	}
	if err != nil {
		// Another server may have pruned these events meanwhile: then its
		// checkpoint stands and there is nothing left to do.
		if now, _, cerr := latestCheckpoint(db); cerr == nil && now.Seq != cp.Seq {
			return PruneResult{Checkpoint: now}, nil
		}
		return PruneResult{}, err
	}
	next := Checkpoint{Seq: cut, Hash: head.Hash, EventAt: head.At.UTC(), Before: before, Pruned: rep.Checked,
		PrunedAt: l.now().UTC().Truncate(time.Microsecond)}
	if err := sign(&next, l.key, l.cert); err != nil {
		return PruneResult{}, err
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		if tx.Dialector.Name() == "postgres" {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", advisoryLockKey).Error; err != nil {
				return err
			}
		}
		now, _, err := latestCheckpoint(tx)
		if err != nil {
			return err
		}
		if now.Seq != cp.Seq { // another server pruned since: its checkpoint stands
			res.Checkpoint = now
			return nil
		}
		var still eventRow
		if err := tx.Where("seq = ?", cut).Take(&still).Error; err != nil {
			return err
		}
		if still.Hash != head.Hash || still.At.UTC() != head.At.UTC() {
			return &BrokenError{Seq: cut, Reason: "event changed while it was being pruned"}
		}
		row := checkpointRow{Seq: next.Seq, Hash: next.Hash, EventAt: next.EventAt, Before: next.Before,
			Pruned: next.Pruned, PrunedAt: next.PrunedAt, CertSHA256: next.CertSHA256, Signature: next.Signature}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		for _, side := range []any{&recordRow{}, &subjectRow{}, &textRow{}} {
			if err := tx.Session(&gorm.Session{NewDB: true}).Where("seq <= ?", cut).Delete(side).Error; err != nil {
				return err
			}
		}
		del := tx.Where("seq <= ?", cut).Delete(&eventRow{})
		if del.Error != nil {
			return del.Error
		}
		res = PruneResult{Pruned: del.RowsAffected, Checkpoint: next}
		return nil
	})
	var broken *BrokenError
	switch {
	case errors.As(err, &broken):
		return PruneResult{}, err
	case err != nil:
		return PruneResult{}, fmt.Errorf("audit: prune: %w", err)
	}
	return res, nil
}

// pruneCut is the seq of the last event of the longest prefix of the chain
// recorded before before: one less than the first event at or after it (the
// clocks of several servers may disagree a little, so a later seq can carry an
// earlier time; the prefix stops at the first event to keep).
func pruneCut(tx *gorm.DB, before time.Time) (int64, error) {
	var firstKept sql.NullInt64
	if err := tx.Model(&eventRow{}).Select("MIN(seq)").Where("at >= ?", before).Scan(&firstKept).Error; err != nil {
		return 0, err
	}
	if firstKept.Valid {
		return firstKept.Int64 - 1, nil
	}
	var last int64
	err := tx.Model(&eventRow{}).Select("COALESCE(MAX(seq), 0)").Scan(&last).Error
	return last, err
}

// latestCheckpoint returns the checkpoint with the highest seq, if any.
func latestCheckpoint(db *gorm.DB) (Checkpoint, bool, error) {
	var rows []checkpointRow
	if err := db.Order("seq DESC").Limit(1).Find(&rows).Error; err != nil {
		return Checkpoint{}, false, err
	}
	if len(rows) == 0 {
		return Checkpoint{}, false, nil
	}
	return rows[0].domain(), true, nil
}

// LatestCheckpoint returns the newest checkpoint, or ErrNotFound when the log
// was never pruned.
func (l *Log) LatestCheckpoint(ctx context.Context) (Checkpoint, error) {
	cp, found, err := latestCheckpoint(l.db.WithContext(ctx))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("audit: checkpoint: %w", err)
	}
	if !found {
		return Checkpoint{}, fmt.Errorf("audit: checkpoint: %w", ErrNotFound)
	}
	return cp, nil
}
