package gcsettings

import (
	"runtime/debug"
	"runtime/metrics"
	"strconv"
)

// Defaults applied when GOGC and GOMEMLIMIT are not set. With Go's GOGC of
// 100 and a live heap of about 10 MB the collector ran after every 10 MB
// allocated — every dozen page views — and took a fifth of the CPU of a page
// (BenchmarkRequest). At 400 the heap may grow to five times what is live
// before a collection; the memory limit makes the collector work harder
// instead when the whole process nears it, so a large live heap cannot grow
// five-fold unchecked.
const (
	Percent     = 400
	MemoryLimit = 512 << 20
)

// Settings are the collector's settings in force.
type Settings struct {
	Percent     int   // GOGC; -1 is off
	MemoryLimit int64 // bytes; math.MaxInt64 is none
}

// String reads as GOGC and GOMEMLIMIT do.
func (s Settings) String() string {
	p := "off"
	if s.Percent >= 0 {
		p = strconv.Itoa(s.Percent)
	}
	l := "none"
	if s.MemoryLimit < 1<<62 {
		l = strconv.FormatInt(s.MemoryLimit>>20, 10) + " MiB"
	}
	return "GOGC " + p + ", GOMEMLIMIT " + l
}

// Apply sets Percent and MemoryLimit where getenv has no GOGC or GOMEMLIMIT
// (the runtime read those itself at start) and returns the settings in force.
func Apply(getenv func(string) string) Settings {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(MemoryLimit)
	}
	return Current()
}

// Current reads the collector's settings from the runtime.
func Current() Settings {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	return Settings{Percent: int(s[0].Value.Uint64()), MemoryLimit: int64(s[1].Value.Uint64())}
}
