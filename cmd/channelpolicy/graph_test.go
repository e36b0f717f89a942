package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

func render(f program.Flow, format string) string {
	var b strings.Builder
	if format == "dot" {
		dot(&b, f)
	} else {
		mermaid(&b, f)
	}
	return b.String()
}

// defaultFlows draws every package that has a flow under the default
// policies.
func defaultFlows(t *testing.T) map[string]program.Flow {
	t.Helper()
	set := channelpolicy.Default().Policies()
	flows := map[string]program.Flow{}
	for _, name := range flowPackages(set.Registry()) {
		f, ok := set.Flow(name)
		if !ok {
			t.Fatalf("package %s has a flow but the policy set draws none", name)
		}
		flows[name] = f
	}
	if flows["dealreg"].Title == "" || flows["serviceattach"].Title == "" {
		t.Fatalf("dealreg and serviceattach should have a flow; have %v", flowPackages(set.Registry()))
	}
	return flows
}

// TestGraphsShowEveryRule fails when a rule a package can cite is missing
// from its drawn flow.
func TestGraphsShowEveryRule(t *testing.T) {
	flows := defaultFlows(t)
	for _, pkg := range channelpolicy.Default().Packages() {
		f, ok := flows[pkg.Name()]
		if !ok {
			continue
		}
		for _, format := range []string{"mermaid", "dot"} {
			out := render(f, format)
			for _, r := range pkg.Rules() {
				if !strings.Contains(out, string(r.ID)) {
					t.Errorf("%s %s graph lacks rule %s", pkg.Name(), format, r.ID)
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
	for name, f := range defaultFlows(t) {
		nodes, edges := parseMermaid(t, render(f, "mermaid"))
		if len(nodes) < 10 || edges < 10 {
			t.Errorf("%s: %d nodes and %d edges; the flow is missing", name, len(nodes), edges)
		}
	}
}

func TestDotIsWellFormed(t *testing.T) {
	for name, f := range defaultFlows(t) {
		out := render(f, "dot")
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
	if out := render(p.Flow(), "mermaid"); !strings.Contains(out, edge+"needs_review\n") {
		t.Errorf("default policy: no-activity rule should lead to needs_review")
	}
	p.MissingActivity = dealreg.MissingActivityAged
	if out := render(p.Flow(), "mermaid"); !strings.Contains(out, edge+"approved\n") {
		t.Errorf("treat_as_aged: no-activity rule should lead to approved")
	}
	r := cli(t, nil, "graph", "dealreg", "--format", "dot")
	expect(t, r, 0, []string{"digraph channelpolicy {", "dealreg.roe.early_stage.asm_timeout"}, nil)
	aged := filepath.Join(t.TempDir(), "aged.json")
	if err := os.WriteFile(aged, []byte(`{"dealreg": {"missing_activity": "treat_as_aged"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	expect(t, cli(t, nil, "graph", "dealreg", "--policy", aged), 0, []string{edge + "approved\n"}, nil)
	expect(t, cli(t, nil, "graph", "nfr"), 2, nil, []string{"want one PACKAGE with a flow: dealreg, serviceattach"})
	expect(t, cli(t, nil, "graph"), 2, nil, []string{"want one PACKAGE with a flow: dealreg, serviceattach"})
	expect(t, cli(t, nil, "graph", "dealreg", "--format", "png"), 2, nil, []string{`--format "png"`})
}

// TestReadmeShowsTheGeneratedFlow keeps the README's diagram equal to what
// graph draws today.
func TestReadmeShowsTheGeneratedFlow(t *testing.T) {
	block := string(casetest.MarkdownBlock(t, "../../README.md", "mermaid"))
	if want := render(dealreg.Default().Flow(), "mermaid"); block != want {
		t.Errorf("README's diagram differs from 'channelpolicy graph dealreg'; regenerate it:\n  go run ./cmd/channelpolicy graph dealreg")
	}
}
