package auth_test

import (
	"errors"
	"strings"
	"testing"

	"casusoverleg/internal/auth"
)

func TestHashPassword(t *testing.T) {
	const pw = "correct horse battery staple"
	hash, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Errorf("hash = %q, want a PHC argon2id string", hash)
		}
		if !auth.CheckPassword(hash, pw) {
			t.Error("CheckPassword(hash, pw) = false")
		}
		if auth.NeedsRehash(hash) {
			t.Error("NeedsRehash of a fresh hash = true")
		}
	})
	t.Run("WrongPassword", func(t *testing.T) {
		if auth.CheckPassword(hash, pw+"!") {
			t.Error("CheckPassword with a wrong password = true")
		}
	})
	t.Run("SaltDiffers", func(t *testing.T) {
		again, err := auth.HashPassword(pw)
		if err != nil {
			t.Fatal(err)
		}
		if again == hash {
			t.Error("two hashes of one password are equal")
		}
	})
	t.Run("OlderParameters", func(t *testing.T) {
		// pw hashed with m=8192,t=1,p=1 and the salt "saltsaltsaltsalt":
		// the parameters are read from the hash, and an upgrade is due.
		old := "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$xwP/sUpncRUpT63+0aadhrYrW8PTzYL8TrQp/6Tj9lA"
		if !auth.CheckPassword(old, pw) {
			t.Error("CheckPassword(old, pw) = false")
		}
		if auth.CheckPassword(old, pw+"!") {
			t.Error("CheckPassword(old, wrong) = true")
		}
		if !auth.NeedsRehash(old) {
			t.Error("NeedsRehash(old) = false")
		}
	})
	t.Run("Malformed", func(t *testing.T) {
		for _, bad := range []string{"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
			"$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("A", 43),
			auth.DummyHash()} {
			if auth.CheckPassword(bad, pw) {
				t.Errorf("CheckPassword(%q) = true", bad)
			}
		}
	})
}

func TestDummyHash(t *testing.T) {
	d := auth.DummyHash()
	if d != auth.DummyHash() {
		t.Error("DummyHash changes between calls")
	}
	if auth.NeedsRehash(d) {
		t.Error("DummyHash does not use the current parameters, so it costs a different time")
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		want error
	}{
		{"OK", "twelve chars", nil},
		{"OKMaximum", strings.Repeat("x", 128), nil},
		{"OKRunesNotBytes", strings.Repeat("é", 12), nil},
		{"ErrPasswordTooShort", "eleven char", auth.ErrPasswordTooShort},
		{"ErrPasswordTooShortEmpty", "", auth.ErrPasswordTooShort},
		{"ErrPasswordTooShortRunes", strings.Repeat("é", 11), auth.ErrPasswordTooShort},
		{"ErrPasswordTooLong", strings.Repeat("x", 129), auth.ErrPasswordTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := auth.ValidatePassword(tt.pw)
			if !errors.Is(err, tt.want) {
				t.Errorf("ValidatePassword = %v, want %v", err, tt.want)
			}
		})
	}
	if msg := auth.ErrPasswordTooShort.Error(); msg != "must be at least 12 characters" {
		t.Errorf("message = %q, not one for the user", msg)
	}
}
