package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// The command is built once, on first use, for the end-to-end tests; a
// process that runs none of them (a fuzz worker, say) builds nothing.
var (
	buildOnce sync.Once
	buildDir  string
	built     string
	buildErr  error
)

func binaryPath(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "channelpolicy-e2e"); buildErr != nil {
			return
		}
		built = filepath.Join(buildDir, "channelpolicy")
		if out, err := exec.Command("go", "build", "-o", built, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("building the command: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return built
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

func cli(t *testing.T, stdin io.Reader, args ...string) result {
	t.Helper()
	cmd := exec.Command(binaryPath(t), args...)
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errb.String(), "goroutine ") || strings.Contains(errb.String(), "panic:") {
		t.Fatalf("the command crashed:\n%s", errb.String())
	}
	return result{code, out.String(), errb.String()}
}

func expect(t *testing.T, r result, code int, stdout, stderr []string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	for _, s := range stdout {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
		}
	}
	for _, s := range stderr {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
}

const now = "2026-03-20T09:00:00Z"

func TestEvalOneInput(t *testing.T) {
	r := cli(t, nil, "eval", "dealreg.route", "testdata/registration.json", "--now", now)
	expect(t, r, 0, []string{`"outcome": "approved"`, `"rule": "dealreg.roe.early_stage.asm_timeout"`, `"policy_version": "handbook-2026-11"`, `"expires_at": "2026-06-11T14:30:00Z"`}, nil)
	var d map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}

	f, _ := os.Open("testdata/registration.json")
	defer f.Close()
	expect(t, cli(t, f, "eval", "dealreg.route", "-", "--now", now), 0, []string{`"outcome": "approved"`}, nil)
}

func TestEvalBadInput(t *testing.T) {
	tests := []struct {
		name, file string
		stderr     []string
	}{
		{"malformed JSON", "testdata/malformed.json", []string{"channelpolicy: registration: malformed JSON at byte"}},
		{"unknown field", "testdata/unknown-field.json", []string{"channelpolicy: registration.opportunity.owner: unknown field"}},
		{"empty file", "testdata/empty.json", []string{"channelpolicy: registration: empty input"}},
		{"missing file", "testdata/no-such-file.json", []string{"no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, cli(t, nil, "eval", "dealreg.route", tt.file, "--now", now), 2, nil, tt.stderr)
		})
	}
	expect(t, cli(t, nil, "eval", "dealreg.nothing", "testdata/registration.json"), 2, nil, []string{`unknown operation "dealreg.nothing"`})
	expect(t, cli(t, nil, "eval", "dealreg.route", "testdata/registration.json", "--now", "tomorrow"), 2, nil, []string{"--now"})
	expect(t, cli(t, nil, "eval"), 2, nil, []string{"want OPERATION"})
}

func TestEvalStream(t *testing.T) {
	r := cli(t, nil, "eval", "dealreg.route", "--jsonl", "testdata/stream.jsonl", "--now", now)
	expect(t, r, 1, nil, []string{"3 of 5 lines were not valid inputs"})
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d output lines, want one per input line (5):\n%s", len(lines), r.stdout)
	}
	want := []string{
		`"outcome":"approved"`,
		`{"line":2,"errors":[{"field":"registration.scope","problem":"\"everything\" is not a scope`,
		`{"line":3,"errors":[{"field":"","problem":"empty line; want one JSON input per line"}]}`,
		`{"line":4,"errors":[{"field":"registration.submitted_at","problem":"2026-12-01T00:00:00Z is after now`,
		`"outcome":"approved"`,
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) {
			t.Errorf("line %d = %s\nwant it to contain %s", i+1, lines[i], w)
		}
	}
}

func TestEvalTruncatedStream(t *testing.T) {
	r := cli(t, nil, "eval", "dealreg.route", "--jsonl", "testdata/truncated.jsonl", "--now", now)
	expect(t, r, 1, []string{`"outcome":"approved"`, `{"line":2,"errors":[{"field":"registration","problem":"truncated JSON`}, nil)
	r = cli(t, nil, "eval", "dealreg.route", "--jsonl", "testdata/empty.json", "--now", now)
	expect(t, r, 0, nil, nil)
	if r.stdout != "" {
		t.Errorf("an empty stream gives no output, got %q", r.stdout)
	}
}

func TestEvalUnderAnEditedPolicy(t *testing.T) {
	r := cli(t, nil, "eval", "dealreg.route", "testdata/registration.json", "--now", now, "--policy", "testdata/policies-60.json")
	// Approved at the 2026-03-13T14:30Z deadline; 60 days later is 12 May.
	expect(t, r, 0, []string{`"expires_at": "2026-05-12T14:30:00Z"`, `"policy_version": "expiry-60"`}, nil)

	r = cli(t, nil, "eval", "dealreg.route", "testdata/registration.json", "--now", now, "--policy", "testdata/bad-policy.json")
	expect(t, r, 2, nil, []string{"dealreg.policy.aging_days", "dealreg.policy.expiry_days", "billing: not a package"})
}

func TestTestCommand(t *testing.T) {
	r := cli(t, nil, "test", "../../testdata")
	expect(t, r, 0, []string{" passed, 0 failed"}, nil)

	book := filepath.Join(t.TempDir(), "wrong.json")
	data, _ := os.ReadFile("../../testdata/dealreg/expiry.json")
	var f struct {
		Cases []map[string]any `json:"cases"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	c := f.Cases[0]
	want := c["want"].(map[string]any)
	flipped := map[string]string{"active": "expired", "expired": "active"}[want["outcome"].(string)]
	want["outcome"] = flipped
	out, _ := json.Marshal(map[string]any{"cases": []any{c}})
	os.WriteFile(book, out, 0o600)
	r = cli(t, nil, "test", book)
	expect(t, r, 1, []string{"FAIL " + c["id"].(string), "outcome: want " + flipped, "0 passed, 1 failed"}, nil)

	os.WriteFile(book, []byte(`{"cases": [{"id": "x"}]}`), 0o600)
	expect(t, cli(t, nil, "test", book), 2, nil, []string{"wrong.json: case 0 (\"x\")", "section: required"})
}

func TestDiffCommand(t *testing.T) {
	r := cli(t, nil, "diff", "--new", "testdata/policies-60.json", "../../testdata/dealreg")
	expect(t, r, 0, []string{"changed outcome", "active -> expired: "}, nil)

	r = cli(t, nil, "diff", "--new", "testdata/policies-60.json", "--jsonl", "dealreg.route", "--now", "2026-05-20T00:00:00Z", "testdata/stream.jsonl")
	// Lines 1 and 5 stay approved (the outcome) but their expiry reason
	// changes; the two bad lines are errors under both policies and the
	// blank line is skipped.
	expect(t, r, 0, []string{"4 decisions, 0 changed outcome, 2 changed reasons only"}, nil)

	expect(t, cli(t, nil, "diff", "../../testdata/dealreg"), 2, nil, []string{"want --new POLICY"})
}

func TestPolicyAndSchemaCommands(t *testing.T) {
	r := cli(t, nil, "policy", "dealreg")
	expect(t, r, 0, nil, nil)
	var set map[string]map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &set); err != nil {
		t.Fatalf("policy output is not a policy set: %v\n%s", err, r.stdout)
	}
	if set["dealreg"]["expiry_days"] != float64(90) || len(set) != 1 {
		t.Errorf("policy dealreg = %v", set)
	}
	expect(t, cli(t, nil, "policy", "billing"), 2, nil, []string{`"billing" is not a package`})

	r = cli(t, nil, "schema", "dealreg.route")
	expect(t, r, 0, []string{`"$schema": "https://json-schema.org/draft/2020-12/schema"`, `"submitted_at"`}, nil)
	expect(t, cli(t, nil, "schema", "nope.nope"), 2, nil, []string{"unknown operation"})
}

func TestHelpEverywhere(t *testing.T) {
	expect(t, cli(t, nil, "--help"), 0, []string{"Usage:", "eval", "schema"}, nil)
	for _, c := range commands() {
		r := cli(t, nil, c.name, "--help")
		expect(t, r, 0, []string{"Usage: channelpolicy " + c.name, "Example:\n  channelpolicy " + c.name}, nil)
	}
	expect(t, cli(t, nil, "frobnicate"), 2, nil, []string{`unknown command "frobnicate"`})
	expect(t, cli(t, nil, "eval", "--bogus"), 2, nil, []string{"flag provided but not defined"})
}

// TestLongStreamInBoundedMemory pipes about 100 MB of registrations through
// eval --jsonl and checks that every line is answered, in order, while the
// process's peak memory stays far below the stream's size.
func TestLongStreamInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 100 MB; run without -short")
	}
	line, _ := os.ReadFile("testdata/registration.json")
	var compact bytes.Buffer
	json.Compact(&compact, line)
	compact.WriteByte('\n')
	const size = 100 << 20
	n := size / compact.Len()

	cmd := exec.Command(binaryPath(t), "eval", "dealreg.route", "--jsonl", "--now", now)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		w := bufio.NewWriterSize(stdin, 1<<20)
		for range n {
			w.Write(compact.Bytes())
		}
		w.Flush()
		stdin.Close()
	}()
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	got := 0
	for sc.Scan() {
		got++
		if !bytes.Contains(sc.Bytes(), []byte(`"outcome":"approved"`)) {
			t.Fatalf("line %d: %s", got, sc.Bytes())
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if got != n {
		t.Fatalf("%d decisions for %d input lines", got, n)
	}
	peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024 // kilobytes on Linux
	t.Logf("%d lines (%d MB) decided; peak resident memory %d MB", n, size>>20, peak>>20)
	if peak > 80<<20 {
		t.Errorf("peak resident memory %d MB for a %d MB stream; the stream is not bounded", peak>>20, size>>20)
	}
}
