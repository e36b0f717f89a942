package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
)

// BenchmarkEvalJSONL measures eval --jsonl on deal-registration routing: a
// stream of registrations in, records with their line, id and decision out,
// on every core.
func BenchmarkEvalJSONL(b *testing.B) {
	raw, err := os.ReadFile("testdata/registration.json")
	if err != nil {
		b.Fatal(err)
	}
	var line bytes.Buffer
	json.Compact(&line, raw)
	line.WriteByte('\n')
	const lines = 20000
	stream := bytes.Repeat(line.Bytes(), lines)
	set := channelpolicy.Default().Policies()
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		code := evalStream(set, "dealreg.route", now, bytes.NewReader(stream), env{stdout: io.Discard, stderr: io.Discard}, nil)
		if code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(lines*b.N)/b.Elapsed().Seconds(), "decisions/s")
}
