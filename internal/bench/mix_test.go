package bench_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/bench"
	"casusoverleg/internal/database"
	"casusoverleg/internal/dbtest"
)

// The load mix in short, as CI runs it: sessions reading and writing for a
// few seconds with no error and no failed write, then no duplicate
// reference, every session valid on every server and an intact audit chain.
// On PostgreSQL it runs on two app servers with pools of their own.
func TestLoadMixShort(t *testing.T) {
	s, ctx := suite(t)
	cfg := bench.MixConfig{Sessions: 12, Duration: 3 * time.Second, Servers: 1}
	if dbtest.Postgres() {
		cfg.Servers = 2
		cfg.OpenDB = func() (*gorm.DB, error) {
			return database.Open(context.Background(), dbtest.ConfigOf(s.DB()))
		}
	}
	res, err := s.Mix(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res.Print(&out)
	t.Log("\n" + out.String())
	if res.Requests == 0 || res.Writes == 0 {
		t.Errorf("%d requests, %d writes: the mix did not run", res.Requests, res.Writes)
	}
	if res.Errors != 0 || res.FailedWrites != 0 {
		t.Errorf("%d errors, %d failed writes; first: %s", res.Errors, res.FailedWrites, res.FirstError)
	}
	for _, kind := range []string{"referral", "person on a case", "item record (action)"} {
		if res.WritesByKind[kind] == 0 && res.Writes > 30 {
			t.Errorf("no %s among %d writes", kind, res.Writes)
		}
	}
	if res.DuplicateReferences != 0 || !res.SessionsValidOnEvery || res.AuditError != "" || res.AuditChecked == 0 {
		t.Errorf("afterwards: %d duplicate references, sessions valid on every server %v, audit %d events, %q",
			res.DuplicateReferences, res.SessionsValidOnEvery, res.AuditChecked, res.AuditError)
	}
	if !strings.Contains(out.String(), "p95") {
		t.Errorf("the result lacks p95: %s", out.String())
	}
}
