package casetest_test

import (
	"io"
	"os"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
)

// The shared checks are tested on toy, a rules package small enough to
// know by heart: one operation, toy.check, approves a count up to the
// policy's limit (3 by default) and calls a larger one too many; a gold
// tier needs a note, which the decision cites. Its case book is
// testdata/toy.json.

// toyRules are the toy package's rules, declared as a package declares its
// own (program.Declare).
var toyRules = declared([]program.Rule{
	{ID: "toy.approved", Section: "Toy Rules", Summary: "a count up to the limit is approved", Text: func(b []byte, f program.Facts) []byte {
		b = append(b, "toy "...)
		b = f.AppendQuoted(b, 0)
		b = append(b, " counts "...)
		return f.AppendInt(b, 0)
	}},
	{ID: "toy.too_many", Section: "Toy Rules", Summary: "a count over the limit is too many"},
	{ID: "toy.gold_note", Section: "Toy Rules", Summary: "gold needs a note", Text: func(b []byte, f program.Facts) []byte {
		return f.AppendQuoted(append(b, "gold, noted "...), 0)
	}},
})

func declared(rules []program.Rule) []program.Rule {
	program.Declare(rules)
	return rules
}

type toyPolicy struct {
	Version string `json:"version"`
	Limit   int    `json:"limit"`
}

func toyDefault() toyPolicy { return toyPolicy{Version: "toy-1", Limit: 3} }

func (p toyPolicy) Compile() (toyPolicy, error) {
	if p.Limit < 1 {
		return toyPolicy{}, program.Invalid("/limit", "%d is not a limit", p.Limit)
	}
	return p, nil
}

func toyParse(base toyPolicy, data []byte) (toyPolicy, error) { return program.ParsePolicy(base, data) }

type toyInput struct {
	ID    string `json:"id" jsonschema:"required"`
	Count *int   `json:"count" jsonschema:"required"`
	Tier  string `json:"tier,omitempty"`
	Note  string `json:"note,omitempty"`
}

type toyDecision struct {
	Outcome       string           `json:"outcome"`
	ID            string           `json:"id"`
	Reasons       []program.Reason `json:"reasons"`
	PolicyVersion string           `json:"policy_version"`
}

func (d toyDecision) OutcomeRules() (string, []program.RuleID) {
	ids := make([]program.RuleID, len(d.Reasons))
	for i, r := range d.Reasons {
		ids[i] = r.Rule
	}
	return d.Outcome, ids
}

func (p toyPolicy) Check(in toyInput) (toyDecision, error) {
	var pr program.Problems
	program.RequireMember(&pr, "", "id", in.ID == "", "the toy's id")
	program.RequireMember(&pr, "", "count", in.Count == nil, "the count")
	program.RequireMember(&pr, "", "note", in.Tier == "gold" && in.Note == "", "a gold toy's note")
	if err := pr.Err(); err != nil {
		return toyDecision{}, err
	}
	d := toyDecision{ID: in.ID, PolicyVersion: p.Version}
	var f program.Facts
	f.SetInt(0, *in.Count).SetString(0, in.ID)
	if *in.Count <= p.Limit {
		d.Outcome = "approved"
		d.Reasons = append(d.Reasons, toyRules[0].Cite(program.Met, f))
	} else {
		d.Outcome = "too_many"
		d.Reasons = append(d.Reasons, toyRules[1].Cite(program.Unmet, f))
	}
	if in.Tier == "gold" {
		var g program.Facts
		g.SetString(0, in.Note)
		d.Reasons = append(d.Reasons, toyRules[2].Cite(program.Met, g))
	}
	return d, nil
}

func toyFlow(toyPolicy) program.Flow {
	var f program.Flow
	start := f.Node("start", "a toy", program.FlowStart)
	limit := f.RuleNode(toyRules[0], program.FlowBranch)
	f.Edge(start, limit, "")
	f.Edge(limit, f.Node("approved", "approved", program.FlowOutcome), "yes")
	f.Edge(limit, f.RuleNode(toyRules[1], program.FlowOutcome), "no")
	f.RuleNode(toyRules[2], program.FlowStep)
	return f
}

func toy() channelpolicy.Package {
	return toyWith(toyRules, toyPolicy.Check)
}

func toyWith(rules []program.Rule, check func(toyPolicy, toyInput) (toyDecision, error)) channelpolicy.Package {
	return channelpolicy.Declare("toy", "a toy package for the shared checks' own tests", []string{"Toy Rules"}, rules,
		channelpolicy.Policy[toyPolicy]{Default: toyDefault, Parse: toyParse, Flow: toyFlow},
		channelpolicy.Timeless("toy.check", "check a toy's count", check))
}

func toyCases(t testing.TB) []casebook.Case { return casetest.Load(t, "testdata") }

// toyTable is toy.check's table of required members.
func toyTable() []casetest.Requirement {
	return []casetest.Requirement{
		casetest.Required("toy.check", "/id", "the approval names the toy", "toy.approved"),
		casetest.Required("toy.check", "/count", "compared with the limit", "toy.approved", "toy.too_many"),
		{Op: "toy.check", Pointer: "/note", When: func(s casetest.Situation) bool { return s.Get("/tier") == "gold" },
			Rules: []program.RuleID{"toy.gold_note"}, Why: "a gold toy's note is cited"},
	}
}

// goCheck decides a toy as the Go function does, under the case's policy.
func goCheck(c casebook.Case, input any) error {
	p := toyDefault()
	if len(c.Policy) > 0 {
		var err error
		if p, err = toyParse(p, c.Policy); err != nil {
			return err
		}
	}
	_, err := p.Check(*input.(*toyInput))
	return err
}

// inner runs f as a test of its own, apart from the test calling it, and
// reports whether it passed and what it printed: how a check is seen to
// fail without failing the test that checks it.
func inner(t *testing.T, f func(t *testing.T)) (passed bool, output string) {
	t.Helper()
	stdout := os.Stdout
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout = w
	out := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		out <- string(b)
	}()
	passed = testing.RunTests(func(string, string) (bool, error) { return true, nil }, []testing.InternalTest{{Name: "Inner", F: f}})
	w.Close()
	os.Stdout = stdout
	return passed, <-out
}
