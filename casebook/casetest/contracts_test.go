package casetest_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
)

// The fuzz targets' contracts, held to what they promise: each passes what
// keeps it and fails what breaks it.

func TestInputErrorLocatesEveryProblem(t *testing.T) {
	doc := []byte(`{"a": {"b": [1, {"c": 2}]}, "s": "x"}`)
	var ok program.Problems
	ok.Add("", "the whole document")
	ok.Add("/a/b/1/c", "a value")
	ok.Add("/a/b/1/d", "a member missing from an object")
	ok.Add("/a/e", "another missing member")
	ok.AddErr(&program.FieldError{Parameter: "now", Detail: "a parameter"})
	casetest.InputError(t, doc, fmt.Errorf("wrapped: %w", ok.Err()), "now")

	for _, tt := range []struct {
		name string
		data string
		err  error
		want string
	}{
		{"not an input error", `{}`, errors.New("boom"), "does not match program.ErrInvalidInput"},
		{"a stray error beside the problems", `{}`, errors.Join(program.Invalid("", "x"), errors.New("stray")), `error "stray"`},
		{"the bare sentinel", `{}`, fmt.Errorf("%w", program.ErrInvalidInput), `error "invalid input" (*errors.errorString) is not a program.FieldError`},
		{"no problem", `{}`, noProblems{}, "an input error with no problem in it"},
		{"a pointer into nothing", `{"a": 1}`, program.Invalid("/b/c", "x"), "locates nothing in the input"},
		{"a member below a scalar", `{"a": 1}`, program.Invalid("/a/b", "x"), "locates nothing"},
		{"an element past a list's end", `{"a": [1]}`, program.Invalid("/a/2", "x"), "locates nothing"},
		{"not a pointer", `{"a": 1}`, program.Invalid("a", "x"), "locates nothing"},
		{"a parameter the call does not take", `{}`, &program.FieldError{Parameter: "then", Detail: "x"}, "names a parameter the call does not take"},
		{"a detail that says nothing", `{"a": 1}`, program.Invalid("/a", " "), "says nothing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			failing(t, func(t *testing.T) { casetest.InputError(t, []byte(tt.data), tt.err, "now") }, tt.want)
		})
	}
}

// noProblems is an input error that holds no problem.
type noProblems struct{}

func (noProblems) Error() string        { return "nothing" }
func (noProblems) Is(target error) bool { return target == program.ErrInvalidInput }
func (noProblems) Unwrap() []error      { return nil }

// In malformed JSON a problem may be where the syntax breaks: at the
// tokenizer's place, or, as a decoder reading a whole value sees it, the
// element a list was about to have.
func TestInputErrorTakesWhereTheSyntaxBreaks(t *testing.T) {
	for _, in := range []string{`{"a": tru}`, `{"a": [1, `, `{"a": {"b": [1,  }`, `[1] x`, `{"a"`} {
		var v map[string]any
		err := program.DecodeJSON([]byte(in), &v)
		casetest.InputError(t, []byte(in), err)
	}
	var list []int
	in := []byte(`[1, 2,  }`)
	err := program.DecodeJSON(in, &list)
	casetest.InputError(t, in, err)
	failing(t, func(t *testing.T) { casetest.InputError(t, []byte(`[1, 2,  }`), program.Invalid("/3", "x")) }, "locates nothing")
	failing(t, func(t *testing.T) { casetest.InputError(t, []byte(`[1, 2]`), program.Invalid("/2", "x")) }, "locates nothing")
}

func TestReasonsHoldsEveryReasonToItsRule(t *testing.T) {
	good := program.ReasonsOf(toyRules[0].Cite(program.Met, program.Facts{}))
	casetest.Reasons(t, toyRules, good)
	failing(t, func(t *testing.T) { casetest.Reasons(t, toyRules, program.Reasons{}) }, "a decision without reasons")
	failing(t, func(t *testing.T) {
		casetest.Reasons(t, toyRules, program.ReasonsOf(program.NewReason("toy.approved", "Other Rules", program.Met, "t")))
	}, "cites an undeclared rule or the wrong section")
	failing(t, func(t *testing.T) {
		casetest.Reasons(t, toyRules, program.ReasonsOf(program.NewReason("toy.nothing", "Toy Rules", program.Met, "t")))
	}, "cites an undeclared rule")
	failing(t, func(t *testing.T) {
		copied := toyRules[0] // the rule's ID and section, but not the rule declared
		casetest.Reasons(t, toyRules, program.ReasonsOf(copied.Cite(program.Met, program.Facts{})))
	}, "was written out while deciding")
}

func TestDecidedHoldsADecisionToItsSchemaAndRules(t *testing.T) {
	reg := channelpolicy.NewRegistry(toy())
	set := reg.Policies()
	res, err := set.Evaluate("toy.check", []byte(`{"id": "a", "count": 1, "tier": "gold", "note": "n"}`), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	casetest.Decided(t, reg, "toy.check", res)
	casetest.DecisionJSON(t, reg, "toy.check", []byte(`{"outcome": "approved", "id": "a", "reasons": [{"rule": "toy.approved", "section": "Toy Rules", "effect": "met", "text": "t"}], "policy_version": "v"}`))

	broken := func(edit func(d *toyDecision)) channelpolicy.Result {
		d := res.Decision.(toyDecision)
		d.Reasons = append([]program.Reason(nil), d.Reasons...)
		edit(&d)
		outcome, rules := d.OutcomeRules()
		return channelpolicy.Result{Operation: "toy.check", Outcome: outcome, Rules: rules, Decision: d}
	}
	for _, tt := range []struct {
		name string
		res  channelpolicy.Result
		want string
	}{
		{"another operation's", channelpolicy.Result{Operation: "toy.other", Outcome: res.Outcome, Rules: res.Rules, Decision: res.Decision}, `the result names operation "toy.other"`},
		{"a result that is not its decision's", channelpolicy.Result{Operation: "toy.check", Outcome: "too_many", Rules: res.Rules, Decision: res.Decision}, "is not the decision's"},
		{"rules that are not its decision's", channelpolicy.Result{Operation: "toy.check", Outcome: res.Outcome, Rules: res.Rules[:1], Decision: res.Decision}, "the result says approved"},
		{"no reasons", broken(func(d *toyDecision) { d.Reasons = nil }), "does not match its schema"},
		{"an empty list of reasons", broken(func(d *toyDecision) { d.Reasons = []program.Reason{} }), "a decision without reasons"},
		{"a reason of another package", broken(func(d *toyDecision) {
			d.Reasons[0] = program.NewReason("dealreg.route", "Toy Rules", program.Met, "t")
		}), "rule dealreg.route is not one package toy declares"},
		{"a reason in the wrong section", broken(func(d *toyDecision) {
			d.Reasons[1] = program.NewReason("toy.approved", "Other Rules", program.Met, "t")
		}), "under section \"Other Rules\""},
		{"a reason without text", broken(func(d *toyDecision) {
			d.Reasons[1] = program.NewReason("toy.approved", "Toy Rules", program.Met, "")
		}), "has no text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			failing(t, func(t *testing.T) { casetest.Decided(t, reg, "toy.check", tt.res) }, tt.want)
		})
	}
	failing(t, func(t *testing.T) { casetest.Decided(t, reg, "toy.nothing", res) }, "not an operation of the registry")
	failing(t, func(t *testing.T) { casetest.DecisionJSON(t, reg, "toy.check", []byte(`[]`)) }, "not a JSON object")
	failing(t, func(t *testing.T) {
		casetest.DecisionJSON(t, reg, "toy.check", []byte(`{"outcome": "approved", "id": "a", "reasons": [], "policy_version": "v", "extra": 1}`))
	}, "does not match its schema")
}

func TestParsePolicyHoldsAParserToTheRoundTrip(t *testing.T) {
	p, ok := casetest.ParsePolicy(t, toyDefault, toyParse, []byte(`{"limit": 5}`))
	if !ok || p.Limit != 5 || p.Version != "toy-1" {
		t.Errorf("got %+v, %v", p, ok)
	}
	if _, ok := casetest.ParsePolicy(t, toyDefault, toyParse, []byte(`{"limit": 0}`)); ok {
		t.Error("a limit of 0 parsed")
	}

	// A parser whose output reads back otherwise: it doubles the limit.
	doubling := func(base toyPolicy, data []byte) (toyPolicy, error) {
		p, err := toyParse(base, data)
		p.Limit *= 2
		return p, err
	}
	failing(t, func(t *testing.T) { casetest.ParsePolicy(t, toyDefault, doubling, []byte(`{}`)) }, "a policy changed over a JSON round trip")
	// A parser that refuses its own output.
	once := func(base toyPolicy, data []byte) (toyPolicy, error) {
		if len(data) > 20 {
			return toyPolicy{}, program.Invalid("", "too long")
		}
		return toyParse(base, data)
	}
	failing(t, func(t *testing.T) { casetest.ParsePolicy(t, toyDefault, once, []byte(`{}`)) }, "does not parse again from its own JSON")
	// A parser that writes into its base.
	type listPolicy struct{ L []int }
	shared := []int{1}
	writes := func(base listPolicy, data []byte) (listPolicy, error) {
		base.L[0] = 2
		return base, nil
	}
	failing(t, func(t *testing.T) {
		casetest.ParsePolicy(t, func() listPolicy { return listPolicy{L: shared} }, writes, []byte(`{}`))
	}, "parsing wrote into its base")
	shared[0] = 1
	// A parser that writes into the default it was given a copy of.
	def := []int{1}
	sneaky := func(base listPolicy, data []byte) (listPolicy, error) {
		def[0]++
		return listPolicy{L: []int{def[0]}}, nil
	}
	failing(t, func(t *testing.T) {
		casetest.ParsePolicy(t, func() listPolicy { return listPolicy{L: append([]int(nil), def...)} }, sneaky, []byte(`{}`))
	}, "parsing changed the default policy")
	// A parser whose error is not located.
	vague := func(toyPolicy, []byte) (toyPolicy, error) { return toyPolicy{}, errors.New("no") }
	failing(t, func(t *testing.T) { casetest.ParsePolicy(t, toyDefault, vague, []byte(`{}`)) }, "does not match program.ErrInvalidInput")
	failing(t, func(t *testing.T) {
		casetest.ParsePolicy(t, func() chan int { return nil }, func(c chan int, _ []byte) (chan int, error) { return c, nil }, nil)
	}, "chan int is not JSON")
}

func TestLoadAndSeeds(t *testing.T) {
	cases := casetest.Load(t, "testdata")
	if len(cases) != 5 || cases[0].ID != "toy-within-limit" {
		t.Fatalf("loaded %d cases", len(cases))
	}
	failing(t, func(t *testing.T) { casetest.Load(t, filepath.Join(t.TempDir(), "none")) }, "no such file or directory")
	var seeded []string
	casetest.Seeds(&testing.F{}, "testdata", func(c casebook.Case) { seeded = append(seeded, c.ID) })
	if len(seeded) != 5 {
		t.Errorf("every case seeds when no operation is named: %v", seeded)
	}
	seeded = nil
	casetest.Seeds(&testing.F{}, "testdata", func(c casebook.Case) { seeded = append(seeded, c.ID) }, "toy.other")
	if len(seeded) != 0 {
		t.Errorf("cases of another operation seeded: %v", seeded)
	}
}

func TestMarkdownBlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(path, []byte("# T\n\n```sh\nls\n```\n\n```json\n{\"a\": 1}\n```\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := string(casetest.MarkdownBlock(t, path, "json")); got != "{\"a\": 1}\n" {
		t.Errorf("json block %q", got)
	}
	failing(t, func(t *testing.T) { casetest.MarkdownBlock(t, path, "mermaid") }, "has no mermaid block")
	failing(t, func(t *testing.T) { casetest.MarkdownBlock(t, path+".none", "json") }, "no such file")
}

func TestEditAndSituation(t *testing.T) {
	cases := toyCases(t)
	c := casetest.Edit(t, cases, "toy-gold-with-note", "toy-gold-edited", "/note", "", "/count", "7", "/tier", `"silver"`)
	if c.ID != "toy-gold-edited" || c.Want.Outcome != "" || string(c.Input) != `{"count":7,"id":"c","tier":"silver"}` {
		t.Errorf("edited case %s: %s, want %+v", c.ID, c.Input, c.Want)
	}
	if string(cases[2].Input) == string(c.Input) {
		t.Error("Edit changed the case it copied")
	}
	failing(t, func(t *testing.T) { casetest.Edit(t, cases, "toy-none", "x") }, `Edit: no case "toy-none"`)
	failing(t, func(t *testing.T) { casetest.Edit(t, cases, "toy-over-limit", "x", "/id") }, "are not pointer and value pairs")
	failing(t, func(t *testing.T) { casetest.Edit(t, cases, "toy-over-limit", "x", "/id/deeper", `1`) }, "no object or list holds it")

	s := casetest.Situation{Input: map[string]any{"a": map[string]any{"b": "x"}}, Pointer: "/a/c"}
	if s.Get("/a/b") != "x" || s.Get("/a/z") != nil {
		t.Errorf("Get: %v, %v", s.Get("/a/b"), s.Get("/a/z"))
	}
	if p := s.Parent(); p["b"] != "x" {
		t.Errorf("Parent: %v", p)
	}
}

func TestReasonsAreComparesRuleEffectAndText(t *testing.T) {
	rs := program.ReasonsOf(
		program.NewReason("a.one", "S", program.Met, "first"),
		program.NewReason("a.two", "S", program.Unmet, "second"),
	)
	casetest.ReasonsAre(t, rs,
		casetest.WantReason{Rule: "a.one", Effect: program.Met, Text: "first"},
		casetest.WantReason{Rule: "a.two", Effect: program.Unmet, Text: "second"})
	failing(t, func(t *testing.T) {
		casetest.ReasonsAre(t, rs, casetest.WantReason{Rule: "a.one", Effect: program.Met, Text: "first"})
	}, "2 reasons, want 1")
	failing(t, func(t *testing.T) {
		casetest.ReasonsAre(t, rs.Slice(0, 1), casetest.WantReason{Rule: "a.one", Effect: program.Applied, Text: "first"})
	}, "reason 0", "applied")
	failing(t, func(t *testing.T) {
		casetest.ReasonsAre(t, rs.Slice(0, 1), casetest.WantReason{Rule: "a.one", Effect: program.Met, Text: "other"})
	}, `"a.one: first", want "a.one: other"`)

	if text, ok := casetest.ReasonText(rs, "a.two"); !ok || text != "second" {
		t.Errorf("ReasonText(a.two) = %q, %v", text, ok)
	}
	if text, ok := casetest.ReasonText(rs, "a.three"); ok || text != "" {
		t.Errorf("ReasonText(a.three) = %q, %v", text, ok)
	}
}
