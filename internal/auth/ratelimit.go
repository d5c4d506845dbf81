package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Defaults of NewLimiter for a max or window that is not positive.
const (
	DefaultLoginMaxFailures = 5
	DefaultLoginWindow      = 15 * time.Minute
)

// maxKeyLen is the longest key stored as given; longer keys (an attacker's
// thousand-character "e-mail address") are stored as their SHA-256.
const maxKeyLen = 200

type loginAttemptRow struct {
	ID       int64     `gorm:"primaryKey"`
	Key      string    `gorm:"column:attempt_key;size:255;not null;index:idx_login_attempts_key_at,priority:1"`
	FailedAt time.Time `gorm:"not null;index:idx_login_attempts_key_at,priority:2;index"`
}

func (loginAttemptRow) TableName() string { return "login_attempts" }

// Limiter counts failed logins per key in the table login_attempts, so the
// limit holds across app servers. Callers use one key per thing to protect,
// e.g. "email:x@y.nl" and "ip:1.2.3.4", and check each.
//
// Allow and Fail are separate statements: parallel attempts may exceed the
// limit by the number of requests in flight, which is acceptable for logins.
type Limiter struct {
	db     *gorm.DB
	now    func() time.Time
	max    int
	window time.Duration
}

// NewLimiter returns a Limiter that refuses a key after max failures within
// window. now is the clock (nil means time.Now); a max or window that is not
// positive takes DefaultLoginMaxFailures or DefaultLoginWindow.
func NewLimiter(db *gorm.DB, now func() time.Time, max int, window time.Duration) *Limiter {
	if now == nil {
		now = time.Now
	}
	if max <= 0 {
		max = DefaultLoginMaxFailures
	}
	if window <= 0 {
		window = DefaultLoginWindow
	}
	return &Limiter{db: db, now: now, max: max, window: window}
}

// Allow reports whether another attempt with key may be made. When not,
// retryAfter says how long until the oldest counted failure leaves the window.
func (l *Limiter) Allow(ctx context.Context, key string) (ok bool, retryAfter time.Duration, err error) {
	now := l.now().UTC()
	// The max-th most recent failure in the window: when it exists, the key is
	// blocked until that failure is older than the window.
	var rows []loginAttemptRow
	err = l.db.WithContext(ctx).
		Where("attempt_key = ? AND failed_at > ?", storedKey(key), now.Add(-l.window)).
		Order("failed_at DESC").Offset(l.max - 1).Limit(1).Find(&rows).Error
	if err != nil {
		return false, 0, dbError(err, "login limiter")
	}
	if len(rows) == 0 {
		return true, 0, nil
	}
	retryAfter = rows[0].FailedAt.Add(l.window).Sub(now)
	if retryAfter <= 0 {
		retryAfter = time.Second
	}
	return false, retryAfter, nil
}

// Fail records a failed attempt with key.
func (l *Limiter) Fail(ctx context.Context, key string) error {
	row := loginAttemptRow{Key: storedKey(key), FailedAt: l.now().UTC()}
	return dbError(l.db.WithContext(ctx).Create(&row).Error, "login limiter")
}

// Reset forgets the failures of key, after a successful login.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	err := l.db.WithContext(ctx).Where("attempt_key = ?", storedKey(key)).Delete(&loginAttemptRow{}).Error
	return dbError(err, "login limiter")
}

// Cleanup deletes failures older than the window and returns how many it
// deleted. Run it periodically: the keys hold e-mail and IP addresses, which
// are personal data and are not kept longer than needed.
func (l *Limiter) Cleanup(ctx context.Context) (int64, error) {
	res := l.db.WithContext(ctx).Where("failed_at <= ?", l.now().UTC().Add(-l.window)).Delete(&loginAttemptRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("clean up login attempts: %w", res.Error)
	}
	return res.RowsAffected, nil
}

func storedKey(key string) string {
	if len(key) <= maxKeyLen {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:])
}
