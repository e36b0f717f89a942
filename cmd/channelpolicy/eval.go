package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

func runEval(args []string, e env) int {
	fs := newFlags("eval", e)
	policyFile := fs.String("policy", "", "a policy set `FILE` (see 'channelpolicy policy') laid over the defaults")
	nowText := fs.String("now", "", "the instant to decide at, RFC 3339 (default: the current time)")
	jsonl := fs.Bool("jsonl", false, "read a JSON Lines stream of inputs and write one decision (or error record) per line")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) < 1 || len(pos) > 2 {
		fmt.Fprintln(e.stderr, "channelpolicy eval: want OPERATION and at most one FILE (or - for standard input)")
		return exitBadCall
	}
	reg, err := registry(*policyFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	op := pos[0]
	if _, _, ok := reg.Lookup(op); !ok {
		fmt.Fprintf(e.stderr, "channelpolicy eval: unknown operation %q; 'channelpolicy operations' lists them\n", op)
		return exitBadCall
	}
	now := time.Now().UTC()
	if *nowText != "" {
		if now, err = time.Parse(time.RFC3339Nano, *nowText); err != nil {
			fmt.Fprintf(e.stderr, "channelpolicy eval: --now: %q is not an RFC 3339 instant such as 2026-03-20T09:00:00Z\n", *nowText)
			return exitBadCall
		}
	}
	in := e.stdin
	if len(pos) == 2 && pos[1] != "-" {
		f, err := os.Open(pos[1])
		if err != nil {
			return fail(e, exitBadCall, err)
		}
		defer f.Close()
		in = f
	}
	if *jsonl {
		return evalStream(reg, op, now, in, e)
	}
	data, err := io.ReadAll(io.LimitReader(in, casebook.MaxLine+1))
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	if len(data) > casebook.MaxLine {
		fmt.Fprintf(e.stderr, "channelpolicy eval: input is larger than %d bytes; use --jsonl for many inputs\n", casebook.MaxLine)
		return exitBadCall
	}
	res, err := reg.Evaluate(op, nil, data, now)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	out, err := json.MarshalIndent(res.Decision, "", "  ")
	if err != nil {
		return fail(e, exitFailed, err)
	}
	fmt.Fprintf(e.stdout, "%s\n", out)
	return exitOK
}

// errorRecord answers a bad line of a JSON Lines stream.
type errorRecord struct {
	Line   int                   `json:"line"`
	Errors []*program.FieldError `json:"errors"`
}

// batch is a run of consecutive lines decided by one worker; its output is
// written in order by the writer once done is closed.
type batch struct {
	first int // line number of lines[0]
	count int // lines in the batch, kept after lines is released
	lines [][]byte
	out   bytes.Buffer
	bad   int
	done  chan struct{}
}

const (
	batchLines = 256
	// inFlight bounds the batches read but not yet written, and with them
	// the memory a stream of any length uses.
	inFlight = 16
)

// evalStream decides a JSON Lines stream on every core, writing decisions in
// input order: output line N answers input line N. A line that is not a
// valid input (blank and over-long lines included) gets an error record and
// the stream goes on; the exit code is 1 when any line did. Memory is bounded
// by inFlight batches of batchLines lines, whatever the stream's length.
func evalStream(reg *casebook.Registry, op string, now time.Time, in io.Reader, e env) int {
	w := bufio.NewWriterSize(e.stdout, 64*1024)
	work := make(chan *batch, inFlight)
	order := make(chan *batch, inFlight)
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for b := range work {
				decideBatch(reg, op, now, b)
				close(b.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		readErr <- readBatches(in, work, order)
		close(work)
		close(order)
	}()
	lines, bad := 0, 0
	var progress *progressLine
	if e.stderrIsTerminal {
		progress = newProgress(e.stderr)
	}
	var writeErr error
	for b := range order {
		<-b.done
		if writeErr == nil {
			_, writeErr = w.Write(b.out.Bytes())
		}
		lines += b.count
		bad += b.bad
		progress.update(lines, bad)
	}
	if writeErr == nil {
		writeErr = w.Flush()
	}
	progress.finish(lines, bad)
	if err := <-readErr; err != nil {
		return fail(e, exitBadCall, err)
	}
	if writeErr != nil {
		return fail(e, exitFailed, writeErr)
	}
	if bad > 0 {
		fmt.Fprintf(e.stderr, "channelpolicy eval: %d of %d lines were not valid inputs; see their error records\n", bad, lines)
		return exitFailed
	}
	return exitOK
}

// readBatches splits the stream into batches of lines. A line longer than
// casebook.MaxLine is replaced by a marker so that it gets an error record
// without being held in memory.
func readBatches(in io.Reader, work, order chan<- *batch) error {
	lines := casebook.NewLineReader(in)
	b := &batch{first: 1, done: make(chan struct{})}
	flush := func(next int) {
		if b.count > 0 {
			order <- b
			work <- b
		}
		b = &batch{first: next, done: make(chan struct{})}
	}
	for {
		line, n, tooLong, err := lines.Next()
		if err == io.EOF {
			flush(n + 1)
			return nil
		}
		if err != nil {
			flush(n + 1)
			return err
		}
		if tooLong {
			line = tooLongMarker
		}
		b.lines = append(b.lines, line)
		b.count++
		if b.count == batchLines {
			flush(n + 1)
		}
	}
}

// tooLongMarker stands in for a line over casebook.MaxLine; no JSON line
// can equal it.
var tooLongMarker = []byte("\x00too long")

func decideBatch(reg *casebook.Registry, op string, now time.Time, b *batch) {
	enc := json.NewEncoder(&b.out)
	enc.SetEscapeHTML(false) // decisions are data, not HTML; escaping only costs
	for i, line := range b.lines {
		n := b.first + i
		if len(bytes.TrimSpace(line)) == 0 {
			b.bad++
			enc.Encode(errorRecord{Line: n, Errors: []*program.FieldError{{Problem: "empty line; want one JSON input per line"}}})
			continue
		}
		if bytes.Equal(line, tooLongMarker) {
			b.bad++
			enc.Encode(errorRecord{Line: n, Errors: []*program.FieldError{{Problem: fmt.Sprintf("line longer than %d bytes", casebook.MaxLine)}}})
			continue
		}
		res, err := reg.Evaluate(op, nil, line, now)
		if err != nil {
			b.bad++
			enc.Encode(errorRecord{Line: n, Errors: program.FieldErrors(err)})
			continue
		}
		if err := enc.Encode(res.Decision); err != nil {
			b.bad++
			enc.Encode(errorRecord{Line: n, Errors: []*program.FieldError{{Problem: err.Error()}}})
		}
	}
	b.lines = nil // the input is no longer needed while the batch waits to be written
}

// progressLine rewrites one stderr line with the count of decided lines, at
// most once a second.
type progressLine struct {
	w     io.Writer
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer) *progressLine {
	now := time.Now()
	return &progressLine{w: w, start: now, last: now}
}

func (p *progressLine) update(lines, bad int) {
	if p == nil || time.Since(p.last) < time.Second {
		return
	}
	p.last = time.Now()
	rate := float64(lines) / time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "\r%d lines decided (%d rejected), %.0f/s", lines, bad, rate)
}

func (p *progressLine) finish(lines, bad int) {
	if p == nil || p.last.Equal(p.start) {
		return
	}
	fmt.Fprintf(p.w, "\r%d lines decided (%d rejected)\n", lines, bad)
}
