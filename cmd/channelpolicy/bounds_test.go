package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// emptyItems is a line of serviceattach.portfolio input just under size
// bytes: a list of empty registrations, each of which lacks every member.
func emptyItems(size int) []byte {
	const head, tail = `{"registrations":[`, `{}]}`
	n := (size - len(head) - len(tail)) / 3
	return []byte(head + strings.Repeat(`{},`, n) + tail)
}

// TestEvalStreamHostileLines sends eval --jsonl lines that once took
// gigabytes (a 1 MiB list of empty registrations: millions of problems)
// between an empty line and one over the line limit: every line gets its
// record, with its number and its problems located, the first
// MaxProblems listed and the rest counted, in bounded memory.
func TestEvalStreamHostileLines(t *testing.T) {
	hostile := emptyItems(casebook.MaxLine - 1)
	var in bytes.Buffer
	for range 3 {
		in.Write(hostile)
		in.WriteByte('\n')
	}
	in.WriteString("\n")                                                                  // line 4: empty
	in.WriteString(`{"registrations":[` + strings.Repeat(" ", casebook.MaxLine) + "]}\n") // line 5: over the limit
	in.WriteString(`{"registrations":[]}` + "\n")                                         // line 6: refused by validation

	cmd := exec.Command(binaryPath(t), "eval", "serviceattach.portfolio", "--jsonl")
	cmd.Stdin = &in
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	peak := watchPeak(cmd.Process.Pid)
	err := cmd.Wait()
	hwm := peak()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitFailed {
		t.Fatalf("exit %v, want %d\n%s", err, exitFailed, stderr.String())
	}
	var recs []record2
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 4<<20)
	for sc.Scan() {
		var r record2
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("record %d: %v", len(recs)+1, err)
		}
		recs = append(recs, r)
	}
	if len(recs) != 6 {
		t.Fatalf("%d records for 6 lines", len(recs))
	}
	for i, r := range recs {
		if r.Line != i+1 || len(r.Errors) == 0 || r.Decision != nil {
			t.Errorf("record %d: line %d, %d errors, decision %s; want line %d with errors only", i+1, r.Line, len(r.Errors), r.Decision, i+1)
		}
		for _, fe := range r.Errors {
			if fe.Pointer == nil || fe.Detail == "" {
				t.Errorf("record %d: a problem without its pointer or detail: %+v", i+1, fe)
			}
		}
		if len(r.Errors) > program.MaxProblems {
			t.Errorf("record %d lists %d problems, more than %d", i+1, len(r.Errors), program.MaxProblems)
		}
	}
	for _, r := range recs[:3] {
		items := (len(hostile) - len(`{"registrations":[]}`) + 1) / 3
		if first := r.Errors[0]; *first.Pointer != "/registrations" || !strings.Contains(first.Detail, fmt.Sprintf("%d items; the most this list may hold is 2000", items)) {
			t.Errorf("line %d: first problem %s: %s; want the list's length at /registrations", r.Line, *first.Pointer, first.Detail)
		}
		if len(r.Errors) != program.MaxProblems || r.ErrorsOmitted == 0 {
			t.Errorf("line %d: %d problems listed, %d omitted; want %d and the rest counted", r.Line, len(r.Errors), r.ErrorsOmitted, program.MaxProblems)
		}
	}
	for _, c := range []struct {
		rec           record2
		pointer, text string
	}{
		{recs[3], "", "empty line"},
		{recs[4], "", fmt.Sprintf("longer than %d bytes", casebook.MaxLine)},
		{recs[5], "/registrations", "at least one registration"},
	} {
		if len(c.rec.Errors) != 1 || *c.rec.Errors[0].Pointer != c.pointer || !strings.Contains(c.rec.Errors[0].Detail, c.text) {
			t.Errorf("line %d: %s; want one problem at %q saying %q", c.rec.Line, mustJSON(c.rec.Errors), c.pointer, c.text)
		}
	}
	t.Logf("peak resident memory %d MB for 3 hostile lines of 1 MiB", hwm>>20)
	if hwm > 100<<20 {
		t.Errorf("peak resident memory %d MB for 3 lines of 1 MiB: not bounded", hwm>>20)
	}
}

// record2 is an eval --jsonl record as a client reads it: a pointer that
// is absent is nil, not "".
type record2 struct {
	Line     int             `json:"line"`
	Decision json.RawMessage `json:"decision"`
	Errors   []struct {
		Pointer *string `json:"pointer"`
		Detail  string  `json:"detail"`
	} `json:"errors"`
	ErrorsOmitted int `json:"errors_omitted"`
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// watchPeak samples the peak resident memory of process pid until the
// returned function is called, which returns it (0 where /proc has none).
func watchPeak(pid int) func() int64 {
	stop, peakc := make(chan struct{}), make(chan int64, 1)
	go func() {
		var peak int64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			if hwm, ok := highWaterMark(pid); ok && hwm > peak {
				peak = hwm
			}
			select {
			case <-stop:
				peakc <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() int64 { close(stop); return <-peakc }
}

// TestEvalListsTheFirstProblemsAndCountsTheRest: one input with thousands
// of problems gets the first MaxProblems, one a line, and a last line that
// counts the rest; with --format json, the problem document counts them in
// errors_omitted.
func TestEvalListsTheFirstProblemsAndCountsTheRest(t *testing.T) {
	in := emptyItems(30_000)
	r := cli(t, bytes.NewReader(in), "eval", "serviceattach.portfolio")
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	if r.code != exitBadCall || len(lines) != program.MaxProblems+1 {
		t.Fatalf("exit %d, %d lines on stderr; want %d and %d lines", r.code, len(lines), exitBadCall, program.MaxProblems+1)
	}
	if !strings.HasPrefix(lines[0], "channelpolicy: /registrations: ") || !strings.HasSuffix(lines[len(lines)-1], "more problems, not listed") {
		t.Errorf("first line %q, last line %q", lines[0], lines[len(lines)-1])
	}
	r = cli(t, bytes.NewReader(in), "eval", "serviceattach.portfolio", "--format", "json")
	var p struct {
		Detail        string            `json:"detail"`
		Errors        []json.RawMessage `json:"errors"`
		ErrorsOmitted int               `json:"errors_omitted"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) != program.MaxProblems || p.ErrorsOmitted == 0 || !strings.Contains(p.Detail, fmt.Sprintf("the first %d are listed", program.MaxProblems)) {
		t.Errorf("%d errors, %d omitted, detail %q", len(p.Errors), p.ErrorsOmitted, p.Detail)
	}
}

// TestOversizedFilesAreRefused: a case book or policy file larger than
// casebook.MaxFile, or a pipe that never ends (test <(yes)), is refused
// once the limit is read, with an error naming the file and the limit.
func TestOversizedFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(casebook.MaxFile + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	limit := fmt.Sprintf("larger than %d bytes", casebook.MaxFile)
	expect(t, cli(t, nil, "test", big), exitBadCall, nil, []string{big + ": " + limit})
	expect(t, cli(t, strings.NewReader(`{"approved_at":"2026-01-01T00:00:00Z"}`), "eval", "dealreg.expiry", "--policy", big, "--now", now),
		exitBadCall, nil, []string{big + ": " + limit})
	expect(t, cli(t, nil, "diff", "--new", big, "../../testdata/dealreg"), exitBadCall, nil, []string{big + ": " + limit})

	// test <(yes): a pipe fed without end.
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		chunk := bytes.Repeat([]byte("y\n"), 32<<10)
		for {
			if _, err := pw.Write(chunk); err != nil {
				pw.Close()
				return
			}
		}
	}()
	cmd := exec.Command(binaryPath(t), "test", "/dev/fd/3")
	cmd.ExtraFiles = []*os.File{pr}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	pr.Close()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitBadCall || !strings.Contains(stderr.String(), limit) {
		t.Errorf("test on an endless pipe: %v, %s; want exit %d saying %q", err, stderr.String(), exitBadCall, limit)
	}
	t.Logf("an endless pipe refused in %v", time.Since(start).Round(time.Millisecond))
}
