package auth_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"casusoverleg/internal/auth"
)

// code returns the TOTP code of secret at time at.
func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wrong returns a six-digit code that differs from c.
func wrong(c string) string {
	b := []byte(c)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

func TestTOTP(t *testing.T) {
	c := newClock()
	tp := auth.NewTOTP(openDB(t), c.Now, "ZVH Test")
	const uid = 42

	t.Run("ErrNotFound", func(t *testing.T) {
		if err := tp.Verify(ctx, uid, "123456"); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("Verify before enrolment = %v, want ErrNotFound", err)
		}
		if err := tp.Confirm(ctx, uid, "123456"); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("Confirm before Begin = %v, want ErrNotFound", err)
		}
	})

	key, err := tp.Begin(ctx, uid, "voorzitter@zvh.nl")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OKBegin", func(t *testing.T) {
		if key.Issuer() != "ZVH Test" || key.AccountName() != "voorzitter@zvh.nl" || len(key.Secret()) != 32 {
			t.Errorf("key = %s", key)
		}
		png, err := auth.QRCodePNG(key, 200)
		if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("QRCodePNG = %d bytes, %v; want a PNG", len(png), err)
		}
		if ok, err := tp.Enrolled(ctx, uid); err != nil || ok {
			t.Errorf("Enrolled before Confirm = %v, %v; want false", ok, err)
		}
		if err := tp.Verify(ctx, uid, code(t, key.Secret(), c.Now())); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("Verify before Confirm = %v, want ErrNotFound", err)
		}
	})
	t.Run("ErrInvalidCodeConfirm", func(t *testing.T) {
		if err := tp.Confirm(ctx, uid, wrong(code(t, key.Secret(), c.Now()))); !errors.Is(err, auth.ErrInvalidCode) {
			t.Errorf("Confirm(wrong) = %v, want ErrInvalidCode", err)
		}
	})
	t.Run("OKConfirm", func(t *testing.T) {
		if err := tp.Confirm(ctx, uid, code(t, key.Secret(), c.Now())); err != nil {
			t.Fatalf("Confirm = %v", err)
		}
		if ok, err := tp.Enrolled(ctx, uid); err != nil || !ok {
			t.Errorf("Enrolled = %v, %v; want true", ok, err)
		}
	})
	t.Run("ErrInvalidCodeConfirmCodeReused", func(t *testing.T) {
		if err := tp.Verify(ctx, uid, code(t, key.Secret(), c.Now())); !errors.Is(err, auth.ErrInvalidCode) {
			t.Errorf("Verify with the code used to confirm = %v, want ErrInvalidCode", err)
		}
	})
	t.Run("OKVerify", func(t *testing.T) {
		c.Advance(time.Minute)
		if err := tp.Verify(ctx, uid, code(t, key.Secret(), c.Now())); err != nil {
			t.Fatalf("Verify = %v", err)
		}
	})
	t.Run("ErrInvalidCodeReplay", func(t *testing.T) {
		now := code(t, key.Secret(), c.Now())
		if err := tp.Verify(ctx, uid, now); !errors.Is(err, auth.ErrInvalidCode) {
			t.Errorf("Verify of a used code = %v, want ErrInvalidCode", err)
		}
		c.Advance(10 * time.Second) // same 30 s step
		if err := tp.Verify(ctx, uid, now); !errors.Is(err, auth.ErrInvalidCode) {
			t.Errorf("Verify of a used code later in its step = %v, want ErrInvalidCode", err)
		}
		if err := tp.Verify(ctx, uid, code(t, key.Secret(), c.Now().Add(-30*time.Second))); !errors.Is(err, auth.ErrInvalidCode) {
			t.Errorf("Verify of an earlier step's code = %v, want ErrInvalidCode", err)
		}
	})
	t.Run("OKSkew", func(t *testing.T) {
		c.Advance(2 * time.Minute)
		if err := tp.Verify(ctx, uid, code(t, key.Secret(), c.Now().Add(30*time.Second))); err != nil {
			t.Errorf("Verify of the next step's code = %v, want nil", err)
		}
		c.Advance(2 * time.Minute)
		if err := tp.Verify(ctx, uid, code(t, key.Secret(), c.Now().Add(-30*time.Second))); err != nil {
			t.Errorf("Verify of the previous step's code = %v, want nil", err)
		}
	})
	t.Run("ErrInvalidCode", func(t *testing.T) {
		c.Advance(2 * time.Minute)
		good := code(t, key.Secret(), c.Now())
		for _, bad := range []string{wrong(good), "", "12345", "1234567", "abcdef",
			code(t, key.Secret(), c.Now().Add(-90*time.Second)), code(t, key.Secret(), c.Now().Add(90*time.Second))} {
			if err := tp.Verify(ctx, uid, bad); !errors.Is(err, auth.ErrInvalidCode) {
				t.Errorf("Verify(%q) = %v, want ErrInvalidCode", bad, err)
			}
		}
		if err := tp.Verify(ctx, uid, " "+good[:3]+" "+good[3:]); err != nil {
			t.Errorf("Verify with spaces = %v, want nil", err)
		}
	})
	t.Run("OKReenrol", func(t *testing.T) {
		c.Advance(2 * time.Minute)
		next, err := tp.Begin(ctx, uid, "voorzitter@zvh.nl")
		if err != nil {
			t.Fatal(err)
		}
		if err := tp.Verify(ctx, uid, code(t, key.Secret(), c.Now())); err != nil {
			t.Errorf("Verify with the old secret while re-enrolling = %v, want nil", err)
		}
		c.Advance(time.Minute)
		if err := tp.Confirm(ctx, uid, code(t, next.Secret(), c.Now())); err != nil {
			t.Fatalf("Confirm of the new secret = %v", err)
		}
		c.Advance(time.Minute)
		if err := tp.Verify(ctx, uid, code(t, key.Secret(), c.Now())); !errors.Is(err, auth.ErrInvalidCode) {
			t.Errorf("Verify with the replaced secret = %v, want ErrInvalidCode", err)
		}
		if err := tp.Verify(ctx, uid, code(t, next.Secret(), c.Now())); err != nil {
			t.Errorf("Verify with the new secret = %v, want nil", err)
		}
	})
	t.Run("OKRemove", func(t *testing.T) {
		if err := tp.Remove(ctx, uid); err != nil {
			t.Fatal(err)
		}
		if ok, err := tp.Enrolled(ctx, uid); err != nil || ok {
			t.Errorf("Enrolled after Remove = %v, %v; want false", ok, err)
		}
		if err := tp.Remove(ctx, uid); err != nil {
			t.Errorf("second Remove = %v, want nil", err)
		}
	})
}

func TestTOTPPendingKeepsTheSecret(t *testing.T) {
	tt := auth.NewTOTP(openDB(t), newClock().Now, "ZVH")
	first, err := tt.Pending(ctx, 7, "a@x.nl")
	if err != nil {
		t.Fatal(err)
	}
	again, err := tt.Pending(ctx, 7, "a@x.nl")
	if err != nil {
		t.Fatal(err)
	}
	if again.Secret() != first.Secret() || again.Issuer() != "ZVH" || again.AccountName() != "a@x.nl" {
		t.Fatalf("Pending() = %s (%s, %s), want the pending secret %s again", again.Secret(), again.Issuer(), again.AccountName(), first.Secret())
	}
	code, err := totp.GenerateCode(again.Secret(), newClock().Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := tt.Confirm(ctx, 7, code); err != nil {
		t.Fatalf("a code from the re-shown key is refused: %v", err)
	}
	if next, err := tt.Pending(ctx, 7, "a@x.nl"); err != nil || next.Secret() == first.Secret() {
		t.Fatalf("after confirming, Pending() should begin a new enrolment: %v", err)
	}
}
