//go:build unix

package cputime_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/internal/cputime"
)

func TestProcessCountsWork(t *testing.T) {
	start := cputime.Process()
	if start <= 0 {
		t.Fatalf("Process() = %v at start", start)
	}
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	if got := cputime.Process(); got <= start {
		t.Fatalf("Process() went from %v to %v over a busy loop (%d)", start, got, x)
	}
}

func TestLoopReportsCPUPerIteration(t *testing.T) {
	res := testing.Benchmark(func(b *testing.B) {
		cputime.Loop(b, func() {
			x := 0
			for i := range 200_000 {
				x ^= i * i
			}
			sink = x
		})
	})
	if got := res.Extra["cpu-ns/op"]; got <= 0 {
		t.Fatalf("cpu-ns/op = %v (extra %v), want the CPU time of each iteration", got, res.Extra)
	}
}

var sink int
