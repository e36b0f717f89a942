package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/program"
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
		{"malformed JSON", "testdata/malformed.json", []string{"channelpolicy: /partner: malformed JSON at byte"}},
		{"unknown member", "testdata/unknown-field.json", []string{"channelpolicy: /opportunity/owner: unknown member"}},
		{"empty file", "testdata/empty.json", []string{"channelpolicy: empty input"}},
		{"missing file", "testdata/no-such-file.json", []string{"no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, nil, "eval", "dealreg.route", tt.file, "--now", now)
			expect(t, r, 2, nil, tt.stderr)
			if r.stdout != "" {
				t.Errorf("stdout %q, want errors on stderr only", r.stdout)
			}
		})
	}
	expect(t, cli(t, nil, "eval", "dealreg.nothing", "testdata/registration.json"), 2, nil, []string{`unknown operation "dealreg.nothing"`})
	expect(t, cli(t, nil, "eval", "dealreg.route", "testdata/registration.json", "--now", "tomorrow"), 2, nil, []string{"--now: \"tomorrow\" is not an RFC 3339 instant"})
	expect(t, cli(t, nil, "eval"), 2, nil, []string{"want OPERATION"})
	expect(t, cli(t, nil, "eval", "dealreg.route", "--format", "xml"), 2, nil, []string{`--format "xml": want text or json`})

	// Every problem of one input, one line each.
	in := strings.NewReader(`{"partner": {"track": "gold", "standing": "good"}, "scope": "everything"}`)
	r := cli(t, in, "eval", "dealreg.route", "--now", now)
	expect(t, r, 2, nil, []string{"channelpolicy: /partner/track: ", "channelpolicy: /scope: "})
}

// TestEvalFormatJSON checks that eval --format json writes, for a failed
// eval, the problem document the HTTP API answers for the same input, on
// stdout, and nothing on stderr.
func TestEvalFormatJSON(t *testing.T) {
	h, err := channelpolicy.NewHandler(channelpolicy.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	overHTTP := func(input []byte) channelpolicy.Problem {
		r := httptest.NewRequest(http.MethodPost, "/v1/dealreg/route?now="+now, bytes.NewReader(input))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		var p channelpolicy.Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		p.Instance = "" // the command's problem is not at a URL
		return p
	}
	decode := func(t *testing.T, r result) channelpolicy.Problem {
		t.Helper()
		var p channelpolicy.Problem
		dec := json.NewDecoder(strings.NewReader(r.stdout))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("stdout is not a problem document: %v\n%s", err, r.stdout)
		}
		if r.stderr != "" {
			t.Errorf("stderr %q, want nothing", r.stderr)
		}
		return p
	}
	for _, file := range []string{"testdata/malformed.json", "testdata/unknown-field.json", "testdata/empty.json"} {
		t.Run(file, func(t *testing.T) {
			r := cli(t, nil, "eval", "dealreg.route", file, "--now", now, "--format", "json")
			expect(t, r, 2, nil, nil)
			got, want := decode(t, r), overHTTP(readFile(t, file))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the command's problem\n%+v\nthe HTTP API's\n%+v", got, want)
			}
			if got.Type != channelpolicy.ProblemBase+"invalid-input" || got.Status != 400 || len(got.Errors) == 0 {
				t.Errorf("problem %+v", got)
			}
		})
	}
	// Two bad list items are both named.
	in := strings.NewReader(`{"registrations": [{"partner": {"track": "gold"}}, {"scope": "everything"}]}`)
	r := cli(t, in, "eval", "dealreg.resolve", "--now", now, "--format", "json")
	expect(t, r, 2, nil, nil)
	var pointers []string
	for _, fe := range decode(t, r).Errors {
		pointers = append(pointers, fe.Pointer)
	}
	if !slices.Contains(pointers, "/registrations/0/partner/track") || !slices.Contains(pointers, "/registrations/1/scope") {
		t.Errorf("pointers %q, want both registrations named", pointers)
	}

	r = cli(t, nil, "eval", "dealreg.nothing", "testdata/registration.json", "--format", "json")
	expect(t, r, 2, nil, nil)
	if p := decode(t, r); p.Type != channelpolicy.ProblemBase+"unknown-operation" {
		t.Errorf("unknown operation: %+v", p)
	}
	r = cli(t, nil, "eval", "dealreg.route", "testdata/registration.json", "--now", "tomorrow", "--format", "json")
	expect(t, r, 2, nil, nil)
	if p := decode(t, r); p.Type != channelpolicy.ProblemBase+"invalid-parameter" || len(p.Errors) != 1 || p.Errors[0].Parameter != "now" {
		t.Errorf("bad --now: %+v", p)
	}
	r = cli(t, nil, "eval", "dealreg.route", "testdata/no-such-file.json", "--format", "json")
	expect(t, r, 2, nil, nil)
	if p := decode(t, r); p.Type != channelpolicy.ProblemBase+"unreadable-body" {
		t.Errorf("missing file: %+v", p)
	}
	// A decision is written as without --format.
	r = cli(t, nil, "eval", "dealreg.route", "testdata/registration.json", "--now", now, "--format", "json")
	expect(t, r, 0, []string{`"outcome": "approved"`}, nil)
}

// streamRecord is one output line of eval --jsonl.
type streamRecord struct {
	Line     int                   `json:"line"`
	ID       *string               `json:"id"`
	Decision json.RawMessage       `json:"decision"`
	Errors   []*program.FieldError `json:"errors"`
}

func parseStream(t *testing.T, out string) []streamRecord {
	t.Helper()
	var recs []streamRecord
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		var r streamRecord
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("output line is not a record: %v\n%s", err, line)
		}
		if (r.Decision == nil) == (r.Errors == nil) {
			t.Errorf("record %s: want exactly one of decision and errors", line)
		}
		recs = append(recs, r)
	}
	return recs
}

func TestEvalStream(t *testing.T) {
	r := cli(t, nil, "eval", "dealreg.route", "--jsonl", "testdata/stream.jsonl", "--now", now)
	expect(t, r, 1, nil, []string{"3 of 5 lines were not valid inputs"})
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d output lines, want one per input line (5):\n%s", len(lines), r.stdout)
	}
	want := []string{
		`{"line":1,"id":"DR-2026-0042","decision":{"outcome":"approved",`,
		`{"line":2,"id":"DR-2026-0042","errors":[{"pointer":"/scope","detail":"\"everything\" is not a scope`,
		`{"line":3,"errors":[{"pointer":"","detail":"empty line; want one JSON input per line"}]}`,
		`{"line":4,"id":"DR-2026-0042","errors":[{"pointer":"/submitted_at","detail":"2026-12-01T00:00:00Z is after now`,
		`{"line":5,"id":"DR-2026-0042","decision":{"outcome":"approved",`,
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %s\nwant it to start with %s", i+1, lines[i], w)
		}
	}
	// A decision record holds the very decision eval prints for that input.
	recs := parseStream(t, r.stdout)
	one := cli(t, nil, "eval", "dealreg.route", "testdata/registration.json", "--now", now)
	var a, b bytes.Buffer
	json.Compact(&a, recs[0].Decision)
	json.Compact(&b, []byte(one.stdout))
	if a.String() != b.String() {
		t.Errorf("the stream's decision\n%s\ndiffers from eval's\n%s", a.String(), b.String())
	}
}

// TestEvalStreamIDs checks when a record carries the input's id: only a
// non-empty string "id" member at the top of a JSON object, found even when
// the line is broken further on.
func TestEvalStreamIDs(t *testing.T) {
	reg := readFile(t, "testdata/registration.json")
	var compact bytes.Buffer
	json.Compact(&compact, reg)
	good := compact.String()
	withID := func(id string) string { return strings.Replace(good, `"id":"DR-2026-0042"`, `"id":`+id, 1) }
	input := strings.Join([]string{
		good,         // 1: the id
		withID(`5`),  // 2: not a string: no id, and an input error
		withID(`""`), // 3: empty: no id
		strings.Replace(good, `"id":"DR-2026-0042",`, ``, 1), // 4: no id member
		`[1, 2]`, // 5: not an object
		`{"partner": {"id": "inner"}, "id": "DR-9", "scope": `, // 6: broken after its id
		withID(`"DR-\u00e9\"x"`),                               // 7: escapes are decoded
		`{"id": "DR-10", "id": "DR-11"}`,                       // 8: duplicate members: the first, and an error
	}, "\n") + "\n"
	r := cli(t, strings.NewReader(input), "eval", "dealreg.route", "--jsonl", "--now", now)
	recs := parseStream(t, r.stdout)
	if len(recs) != 8 {
		t.Fatalf("%d records for 8 lines:\n%s", len(recs), r.stdout)
	}
	want := []string{"DR-2026-0042", "", "", "", "", "DR-9", "DR-é\"x", "DR-10"}
	for i, rec := range recs {
		got := ""
		if rec.ID != nil {
			got = *rec.ID
			if got == "" {
				t.Errorf("line %d: an empty id is written", i+1)
			}
		}
		if rec.Line != i+1 || got != want[i] {
			t.Errorf("record %d: line %d, id %q; want line %d, id %q", i, rec.Line, got, i+1, want[i])
		}
	}
	if recs[0].Decision == nil || recs[2].Decision == nil || recs[3].Decision == nil || recs[6].Decision == nil {
		t.Errorf("the valid lines were not decided:\n%s", r.stdout)
	}
	for _, i := range []int{1, 4, 5, 7} {
		if recs[i].Errors == nil {
			t.Errorf("line %d: want errors:\n%s", i+1, r.stdout)
		}
	}
}

// TestEvalStreamFromAColdStart runs fresh processes whose workers all
// decode their first lines at once: nothing the decoder builds lazily may
// be seen half-built by another worker.
func TestEvalStreamFromAColdStart(t *testing.T) {
	var compact bytes.Buffer
	json.Compact(&compact, readFile(t, "testdata/registration.json"))
	compact.WriteByte('\n')
	stream := bytes.Repeat(compact.Bytes(), 4*batchLines*inFlight)
	for range 10 {
		r := cli(t, bytes.NewReader(stream), "eval", "dealreg.route", "--jsonl", "--now", now)
		if r.code != 0 || strings.Count(r.stdout, "\n") != 4*batchLines*inFlight {
			t.Fatalf("exit %d, %d lines\nstderr: %s", r.code, strings.Count(r.stdout, "\n"), r.stderr)
		}
	}
}

func TestEvalTruncatedStream(t *testing.T) {
	r := cli(t, nil, "eval", "dealreg.route", "--jsonl", "testdata/truncated.jsonl", "--now", now)
	expect(t, r, 1, []string{`"outcome":"approved"`, `{"line":2,"id":"DR-2026-0042","errors":[{"pointer":"/partner","detail":"truncated JSON`}, nil)
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
	expect(t, r, 2, nil, []string{
		"channelpolicy: testdata/bad-policy.json: /dealreg/aging_days: ",
		"channelpolicy: testdata/bad-policy.json: /dealreg/expiry_days: ",
		"channelpolicy: testdata/bad-policy.json: /billing: not a package",
	})
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
	// Help that is asked for goes to stdout.
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := cli(t, nil, args...)
		expect(t, r, 0, []string{"Usage:", "eval", "schema", "completion", "version"}, nil)
		if r.stderr != "" {
			t.Errorf("%v: stderr %q", args, r.stderr)
		}
	}
	for _, c := range commands() {
		r := cli(t, nil, c.name, "--help")
		expect(t, r, 0, []string{"Usage: channelpolicy " + c.name, "Example:\n  "}, nil)
		if r.stderr != "" {
			t.Errorf("%s --help: stderr %q", c.name, r.stderr)
		}
		// help CMD prints the same.
		if h := cli(t, nil, "help", c.name); h.code != 0 || h.stdout != r.stdout {
			t.Errorf("help %s:\n%s\nwant what %s --help prints:\n%s", c.name, h.stdout, c.name, r.stdout)
		}
	}
	// eval's help documents the JSONL records and --format.
	expect(t, cli(t, nil, "help", "eval"), 0, []string{`{"line": 1, "id": "DR-7", "decision": {`, `"errors": [{"pointer": "/scope"`, "--format", "problem document"}, nil)
	expect(t, cli(t, nil, "help", "test"), 0, []string{"--format", "junit"}, nil)

	// Usage shown because of a mistake goes to stderr, as every error does.
	for _, tt := range []struct {
		args   []string
		stderr []string
	}{
		{nil, []string{"Usage:"}},
		{[]string{"frobnicate"}, []string{`unknown command "frobnicate"`, "Usage:"}},
		{[]string{"--frobnicate"}, []string{`unknown flag "--frobnicate"`, "Usage:"}},
		{[]string{"eval", "--bogus"}, []string{"flag provided but not defined: -bogus", "Usage: channelpolicy eval OPERATION", "channelpolicy help eval"}},
		{[]string{"test", "--format"}, []string{"flag needs an argument", "Usage: channelpolicy test"}},
		{[]string{"help", "frobnicate"}, []string{`unknown command "frobnicate"`}},
		{[]string{"help", "eval", "test"}, []string{"at most one COMMAND"}},
		{[]string{"version", "x"}, []string{"takes no arguments"}},
		{[]string{"completion"}, []string{"bash or zsh"}},
		{[]string{"completion", "fish"}, []string{"bash or zsh"}},
	} {
		r := cli(t, nil, tt.args...)
		expect(t, r, 2, nil, tt.stderr)
		if r.stdout != "" {
			t.Errorf("%v: stdout %q, want everything on stderr", tt.args, r.stdout)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}, {"-version"}} {
		r := cli(t, nil, args...)
		expect(t, r, 0, []string{"channelpolicy "}, nil)
		if lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(r.stdout, "channelpolicy ") {
			t.Errorf("%v: %q, want one line", args, r.stdout)
		}
	}
}

func TestTestCommandFormats(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "mixed.json")
	data, _ := os.ReadFile("../../testdata/dealreg/expiry.json")
	var f struct {
		Cases []map[string]any `json:"cases"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) < 3 {
		t.Fatalf("want 3 cases in expiry.json, got %d", len(f.Cases))
	}
	// Case 1 fails on its outcome; case 2 on its outcome, with a character
	// XML must escape in what it expects.
	for i, outcome := range map[int]string{1: "flipped", 2: `<&"'>`} {
		f.Cases[i]["want"].(map[string]any)["outcome"] = outcome
	}
	out, _ := json.Marshal(map[string]any{"cases": f.Cases[:3]})
	os.WriteFile(book, out, 0o600)

	// json
	r := cli(t, nil, "test", "--format", "json", book)
	expect(t, r, 1, nil, []string{"1 passed, 2 failed"})
	var report struct {
		Passed, Failed int
		Cases          []struct {
			ID, File, Operation, Section, Status, Outcome string
			Rules                                         []string
			Mismatches                                    []struct{ What, Want, Got string }
		}
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&report); err != nil {
		t.Fatalf("test --format json: %v\n%s", err, r.stdout)
	}
	if report.Passed != 1 || report.Failed != 2 || len(report.Cases) != 3 {
		t.Fatalf("report %+v", report)
	}
	for i, c := range report.Cases {
		if c.ID != f.Cases[i]["id"] || c.File != book || c.Operation != "dealreg.expiry" || c.Section == "" || c.Outcome == "" || len(c.Rules) == 0 {
			t.Errorf("case %d: %+v", i, c)
		}
		wantStatus := map[bool]string{true: "passed", false: "failed"}[i == 0]
		if c.Status != wantStatus || (i == 0) != (len(c.Mismatches) == 0) {
			t.Errorf("case %d: status %s, mismatches %v", i, c.Status, c.Mismatches)
		}
	}
	if m := report.Cases[1].Mismatches; len(m) == 0 || m[0].What != "outcome" || m[0].Want != "flipped" {
		t.Errorf("mismatches %+v", m)
	}

	// junit
	r = cli(t, nil, "test", "--format", "junit", book)
	expect(t, r, 1, []string{`<?xml version="1.0" encoding="UTF-8"?>`}, []string{"1 passed, 2 failed"})
	var suites struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Time      string `xml:"time,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(r.stdout), &suites); err != nil {
		t.Fatalf("test --format junit is not XML: %v\n%s", err, r.stdout)
	}
	if suites.Tests != 3 || suites.Failures != 2 || len(suites.Suites) != 1 || suites.Suites[0].Name != book ||
		suites.Suites[0].Tests != 3 || suites.Suites[0].Failures != 2 || len(suites.Suites[0].Cases) != 3 {
		t.Fatalf("junit %+v", suites)
	}
	for i, c := range suites.Suites[0].Cases {
		if c.Name != f.Cases[i]["id"] || c.Classname != "dealreg.expiry" || c.Time == "" {
			t.Errorf("testcase %d: %+v", i, c)
		}
		if (c.Failure == nil) != (i == 0) {
			t.Errorf("testcase %d: failure %+v", i, c.Failure)
		}
	}
	if fl := suites.Suites[0].Cases[2].Failure; fl == nil || !strings.Contains(fl.Message, `outcome: want <&"'>`) || !strings.Contains(fl.Text, `<&"'>`) {
		t.Errorf("the failure does not carry the mismatch: %+v", fl)
	}

	// Every case book, as CI would run them.
	r = cli(t, nil, "test", "--format", "junit", "../../testdata")
	expect(t, r, 0, nil, []string{" passed, 0 failed"})
	if err := xml.Unmarshal([]byte(r.stdout), &suites); err != nil || suites.Failures != 0 || len(suites.Suites) < 5 {
		t.Errorf("junit over testdata: %v, %d failures, %d suites", err, suites.Failures, len(suites.Suites))
	}
	expect(t, cli(t, nil, "test", "--format", "tap", book), 2, nil, []string{`--format "tap": want text, json or junit`})
}

func TestCompletion(t *testing.T) {
	var words []string
	for _, c := range commands() {
		words = append(words, c.name)
	}
	for _, op := range channelpolicy.Default().Operations() {
		words = append(words, op.Name())
	}
	for _, p := range channelpolicy.Default().Packages() {
		words = append(words, p.Name())
	}
	words = append(words, "--format", "junit", "mermaid", "--policy", "--now", "--jsonl", "--cors-origins")
	for _, shell := range []string{"bash", "zsh"} {
		t.Run(shell, func(t *testing.T) {
			r := cli(t, nil, "completion", shell)
			expect(t, r, 0, words, nil)
			script := filepath.Join(t.TempDir(), "channelpolicy."+shell)
			os.WriteFile(script, []byte(r.stdout), 0o600)
			path, err := exec.LookPath(shell)
			if err != nil {
				t.Skipf("no %s to check the script's syntax", shell)
			}
			if out, err := exec.Command(path, "-n", script).CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", shell, err, out)
			}
		})
	}
}

// TestBashCompletes runs the bash completion function on command lines and
// checks what it offers.
func TestBashCompletes(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script := filepath.Join(t.TempDir(), "channelpolicy.bash")
	os.WriteFile(script, []byte(cli(t, nil, "completion", "bash").stdout), 0o600)
	complete := func(line string) []string {
		t.Helper()
		// COMP_WORDS is the line split on blanks; a trailing blank starts a
		// new, empty word.
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = fmt.Sprintf("%q", w)
		}
		prog := fmt.Sprintf("source %q\nCOMP_WORDS=(%s)\nCOMP_CWORD=%d\n_channelpolicy\nprintf '%%s\\n' \"${COMPREPLY[@]}\"\n",
			script, strings.Join(quoted, " "), len(words)-1)
		out, err := exec.Command(bash, "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", line, err, out)
		}
		return strings.Fields(string(out))
	}
	for _, tt := range []struct {
		line string
		want []string
	}{
		{"channelpolicy ev", []string{"eval"}},
		{"channelpolicy --v", []string{"--version"}},
		{"channelpolicy eval dealreg.r", []string{"dealreg.resolve", "dealreg.route"}},
		{"channelpolicy eval --now 2026-03-20T09:00:00Z dealreg.e", []string{"dealreg.expiry"}},
		{"channelpolicy schema nfr.", []string{"nfr.decide", "nfr.allowance"}},
		{"channelpolicy policy dealreg n", []string{"nfr"}},
		{"channelpolicy graph ", channelpolicyFlows()},
		{"channelpolicy eval --format ", []string{"text", "json"}},
		{"channelpolicy test --format j", []string{"json", "junit"}},
		{"channelpolicy eval --js", []string{"--jsonl"}},
		{"channelpolicy serve --cors", []string{"--cors-origins"}},
		{"channelpolicy diff --jsonl incumbency.t", []string{"incumbency.tender"}},
		{"channelpolicy help sch", []string{"schema"}},
		{"channelpolicy completion ", []string{"bash", "zsh"}},
		{"channelpolicy schema dealreg.route ", nil},
	} {
		got := complete(tt.line)
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q completes to %q, want %q", tt.line, got, want)
		}
	}
}

func channelpolicyFlows() []string {
	var out []string
	for _, p := range channelpolicy.Default().Packages() {
		if p.HasFlow() {
			out = append(out, p.Name())
		}
	}
	return out
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
	// The peak is read from the child's own /proc entry while it runs:
	// getrusage's figure for a child can include the test process's memory
	// at the fork, which says nothing about the stream.
	peakc := make(chan int64, 1)
	stop := make(chan struct{})
	go func() {
		var peak int64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			if hwm, ok := highWaterMark(cmd.Process.Pid); ok && hwm > peak {
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
	close(stop)
	peak := <-peakc
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if got != n {
		t.Fatalf("%d decisions for %d input lines", got, n)
	}
	if peak == 0 {
		t.Skip("no /proc/PID/status to read the peak resident memory from")
	}
	t.Logf("%d lines (%d MB) decided; peak resident memory %d MB", n, size>>20, peak>>20)
	if peak > 80<<20 {
		t.Errorf("peak resident memory %d MB for a %d MB stream; the stream is not bounded", peak>>20, size>>20)
	}
}

// highWaterMark is the peak resident memory of process pid since it
// started its program (VmHWM in /proc/PID/status), in bytes.
func highWaterMark(pid int) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}
