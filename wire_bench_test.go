package channelpolicy_test

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/internal/cputime"
	"github.com/channelpolicy/channelpolicy/program"
)

// benchLine is a registration as a CRM export writes it, the line eval
// --jsonl's realistic benchmark reads (cmd/channelpolicy).
const benchLine = `{"id":"DR-2026-0042","partner":{"id":"acme-devops-gmbh","agreement_signed":true,"track":"open","standing":"good","employees":{"foundations_trained":2},"country":"DE"},"scope":"single_opportunity","program":"resale","opportunity":{"id":"006-ACME-0042","kind":"new_customer","stage":2,"last_sales_activity":"2026-02-20","close_date":"2026-06-30","net_arr":{"amount":"48000.00","currency":"EUR"}},"submitted_at":"2026-03-02T09:00:00Z","esm":{"decision":"approved","at":"2026-03-03T14:30:00Z"}}`

// The three parts of a batch's line, apart: decoding the input, deciding,
// and writing the decision. BenchmarkEvalJSONLRealistic
// (cmd/channelpolicy) is them together on every core.
func BenchmarkLineDecode(b *testing.B) {
	b.SetBytes(int64(len(benchLine)))
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		var r dealreg.Registration
		if err := program.DecodeJSON([]byte(benchLine), &r); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu, b.N, "cpu-ns/op")
}

func BenchmarkLineEncode(b *testing.B) {
	var r dealreg.Registration
	if err := program.DecodeJSON([]byte(benchLine), &r); err != nil {
		b.Fatal(err)
	}
	d, err := dealreg.Default().Route(r, time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	var buf []byte
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		if buf, err = channelpolicy.AppendJSON(buf[:0], &d); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu, b.N, "cpu-ns/op")
	b.SetBytes(int64(len(buf)))
}

func BenchmarkLineEvaluate(b *testing.B) {
	set := channelpolicy.Default().Policies()
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		if _, err := set.Evaluate("dealreg.route", []byte(benchLine), now); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu, b.N, "cpu-ns/op")
}
