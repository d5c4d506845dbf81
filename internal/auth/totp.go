package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// totpPeriod is the time step of the codes (RFC 6238 default, as every
// authenticator app expects).
const totpPeriod = 30 * time.Second

// totpOpts are the code parameters: 6 digits, SHA-1, 30 seconds.
var totpOpts = totp.ValidateOpts{Period: uint(totpPeriod / time.Second), Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

type totpSecretRow struct {
	UserID int64 `gorm:"primaryKey;autoIncrement:false"`
	// Secret is the confirmed secret (base32); empty until Confirm.
	Secret string `gorm:"size:64;not null;default:''"`
	// PendingSecret is the secret of an enrolment begun but not yet confirmed.
	PendingSecret string `gorm:"size:64;not null;default:''"`
	ConfirmedAt   *time.Time
	// LastStep is the time step (Unix time / 30 s) of the last accepted code;
	// a code of that step or an earlier one is refused, so no code works twice.
	LastStep int64 `gorm:"not null;default:0"`
}

func (totpSecretRow) TableName() string { return "totp_secrets" }

// TOTP is the second factor: time-based one-time codes (RFC 6238) from an
// authenticator app, one secret per user in the table totp_secrets.
//
// Enrolment is Begin (show the QR code) then Confirm (the user types a code).
// While a new enrolment is pending, a confirmed secret keeps working, so
// re-enrolling never leaves an account without its second factor.
type TOTP struct {
	db     *gorm.DB
	now    func() time.Time
	issuer string
}

// NewTOTP returns a TOTP on db; now is the clock (nil means time.Now) and
// issuer the name the authenticator app shows (e.g. "Zorg- en Veiligheidshuis").
func NewTOTP(db *gorm.DB, now func() time.Time, issuer string) *TOTP {
	if now == nil {
		now = time.Now
	}
	return &TOTP{db: db, now: now, issuer: issuer}
}

// Begin creates a new secret for the user, replacing any unconfirmed one, and
// returns it as a key to show (QRCodePNG, key.Secret() for manual entry).
// account labels the key in the app, usually the e-mail address.
func (t *TOTP) Begin(ctx context.Context, userID int64, account string) (*otp.Key, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: t.issuer, AccountName: account,
		Period: totpOpts.Period, Digits: totpOpts.Digits, Algorithm: totpOpts.Algorithm, SecretSize: 20})
	if err != nil {
		return nil, fmt.Errorf("begin totp: %w", err)
	}
	row := totpSecretRow{UserID: userID, PendingSecret: key.Secret()}
	err = t.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"pending_secret"}),
	}).Create(&row).Error
	if err != nil {
		return nil, dbError(err, "begin totp")
	}
	return key, nil
}

// QRCodePNG renders key as a size×size PNG QR code for an authenticator app.
// size must be at least the code's own size (about 50 pixels); 200 is usual.
func QRCodePNG(key *otp.Key, size int) ([]byte, error) {
	img, err := key.Image(size, size)
	if err != nil {
		return nil, fmt.Errorf("totp qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("totp qr code: %w", err)
	}
	return buf.Bytes(), nil
}

// Confirm finishes the enrolment begun by Begin: code must be valid for the
// pending secret (ErrInvalidCode otherwise). The pending secret then replaces
// any earlier one. Without a pending enrolment it returns ErrNotFound.
func (t *TOTP) Confirm(ctx context.Context, userID int64, code string) error {
	row, err := t.row(ctx, userID)
	if err != nil {
		return err
	}
	if row.PendingSecret == "" {
		return fmt.Errorf("totp enrolment: %w", ErrNotFound)
	}
	now := t.now().UTC()
	step, ok := matchStep(row.PendingSecret, code, now)
	if !ok {
		return ErrInvalidCode
	}
	res := t.db.WithContext(ctx).Model(&totpSecretRow{}).
		Where("user_id = ? AND pending_secret = ?", userID, row.PendingSecret).
		Updates(map[string]any{"secret": row.PendingSecret, "pending_secret": "", "confirmed_at": now, "last_step": step})
	if res.Error != nil {
		return dbError(res.Error, "confirm totp")
	}
	if res.RowsAffected == 0 { // a concurrent Begin or Confirm got there first
		return ErrInvalidCode
	}
	return nil
}

// Enrolled reports whether the user has a confirmed second factor.
func (t *TOTP) Enrolled(ctx context.Context, userID int64) (bool, error) {
	var n int64
	err := t.db.WithContext(ctx).Model(&totpSecretRow{}).
		Where("user_id = ? AND confirmed_at IS NOT NULL", userID).Count(&n).Error
	if err != nil {
		return false, dbError(err, "totp enrolled")
	}
	return n > 0, nil
}

// Verify checks a code against the user's confirmed secret at the clock's
// time, allowing one step of clock drift either way. A wrong code, or a code
// of a step no later than the last accepted one (a replay), is ErrInvalidCode;
// a user without a confirmed secret is ErrNotFound. Callers rate-limit Verify
// (e.g. with a Limiter key "totp:<user id>"): six digits can be guessed.
func (t *TOTP) Verify(ctx context.Context, userID int64, code string) error {
	row, err := t.row(ctx, userID)
	if err != nil {
		return err
	}
	if row.ConfirmedAt == nil || row.Secret == "" {
		return fmt.Errorf("totp: %w", ErrNotFound)
	}
	step, ok := matchStep(row.Secret, code, t.now().UTC())
	if !ok || step <= row.LastStep {
		return ErrInvalidCode
	}
	// Conditional update: of two servers checking the same code at once, one wins.
	res := t.db.WithContext(ctx).Model(&totpSecretRow{}).
		Where("user_id = ? AND secret = ? AND last_step < ?", userID, row.Secret, step).
		Update("last_step", step)
	if res.Error != nil {
		return dbError(res.Error, "verify totp")
	}
	if res.RowsAffected == 0 {
		return ErrInvalidCode
	}
	return nil
}

// Remove deletes the user's second factor, confirmed or pending, and the
// recovery codes (an admin resets it when a phone is lost); the user enrols
// again at the next login. A user without one is not an error.
func (t *TOTP) Remove(ctx context.Context, userID int64) error {
	return t.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ?", userID).Delete(&totpSecretRow{}).Error; err != nil {
			return dbError(err, "remove totp")
		}
		return dbError(tx.Where("user_id = ?", userID).Delete(&recoveryCodeRow{}).Error, "remove recovery codes")
	})
}

func (t *TOTP) row(ctx context.Context, userID int64) (totpSecretRow, error) {
	var row totpSecretRow
	if err := t.db.WithContext(ctx).Where("user_id = ?", userID).First(&row).Error; err != nil {
		return row, dbError(err, "totp")
	}
	return row, nil
}

// matchStep returns the time step at which code is valid for secret: the step
// of now, or one step before or after it (the skew 1 of totp.ValidateCustom,
// checked step by step because replay protection needs to know which one).
func matchStep(secret, code string, now time.Time) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != totpOpts.Digits.Length() {
		return 0, false
	}
	for _, d := range []time.Duration{0, -totpPeriod, totpPeriod} {
		at := now.Add(d)
		if ok, err := totp.ValidateCustom(code, secret, at, totpOpts); err == nil && ok {
			return at.Unix() / int64(totpOpts.Period), true
		}
	}
	return 0, false
}

// Pending returns the key of the user's enrolment in progress, so that a page
// reload or a mistyped code shows the same QR code; without one it begins a
// new enrolment.
func (t *TOTP) Pending(ctx context.Context, userID int64, account string) (*otp.Key, error) {
	row, err := t.row(ctx, userID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	if err != nil || row.PendingSecret == "" {
		return t.Begin(ctx, userID, account)
	}
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + t.issuer + ":" + account}
	q := url.Values{"secret": {row.PendingSecret}, "issuer": {t.issuer}, "period": {"30"}, "digits": {"6"}, "algorithm": {"SHA1"}}
	u.RawQuery = q.Encode()
	return otp.NewKeyFromURL(u.String())
}
