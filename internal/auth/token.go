package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/cache"
)

// TokenPrefix starts every API token, so a leaked token is recognisable (and
// findable by secret scanners).
const TokenPrefix = "cso_"

// tokenBytes is the number of random bytes in a token: 256 bits.
const tokenBytes = 32

// lastUsedEvery limits how often Authenticate writes last_used_at for one
// token, so a busy API client does not cause a write per request.
const lastUsedEvery = time.Minute

// Token is a personal API token (the secret itself is never stored).
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

type apiTokenRow struct {
	ID         int64  `gorm:"primaryKey"`
	UserID     int64  `gorm:"not null;index"`
	Name       string `gorm:"size:100;not null"`
	Hash       string `gorm:"size:64;not null;uniqueIndex"`
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (apiTokenRow) TableName() string { return "api_tokens" }

func (r apiTokenRow) domain() Token {
	return Token{ID: r.ID, UserID: r.UserID, Name: r.Name, CreatedAt: r.CreatedAt.UTC(),
		LastUsedAt: utcPtr(r.LastUsedAt), RevokedAt: utcPtr(r.RevokedAt)}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// Tokens creates, checks and revokes personal API tokens in the table
// api_tokens. Only the SHA-256 hash of a token is stored.
type Tokens struct {
	db  *gorm.DB
	now func() time.Time
	// known holds unrevoked tokens by hash, checked against the cache versions.
	known *cache.Map[string, knownToken]
}

// knownToken is what Authenticate needs of a token.
type knownToken struct {
	id, userID int64
	lastUsedAt *time.Time
}

// NewTokens returns Tokens on db; now is the clock (nil means time.Now).
func NewTokens(db *gorm.DB, now func() time.Time) *Tokens {
	if now == nil {
		now = time.Now
	}
	return &Tokens{db: db, now: now, known: cache.NewMap[string, knownToken](cache.Tokens, nil)}
}

// Create makes a new token for the user. plain is the token to hand to the
// user, once: it is not stored and cannot be shown again. A missing or too
// long name is a *conference.ValidationError on field "name".
func (t *Tokens) Create(ctx context.Context, userID int64, name string) (plain string, tok Token, err error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", Token{}, &conference.ValidationError{Field: "name", Msg: "is required"}
	case utf8.RuneCountInString(name) > 100:
		return "", Token{}, &conference.ValidationError{Field: "name", Msg: "must be at most 100 characters"}
	}
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", Token{}, fmt.Errorf("create token: %w", err)
	}
	plain = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	row := apiTokenRow{UserID: userID, Name: name, Hash: hashToken(plain), CreatedAt: t.now().UTC()}
	if err := t.db.WithContext(ctx).Create(&row).Error; err != nil {
		return "", Token{}, dbError(err, "create token")
	}
	return plain, row.domain(), nil
}

// Authenticate returns the user of an unrevoked token and records its use.
// An unknown, malformed or revoked token is ErrInvalidToken. The caller still
// checks that the user is active.
func (t *Tokens) Authenticate(ctx context.Context, plain string) (userID int64, err error) {
	if !strings.HasPrefix(plain, TokenPrefix) || len(plain) > 200 {
		return 0, ErrInvalidToken
	}
	hash := hashToken(plain)
	tok, hit, st := t.known.Get(ctx, hash)
	db := t.db.WithContext(ctx)
	if !hit {
		var rows []apiTokenRow
		if err := db.Where("hash = ? AND revoked_at IS NULL", hash).Limit(1).Find(&rows).Error; err != nil {
			return 0, dbError(err, "authenticate token")
		}
		if len(rows) == 0 {
			return 0, ErrInvalidToken
		}
		tok = knownToken{id: rows[0].ID, userID: rows[0].UserID, lastUsedAt: rows[0].LastUsedAt}
	}
	now := t.now().UTC()
	if tok.lastUsedAt == nil || now.Sub(*tok.lastUsedAt) >= lastUsedEvery {
		err := db.Model(&apiTokenRow{}).Where("id = ?", tok.id).Update("last_used_at", now).Error
		if err != nil {
			return 0, dbError(err, "authenticate token")
		}
		tok.lastUsedAt = &now
	} else if hit {
		return tok.userID, nil
	}
	t.known.Put(hash, tok, st)
	return tok.userID, nil
}

// Token returns one token, e.g. to check whose it is before revoking it.
func (t *Tokens) Token(ctx context.Context, id int64) (Token, error) {
	var row apiTokenRow
	if err := t.db.WithContext(ctx).First(&row, id).Error; err != nil {
		return Token{}, dbError(err, "token")
	}
	return row.domain(), nil
}

// Revoke ends a token for good. An unknown id is ErrNotFound; revoking a
// revoked token again changes nothing.
func (t *Tokens) Revoke(ctx context.Context, id int64) error {
	db := t.db.WithContext(ctx)
	var n int64
	if err := db.Model(&apiTokenRow{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return dbError(err, "revoke token")
	}
	if n == 0 {
		return fmt.Errorf("token: %w", ErrNotFound)
	}
	err := db.Model(&apiTokenRow{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", t.now().UTC()).Error
	return dbError(err, "revoke token")
}

// List returns the user's tokens, revoked ones included, newest first.
func (t *Tokens) List(ctx context.Context, userID int64) ([]Token, error) {
	var rows []apiTokenRow
	if err := t.db.WithContext(ctx).Where("user_id = ?", userID).Order("created_at DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, dbError(err, "list tokens")
	}
	out := make([]Token, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// hashToken is the stored form of a token: hex SHA-256. A token carries 256
// random bits, so a fast unsalted hash is enough.
func hashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}
