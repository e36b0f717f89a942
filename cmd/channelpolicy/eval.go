package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"
	"unsafe"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// evalHelp is eval's --help beyond its summary; the README's eval section
// says the same.
const evalHelp = `
Reads the input from FILE, or from standard input when FILE is - or absent,
and prints the decision as indented JSON on stdout. The instant is --now, or
the current time.

Errors of one input exit 2. With --format text (the default) each problem is
one line on stderr, "channelpolicy: POINTER: DETAIL", POINTER being the RFC
6901 JSON Pointer of the bad value in the input ("/opportunity/stage"; none
for the whole document). With --format json, stdout gets the RFC 9457 problem
document the HTTP API answers for the same input, its errors a list of
{"pointer", "detail"} ({"parameter": "now", ...} for a bad --now); usage
errors and a bad --policy file are still text on stderr. A failure that is
not the input's (exit 1) is told on stderr, and with --format json also
written as an internal-error problem document.

With --jsonl, the input is a JSON Lines stream, one input per line, and the
output is one JSON object per input line, in input order, decided on every
core with memory bounded whatever the stream's length:

  {"line": 1, "id": "DR-7", "decision": {"outcome": "approved", ...}}
  {"line": 2, "id": "DR-8", "errors": [{"pointer": "/scope", "detail": "..."}]}
  {"line": 3, "errors": [{"pointer": "", "detail": "empty line; want one JSON input per line"}]}

"line" is the input line's number, from 1. "id" is the input's top-level
"id" member when the line is a JSON object whose "id" is a non-empty string,
and is left out otherwise. Exactly one of "decision" (the decision eval
prints for that input alone) and "errors" (every problem of the line, as in
the problem document: the first 100, with "errors_omitted" counting the
rest) is present. A line holds at most 1 MiB; a longer one gets an error
record and is not read. A bad line does not stop the stream; the
exit code is then 1 and stderr counts the bad lines.

With --decision-log FILE (- for standard error), every decision made, for
one input or a --jsonl stream, is also appended to FILE as one JSON line:
decision_id, served_at, operation, now, policy_version, policy_digest,
input, outcome, rules, latency_ms, the record 'serve --decision-log'
writes; --decision-log-mask and --decision-log-hash mask it as serve's do
(replay skips and counts a masked record). 'channelpolicy diff --log FILE' replays such a log under other
policies; 'diff --check --log FILE' checks that it still reproduces. A
batch waits for the log rather than drop a record.
`

func runEval(args []string, e env) int {
	fs := newFlags("eval", e)
	policyFile := fs.String("policy", "", "a policy set `FILE` (see 'channelpolicy policy') laid over the defaults")
	nowText := fs.String("now", "", "the `INSTANT` to decide at, RFC 3339 (default: the current time)")
	logPath := fs.String("decision-log", "", "also write a record of every decision to `FILE` (- for standard error), one JSON line each, for audits and 'diff --log' replay")
	logMask := fs.String("decision-log-mask", "", "comma-separated JSON `POINTERS` (such as /end_user/email) whose values are dropped from logged inputs")
	logHash := fs.Bool("decision-log-hash", false, "replace masked values by the SHA-256 of their JSON instead of dropping them")
	jsonl := fs.Bool("jsonl", false, "read a JSON Lines stream of inputs and write a record per line: its line, id, and decision or errors")
	format := fs.String("format", "text", "write the errors of one input in `FORMAT`: text (a line per problem on stderr) or json (a problem document on stdout)")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(e.stderr, "channelpolicy eval: --format %q: want text or json\n", *format)
		return exitBadCall
	}
	if len(pos) < 1 || len(pos) > 2 {
		fmt.Fprintln(e.stderr, "channelpolicy eval: want OPERATION and at most one FILE (or - for standard input)")
		return exitBadCall
	}
	set, err := policySet(*policyFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	// problem reports a failed eval as --format asks and returns exit 2:
	// text is the line for --format text, or "" for a line per problem.
	problem := func(p channelpolicy.Problem, text string) int {
		if *format == "json" {
			var out []byte
			if *jsonl {
				out, _ = json.Marshal(p) // one line, as the stream's records
			} else {
				out, _ = json.MarshalIndent(p, "", "  ")
			}
			fmt.Fprintf(e.stdout, "%s\n", out)
			return exitBadCall
		}
		if text != "" {
			fmt.Fprintf(e.stderr, "channelpolicy eval: %s\n", text)
			return exitBadCall
		}
		if len(p.Errors) > 0 {
			lines := make([]error, len(p.Errors), len(p.Errors)+1)
			for i, fe := range p.Errors {
				lines[i] = fe
			}
			if p.ErrorsOmitted > 0 {
				lines = append(lines, &program.OmittedProblems{N: p.ErrorsOmitted})
			}
			return fail(e, exitBadCall, errors.Join(lines...))
		}
		return fail(e, exitBadCall, errors.New(p.Detail))
	}
	op := pos[0]
	if _, ok := set.Registry().Lookup(op); !ok {
		detail := fmt.Sprintf("unknown operation %q; 'channelpolicy operations' lists them", op)
		return problem(channelpolicy.NewProblem(channelpolicy.ProblemUnknownOperation, detail, "", nil), detail)
	}
	now := time.Now().UTC()
	if *nowText != "" {
		if now, err = program.ParseInstant(*nowText); err != nil {
			fe := &program.FieldError{Parameter: "now", Detail: fmt.Sprintf("%q is not an RFC 3339 instant such as 2026-03-20T09:00:00Z", *nowText)}
			return problem(channelpolicy.NewProblem(channelpolicy.ProblemParameter, fe.Error(), "", []*program.FieldError{fe}), "--"+fe.Error())
		}
	}
	in := e.stdin
	if len(pos) == 2 && pos[1] != "-" {
		f, err := os.Open(pos[1])
		if err != nil {
			return problem(channelpolicy.NewProblem(channelpolicy.ProblemBadBody, err.Error(), "", nil), "")
		}
		defer f.Close()
		in = f
	}
	dl, err := newDecisionLogger(*logPath, *logMask, *logHash, set, op, e)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	defer dl.close(e)
	if *jsonl {
		return evalStream(set, op, now, in, e, dl)
	}
	data, err := io.ReadAll(io.LimitReader(in, casebook.MaxLine+1))
	if err != nil {
		return problem(channelpolicy.NewProblem(channelpolicy.ProblemBadBody, "the input could not be read: "+err.Error(), "", nil), "")
	}
	if len(data) > casebook.MaxLine {
		detail := fmt.Sprintf("the input is larger than %d bytes; use --jsonl for many inputs", casebook.MaxLine)
		return problem(channelpolicy.NewProblem(channelpolicy.ProblemTooLarge, detail, "", nil), detail)
	}
	start := time.Now()
	res, err := set.Evaluate(op, data, now)
	if err == nil {
		dl.record(op, data, now, res, time.Since(start))
	}
	if err != nil {
		p := channelpolicy.EvaluationProblem(op, err, "")
		if p.Status >= 500 {
			// Not the input's fault: say what failed, and exit 1.
			fail(e, exitFailed, err)
			if *format == "json" {
				out, _ := json.MarshalIndent(p, "", "  ")
				fmt.Fprintf(e.stdout, "%s\n", out)
			}
			return exitFailed
		}
		return problem(p, "")
	}
	out, err := json.MarshalIndent(res.Decision, "", "  ")
	if err != nil {
		return fail(e, exitFailed, err)
	}
	fmt.Fprintf(e.stdout, "%s\n", out)
	return exitOK
}

// record is one output line of eval --jsonl: the input line's number, its
// id when it has one, and either its decision or its errors (the first
// program.MaxProblems, and the count of the rest).
type record struct {
	Line          int                   `json:"line"`
	ID            string                `json:"id,omitempty"`
	Decision      program.Decision      `json:"decision,omitempty"`
	Errors        []*program.FieldError `json:"errors,omitempty"`
	ErrorsOmitted int                   `json:"errors_omitted,omitempty"`
}

// batch is a run of consecutive lines decided by one worker; its output is
// written in order by the writer once the worker has signalled done. A
// batch is used again once written: its buffers keep their capacity, so a
// long stream allocates them once.
type batch struct {
	first int // line number of the first line
	// data holds the lines' bytes, one after another; ends[i] is where
	// line i ends, or -1 for a line over casebook.MaxLine, which is not
	// kept.
	data []byte
	ends []int
	out  []byte
	bad  int
	done chan struct{}
}

func (b *batch) count() int { return len(b.ends) }

const (
	// A batch ends at batchLines lines or at batchBytes bytes of input,
	// whichever comes first, so that long lines make short batches.
	batchLines = 256
	batchBytes = 1 << 20
	// inFlight bounds the batches read but not yet written, and with them
	// the memory a stream of any length uses: at most inFlight batches of
	// batchBytes plus one line (casebook.MaxLine) each, and their records.
	// There are exactly inFlight batches, used again and again: their
	// buffers keep the capacity the largest batch they held needed, within
	// that bound.
	inFlight = 16
)

// evalStream decides a JSON Lines stream on every core, writing records in
// input order: output line N answers input line N, {"line": N, "id": ...,
// "decision": ...}. A line that is not a valid input (blank and over-long
// lines included) gets a record with "errors" instead and the stream goes
// on; the exit code is 1 when any line did. Memory is bounded by inFlight
// batches, whatever the stream's length: a record is linear in its line,
// and a line holds at most casebook.MaxLine bytes.
//
// One goroutine reads, one per core decides, and this one writes: a batch
// goes from the reader to both the writer's queue (in input order) and
// the workers' (any order), and comes back to the reader once written.
func evalStream(set channelpolicy.PolicySet, op string, now time.Time, in io.Reader, e env, dl *decisionLogger) int {
	w := bufio.NewWriterSize(e.stdout, 256*1024)
	work := make(chan *batch, inFlight)
	order := make(chan *batch, inFlight)
	free := make(chan *batch, inFlight)
	for range inFlight {
		free <- &batch{done: make(chan struct{}, 1)}
	}
	for range runtime.GOMAXPROCS(0) {
		go func() {
			d := newDecider(set, op, now, dl)
			for b := range work {
				d.batch(b)
				b.done <- struct{}{}
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		readErr <- readBatches(in, free, work, order)
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
			_, writeErr = w.Write(b.out)
		}
		lines += b.count()
		bad += b.bad
		progress.update(lines, bad)
		free <- b
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
		fmt.Fprintf(e.stderr, "channelpolicy eval: %d of %d lines were not valid inputs; see the errors of their records\n", bad, lines)
		return exitFailed
	}
	return exitOK
}

// readBatches splits the stream into batches of lines, as
// casebook.LineReader does (a line ends at "\n" or "\r\n"; a last line
// without one is a line), copying each line into its batch rather than
// allocating it. A line longer than casebook.MaxLine is read through but
// not kept, and gets an error record.
func readBatches(in io.Reader, free <-chan *batch, work, order chan<- *batch) error {
	r := bufio.NewReaderSize(in, 64*1024)
	next := 1 // the number of the next line
	// size is the most bytes a batch has held: a batch used for the first
	// time starts with room for them, rather than growing to them again,
	// as every one of the inFlight batches would at a stream's start.
	size := 0
	b := <-free
	b.first, b.data, b.ends, b.out, b.bad = next, b.data[:0], b.ends[:0], b.out[:0], 0
	send := func() {
		size = max(size, len(b.data))
		order <- b
		work <- b
		b = <-free
		b.first, b.data, b.ends, b.out, b.bad = next, b.data[:0], b.ends[:0], b.out[:0], 0
		if cap(b.data) < size {
			b.data = make([]byte, 0, size)
		}
	}
	for {
		start := len(b.data)
		tooLong, read := false, false
		var err error
		for {
			var chunk []byte
			chunk, err = r.ReadSlice('\n')
			read = read || len(chunk) > 0
			if !tooLong {
				if len(b.data)-start+len(chunk) > casebook.MaxLine+2 { // room for "\r\n"
					tooLong, b.data = true, b.data[:start]
				} else {
					b.data = append(b.data, chunk...)
				}
			}
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if err != nil && err != io.EOF {
			if b.count() > 0 {
				order <- b
				work <- b
			}
			return err
		}
		if !read {
			if b.count() > 0 {
				order <- b
				work <- b
			}
			return nil
		}
		next++
		end := -1
		if !tooLong {
			line := bytes.TrimSuffix(bytes.TrimSuffix(b.data[start:], []byte("\n")), []byte("\r"))
			if len(line) > casebook.MaxLine {
				b.data = b.data[:start]
			} else {
				end = start + len(line)
				b.data = b.data[:end]
			}
		}
		b.ends = append(b.ends, end)
		if b.count() == batchLines || len(b.data) >= batchBytes {
			send()
		}
		if err == io.EOF {
			if b.count() > 0 {
				order <- b
				work <- b
			}
			return nil
		}
	}
}

// decider decides batches for one worker, with its own scratch: the
// record it fills for each line and the tokenizer that finds ids.
type decider struct {
	set     channelpolicy.PolicySet
	op      string
	now     time.Time
	dl      *decisionLogger
	rec     record
	ids     idReader
	tooLong string
}

func newDecider(set channelpolicy.PolicySet, op string, now time.Time, dl *decisionLogger) *decider {
	return &decider{set: set, op: op, now: now, dl: dl,
		tooLong: fmt.Sprintf("the line is longer than %d bytes, the most one input may have; it was not read", casebook.MaxLine)}
}

func (d *decider) batch(b *batch) {
	// A record is about twice its line: room for the batch's records at
	// once, on a batch's first use, saves growing the buffer line by line
	// (up to a size typical batches need; past it, it grows as it must).
	if want := min(3*len(b.data)+128*len(b.ends), 1<<20); cap(b.out) < want {
		b.out = make([]byte, 0, want)
	}
	start := 0
	for i, end := range b.ends {
		n := b.first + i
		if end < 0 {
			b.bad++
			b.out, _ = d.write(b.out, record{Line: n, Errors: []*program.FieldError{{Pointer: "", Detail: d.tooLong}}})
			continue
		}
		line := b.data[start:end]
		start = end
		// A line that is no input at all has its problem at the root
		// pointer "": the whole line.
		if len(bytes.TrimSpace(line)) == 0 {
			b.bad++
			b.out, _ = d.write(b.out, record{Line: n, Errors: []*program.FieldError{{Pointer: "", Detail: "empty line; want one JSON input per line"}}})
			continue
		}
		id := d.ids.id(line)
		var took time.Time
		if d.dl != nil {
			took = time.Now()
		}
		res, err := d.set.Evaluate(d.op, line, d.now)
		if err != nil {
			b.bad++
			b.out, _ = d.write(b.out, record{Line: n, ID: id, Errors: program.FieldErrors(err), ErrorsOmitted: program.Omitted(err)})
			continue
		}
		if d.dl != nil {
			d.dl.record(d.op, bytes.Clone(line), d.now, res, time.Since(took))
		}
		if b.out, err = d.write(b.out, record{Line: n, ID: id, Decision: res.Decision}); err != nil {
			b.bad++
			b.out, _ = d.write(b.out, record{Line: n, ID: id, Errors: []*program.FieldError{{Detail: "the decision could not be written as JSON: " + err.Error()}}})
		}
	}
}

// write appends r as one JSON line to out; on failure out is as it was.
// The record is encoded through the decider's own copy, so that passing
// it costs no allocation.
func (d *decider) write(out []byte, r record) ([]byte, error) {
	d.rec = r
	n := len(out)
	out, err := channelpolicy.AppendJSON(out, &d.rec)
	d.rec = record{}
	if err != nil {
		return out[:n], err
	}
	return append(out, '\n'), nil
}

// idReader finds the "id" of JSON Lines inputs, reusing one tokenizer.
type idReader struct {
	r   bytes.Reader
	dec *jsontext.Decoder
}

// id returns the value of line's top-level "id" member when line is a JSON
// object and that member is a string, or "". It reads only as far as the
// member, so a line that is broken further on still has its id.
func (x *idReader) id(line []byte) string {
	if id, ok := leadingID(line); ok {
		return id
	}
	x.r.Reset(line)
	if x.dec == nil {
		x.dec = jsontext.NewDecoder(&x.r, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	} else {
		x.dec.Reset(&x.r, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	}
	if tok, err := x.dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return ""
	}
	for x.dec.PeekKind() == '"' {
		name, err := x.dec.ReadToken()
		if err != nil {
			return ""
		}
		if name.String() == "id" {
			if x.dec.PeekKind() != '"' {
				return ""
			}
			v, err := x.dec.ReadToken()
			if err != nil {
				return ""
			}
			return v.String()
		}
		if err := x.dec.SkipValue(); err != nil {
			return ""
		}
	}
	return ""
}

// leadingID is idReader.id for the common line whose first member is
// "id", a string of printable ASCII without escapes: it is read in place,
// without a tokenizer. ok is false for any other line, which the tokenizer
// then reads. The id shares line's memory: it is valid while line is.
func leadingID(line []byte) (id string, ok bool) {
	i := skipSpace(line, 0)
	if i == len(line) || line[i] != '{' {
		return "", false
	}
	i = skipSpace(line, i+1)
	if !bytes.HasPrefix(line[i:], []byte(`"id"`)) {
		return "", false
	}
	i = skipSpace(line, i+len(`"id"`))
	if i == len(line) || line[i] != ':' {
		return "", false
	}
	i = skipSpace(line, i+1)
	if i == len(line) || line[i] != '"' {
		return "", false
	}
	i++
	for j := i; j < len(line); j++ {
		switch c := line[j]; {
		case c == '"':
			return unsafe.String(unsafe.SliceData(line[i:j]), j-i), true
		case c < 0x20 || c == '\\' || c >= 0x80:
			return "", false
		}
	}
	return "", false
}

// skipSpace returns the index of the first byte of b at or after i that is
// not JSON whitespace.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
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

// decisionLogger writes eval's decisions to a decision log (--decision-log);
// a nil one writes nothing.
type decisionLogger struct {
	log             *channelpolicy.DecisionLog
	file            *os.File
	version, digest string
}

func newDecisionLogger(path, masks string, hash bool, set channelpolicy.PolicySet, op string, e env) (*decisionLogger, error) {
	if path == "" {
		return nil, nil
	}
	mask, err := decisionLogMask(masks)
	if err != nil {
		return nil, err
	}
	dl := &decisionLogger{digest: set.Digest()}
	if o, ok := set.Registry().Lookup(op); ok {
		dl.version = set.Version(o.Package())
	}
	w := e.stderr
	if path != "-" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		dl.file, w = f, f
	}
	// A batch waits for the log rather than lose a record from it.
	dl.log = channelpolicy.NewDecisionLog(w, channelpolicy.DecisionLogOptions{Mask: mask, Hash: hash, Block: true})
	return dl, nil
}

func (dl *decisionLogger) record(op string, input []byte, now time.Time, res channelpolicy.Result, took time.Duration) {
	if dl == nil {
		return
	}
	dl.log.Record(channelpolicy.DecisionRecord{
		ServedAt: time.Now().UTC(), Operation: op, Now: now,
		PolicyVersion: dl.version, PolicyDigest: dl.digest,
		Input: input, Outcome: res.Outcome, Rules: res.Rules,
		LatencyMS: float64(took.Microseconds()) / 1000,
	})
}

// close flushes the log; a record the queue had no room for is reported.
func (dl *decisionLogger) close(e env) {
	if dl == nil {
		return
	}
	if err := dl.log.Close(); err != nil {
		fmt.Fprintf(e.stderr, "channelpolicy eval: decision log: %v\n", err)
	}
	if n := dl.log.Dropped(); n > 0 {
		fmt.Fprintf(e.stderr, "channelpolicy eval: decision log: %d records dropped (the log could not keep up)\n", n)
	}
	if dl.file != nil {
		dl.file.Close()
	}
}

// recordWriter writes JSON Lines records as encoding/json's Encoder would
// with HTML escaping off, with the faster wire encoder.
type recordWriter struct{ out *bytes.Buffer }

func (w recordWriter) Encode(v any) error {
	n := w.out.Len()
	if err := channelpolicy.WriteJSON(w.out, v); err != nil {
		w.out.Truncate(n)
		return err
	}
	return w.out.WriteByte('\n')
}
