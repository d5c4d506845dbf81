package dbtest_test

import (
	"os"
	"testing"

	"casusoverleg/internal/dbtest"
)

// TestDialect lets CI prove which database the suite ran on: with
// EXPECT_DIALECT set, the test database must be of that dialect.
func TestDialect(t *testing.T) {
	want := os.Getenv("EXPECT_DIALECT")
	db := dbtest.Open(t)
	got := db.Dialector.Name()
	if want != "" && got != want {
		t.Fatalf("tests ran on %s, CI expected %s", got, want)
	}
	t.Logf("tests run on %s", got)
}
