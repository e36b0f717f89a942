package casebook_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

// Fuzz targets for what reads files and streams: case books (what
// 'channelpolicy test' loads), JSON Lines (what eval --jsonl and diff
// --jsonl read), and decision logs (what diff --log replays).

// FuzzLoadFile feeds any bytes to LoadFile as a case book: an input error
// locating each problem in the file, or cases that each carry what the
// format requires and run — a decision or an input error located in the
// case's input or policy — with Check agreeing with what ran.
func FuzzLoadFile(f *testing.F) {
	// Small books fuzz faster: of each book, its first case on its own.
	seen := map[string]bool{}
	for _, c := range casetest.Load(f, "../testdata") {
		if seen[c.File] {
			continue
		}
		seen[c.File] = true
		b, err := json.Marshal(map[string][]casebook.Case{"cases": {c}})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"cases": [` + fmt.Sprintf(okCase, "a") + `]}`))
	f.Add([]byte(`{"cases": [{"id": "a", "section": "s", "note": "n", "operation": "o", "input": {}, "want": {}}]}`))
	f.Add([]byte(`{"cases": []}`))
	f.Add([]byte(`{"cases": [{"id": "a", "section": "s", "note": "n", "operation": "nfr.nothing", "input": {}, "want": {"error_fields": [""]}}]}`))
	set := channelpolicy.Default().Policies()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "book.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cases, err := casebook.LoadFile(path)
		if err != nil {
			casetest.InputError(t, data, err)
			if !strings.HasPrefix(err.Error(), path+": ") {
				t.Fatalf("the error does not name the file: %v", err)
			}
			return
		}
		if len(cases) == 0 {
			t.Fatal("a case book without cases loaded")
		}
		for _, c := range cases {
			if c.ID == "" || c.Section == "" || c.Note == "" || c.Operation == "" || len(c.Input) == 0 || c.File != path {
				t.Fatalf("case %+v loaded without what the format requires", c)
			}
			if (c.Want.Outcome == "") == (len(c.Want.ErrorFields) == 0) || (c.Want.Outcome != "" && len(c.Want.Rules) == 0) {
				t.Fatalf("case %s loaded with want %+v", c.ID, c.Want)
			}
			runCase(t, set, c)
		}
	})
}

// runCase runs c as 'channelpolicy test' does and holds what comes back to
// the contracts: a case passes only when what ran is what it wants.
func runCase(t *testing.T, set channelpolicy.PolicySet, c casebook.Case) {
	t.Helper()
	reg := set.Registry()
	res, err := casebook.Run(set, c)
	passes := len(casebook.Check(c, res, err)) == 0
	if _, known := reg.Lookup(c.Operation); !known {
		if err == nil || passes {
			t.Fatalf("a case of unknown operation %q ran (%v) or passes (%v)", c.Operation, err, passes)
		}
		return
	}
	if err != nil {
		pkg, _, _ := strings.Cut(c.Operation, ".")
		if _, perr := set.With(pkg, c.Policy); len(c.Policy) > 0 && perr != nil {
			casetest.InputError(t, c.Policy, perr)
		} else {
			casetest.InputError(t, c.Input, err, "now")
		}
		if passes && len(c.Want.ErrorFields) == 0 {
			t.Fatalf("case %s wants a decision, got %v, and passes", c.ID, err)
		}
		return
	}
	casetest.Decided(t, reg, c.Operation, res)
	same := c.Want.Outcome == res.Outcome && slices.Equal(c.Want.Rules, res.Rules)
	if passes != same && (passes || len(c.Want.Fields) == 0) {
		t.Fatalf("case %s wants %s %v, got %s %v; passes: %v", c.ID, c.Want.Outcome, c.Want.Rules, res.Outcome, res.Rules, passes)
	}
}

// jsonLine is one line of a JSON Lines stream as its definition has it.
type jsonLine struct {
	text    []byte
	tooLong bool
}

// splitLines splits data as JSON Lines: at each "\n", a "\r" before it not
// part of the line, a last line without "\n" still a line, and a line longer
// than casebook.MaxLine marked too long.
func splitLines(data []byte) []jsonLine {
	if len(data) == 0 {
		return nil
	}
	parts := bytes.Split(data, []byte("\n"))
	if len(parts[len(parts)-1]) == 0 {
		parts = parts[:len(parts)-1]
	}
	out := make([]jsonLine, len(parts))
	for i, p := range parts {
		p = bytes.TrimSuffix(p, []byte("\r"))
		out[i] = jsonLine{text: p, tooLong: len(p) > casebook.MaxLine}
	}
	return out
}

// withLongLine puts before data, for long from 250 to 255, a line of
// casebook.MaxLine-2 to MaxLine+3 bytes ending "\r\n" or "\n": the edge
// of the line limit. Other values of long leave data as it is.
func withLongLine(long uint8, data []byte) []byte {
	if long < 250 {
		return data
	}
	n := casebook.MaxLine - 2 + int(long-250)
	line := bytes.Repeat([]byte("x"), n)
	if long%2 == 0 {
		line = append(line, '\r')
	}
	return append(append(line, '\n'), data...)
}

// FuzzLineReader reads any stream with LineReader, a byte at a time and
// whole: the lines, their numbers and which are too long are those of
// splitLines.
func FuzzLineReader(f *testing.F) {
	for _, s := range []string{"", "\n", "a", "a\n", "a\r\nb", "\r\n\r\n", "\r", "a\rb\n", "{}\n\n{}\r\n"} {
		f.Add(uint8(0), []byte(s))
	}
	for long := uint8(250); long != 0; long++ {
		f.Add(long, []byte("{}\n"))
	}
	f.Fuzz(func(t *testing.T, long uint8, data []byte) {
		data = withLongLine(long, data)
		want := splitLines(data)
		readers := []io.Reader{bytes.NewReader(data)}
		if long < 250 { // a megabyte a byte at a time is slow
			readers = append(readers, iotest.OneByteReader(bytes.NewReader(data)))
		}
		for _, r := range readers {
			lines := casebook.NewLineReader(r)
			for i := 0; ; i++ {
				line, n, tooLong, err := lines.Next()
				if err == io.EOF {
					if i != len(want) {
						t.Fatalf("%d lines, want %d", i, len(want))
					}
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if i >= len(want) || n != i+1 || tooLong != want[i].tooLong || (!tooLong && !bytes.Equal(line, want[i].text)) || (tooLong && line != nil) {
					t.Fatalf("line %d: got %d %v %q", i+1, n, tooLong, clip(line))
				}
			}
		}
	})
}

func clip(b []byte) []byte { return b[:min(len(b), 80)] }

// policy60 is the handbook's policy set with a 60-day registration expiry:
// a change that moves some decisions.
func policy60(t testing.TB) channelpolicy.PolicySet {
	set, err := channelpolicy.Default().Policies().Load([]byte(`{"dealreg": {"expiry_days": 60}, "nfr": {"version": "nfr-fuzz"}}`))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

var lineName = regexp.MustCompile(`^line ([1-9][0-9]*)$`)

// checkReport holds a diff report to its definition: transitions that move,
// counted once each, most frequent first, with at most examples examples
// named "line N" in input order.
func checkReport(t *testing.T, r casebook.DiffReport, examples, lines int) {
	t.Helper()
	sum := 0
	for i, tr := range r.Transitions {
		sum += tr.Count
		if tr.From == tr.To || tr.Count < 1 || len(tr.Examples) > examples || len(tr.Examples) > tr.Count || (tr.Count >= examples && len(tr.Examples) != examples) {
			t.Fatalf("transition %+v", tr)
		}
		if i > 0 && tr.Count > r.Transitions[i-1].Count {
			t.Fatalf("transitions not most frequent first: %v", r.Transitions)
		}
		last := 0
		for _, e := range tr.Examples {
			m := lineName.FindStringSubmatch(e)
			if m == nil {
				t.Fatalf("example %q is not a line", e)
			}
			n, _ := strconv.Atoi(m[1])
			if n <= last || n > lines {
				t.Fatalf("examples %v out of order or past line %d", tr.Examples, lines)
			}
			last = n
		}
	}
	if sum != r.Changed || r.Changed+r.ReasonsChanged > r.Total {
		t.Fatalf("report %+v: transitions count %d", r, sum)
	}
}

// FuzzDiffStream diffs any JSON Lines stream of an operation's inputs
// between the handbook's policies and a changed set: every non-blank line
// counted, a line changed exactly when its outcome (or error) under the two
// sets differs, and nothing changed between a set and itself.
func FuzzDiffStream(f *testing.F) {
	reg := channelpolicy.Default()
	ops := reg.Operations()
	byOp := map[string][]byte{} // the first inputs of each operation, a line each
	for _, c := range casetest.Load(f, "../testdata") {
		if len(byOp[c.Operation]) < 2048 {
			byOp[c.Operation] = append(append(byOp[c.Operation], c.Input...), '\n')
		}
	}
	for i, op := range ops {
		f.Add(uint8(i), uint8(0), byOp[op.Name()], int64(1774000000))
	}
	f.Add(uint8(1), uint8(251), []byte(`{"approved_at": "2026-01-01T00:00:00Z"}`), int64(1774000000))
	old, next := reg.Policies(), policy60(f)
	f.Fuzz(func(t *testing.T, n uint8, long uint8, data []byte, unix int64) {
		op := ops[int(n)%len(ops)].Name()
		now := time.Time{}
		if unix != 0 {
			now = time.Unix(unix%4102444800, 0).UTC()
		}
		data = withLongLine(long, data)
		const examples = 2
		r, err := casebook.DiffStream(old, next, op, now, bytes.NewReader(data), examples)
		if err != nil {
			t.Fatal(err)
		}
		lines := splitLines(data)
		total, changed := 0, 0
		for _, l := range lines {
			if l.tooLong {
				total++
				continue
			}
			line := bytes.TrimSpace(l.text)
			if len(line) == 0 {
				continue
			}
			total++
			if outcomeOf(old, op, line, now) != outcomeOf(next, op, line, now) {
				changed++
			}
		}
		if r.Total != total || r.Changed != changed {
			t.Fatalf("report %+v; want %d decisions, %d changed", r, total, changed)
		}
		checkReport(t, r, examples, len(lines))
		self, err := casebook.DiffStream(old, old, op, now, bytes.NewReader(data), examples)
		if err != nil || self.Total != total || self.Changed != 0 || self.ReasonsChanged != 0 || len(self.Transitions) != 0 {
			t.Fatalf("a set diffed against itself: %+v, %v", self, err)
		}
	})
}

func outcomeOf(set channelpolicy.PolicySet, op string, input []byte, now time.Time) string {
	res, err := set.Evaluate(op, input, now)
	if err != nil {
		return "error"
	}
	return res.Outcome
}

// decisionLog is a decision log of every deciding case, written by a
// DecisionLog as serve writes one, masking end users' e-mail addresses.
func decisionLog(t testing.TB) []byte {
	set := channelpolicy.Default().Policies()
	var buf bytes.Buffer
	dlog := channelpolicy.NewDecisionLog(&buf, channelpolicy.DecisionLogOptions{Mask: []string{"/end_user/email"}, Block: true})
	for _, c := range casetest.Load(t, "../testdata") {
		res, err := set.Evaluate(c.Operation, c.Input, c.Now)
		if err != nil || len(c.Policy) > 0 {
			continue
		}
		dlog.Record(channelpolicy.DecisionRecord{Operation: c.Operation, Now: c.Now, PolicyDigest: set.Digest(), Input: c.Input, Outcome: res.Outcome, Rules: res.Rules})
	}
	if err := dlog.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var lineError = regexp.MustCompile(`^line ([1-9][0-9]*): `)

// FuzzDiffLog replays any bytes as a decision log, with DiffLog and
// CheckLog: an error names the line that is not a record; otherwise every
// record is counted, the masked ones skipped, nothing changes between a set
// and itself, and a log replayed under the set it was written with lists
// as moved only records whose logged decision is not what that set decides.
func FuzzDiffLog(f *testing.F) {
	// Short logs fuzz faster: runs of three records.
	recs := bytes.SplitAfter(decisionLog(f), []byte("\n"))
	for i := 0; i+3 <= len(recs); i += 23 {
		f.Add(bytes.Join(recs[i:i+3], nil))
	}
	f.Add([]byte("\n\n{\"operation\": \"dealreg.expiry\"}\nnot json\n"))
	old, next := channelpolicy.Default().Policies(), policy60(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := len(splitLines(data))
		r, seen, err := casebook.DiffLog(old, next, bytes.NewReader(data), 2)
		if err != nil {
			m := lineError.FindStringSubmatch(err.Error())
			if m == nil {
				t.Fatalf("the error does not name a line: %v", err)
			}
			if n, _ := strconv.Atoi(m[1]); n > lines {
				t.Fatalf("the error names line %s of %d: %v", m[1], lines, err)
			}
			return
		}
		if seen.Skipped > seen.Records || r.Total != seen.Records-seen.Skipped {
			t.Fatalf("%+v replayed, report %+v", seen, r)
		}
		checkReport(t, r, 2, lines)
		self, seenSelf, err := casebook.DiffLog(old, old, bytes.NewReader(data), 2)
		if err != nil || seenSelf.Records != seen.Records || seenSelf.Skipped != seen.Skipped || self.Changed != 0 || self.ReasonsChanged != 0 {
			t.Fatalf("a set diffed against itself: %+v %+v, %v", self, seenSelf, err)
		}
		check, err := casebook.CheckLog(old, bytes.NewReader(data))
		if err != nil || check.Records != seen.Records || check.Skipped != seen.Skipped || len(check.Moved) > seen.Records-seen.Skipped {
			t.Fatalf("CheckLog %+v, %v after DiffLog %+v", check, err, seen)
		}
		for _, m := range check.Moved {
			if !lineError.MatchString(m) && !regexp.MustCompile(`^line [1-9][0-9]* \(`).MatchString(m) {
				t.Fatalf("moved record %q names no line", m)
			}
		}
	})
}
