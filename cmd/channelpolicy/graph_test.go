package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

func render(g *graph, format string) string {
	var b strings.Builder
	if format == "dot" {
		g.dot(&b)
	} else {
		g.mermaid(&b)
	}
	return b.String()
}

// TestGraphsShowEveryRule fails when a rule a package can cite is missing
// from its drawn flow.
func TestGraphsShowEveryRule(t *testing.T) {
	flows := map[string]struct {
		g     *graph
		rules []program.Rule
	}{
		"dealreg":       {dealregGraph(dealreg.Default()), dealreg.Rules()},
		"serviceattach": {serviceattachGraph(), serviceattach.Rules()},
	}
	for name, f := range flows {
		for _, format := range []string{"mermaid", "dot"} {
			out := render(f.g, format)
			for _, r := range f.rules {
				if !strings.Contains(out, string(r.ID)) {
					t.Errorf("%s %s graph lacks rule %s", name, format, r.ID)
				}
			}
		}
	}
}

var (
	mmdID      = `[A-Za-z][A-Za-z0-9_]*`
	mmdLabel   = `"[^"]*"`
	mmdNode    = regexp.MustCompile(`^\s+(` + mmdID + `)(\(\[` + mmdLabel + `\]\)|\[` + mmdLabel + `\]|\{` + mmdLabel + `\}|\(` + mmdLabel + `\))$`)
	mmdEdge    = regexp.MustCompile(`^\s+(` + mmdID + `) -->(\|` + mmdLabel + `\|)? (` + mmdID + `)$`)
	mmdSub     = regexp.MustCompile(`^\s+subgraph (` + mmdID + `)\[` + mmdLabel + `\]$`)
	mmdSubEnd  = regexp.MustCompile(`^\s+end$`)
	dotNode    = regexp.MustCompile(`^\s+(` + mmdID + `) \[label="(\\.|[^"\\])*", shape=[a-z]+(, style=[a-z]+)?\];$`)
	dotEdge    = regexp.MustCompile(`^\s+(` + mmdID + `) -> (` + mmdID + `)( \[label="(\\.|[^"\\])*"\])?;$`)
	dotCluster = regexp.MustCompile(`^\s+subgraph cluster_` + mmdID + ` \{$`)
	dotAttr    = regexp.MustCompile(`^\s+(label|labelloc|node)\b.*;$`)
)

// parseMermaid checks a flowchart line by line: header, node declarations
// with matched brackets and quoted labels, subgraphs that close, and edges
// between declared nodes only.
func parseMermaid(t *testing.T, out string) (nodes map[string]bool, edges int) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 5 || lines[0] != "---" || !strings.HasPrefix(lines[1], "title: ") || lines[2] != "---" || lines[3] != "flowchart TD" {
		t.Fatalf("bad header:\n%s", strings.Join(lines[:min(4, len(lines))], "\n"))
	}
	nodes = map[string]bool{}
	depth := 0
	type edge struct{ from, to string }
	var es []edge
	for i, l := range lines[4:] {
		switch {
		case mmdNode.MatchString(l):
			id := mmdNode.FindStringSubmatch(l)[1]
			if nodes[id] {
				t.Errorf("line %d: node %s declared twice", i+5, id)
			}
			nodes[id] = true
		case mmdEdge.MatchString(l):
			m := mmdEdge.FindStringSubmatch(l)
			es = append(es, edge{m[1], m[3]})
		case mmdSub.MatchString(l):
			depth++
		case mmdSubEnd.MatchString(l):
			depth--
			if depth < 0 {
				t.Fatalf("line %d: end without subgraph", i+5)
			}
		default:
			t.Fatalf("line %d is not Mermaid flowchart syntax: %q", i+5, l)
		}
	}
	if depth != 0 {
		t.Errorf("%d subgraphs left open", depth)
	}
	for _, e := range es {
		if !nodes[e.from] || !nodes[e.to] {
			t.Errorf("edge %s --> %s names an undeclared node", e.from, e.to)
		}
	}
	return nodes, len(es)
}

func TestMermaidIsWellFormed(t *testing.T) {
	for name, g := range graphs(casebook.Default()) {
		nodes, edges := parseMermaid(t, render(g(), "mermaid"))
		if len(nodes) < 10 || edges < 10 {
			t.Errorf("%s: %d nodes and %d edges; the flow is missing", name, len(nodes), edges)
		}
	}
}

func TestDotIsWellFormed(t *testing.T) {
	for name, g := range graphs(casebook.Default()) {
		out := render(g(), "dot")
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if lines[0] != "digraph channelpolicy {" || lines[len(lines)-1] != "}" {
			t.Fatalf("%s: not a digraph:\n%s", name, out)
		}
		declared := map[string]bool{}
		depth := 1
		for _, l := range lines[1 : len(lines)-1] {
			switch {
			case dotNode.MatchString(l):
				declared[dotNode.FindStringSubmatch(l)[1]] = true
			case dotEdge.MatchString(l), dotAttr.MatchString(l):
			case dotCluster.MatchString(l):
				depth++
			case strings.TrimSpace(l) == "}":
				depth--
			default:
				t.Fatalf("%s: not DOT syntax: %q", name, l)
			}
		}
		if depth != 1 {
			t.Errorf("%s: unbalanced braces", name)
		}
		for _, l := range lines {
			if m := dotEdge.FindStringSubmatch(l); m != nil && (!declared[m[1]] || !declared[m[2]]) {
				t.Errorf("%s: edge to an undeclared node: %q", name, l)
			}
		}
	}
}

// TestGraphFollowsThePolicy draws deal registration under a changed reading
// switch: the missing-activity rule must then lead to approved.
func TestGraphFollowsThePolicy(t *testing.T) {
	p := dealreg.Default()
	edge := "    rule_dealreg_roe_mid_stage_no_activity -->|\"yes\"| outcome_"
	if out := render(dealregGraph(p), "mermaid"); !strings.Contains(out, edge+"needs_review\n") {
		t.Errorf("default policy: no-activity rule should lead to needs_review")
	}
	p.MissingActivity = dealreg.MissingActivityAged
	if out := render(dealregGraph(p), "mermaid"); !strings.Contains(out, edge+"approved\n") {
		t.Errorf("treat_as_aged: no-activity rule should lead to approved")
	}
	r := cli(t, nil, "graph", "dealreg", "--format", "dot")
	expect(t, r, 0, []string{"digraph channelpolicy {", "dealreg.roe.early_stage.asm_timeout"}, nil)
	expect(t, cli(t, nil, "graph", "nfr"), 2, nil, []string{"want one PACKAGE with a flow: dealreg, serviceattach"})
	expect(t, cli(t, nil, "graph", "dealreg", "--format", "png"), 2, nil, []string{`--format "png"`})
}

// TestReadmeShowsTheGeneratedFlow keeps the README's diagram equal to what
// graph draws today.
func TestReadmeShowsTheGeneratedFlow(t *testing.T) {
	block := string(casetest.MarkdownBlock(t, "../../README.md", "mermaid"))
	if want := render(dealregGraph(dealreg.Default()), "mermaid"); block != want {
		t.Errorf("README's diagram differs from 'channelpolicy graph dealreg'; regenerate it:\n  go run ./cmd/channelpolicy graph dealreg")
	}
}
