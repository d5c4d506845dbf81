package gcsettings

import (
	"math"
	"runtime/debug"
	"testing"
)

// restore puts the collector's settings back after a test changed them.
func restore(t *testing.T) {
	t.Helper()
	before := Current()
	t.Cleanup(func() {
		debug.SetGCPercent(before.Percent)
		debug.SetMemoryLimit(before.MemoryLimit)
	})
}

func TestApplySetsDefaultsWhenUnset(t *testing.T) {
	restore(t)
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	got := Apply(func(string) string { return "" })
	if got.Percent != Percent || got.MemoryLimit != MemoryLimit {
		t.Fatalf("settings = %+v, want GOGC %d and a limit of %d bytes", got, Percent, MemoryLimit)
	}
	if s := got.String(); s != "GOGC 400, GOMEMLIMIT 512 MiB" {
		t.Fatalf("String() = %q", s)
	}
}

func TestApplyKeepsTheOperatorsSettings(t *testing.T) {
	restore(t)
	// As the runtime would have set them from GOGC=150 and GOMEMLIMIT=1GiB at start.
	debug.SetGCPercent(150)
	debug.SetMemoryLimit(1 << 30)
	env := map[string]string{"GOGC": "150", "GOMEMLIMIT": "1GiB"}
	got := Apply(func(k string) string { return env[k] })
	if got.Percent != 150 || got.MemoryLimit != 1<<30 {
		t.Fatalf("settings = %+v, want the operator's GOGC 150 and 1 GiB kept", got)
	}
	// Only one of them set: the other gets its default.
	debug.SetMemoryLimit(math.MaxInt64)
	got = Apply(func(k string) string { return map[string]string{"GOGC": "150"}[k] })
	if got.Percent != 150 || got.MemoryLimit != MemoryLimit {
		t.Fatalf("settings = %+v, want GOGC 150 kept and the default limit", got)
	}
}

func TestStringOfOffAndNoLimit(t *testing.T) {
	restore(t)
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(math.MaxInt64)
	if s := Current().String(); s != "GOGC off, GOMEMLIMIT none" {
		t.Fatalf("String() = %q, want GOGC off, GOMEMLIMIT none", s)
	}
}
