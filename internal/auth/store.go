package auth

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"casusoverleg/conference"
)

// Sentinel errors of the auth package. Callers test them with errors.Is.
var (
	// ErrNotFound means the record does not exist. It wraps
	// conference.ErrNotFound, so the one error-to-status mapping answers 404.
	ErrNotFound = fmt.Errorf("auth: %w", conference.ErrNotFound)
	// ErrInvalidToken means an API token is unknown, malformed or revoked.
	ErrInvalidToken = errors.New("invalid or revoked token")
	// ErrInvalidCode means a TOTP code is wrong, expired or already used.
	ErrInvalidCode = errors.New("invalid code")
)

// MigrateSchema creates or extends the package's tables. It is called by a
// versioned migration step; it only adds.
func MigrateSchema(tx *gorm.DB) error {
	return tx.AutoMigrate(&sessionRow{}, &apiTokenRow{}, &totpSecretRow{}, &loginAttemptRow{})
}

// dbError maps a gorm or driver error to the package's sentinel errors.
func dbError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}
