package auth_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"casusoverleg/conference"
	"casusoverleg/internal/auth"
)

func TestTokens(t *testing.T) {
	c := newClock()
	tokens := auth.NewTokens(openDB(t), c.Now)
	plain, tok, err := tokens.Create(ctx, 7, "  rapportage-script ")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OKCreate", func(t *testing.T) {
		if !strings.HasPrefix(plain, "cso_") || len(plain) != len("cso_")+43 {
			t.Errorf("plain = %q, want cso_ and 43 base64url characters", plain)
		}
		if tok.ID == 0 || tok.UserID != 7 || tok.Name != "rapportage-script" || !tok.CreatedAt.Equal(c.Now()) ||
			tok.LastUsedAt != nil || tok.RevokedAt != nil {
			t.Errorf("token = %+v", tok)
		}
		other, _, err := tokens.Create(ctx, 7, "tweede")
		if err != nil || other == plain {
			t.Errorf("second Create = %q, %v; want another token", other, err)
		}
	})
	t.Run("OKAuthenticate", func(t *testing.T) {
		c.Advance(time.Hour)
		uid, err := tokens.Authenticate(ctx, plain)
		if err != nil || uid != 7 {
			t.Fatalf("Authenticate = %d, %v; want 7, nil", uid, err)
		}
		got, err := tokens.Token(ctx, tok.ID)
		if err != nil || got.LastUsedAt == nil || !got.LastUsedAt.Equal(c.Now()) {
			t.Fatalf("Token = %+v, %v; want last used now", got, err)
		}
	})
	t.Run("ErrInvalidToken", func(t *testing.T) {
		for _, bad := range []string{"", "cso_", "cso_unknown", plain[4:], plain + "x", strings.ToUpper(plain)} {
			if _, err := tokens.Authenticate(ctx, bad); !errors.Is(err, auth.ErrInvalidToken) {
				t.Errorf("Authenticate(%q) = %v, want ErrInvalidToken", bad, err)
			}
		}
	})
	t.Run("OKList", func(t *testing.T) {
		if _, _, err := tokens.Create(ctx, 8, "van een ander"); err != nil {
			t.Fatal(err)
		}
		list, err := tokens.List(ctx, 7)
		if err != nil || len(list) != 2 || list[0].Name != "tweede" || list[1].ID != tok.ID {
			t.Fatalf("List = %+v, %v; want user 7's two tokens, newest first", list, err)
		}
	})
	t.Run("OKRevoke", func(t *testing.T) {
		if err := tokens.Revoke(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := tokens.Authenticate(ctx, plain); !errors.Is(err, auth.ErrInvalidToken) {
			t.Errorf("Authenticate of a revoked token = %v, want ErrInvalidToken", err)
		}
		got, err := tokens.Token(ctx, tok.ID)
		if err != nil || got.RevokedAt == nil || !got.RevokedAt.Equal(c.Now()) {
			t.Errorf("Token = %+v, %v; want revoked now", got, err)
		}
		c.Advance(time.Hour)
		if err := tokens.Revoke(ctx, tok.ID); err != nil {
			t.Errorf("second Revoke = %v, want nil", err)
		}
		if again, _ := tokens.Token(ctx, tok.ID); !again.RevokedAt.Equal(*got.RevokedAt) {
			t.Errorf("second Revoke moved revoked_at to %v", again.RevokedAt)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := tokens.Revoke(ctx, 9999); !errors.Is(err, auth.ErrNotFound) || !errors.Is(err, conference.ErrNotFound) {
			t.Errorf("Revoke(unknown) = %v, want ErrNotFound", err)
		}
		if _, err := tokens.Token(ctx, 9999); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("Token(unknown) = %v, want ErrNotFound", err)
		}
	})
	t.Run("ValidationError", func(t *testing.T) {
		for _, name := range []string{"", "   ", strings.Repeat("n", 101)} {
			var ve *conference.ValidationError
			if _, _, err := tokens.Create(ctx, 7, name); !errors.As(err, &ve) || ve.Field != "name" {
				t.Errorf("Create(name %q) = %v, want a ValidationError on name", name, err)
			}
		}
	})
}
