package casetest

import (
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

// Flow fails when a rule of rules is missing from flow f, drawn twice, or
// labelled other than its ID and summary, or when an edge or a group of f
// names a node f does not declare. A rules package calls it with the flow
// it draws and every rule it can cite:
//
//	casetest.Flow(t, dealreg.Default().Flow(), dealreg.Rules())
func Flow(t *testing.T, f program.Flow, rules []program.Rule) {
	t.Helper()
	nodes := map[string]program.FlowNode{}
	for _, n := range f.Nodes {
		if _, dup := nodes[n.ID]; dup {
			t.Errorf("node %s declared twice", n.ID)
		}
		nodes[n.ID] = n
	}
	for _, r := range rules {
		n, ok := nodes[program.FlowID("rule", string(r.ID))]
		if !ok {
			t.Errorf("the flow lacks rule %s", r.ID)
			continue
		}
		if want := string(r.ID) + "\n" + r.Summary; !strings.HasPrefix(n.Label, want) {
			t.Errorf("rule %s is labelled %q, want %q", r.ID, n.Label, want)
		}
	}
	for _, e := range f.Edges {
		if _, ok := nodes[e.From]; !ok {
			t.Errorf("edge from undeclared node %s", e.From)
		}
		if _, ok := nodes[e.To]; !ok {
			t.Errorf("edge to undeclared node %s", e.To)
		}
	}
	for _, g := range f.Groups {
		for _, id := range g.Nodes {
			if _, ok := nodes[id]; !ok {
				t.Errorf("group %s holds undeclared node %s", g.ID, id)
			}
		}
	}
}
