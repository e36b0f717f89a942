//go:build !unix

package marketing_test

import "testing"

// reportCPU runs the benchmark's loop (no CPU time is read here).
func reportCPU(b *testing.B, op func()) {
	for b.Loop() {
		op()
	}
}
