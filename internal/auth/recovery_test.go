package auth_test

import (
	"errors"
	"strings"
	"testing"

	"casusoverleg/internal/auth"
)

func TestRecoveryCodes(t *testing.T) {
	c := newClock()
	tp := auth.NewTOTP(openDB(t), c.Now, "ZVH Test")
	const uid, other = 42, 43
	codes, err := tp.NewRecoveryCodes(ctx, uid)
	if err != nil || len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("NewRecoveryCodes() = %d codes, %v", len(codes), err)
	}
	seen := map[string]bool{}
	for _, code := range codes {
		if seen[code] || !auth.IsRecoveryCode(code) || len(code) != 11 {
			t.Fatalf("code %q repeated or malformed", code)
		}
		seen[code] = true
	}
	t.Run("OK/once, typed loosely", func(t *testing.T) {
		loose := " " + strings.ToUpper(strings.ReplaceAll(codes[0], "-", " ")) + " "
		if err := tp.UseRecoveryCode(ctx, uid, loose); err != nil {
			t.Fatalf("first use = %v", err)
		}
		if err := tp.UseRecoveryCode(ctx, uid, codes[0]); !errors.Is(err, auth.ErrInvalidCode) {
			t.Fatalf("second use = %v, want ErrInvalidCode", err)
		}
		if left, _ := tp.RecoveryCodesLeft(ctx, uid); left != auth.RecoveryCodeCount-1 {
			t.Fatalf("left = %d", left)
		}
	})
	t.Run("ErrInvalidCode/another user's or a TOTP code", func(t *testing.T) {
		for _, tc := range []struct {
			user int64
			code string
		}{{other, codes[1]}, {uid, "123456"}, {uid, ""}} {
			if err := tp.UseRecoveryCode(ctx, tc.user, tc.code); !errors.Is(err, auth.ErrInvalidCode) {
				t.Errorf("UseRecoveryCode(%d, %q) = %v", tc.user, tc.code, err)
			}
		}
	})
	t.Run("OK/new codes replace the old", func(t *testing.T) {
		fresh, err := tp.NewRecoveryCodes(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		if err := tp.UseRecoveryCode(ctx, uid, codes[2]); !errors.Is(err, auth.ErrInvalidCode) {
			t.Fatalf("old code after regeneration = %v", err)
		}
		if err := tp.UseRecoveryCode(ctx, uid, fresh[2]); err != nil {
			t.Fatalf("new code = %v", err)
		}
	})
	t.Run("OK/reset removes the codes", func(t *testing.T) {
		if err := tp.Remove(ctx, uid); err != nil {
			t.Fatal(err)
		}
		if left, _ := tp.RecoveryCodesLeft(ctx, uid); left != 0 {
			t.Fatalf("left after Remove = %d", left)
		}
	})
}
