package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/program"
)

// graph draws a package's decision flow. The flow comes from the package
// itself (its declaration's Flow, built from the rule definitions it
// evaluates: the routing table, the eligibility requirements, the
// classification order), so a change to the rules changes the picture;
// this file only renders it.
func runGraph(args []string, e env) int {
	fs := newFlags("graph", e)
	format := fs.String("format", "mermaid", "mermaid or dot")
	policyFile := fs.String("policy", "", "draw the flow under a policy set `FILE` (outcomes follow its reading switches)")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	set, err := policySet(*policyFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	var flow program.Flow
	found := len(pos) == 1
	if found {
		flow, found = set.Flow(pos[0])
	}
	if !found {
		fmt.Fprintf(e.stderr, "channelpolicy graph: want one PACKAGE with a flow: %s\n", strings.Join(flowPackages(set.Registry()), ", "))
		return exitBadCall
	}
	switch *format {
	case "mermaid":
		mermaid(e.stdout, flow)
	case "dot":
		dot(e.stdout, flow)
	default:
		fmt.Fprintf(e.stderr, "channelpolicy graph: --format %q: want mermaid or dot\n", *format)
		return exitBadCall
	}
	return exitOK
}

// flowPackages names the packages of reg that have a flow, in layout order.
func flowPackages(reg *channelpolicy.Registry) []string {
	var names []string
	for _, p := range reg.Packages() {
		if p.HasFlow() {
			names = append(names, p.Name())
		}
	}
	return names
}

// grouped reports which nodes of f sit in a group.
func grouped(f program.Flow) map[string]bool {
	in := map[string]bool{}
	for _, g := range f.Groups {
		for _, id := range g.Nodes {
			in[id] = true
		}
	}
	return in
}

// groupNodes lists group g's nodes as f declares them, in g's order.
func groupNodes(f program.Flow, g program.FlowGroup) []program.FlowNode {
	var out []program.FlowNode
	for _, id := range g.Nodes {
		for _, n := range f.Nodes {
			if n.ID == id {
				out = append(out, n)
			}
		}
	}
	return out
}

// mermaidText escapes a label for a Mermaid quoted string.
func mermaidText(s string) string {
	s = strings.NewReplacer(`"`, "#quot;", "\n", "<br/>", "<", "#lt;", ">", "#gt;").Replace(s)
	return `"` + s + `"`
}

var mermaidBrackets = map[program.FlowShape][2]string{
	program.FlowStart:   {"([", "])"},
	program.FlowStep:    {"[", "]"},
	program.FlowBranch:  {"{", "}"},
	program.FlowOutcome: {"(", ")"},
}

// mermaid writes f as a Mermaid flowchart: the nodes outside any group,
// each group as a subgraph, then the edges.
func mermaid(w io.Writer, f program.Flow) {
	fmt.Fprintf(w, "---\ntitle: %s\n---\nflowchart TD\n", f.Title)
	writeNode := func(indent string, n program.FlowNode) {
		b := mermaidBrackets[n.Shape]
		fmt.Fprintf(w, "%s%s%s%s%s\n", indent, n.ID, b[0], mermaidText(n.Label), b[1])
	}
	in := grouped(f)
	for _, n := range f.Nodes {
		if !in[n.ID] {
			writeNode("    ", n)
		}
	}
	for _, g := range f.Groups {
		fmt.Fprintf(w, "    subgraph %s[%s]\n", g.ID, mermaidText(g.Title))
		for _, n := range groupNodes(f, g) {
			writeNode("        ", n)
		}
		fmt.Fprintln(w, "    end")
	}
	for _, e := range f.Edges {
		if e.Label == "" {
			fmt.Fprintf(w, "    %s --> %s\n", e.From, e.To)
		} else {
			fmt.Fprintf(w, "    %s -->|%s| %s\n", e.From, mermaidText(e.Label), e.To)
		}
	}
}

// dotText quotes a label for DOT.
func dotText(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

var dotShapes = map[program.FlowShape]string{
	program.FlowStart:   "oval",
	program.FlowStep:    "box",
	program.FlowBranch:  "diamond",
	program.FlowOutcome: "box, style=rounded",
}

// dot writes f as a Graphviz digraph: each group as a cluster, the nodes
// outside any group, then the edges.
func dot(w io.Writer, f program.Flow) {
	fmt.Fprintf(w, "digraph channelpolicy {\n    label=%s;\n    labelloc=t;\n    node [fontname=\"Helvetica\", fontsize=10];\n", dotText(f.Title))
	writeNode := func(indent string, n program.FlowNode) {
		fmt.Fprintf(w, "%s%s [label=%s, shape=%s];\n", indent, n.ID, dotText(n.Label), dotShapes[n.Shape])
	}
	for _, g := range f.Groups {
		fmt.Fprintf(w, "    subgraph cluster_%s {\n        label=%s;\n", g.ID, dotText(g.Title))
		for _, n := range groupNodes(f, g) {
			writeNode("        ", n)
		}
		fmt.Fprintln(w, "    }")
	}
	in := grouped(f)
	for _, n := range f.Nodes {
		if !in[n.ID] {
			writeNode("    ", n)
		}
	}
	for _, e := range f.Edges {
		if e.Label == "" {
			fmt.Fprintf(w, "    %s -> %s;\n", e.From, e.To)
		} else {
			fmt.Fprintf(w, "    %s -> %s [label=%s];\n", e.From, e.To, dotText(e.Label))
		}
	}
	fmt.Fprintln(w, "}")
}
