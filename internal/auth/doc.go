// Package auth holds the authentication primitives of Casusoverleg, free of
// any HTTP framework:
//
//   - passwords hashed with argon2id (HashPassword, CheckPassword,
//     ValidatePassword), with a dummy hash so that a login for an unknown
//     e-mail address costs as much time as one for a known address;
//   - a database-backed session store for github.com/alexedwards/scs/v2
//     (SessionStore), so several app servers share one set of sessions;
//   - personal API tokens (Tokens) of which only a SHA-256 hash is stored;
//   - a TOTP second factor (TOTP) with enrolment, confirmation and replay
//     protection;
//   - login rate limiting (Limiter) counted in the database, so the limit
//     holds across app servers.
//
// Everything that is stored lives in tables created by MigrateSchema; the
// users and their password hashes belong to package conference. gorm's errors
// never leave this package: they are mapped to ErrNotFound, ErrInvalidToken,
// ErrInvalidCode or wrapped as internal errors. Every type takes its clock as a
// func() time.Time, so tests run at a fixed time.
package auth
