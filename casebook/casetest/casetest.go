// Package casetest runs case books as Go subtests, and holds the checks
// every rules package runs on itself: its table tests call [Run] and
// [Coverage], its required-member tables [Requirements], and its flow tests
// [Flow]. It is imported only from _test files (and so only from a
// package's external tests, package x_test: casetest imports every rules
// package through channelpolicy).
package casetest

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// Load reads every case book in dir, failing the test on any error.
func Load(t testing.TB, dir string) []casebook.Case {
	t.Helper()
	cases, err := casebook.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// Run runs each case as a subtest named by its ID under pkg's default
// policy, comparing outcome, rule IDs, named fields and error fields. Each
// case whose input decodes is run a second time after a JSON round trip of
// its input, and must decide the same.
func Run(t *testing.T, pkg channelpolicy.Package, cases []casebook.Case) {
	t.Helper()
	reg := channelpolicy.NewRegistry(pkg)
	set := reg.Policies()
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			if !strings.HasPrefix(c.Operation, pkg.Name()+".") {
				t.Fatalf("%s: operation %q does not belong to package %s", c.File, c.Operation, pkg.Name())
			}
			res, err := casebook.Run(set, c)
			for _, m := range casebook.Check(c, res, err) {
				t.Errorf("%s (%s): %s", c.ID, c.File, m)
			}
			if err != nil {
				return
			}
			again := c
			again.Input = roundTrip(t, reg, c)
			res2, err2 := casebook.Run(set, again)
			if err2 != nil {
				t.Fatalf("after a JSON round trip of the input: %v", err2)
			}
			if diff := cmp.Diff(summary(res), summary(res2)); diff != "" {
				t.Errorf("decision changed after a JSON round trip of the input (-first +second):\n%s", diff)
			}
		})
	}
}

func summary(r channelpolicy.Result) string {
	b, _ := json.Marshal(r.Decision)
	return r.Outcome + "\n" + string(b)
}

func roundTrip(t *testing.T, reg *channelpolicy.Registry, c casebook.Case) json.RawMessage {
	t.Helper()
	op, _ := reg.Lookup(c.Operation)
	in := reflect.New(op.Input()).Interface()
	if err := program.DecodeJSON(c.Input, in); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Coverage fails when a rule the package can cite has no case expecting it,
// when a section the package covers has no case, or when a case cites a
// section or rule the package does not declare.
func Coverage(t *testing.T, pkg channelpolicy.Package, cases []casebook.Case) {
	t.Helper()
	ruleCases := map[program.RuleID]int{}
	sectionCases := map[string]int{}
	declared := map[program.RuleID]bool{}
	for _, r := range pkg.Rules() {
		declared[r.ID] = true
		if !slices.Contains(pkg.Sections(), r.Section) {
			t.Errorf("rule %s cites section %q, which the package does not list", r.ID, r.Section)
		}
	}
	for _, c := range cases {
		sectionCases[c.Section]++
		if !slices.Contains(pkg.Sections(), c.Section) {
			t.Errorf("case %s cites section %q, which package %s does not cover", c.ID, c.Section, pkg.Name())
		}
		for _, id := range c.Want.Rules {
			ruleCases[id]++
			if !declared[id] {
				t.Errorf("case %s expects rule %s, which package %s does not declare", c.ID, id, pkg.Name())
			}
		}
	}
	for _, r := range pkg.Rules() {
		if ruleCases[r.ID] == 0 {
			t.Errorf("rule %s (%s) has no case", r.ID, r.Section)
		}
	}
	for _, s := range pkg.Sections() {
		if sectionCases[s] == 0 {
			t.Errorf("section %q has no case", s)
		}
	}
}

// MarkdownBlock returns the first fenced code block of language lang
// ("json", "mermaid") in the markdown file at path, so a test can hold a
// README's example to what the code does.
func MarkdownBlock(t testing.TB, path, lang string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```"+lang+"\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatalf("%s has no %s block", path, lang)
	}
	return []byte(block)
}
