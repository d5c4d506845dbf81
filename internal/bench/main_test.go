package bench_test

import (
	"os"
	"testing"

	"casusoverleg/internal/gcsettings"
)

// TestMain gives the Go benchmarks the collector's settings the binary
// starts with, so that their CPU per request is the served one's.
func TestMain(m *testing.M) {
	gcsettings.Apply(os.Getenv)
	os.Exit(m.Run())
}
