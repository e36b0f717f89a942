package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// A graph is drawn from the rule definitions the packages evaluate — the
// routing table, the eligibility requirements, the classification order —
// so a change to the rules changes the picture.
type graph struct {
	title     string
	nodes     []gnode
	edges     []gedge
	subgraphs []subgraph
}

type shape int

const (
	shapeStart   shape = iota // stadium: where a flow begins
	shapeStep                 // rectangle: a requirement or step
	shapeBranch               // diamond: a rule tried in order
	shapeOutcome              // rounded: an outcome
)

type gnode struct {
	id, label string
	shape     shape
}

type gedge struct{ from, to, label string }

type subgraph struct {
	id, title string
	nodes     []string
}

func (g *graph) node(id, label string, s shape) string {
	for _, n := range g.nodes {
		if n.id == id {
			return id
		}
	}
	g.nodes = append(g.nodes, gnode{id, label, s})
	return id
}

func (g *graph) edge(from, to, label string) { g.edges = append(g.edges, gedge{from, to, label}) }

// nodeID turns a rule ID or outcome into a node identifier both Mermaid and
// DOT accept.
func nodeID(prefix, s string) string {
	return prefix + "_" + strings.NewReplacer(".", "_", "-", "_", " ", "_").Replace(s)
}

func ruleLabel(r program.Rule) string { return string(r.ID) + "\n" + r.Summary }

// dealregGraph draws eligibility, the routing table and expiry under p, and
// the exclusivity rules Resolve applies to each registration.
func dealregGraph(p dealreg.Policy) *graph {
	g := &graph{title: "Deal registration: eligibility, rules of engagement, expiry"}
	start := g.node("start", "registration submitted", shapeStart)
	outcome := func(o dealreg.Outcome) string {
		return g.node(nodeID("outcome", string(o)), string(o), shapeOutcome)
	}
	byID := map[program.RuleID]program.Rule{}
	for _, r := range dealreg.Rules() {
		byID[r.ID] = r
	}

	// Eligibility: every requirement is checked; any failure rejects.
	var elig subgraph
	elig.id, elig.title = "eligibility", "eligibility: every failed requirement is listed"
	prev := start
	for _, r := range dealreg.Rules() {
		if !strings.HasPrefix(string(r.ID), "dealreg.eligibility.") {
			continue
		}
		id := g.node(nodeID("rule", string(r.ID)), ruleLabel(r), shapeStep)
		elig.nodes = append(elig.nodes, id)
		g.edge(prev, id, "")
		g.edge(id, outcome(dealreg.Rejected), "not met")
		prev = id
	}
	g.subgraphs = append(g.subgraphs, elig)

	// Routing: top-level rules pick a path in order; each path's leaves are
	// tried in order.
	rules := p.RoutingRules()
	var tops []dealreg.RoutingRule
	leaves := map[program.RuleID][]dealreg.RoutingRule{}
	for _, r := range rules {
		if r.Parent == "" {
			tops = append(tops, r)
		} else {
			leaves[r.Parent] = append(leaves[r.Parent], r)
		}
	}
	from, label := prev, "all met"
	for _, top := range tops {
		id := g.node(nodeID("rule", string(top.ID)), ruleLabel(top.Rule), shapeBranch)
		g.edge(from, id, label)
		from, label = id, "no"
		ls := leaves[top.ID]
		if len(ls) == 0 {
			g.edge(id, outcome(top.Outcome), "yes")
			continue
		}
		lfrom, llabel := id, "yes"
		for _, l := range ls {
			lid := g.node(nodeID("rule", string(l.ID)), ruleLabel(l.Rule), shapeBranch)
			g.edge(lfrom, lid, llabel)
			g.edge(lid, outcome(l.Outcome), "yes")
			lfrom, llabel = lid, "no"
		}
	}

	// Expiry of an approval.
	approved := outcome(dealreg.Approved)
	for _, id := range []program.RuleID{dealreg.RuleExpiryActive, dealreg.RuleExpiryExpired} {
		n := g.node(nodeID("rule", string(id)), ruleLabel(byID[id]), shapeStep)
		g.edge(approved, n, "")
	}

	// Exclusivity: the rules Resolve applies, in the order it applies them.
	var excl subgraph
	excl.id, excl.title = "exclusivity", "exclusivity among competing registrations (Resolve), in order"
	prev = g.node("competition", "registrations for one opportunity", shapeStart)
	for _, r := range dealreg.Rules() {
		if !strings.HasPrefix(string(r.ID), "dealreg.conflict.") {
			continue
		}
		id := g.node(nodeID("rule", string(r.ID)), ruleLabel(r), shapeStep)
		excl.nodes = append(excl.nodes, id)
		g.edge(prev, id, "")
		prev = id
	}
	g.subgraphs = append(g.subgraphs, excl)
	return g
}

// mermaidText escapes a label for a Mermaid quoted string.
func mermaidText(s string) string {
	s = strings.NewReplacer(`"`, "#quot;", "\n", "<br/>", "<", "#lt;", ">", "#gt;").Replace(s)
	return `"` + s + `"`
}

func (g *graph) mermaid(w io.Writer) {
	fmt.Fprintf(w, "---\ntitle: %s\n---\nflowchart TD\n", g.title)
	inSub := map[string]bool{}
	for _, s := range g.subgraphs {
		for _, n := range s.nodes {
			inSub[n] = true
		}
	}
	brackets := map[shape][2]string{
		shapeStart: {"([", "])"}, shapeStep: {"[", "]"}, shapeBranch: {"{", "}"}, shapeOutcome: {"(", ")"},
	}
	writeNode := func(indent string, n gnode) {
		b := brackets[n.shape]
		fmt.Fprintf(w, "%s%s%s%s%s\n", indent, n.id, b[0], mermaidText(n.label), b[1])
	}
	for _, n := range g.nodes {
		if !inSub[n.id] {
			writeNode("    ", n)
		}
	}
	for _, s := range g.subgraphs {
		fmt.Fprintf(w, "    subgraph %s[%s]\n", s.id, mermaidText(s.title))
		for _, id := range s.nodes {
			for _, n := range g.nodes {
				if n.id == id {
					writeNode("        ", n)
				}
			}
		}
		fmt.Fprintln(w, "    end")
	}
	for _, e := range g.edges {
		if e.label == "" {
			fmt.Fprintf(w, "    %s --> %s\n", e.from, e.to)
		} else {
			fmt.Fprintf(w, "    %s -->|%s| %s\n", e.from, mermaidText(e.label), e.to)
		}
	}
}

func dotText(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func (g *graph) dot(w io.Writer) {
	fmt.Fprintf(w, "digraph channelpolicy {\n    label=%s;\n    labelloc=t;\n    node [fontname=\"Helvetica\", fontsize=10];\n", dotText(g.title))
	shapes := map[shape]string{shapeStart: "oval", shapeStep: "box", shapeBranch: "diamond", shapeOutcome: "box, style=rounded"}
	inSub := map[string]bool{}
	for _, s := range g.subgraphs {
		fmt.Fprintf(w, "    subgraph cluster_%s {\n        label=%s;\n", s.id, dotText(s.title))
		for _, id := range s.nodes {
			inSub[id] = true
			for _, n := range g.nodes {
				if n.id == id {
					fmt.Fprintf(w, "        %s [label=%s, shape=%s];\n", n.id, dotText(n.label), shapes[n.shape])
				}
			}
		}
		fmt.Fprintln(w, "    }")
	}
	for _, n := range g.nodes {
		if !inSub[n.id] {
			fmt.Fprintf(w, "    %s [label=%s, shape=%s];\n", n.id, dotText(n.label), shapes[n.shape])
		}
	}
	for _, e := range g.edges {
		if e.label == "" {
			fmt.Fprintf(w, "    %s -> %s;\n", e.from, e.to)
		} else {
			fmt.Fprintf(w, "    %s -> %s [label=%s];\n", e.from, e.to, dotText(e.label))
		}
	}
	fmt.Fprintln(w, "}")
}

// serviceattachGraph draws the classification order from the package's rule
// definitions, whose IDs carry their place in it: disqualifiers
// (serviceattach.unqualified.*), the approved requirements
// (serviceattach.approved.*), each accepted route (serviceattach.accepted.R)
// with its requirements (serviceattach.accepted.R.*), the fallback
// (serviceattach.unqualified.no_category), and the portfolio rules.
func serviceattachGraph() *graph {
	g := &graph{title: "Service-attach classification: unqualified, approved or accepted"}
	start := g.node("start", "service-attached registration", shapeStart)
	unqualified := g.node("outcome_unqualified", "unqualified", shapeOutcome)
	approved := g.node("outcome_approved", "approved: rebate and PSP", shapeOutcome)
	accepted := g.node("outcome_accepted", "accepted: PSP only", shapeOutcome)

	var disq, appr, portfolio []program.Rule
	var routes []program.Rule
	routeReqs := map[program.RuleID][]program.Rule{}
	var fallback program.Rule
	for _, r := range serviceattach.Rules() {
		id := string(r.ID)
		switch {
		case r.ID == serviceattach.RuleNoCategory:
			fallback = r
		case strings.HasPrefix(id, "serviceattach.unqualified."):
			disq = append(disq, r)
		case strings.HasPrefix(id, "serviceattach.approved."):
			appr = append(appr, r)
		case strings.HasPrefix(id, "serviceattach.accepted."):
			rest := strings.TrimPrefix(id, "serviceattach.accepted.")
			if route, _, isReq := strings.Cut(rest, "."); isReq {
				parent := program.RuleID("serviceattach.accepted." + route)
				routeReqs[parent] = append(routeReqs[parent], r)
			} else {
				routes = append(routes, r)
			}
		case strings.HasPrefix(id, "serviceattach.portfolio."):
			portfolio = append(portfolio, r)
		}
	}

	// Disqualifiers, each tried; any one decides.
	from, label := start, ""
	for _, r := range disq {
		id := g.node(nodeID("rule", string(r.ID)), ruleLabel(r), shapeBranch)
		g.edge(from, id, label)
		g.edge(id, unqualified, "yes")
		from, label = id, "no"
	}

	// A category holds when every one of its requirements does; the
	// requirements sit in a cluster beside the category's node.
	category := func(node, title string, reqs []program.Rule, met string) string {
		id := g.node(node, title, shapeBranch)
		sub := subgraph{id: node + "_requirements", title: title + ": every requirement"}
		for _, r := range reqs {
			rid := g.node(nodeID("rule", string(r.ID)), ruleLabel(r), shapeStep)
			sub.nodes = append(sub.nodes, rid)
			g.edge(rid, id, "")
		}
		g.subgraphs = append(g.subgraphs, sub)
		g.edge(id, met, "all met")
		return id
	}
	a := category("approved", "approved requirements", appr, approved)
	g.edge(from, a, label)
	from = a
	for _, route := range routes {
		id := category(nodeID("rule", string(route.ID)), ruleLabel(route), routeReqs[route.ID], accepted)
		g.edge(from, id, "some unmet")
		from = id
	}
	fb := g.node(nodeID("rule", string(fallback.ID)), ruleLabel(fallback)+"\n(reasons name the nearest category's unmet requirements)", shapeStep)
	g.edge(from, fb, "some unmet")
	g.edge(fb, unqualified, "")

	sub := subgraph{id: "portfolio", title: "portfolio of registrations (Portfolio), in order"}
	prev := g.node("portfolio_start", "registrations, earliest first", shapeStart)
	for _, r := range portfolio {
		id := g.node(nodeID("rule", string(r.ID)), ruleLabel(r), shapeStep)
		sub.nodes = append(sub.nodes, id)
		g.edge(prev, id, "")
		prev = id
	}
	g.subgraphs = append(g.subgraphs, sub)
	return g
}

// graphs lists the packages that have a flow to draw.
func graphs(reg *casebook.Registry) map[string]func() *graph {
	return map[string]func() *graph{
		"dealreg":       func() *graph { return dealregGraph(*reg.Policy("dealreg").(*dealreg.Policy)) },
		"serviceattach": serviceattachGraph,
	}
}

func runGraph(args []string, e env) int {
	fs := newFlags("graph", e)
	format := fs.String("format", "mermaid", "mermaid or dot")
	policyFile := fs.String("policy", "", "draw the flow under a policy set `FILE` (outcomes follow its reading switches)")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	reg, err := registry(*policyFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	gs := graphs(reg)
	if len(pos) != 1 || gs[pos[0]] == nil {
		fmt.Fprintf(e.stderr, "channelpolicy graph: want one PACKAGE with a flow: %s\n", strings.Join(graphNames(gs), ", "))
		return exitBadCall
	}
	g := gs[pos[0]]()
	switch *format {
	case "mermaid":
		g.mermaid(e.stdout)
	case "dot":
		g.dot(e.stdout)
	default:
		fmt.Fprintf(e.stderr, "channelpolicy graph: --format %q: want mermaid or dot\n", *format)
		return exitBadCall
	}
	return exitOK
}

func graphNames(gs map[string]func() *graph) []string {
	var names []string
	for _, n := range []string{"dealreg", "serviceattach"} {
		if gs[n] != nil {
			names = append(names, n)
		}
	}
	return names
}
