package casetest

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

// BenchmarkRender reads every reason of a decision and writes its text, as
// encoding or String would, reporting the cost per reason (ns/reason):
// each package's BenchmarkRender calls it with a decision's reasons.
func BenchmarkRender(b *testing.B, reasons program.Reasons) {
	b.Helper()
	if reasons.Len() == 0 {
		b.Fatal("no reasons to render")
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range reasons.All() {
			buf = r.AppendText(buf[:0])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*reasons.Len()), "ns/reason")
}
