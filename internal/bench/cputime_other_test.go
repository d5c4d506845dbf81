//go:build !unix

package bench_test

import "time"

// cpuTime is not measured here: BenchmarkRequest reports 0 CPU ns/op.
func cpuTime() time.Duration { return 0 }
