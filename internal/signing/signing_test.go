package signing_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"casusoverleg/internal/dbtest"
	"casusoverleg/internal/pdfdoc"
	"casusoverleg/internal/pdfsign"
	"casusoverleg/internal/signing"
)

func TestLoadGeneratesOnceAndShares(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	cfg := signing.Config{Organisation: "ZVH Test"}
	if c, err := signing.Trusted(ctx, db, cfg); err != nil || c != nil {
		t.Fatalf("Trusted() before any key = %v, %v; want none", c, err)
	}
	now := time.Now().Add(-time.Hour)
	first, generated, err := signing.Load(ctx, db, cfg, now)
	if err != nil || !generated {
		t.Fatalf("first Load: generated=%v, %v", generated, err)
	}
	second, generated, err := signing.Load(ctx, db, cfg, now)
	if err != nil || generated || !second.Cert.Equal(first.Cert) {
		t.Fatalf("second Load: generated=%v, same=%v, %v; want the stored key", generated, second.Cert.Equal(first.Cert), err)
	}
	trusted, err := signing.Trusted(ctx, db, cfg)
	if err != nil || !trusted.Equal(first.Cert) {
		t.Fatalf("Trusted() = %v, %v", trusted, err)
	}
	if _, _, err := signing.Load(ctx, db, signing.Config{CertFile: "only-a-cert.pem"}, now); err == nil {
		t.Fatal("a certificate without a key was accepted")
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	own, err := pdfsign.SelfSigned("ZVH", time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	other, err := pdfsign.SelfSigned("Iemand anders", time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	d, err := pdfdoc.New(pdfdoc.Meta{Site: "ZVH", Title: "Verslag", Created: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	d.Paragraph("Verslag van het casusoverleg.")
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
	hash := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	sign := func(s *pdfsign.Signer, reason string) []byte {
		out, err := pdfsign.Sign(buf.Bytes(), s, pdfsign.Info{Name: "ZVH", Reason: reason, Time: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	rep, err := signing.Check(ctx, sign(own, signing.Reason(12, 2, "redacted", hash)), nil, own.Cert)
	if err != nil || rep.ConferenceID != 12 || rep.Revision != 2 || rep.Hash != hash || !rep.Redacted || rep.Original || rep.Level != "B-B" || len(rep.SHA256) != 64 {
		t.Fatalf("Check(own) = %+v, %v", rep, err)
	}
	if _, err := signing.Check(ctx, sign(other, signing.Reason(12, 0, "full", hash)), nil, own.Cert); !errors.Is(err, signing.ErrUntrusted) {
		t.Fatalf("Check(other key) = %v, want ErrUntrusted", err)
	}
	if _, err := signing.Check(ctx, sign(own, "iets anders"), nil, own.Cert); !errors.Is(err, signing.ErrNotMinutes) {
		t.Fatalf("Check(other reason) = %v, want ErrNotMinutes", err)
	}
	partial := append(sign(own, signing.Reason(12, 0, "full", hash)), []byte("\n% added later\n")...)
	if _, err := signing.Check(ctx, partial, nil, own.Cert); !errors.Is(err, signing.ErrPartial) {
		t.Fatalf("Check(appended) = %v, want ErrPartial", err)
	}
}
