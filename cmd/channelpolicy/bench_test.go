package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/internal/cputime"
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
	benchEvalStream(b, line.Bytes())
}

// realisticLine is a registration as a CRM export writes it, 490 bytes:
// the partner's track, standing and country, the opportunity's last
// activity, close date and net ARR, and the ESM's approval.
const realisticLine = `{"id":"DR-2026-0042","partner":{"id":"acme-devops-gmbh","agreement_signed":true,"track":"open","standing":"good","employees":{"foundations_trained":2},"country":"DE"},"scope":"single_opportunity","program":"resale","opportunity":{"id":"006-ACME-0042","kind":"new_customer","stage":2,"last_sales_activity":"2026-02-20","close_date":"2026-06-30","net_arr":{"amount":"48000.00","currency":"EUR"}},"submitted_at":"2026-03-02T09:00:00Z","esm":{"decision":"approved","at":"2026-03-03T14:30:00Z"}}`

// BenchmarkEvalJSONLRealistic is BenchmarkEvalJSONL on realisticLine, the
// line size the issue's figures are for.
func BenchmarkEvalJSONLRealistic(b *testing.B) { benchEvalStream(b, []byte(realisticLine)) }

// BenchmarkEvalJSONLFloor is the floor the two above are measured against,
// in the same run: the same stream of realisticLine split into batches of
// lines by the reader eval uses, and nothing decided or written.
func BenchmarkEvalJSONLFloor(b *testing.B) {
	stream := bytes.Repeat([]byte(realisticLine+"\n"), streamLines)
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		free := make(chan *batch, inFlight)
		for range inFlight {
			free <- &batch{done: make(chan struct{}, 1)}
		}
		work, order := make(chan *batch, inFlight), make(chan *batch, inFlight)
		done := make(chan int)
		go func() {
			n := 0
			for b := range order {
				n += b.count()
				free <- b
			}
			done <- n
		}()
		go func() {
			for range work {
			}
		}()
		if err := readBatches(bytes.NewReader(stream), free, work, order); err != nil {
			b.Fatal(err)
		}
		close(work)
		close(order)
		if n := <-done; n != streamLines {
			b.Fatalf("%d lines, want %d", n, streamLines)
		}
	}
	b.ReportMetric(float64(streamLines*b.N)/b.Elapsed().Seconds(), "lines/s")
	cputime.Report(b, cpu, streamLines*b.N, "cpu-ns/line") // two cores to itself would decide 2e9 / cpu-ns/line lines a second
}

const streamLines = 20000

func benchEvalStream(b *testing.B, line []byte) {
	stream := bytes.Repeat(append(line, '\n'), streamLines)
	set := channelpolicy.Default().Policies()
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	var out bytes.Buffer
	if code := evalStream(set, "dealreg.route", now, bytes.NewReader(stream[:len(line)+1]), env{stdout: &out, stderr: io.Discard}, nil); code != exitOK || !bytes.Contains(out.Bytes(), []byte(`"decision":{"outcome":"approved"`)) {
		b.Fatalf("exit %d: %s", code, out.Bytes())
	}
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		code := evalStream(set, "dealreg.route", now, bytes.NewReader(stream), env{stdout: io.Discard, stderr: io.Discard}, nil)
		if code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(streamLines*b.N)/b.Elapsed().Seconds(), "decisions/s")
	cputime.Report(b, cpu, streamLines*b.N, "cpu-ns/line") // two cores to itself would decide 2e9 / cpu-ns/line lines a second
}
