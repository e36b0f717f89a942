package casetest_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
)

// A package that keeps every contract passes every shared check.
func TestTheChecksPassAPackageThatKeepsThem(t *testing.T) {
	pkg, cases := toy(), toyCases(t)
	t.Run("run", func(t *testing.T) { casetest.Run(t, pkg, cases) })
	t.Run("coverage", func(t *testing.T) { casetest.Coverage(t, pkg, cases) })
	t.Run("concurrent", func(t *testing.T) { casetest.Concurrent(t, pkg, cases) })
	t.Run("flow", func(t *testing.T) {
		f, ok := channelpolicy.NewRegistry(pkg).Policies().Flow("toy")
		if !ok {
			t.Fatal("toy has a flow")
		}
		casetest.Flow(t, f, pkg.Rules())
	})
	t.Run("requirements", func(t *testing.T) { casetest.Requirements(t, pkg, cases, toyTable()) })
	t.Run("go requirements", func(t *testing.T) { casetest.GoRequirements(t, pkg, cases, toyTable(), goCheck) })
}

// failing runs check as a test of its own and fails unless it fails,
// saying each of want.
func failing(t *testing.T, check func(t *testing.T), want ...string) {
	t.Helper()
	passed, out := inner(t, check)
	if passed {
		t.Errorf("the check passed; want it to fail saying %q\n%s", want, out)
		return
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("the check failed without saying %q:\n%s", w, out)
		}
	}
}

// withCase is the toy's cases with the one named id changed by edit.
func withCase(t *testing.T, id string, edit func(c *casebook.Case)) []casebook.Case {
	t.Helper()
	cases := slices.Clone(toyCases(t))
	i := slices.IndexFunc(cases, func(c casebook.Case) bool { return c.ID == id })
	if i < 0 {
		t.Fatalf("no toy case %s", id)
	}
	edit(&cases[i])
	return cases
}

func TestRunFailsACaseTheDecisionBreaks(t *testing.T) {
	pkg := toy()
	failing(t, func(t *testing.T) {
		casetest.Run(t, pkg, withCase(t, "toy-over-limit", func(c *casebook.Case) { c.Want.Outcome = "approved" }))
	}, "toy-over-limit", "outcome: want approved, got too_many")
	failing(t, func(t *testing.T) {
		casetest.Run(t, pkg, withCase(t, "toy-within-limit", func(c *casebook.Case) { c.Want.Fields["/id"] = json.RawMessage(`"z"`) }))
	}, `/id: want "z", got "a"`)
	failing(t, func(t *testing.T) {
		casetest.Run(t, pkg, withCase(t, "toy-no-count", func(c *casebook.Case) { c.Want.ErrorFields = []string{"/id"} }))
	}, "error: want /id, got /count")
	failing(t, func(t *testing.T) {
		casetest.Run(t, pkg, withCase(t, "toy-over-limit", func(c *casebook.Case) { c.Operation = "other.check" }))
	}, `operation "other.check" does not belong to package toy`)
}

// Run decides every case a second time from its input's own JSON, which a
// decision that reads the bytes rather than the values fails.
func TestRunFailsADecisionThatChangesOverARoundTrip(t *testing.T) {
	calls := 0
	pkg := toyWith(toyRules, func(p toyPolicy, in toyInput) (toyDecision, error) {
		calls++
		d, err := p.Check(in)
		d.ID = fmt.Sprint(in.ID, calls)
		return d, err
	})
	failing(t, func(t *testing.T) { casetest.Run(t, pkg, toyCases(t)) }, "decision changed after a JSON round trip")
}

func TestCoverageFailsWhatNoCaseShows(t *testing.T) {
	extra := append(slices.Clone(toyRules), program.Rule{ID: "toy.unused", Section: "Toy Rules", Summary: "never cited"})
	failing(t, func(t *testing.T) { casetest.Coverage(t, toyWith(extra, toyPolicy.Check), toyCases(t)) },
		"rule toy.unused (Toy Rules) has no case")
	elsewhere := append(slices.Clone(toyRules), program.Rule{ID: "toy.elsewhere", Section: "Other Rules", Summary: "s"})
	failing(t, func(t *testing.T) { casetest.Coverage(t, toyWith(elsewhere, toyPolicy.Check), toyCases(t)) },
		`rule toy.elsewhere cites section "Other Rules", which the package does not list`)
	failing(t, func(t *testing.T) {
		casetest.Coverage(t, toy(), withCase(t, "toy-over-limit", func(c *casebook.Case) {
			c.Section = "Nowhere"
			c.Want.Rules = []program.RuleID{"toy.nothing"}
		}))
	}, `case toy-over-limit cites section "Nowhere"`, "case toy-over-limit expects rule toy.nothing, which package toy does not declare", "rule toy.too_many (Toy Rules) has no case")
}

func TestConcurrentFailsAnUndeclaredReason(t *testing.T) {
	rogue := program.Rule{ID: "toy.rogue", Section: "Elsewhere", Summary: "not declared"}
	pkg := toyWith(toyRules, func(p toyPolicy, in toyInput) (toyDecision, error) {
		d, err := p.Check(in)
		d.Reasons = append(d.Reasons, rogue.Cite(program.Applied, program.Facts{}))
		return d, err
	})
	failing(t, func(t *testing.T) { casetest.Concurrent(t, pkg, toyCases(t)) }, "reason cites toy.rogue, which the package does not declare")
	failing(t, func(t *testing.T) { casetest.Concurrent(t, toy(), toyCases(t)[3:4]) }, "no case decides")
}

func TestFlowFailsAMissingOrStrayNode(t *testing.T) {
	f := toyFlow(toyDefault())
	f.Nodes = slices.DeleteFunc(f.Nodes, func(n program.FlowNode) bool { return n.ID == "rule_toy_gold_note" })
	f.Nodes = append(f.Nodes, program.FlowNode{ID: "start", Label: "again"}, program.FlowNode{ID: "rule_toy_approved_x", Label: "x"})
	f.Nodes[1].Label = "toy.approved\nsomething else"
	f.Edges = append(f.Edges, program.FlowEdge{From: "nowhere", To: "void"})
	f.Groups = []program.FlowGroup{{ID: "g", Nodes: []string{"start", "ghost"}}}
	failing(t, func(t *testing.T) { casetest.Flow(t, f, toyRules) },
		"node start declared twice", "the flow lacks rule toy.gold_note", `rule toy.approved is labelled "toy.approved\nsomething else"`,
		"edge from undeclared node nowhere", "edge to undeclared node void", "group g holds undeclared node ghost")
}

func TestRequirementsFailATableThatIsWrong(t *testing.T) {
	pkg, cases := toy(), toyCases(t)
	without := func(ptr string) []casetest.Requirement {
		return slices.DeleteFunc(toyTable(), func(q casetest.Requirement) bool { return q.Pointer == ptr })
	}
	failing(t, func(t *testing.T) { casetest.Requirements(t, pkg, cases, without("/count")) },
		"toy.check: the schema requires /count, which the table does not list")
	failing(t, func(t *testing.T) { casetest.Requirements(t, pkg, cases, without("/note")) },
		"without /note, which no decision requires here")
	failing(t, func(t *testing.T) {
		casetest.Requirements(t, pkg, cases, append(toyTable(), casetest.Required("toy.check", "/tier", "says the tier", "toy.gold_note")))
	}, "the table says the schema requires /tier; it does not", "the decoder accepts the input without it")
	failing(t, func(t *testing.T) {
		table := toyTable()
		table[2].When = nil // required whenever: but the silver cases decide without it
		casetest.Requirements(t, pkg, cases, table)
	}, "toy-within-limit decides without /note, which the table says toy.check requires here")
	failing(t, func(t *testing.T) {
		table := append(toyTable(),
			casetest.Requirement{Op: "toy.nothing", Pointer: "/x", Rules: []program.RuleID{"toy.approved"}, Why: "w"},
			casetest.Requirement{Op: "toy.check", Pointer: "x", Rules: []program.RuleID{"toy.approved"}, Why: "w"},
			casetest.Requirement{Op: "toy.check", Pointer: "/id", Schema: true, At: "/y", Rules: []program.RuleID{"toy.approved"}, Why: "w"},
			casetest.Requirement{Op: "toy.check", Pointer: "/a", Form: true, Why: "w"},
			casetest.Requirement{Op: "toy.check", Pointer: "/b", Why: "w", Rules: []program.RuleID{"toy.undeclared"}, Values: []string{"{"}},
		)
		casetest.Requirements(t, pkg, cases, table)
	}, "package toy has no operation toy.nothing", "toy.check x: not the JSON Pointer pattern", "toy.check /id is listed twice",
		"toy.check /a: a member the form of a value requires is required by the schema",
		"rule toy.undeclared is not declared by package toy", "value { is not JSON")
}

// A member the table requires must be read: some change of it must change
// a decision. A toy that ignores its note fails.
func TestRequirementsFailAMemberNothingReads(t *testing.T) {
	pkg := toyWith(toyRules, func(p toyPolicy, in toyInput) (toyDecision, error) {
		if in.Note != "" {
			in.Note = "a note" // the note is there, its words unread
		}
		return p.Check(in)
	})
	cases := withCase(t, "toy-gold-with-note", func(c *casebook.Case) {})
	failing(t, func(t *testing.T) { casetest.Requirements(t, pkg, cases, toyTable()) },
		"toy.check: /note is required, but no change of it changes any case's decision")
	table := toyTable()
	table[2].Probes = []casetest.Probe{{Case: "toy-gold-with-note", Set: map[string]string{"/note": `"o"`}}, {Case: "toy-none", Set: nil}}
	failing(t, func(t *testing.T) { casetest.Requirements(t, pkg, cases, table) },
		`probe case "toy-none" is not a deciding case of toy.check`)
}

// The Go entry point must refuse what the decoder refuses and require what
// the package requires.
func TestGoRequirementsFailAGoEntryPointThatDiffers(t *testing.T) {
	pkg, cases := toy(), toyCases(t)
	lax := func(c casebook.Case, input any) error {
		in := input.(*toyInput)
		if in.Count == nil {
			in.Count = new(int)
		}
		in.Note = "always"
		return goCheck(c, in)
	}
	failing(t, func(t *testing.T) { casetest.GoRequirements(t, pkg, cases, toyTable(), lax) },
		"with /count zeroed gives <nil>; want an input error at or below it",
		"with /note zeroed gives <nil>; want an input error at /note")
	strict := func(c casebook.Case, input any) error {
		if input.(*toyInput).Tier == "" {
			return program.Invalid("/tier", "required")
		}
		return goCheck(c, input)
	}
	failing(t, func(t *testing.T) { casetest.GoRequirements(t, pkg, cases, toyTable(), strict) },
		"with the optional member /tier zeroed gives an input error")
}

// allKinds has a field of every kind PolicyNoticesChanges can change, and
// one it must leave alone.
type allKinds struct {
	B   bool
	I   int
	U   uint
	F   float64
	S   string
	L   []int
	M   map[string]int
	P   *int
	Nil *int
	T   time.Time
	N   struct{ X int }
	x   int
}

// freshAllKinds is a ready form's test: every field as it was compiled,
// lists and maps the very same ones.
func freshAllKinds(built allKinds) func(allKinds) bool {
	return func(p allKinds) bool {
		return p.B == built.B && p.I == built.I && p.U == built.U && p.F == built.F && p.S == built.S &&
			program.SameSlice(p.L, built.L) && program.SameMap(p.M, built.M) && p.P == built.P && p.Nil == built.Nil &&
			p.T.Equal(built.T) && p.N == built.N
	}
}

func TestPolicyNoticesChanges(t *testing.T) {
	one := 1
	built := allKinds{L: []int{1}, M: map[string]int{"a": 1}, P: &one, T: time.Unix(0, 0), x: 7}
	casetest.PolicyNoticesChanges(t, built, freshAllKinds(built))

	failing(t, func(t *testing.T) {
		casetest.PolicyNoticesChanges(t, built, func(p allKinds) bool { return freshAllKinds(built)(p) || p.I != built.I })
	}, "allKinds.I changed after compiling, but the ready form is still used")
	failing(t, func(t *testing.T) { casetest.PolicyNoticesChanges(t, built, func(allKinds) bool { return false }) },
		"a freshly compiled casetest_test.allKinds is not fresh")
	type withArray struct{ A [2]int }
	failing(t, func(t *testing.T) {
		casetest.PolicyNoticesChanges(t, withArray{}, func(p withArray) bool { return p == withArray{} })
	}, "withArray.A: the test cannot change a [2]int; teach PolicyNoticesChanges")
	type withHidden struct{ H struct{ h int } }
	failing(t, func(t *testing.T) {
		casetest.PolicyNoticesChanges(t, withHidden{}, func(p withHidden) bool { return p == withHidden{} })
	}, "withHidden.H: the test cannot change")
}
