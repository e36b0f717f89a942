package casetest

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

// BenchmarkRender writes every text of reasons, as encoding or String
// would, reporting the cost per reason (ns/reason): each package's
// BenchmarkRender calls it with a decision's reasons.
func BenchmarkRender(b *testing.B, reasons []program.Reason) {
	b.Helper()
	if len(reasons) == 0 {
		b.Fatal("no reasons to render")
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		for i := range reasons {
			buf = reasons[i].AppendText(buf[:0])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(reasons)), "ns/reason")
}
