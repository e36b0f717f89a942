package dealreg

import "github.com/channelpolicy/channelpolicy/program"

// Flow draws deal registration under p from the rule tables the package
// evaluates: the eligibility requirements [Policy.Route] checks, the
// routing table ([Policy.RoutingRules], whose outcomes follow p's reading
// switches), the expiry of an approval, and the exclusivity rules
// [Policy.Resolve] applies, in the order it applies them.
func (p Policy) Flow() program.Flow {
	f := program.Flow{Title: "Deal registration: eligibility, rules of engagement, expiry"}
	start := f.Node("start", "registration submitted", program.FlowStart)
	outcome := func(o Outcome) string {
		return f.Node(program.FlowID("outcome", string(o)), string(o), program.FlowOutcome)
	}

	// Eligibility: every requirement is checked; any failure rejects.
	elig := program.FlowGroup{ID: "eligibility", Title: "eligibility: every failed requirement is listed"}
	prev := start
	for _, r := range eligibilityRules {
		id := f.RuleNode(r, program.FlowStep)
		elig.Nodes = append(elig.Nodes, id)
		f.Edge(prev, id, "")
		f.Edge(id, outcome(Rejected), "not met")
		prev = id
	}
	f.Groups = append(f.Groups, elig)

	// Routing: path rules pick a path in order; each path's leaves are tried
	// in order.
	var paths []RoutingRule
	leaves := map[program.RuleID][]RoutingRule{}
	for _, r := range p.RoutingRules() {
		if r.Parent == "" {
			paths = append(paths, r)
		} else {
			leaves[r.Parent] = append(leaves[r.Parent], r)
		}
	}
	from, label := prev, "all met"
	for _, path := range paths {
		id := f.RuleNode(path.Rule, program.FlowBranch)
		f.Edge(from, id, label)
		from, label = id, "no"
		ls := leaves[path.ID]
		if len(ls) == 0 {
			f.Edge(id, outcome(path.Outcome), "yes")
			continue
		}
		lfrom, llabel := id, "yes"
		for _, l := range ls {
			lid := f.RuleNode(l.Rule, program.FlowBranch)
			f.Edge(lfrom, lid, llabel)
			f.Edge(lid, outcome(l.Outcome), "yes")
			lfrom, llabel = lid, "no"
		}
	}

	// Expiry of an approval.
	approved := outcome(Approved)
	for _, r := range expiryRules {
		f.Edge(approved, f.RuleNode(r, program.FlowStep), "")
	}

	// Exclusivity: the rules Resolve applies, in the order it applies them.
	excl := program.FlowGroup{ID: "exclusivity", Title: "exclusivity among competing registrations (Resolve), in order"}
	prev = f.Node("competition", "registrations for one opportunity", program.FlowStart)
	for _, r := range conflictRules {
		id := f.RuleNode(r, program.FlowStep)
		excl.Nodes = append(excl.Nodes, id)
		f.Edge(prev, id, "")
		prev = id
	}
	f.Groups = append(f.Groups, excl)
	return f
}
