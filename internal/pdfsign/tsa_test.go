package pdfsign_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"casusoverleg/internal/pdfsign"
	"casusoverleg/internal/tsatest"
)

// tsaClock is the time the test TSA puts in its tokens: a minute after /M.
var tsaClock = clock.Add(time.Minute)

func startTSA(t *testing.T) *tsatest.TSA {
	t.Helper()
	tsa, err := tsatest.New(func() time.Time { return tsaClock })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tsa.Close)
	return tsa
}

func TestTimestamp(t *testing.T) {
	tsa := startTSA(t)
	withTSA := info
	withTSA.TSA = &pdfsign.TSAClient{URL: tsa.URL}

	t.Run("BT", func(t *testing.T) {
		out, err := pdfsign.Sign(unsigned(t), signer(t), withTSA)
		if err != nil {
			t.Fatal(err)
		}
		r, err := pdfsign.Verify(out)
		if err != nil {
			t.Fatal(err)
		}
		if r.Level != "B-T" || !r.TimestampedAt.Equal(tsaClock) || !r.SignedAt.Equal(clock) {
			t.Errorf("Level %q, TimestampedAt %v, SignedAt %v; want B-T, %v, %v", r.Level, r.TimestampedAt, r.SignedAt, tsaClock, clock)
		}
		if tsa.Requests() != 1 {
			t.Errorf("TSA asked %d times, want 1", tsa.Requests())
		}
		out2 := pdfsig(t, out)
		for _, want := range []string{"Signature is Valid", "Total document signed", "ETSI.CAdES.detached"} {
			if !strings.Contains(out2, want) {
				t.Errorf("pdfsig lacks %q:\n%s", want, out2)
			}
		}
		if _, err := pdfsign.Verify(tamper(t, out)); !errors.Is(err, pdfsign.ErrInvalidSignature) {
			t.Errorf("tampered B-T copy: err = %v, want ErrInvalidSignature", err)
		}
	})

	t.Run("ErrTimestamp", func(t *testing.T) {
		tsa.Fail(true)
		defer tsa.Fail(false)
		_, err := pdfsign.Sign(unsigned(t), signer(t), withTSA)
		if !errors.Is(err, pdfsign.ErrTimestamp) || !strings.Contains(err.Error(), tsa.URL) || !strings.Contains(err.Error(), "503") {
			t.Errorf("err = %v, want ErrTimestamp naming the TSA and its status", err)
		}
	})

	t.Run("ErrTimestampUnreachable", func(t *testing.T) {
		bad := info
		bad.TSA = &pdfsign.TSAClient{URL: "http://127.0.0.1:1/tsr"}
		if _, err := pdfsign.Sign(unsigned(t), signer(t), bad); !errors.Is(err, pdfsign.ErrTimestamp) {
			t.Errorf("err = %v, want ErrTimestamp", err)
		}
	})
}
