package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// RecoveryCodeCount is how many one-time recovery codes a user gets.
const RecoveryCodeCount = 10

// recoveryAlphabet has no letters that read alike (0/O, 1/I/L).
const recoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

type recoveryCodeRow struct {
	ID        int64  `gorm:"primaryKey"`
	UserID    int64  `gorm:"not null;index"`
	Hash      string `gorm:"size:64;not null;uniqueIndex"`
	CreatedAt time.Time
	UsedAt    *time.Time
}

func (recoveryCodeRow) TableName() string { return "recovery_codes" }

// MigrateRecoveryCodes creates the table of the recovery codes.
func MigrateRecoveryCodes(tx *gorm.DB) error { return tx.AutoMigrate(&recoveryCodeRow{}) }

// recoveryHash is how a code is stored: the codes are random (50 bits), so a
// SHA-256 bound to the user suffices; the plain code is never stored.
func recoveryHash(userID int64, code string) string {
	sum := sha256.Sum256([]byte(strconv.FormatInt(userID, 10) + ":" + normaliseRecovery(code)))
	return hex.EncodeToString(sum[:])
}

// normaliseRecovery drops spaces and dashes and lower-cases, so that a code
// typed as "ABCDE FGHJK" matches "abcde-fghjk".
func normaliseRecovery(code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	return strings.NewReplacer("-", "", " ", "").Replace(code)
}

// newRecoveryCode returns a random code of ten characters as "xxxxx-xxxxx".
func newRecoveryCode() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	out := make([]byte, 0, 11)
	for i, x := range b {
		if i == 5 {
			out = append(out, '-')
		}
		// 256 is not a multiple of 31: the bias of x%31 is under 1% and harmless here.
		out = append(out, recoveryAlphabet[int(x)%len(recoveryAlphabet)])
	}
	return string(out), nil
}

// NewRecoveryCodes replaces the user's recovery codes with RecoveryCodeCount
// new ones and returns them: the only time they are seen in plain.
func (t *TOTP) NewRecoveryCodes(ctx context.Context, userID int64) ([]string, error) {
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		c, err := newRecoveryCode()
		if err != nil {
			return nil, err
		}
		codes[i] = c
	}
	now := t.now().UTC()
	err := t.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ?", userID).Delete(&recoveryCodeRow{}).Error; err != nil {
			return dbError(err, "recovery codes")
		}
		for _, c := range codes {
			if err := tx.Create(&recoveryCodeRow{UserID: userID, Hash: recoveryHash(userID, c), CreatedAt: now}).Error; err != nil {
				return dbError(err, "recovery codes")
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// UseRecoveryCode accepts an unused recovery code of the user instead of a
// TOTP code, and marks it used: each code works once. A wrong or used code is
// ErrInvalidCode. Callers rate-limit it as they do Verify.
func (t *TOTP) UseRecoveryCode(ctx context.Context, userID int64, code string) error {
	if len(normaliseRecovery(code)) != 10 {
		return ErrInvalidCode
	}
	// Conditional update: of two servers taking the same code at once, one wins.
	res := t.db.WithContext(ctx).Model(&recoveryCodeRow{}).
		Where("user_id = ? AND hash = ? AND used_at IS NULL", userID, recoveryHash(userID, code)).
		Update("used_at", t.now().UTC())
	if res.Error != nil {
		return dbError(res.Error, "recovery code")
	}
	if res.RowsAffected == 0 {
		return ErrInvalidCode
	}
	return nil
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (t *TOTP) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int64
	err := t.db.WithContext(ctx).Model(&recoveryCodeRow{}).Where("user_id = ? AND used_at IS NULL", userID).Count(&n).Error
	return int(n), dbError(err, "recovery codes")
}

// IsRecoveryCode reports whether code looks like a recovery code rather than
// a six-digit TOTP code.
func IsRecoveryCode(code string) bool { return len(normaliseRecovery(code)) == 10 }
