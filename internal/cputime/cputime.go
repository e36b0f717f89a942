// Package cputime measures the CPU time a process uses, for benchmarks
// that report it beside wall-clock time: on a machine shared with other
// work, wall-clock time per operation varies with the load, and CPU time
// per operation much less.
package cputime

import (
	"testing"
	"time"
)

// Report reports, as the metric unit ("cpu-ns/op", "cpu-ns/line"), the
// process's CPU time since start (a [Process] reading) divided by n.
// It reports nothing where CPU time is not measured.
func Report(b *testing.B, start time.Duration, n int, unit string) {
	if used := Process() - start; used > 0 && start > 0 && n > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(n), unit)
	}
}

// Loop runs the benchmark's loop, op once an iteration, and reports the
// process's CPU time per iteration as cpu-ns/op.
func Loop(b *testing.B, op func()) {
	start := Process()
	n := 0
	for b.Loop() {
		op()
		n++
	}
	Report(b, start, n, "cpu-ns/op")
}
