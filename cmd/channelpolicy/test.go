package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// testHelp is test's --help beyond its summary.
const testHelp = `
Runs every case of the case books (files, or every *.json under a folder)
and compares its decision with what the case expects. Exit 1 when a case
fails, 2 when a case book cannot be read.

--format text (the default) prints one FAIL block per failing case, with
each mismatch, then "N passed, M failed". --format json prints a report for
programs:

  {"passed": 41, "failed": 1, "cases": [{"id": "...", "file": "...",
   "operation": "dealreg.route", "section": "...", "status": "failed",
   "outcome": "approved", "rules": [...],
   "mismatches": [{"what": "outcome", "want": "denied", "got": "approved"}]}, ...]}

("errors" instead of "outcome" and "rules" when the case's input was refused).
--format junit prints JUnit XML for CI systems: a testsuite per case-book
file, a testcase per case, a failure per failing case. With json and junit,
"N passed, M failed" goes to stderr.
`

// caseResult is one case in test --format json.
type caseResult struct {
	ID        string                `json:"id"`
	File      string                `json:"file"`
	Operation string                `json:"operation"`
	Section   string                `json:"section"`
	Status    string                `json:"status"` // passed or failed
	Outcome   string                `json:"outcome,omitempty"`
	Rules     []program.RuleID      `json:"rules,omitempty"`
	Errors    []*program.FieldError `json:"errors,omitempty"`
	// ErrorsOmitted counts the problems past the first
	// program.MaxProblems, which Errors does not list.
	ErrorsOmitted int                 `json:"errors_omitted,omitempty"`
	Mismatches    []casebook.Mismatch `json:"mismatches,omitempty"`

	elapsed time.Duration
}

// testReport is the output of test --format json.
type testReport struct {
	Passed int          `json:"passed"`
	Failed int          `json:"failed"`
	Cases  []caseResult `json:"cases"`
}

func runTest(args []string, e env) int {
	fs := newFlags("test", e)
	policyFile := fs.String("policy", "", "a policy set `FILE` laid over the defaults (cases' own policy overrides still apply)")
	verbose := fs.Bool("v", false, "with --format text, also print a line for every passing case")
	format := fs.String("format", "text", "write the report in `FORMAT`: text, json or junit (JUnit XML)")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	switch *format {
	case "text", "json", "junit":
	default:
		fmt.Fprintf(e.stderr, "channelpolicy test: --format %q: want text, json or junit\n", *format)
		return exitBadCall
	}
	if len(pos) == 0 {
		pos = []string{"testdata"}
	}
	set, err := policySet(*policyFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	var cases []casebook.Case
	for _, p := range pos {
		cs, err := load(p)
		if err != nil {
			return fail(e, exitBadCall, err)
		}
		cases = append(cases, cs...)
	}
	report := runCases(set, cases)
	var werr error
	switch *format {
	case "text":
		writeTextReport(e.stdout, report, *verbose)
	case "json":
		out, err := json.MarshalIndent(report, "", "  ")
		if err == nil {
			_, werr = fmt.Fprintf(e.stdout, "%s\n", out)
		} else {
			werr = err
		}
	case "junit":
		werr = writeJUnit(e.stdout, report)
	}
	if werr != nil {
		return fail(e, exitFailed, werr)
	}
	if *format != "text" {
		fmt.Fprintf(e.stderr, "%d passed, %d failed\n", report.Passed, report.Failed)
	}
	if report.Failed > 0 {
		return exitFailed
	}
	return exitOK
}

// runCases runs every case under set.
func runCases(set channelpolicy.PolicySet, cases []casebook.Case) testReport {
	r := testReport{Cases: make([]caseResult, 0, len(cases))}
	for _, c := range cases {
		start := time.Now()
		res, err := casebook.Run(set, c)
		cr := caseResult{ID: c.ID, File: c.File, Operation: c.Operation, Section: c.Section, Status: "passed",
			Mismatches: casebook.Check(c, res, err), elapsed: time.Since(start)}
		if err != nil {
			cr.Errors, cr.ErrorsOmitted = program.FieldErrors(err), program.Omitted(err)
		} else {
			cr.Outcome, cr.Rules = res.Outcome, res.Rules
		}
		if len(cr.Mismatches) > 0 {
			cr.Status = "failed"
			r.Failed++
		} else {
			r.Passed++
		}
		r.Cases = append(r.Cases, cr)
	}
	return r
}

func writeTextReport(w io.Writer, r testReport, verbose bool) {
	for _, c := range r.Cases {
		if c.Status == "passed" {
			if verbose {
				fmt.Fprintf(w, "PASS %s\n", c.ID)
			}
			continue
		}
		fmt.Fprintf(w, "FAIL %s (%s)\n", c.ID, c.File)
		for _, m := range c.Mismatches {
			fmt.Fprintf(w, "     %s\n", m)
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", r.Passed, r.Failed)
}

// JUnit XML, as Jenkins, GitLab and GitHub's test reporters read it.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`

	elapsed time.Duration
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.6f", d.Seconds()) }

// writeJUnit writes r as JUnit XML: a testsuite per case-book file, in the
// order the files were read, a testcase per case (named by its ID, its
// class the operation), a failure per failing case listing its mismatches.
func writeJUnit(w io.Writer, r testReport) error {
	all := junitSuites{Name: "channelpolicy test", Tests: len(r.Cases), Failures: r.Failed}
	index := map[string]int{}
	var total time.Duration
	for _, c := range r.Cases {
		i, ok := index[c.File]
		if !ok {
			i = len(all.Suites)
			index[c.File] = i
			all.Suites = append(all.Suites, junitSuite{Name: c.File})
		}
		s := &all.Suites[i]
		jc := junitCase{Name: c.ID, Classname: c.Operation, File: c.File, Time: seconds(c.elapsed)}
		if c.Status != "passed" {
			lines := make([]string, len(c.Mismatches))
			for j, m := range c.Mismatches {
				lines[j] = m.String()
			}
			text := strings.Join(lines, "\n") + "\n\nsection: " + c.Section + "\n"
			jc.Failure = &junitFailure{Message: strings.Join(lines, "; "), Type: "mismatch", Text: text}
			s.Failures++
		}
		s.Tests++
		s.elapsed += c.elapsed
		total += c.elapsed
		s.Cases = append(s.Cases, jc)
	}
	for i := range all.Suites {
		all.Suites[i].Time = seconds(all.Suites[i].elapsed)
	}
	all.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// load reads one case book file, or every case book under a directory.
func load(path string) ([]casebook.Case, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return casebook.LoadDir(path)
	}
	return casebook.LoadFile(path)
}
