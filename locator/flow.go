package locator

import "github.com/channelpolicy/channelpolicy/program"

// Flow draws locator.route and locator.profile from the rules they
// evaluate: the eligibility requirements every partner must meet, the
// outcome when nobody does, the order keys in the policy's order and its
// tie-break; then the profile elements.
func (p Policy) Flow() program.Flow {
	f := program.Flow{Title: "Partner Locator: route a lead to eligible partners in order; profile completeness"}
	byID := map[program.RuleID]program.Rule{}
	for _, r := range Rules() {
		byID[r.ID] = r
	}
	start := f.Node("start", "lead and partner profiles", program.FlowStart)
	abroad := f.RuleNode(byID[RulePubSecAbroad], program.FlowBranch)
	f.Edge(start, abroad, "")
	elig := program.FlowGroup{ID: "eligibility", Title: "each partner: every requirement (each failure a reason)"}
	from := abroad
	for _, id := range eligibilityRules {
		n := f.RuleNode(byID[id], program.FlowStep)
		elig.Nodes = append(elig.Nodes, n)
		f.Edge(from, n, "")
		from = n
	}
	f.Groups = append(f.Groups, elig)
	none := f.RuleNode(byID[RuleNoneEligible], program.FlowBranch)
	f.Edge(from, none, "")
	review := f.Node("outcome_needs_review", "needs_review", program.FlowOutcome)
	f.Edge(abroad, review, "US public sector outside the US")
	f.Edge(none, review, "nobody eligible: nearest misses")
	eligible := f.RuleNode(byID[RuleEligible], program.FlowStep)
	f.Edge(none, eligible, "someone eligible")
	keys := program.FlowGroup{ID: "order", Title: "order keys, in the policy's order"}
	from = eligible
	keyRule := map[OrderKey]program.RuleID{KeyCloudCompetency: RuleOrderCloudCompetency, KeyInCountry: RuleOrderInCountry,
		KeyTrack: RuleOrderTrack, KeyMarketplaceFit: RuleOrderMarketplace}
	drawn := map[OrderKey]bool{}
	order := append(append([]OrderKey(nil), p.Order...), OrderKeys...)
	for _, k := range order {
		if drawn[k] {
			continue
		}
		drawn[k] = true
		n := f.RuleNode(byID[keyRule[k]], program.FlowStep)
		keys.Nodes = append(keys.Nodes, n)
		label := ""
		if !containsKey(p.Order, k) {
			label = "not in this policy's order"
		}
		f.Edge(from, n, label)
		from = n
	}
	tie := f.RuleNode(byID[RuleOrderTieBreak], program.FlowStep)
	keys.Nodes = append(keys.Nodes, tie)
	f.Groups = append(f.Groups, keys)
	f.Edge(from, tie, "")
	routed := f.Node("outcome_routed", "routed: ranked partners", program.FlowOutcome)
	f.Edge(tie, routed, "")

	pstart := f.Node("start_profile", "locator profile", program.FlowStart)
	incomplete := f.Node("outcome_incomplete", "incomplete", program.FlowOutcome)
	from = pstart
	for _, id := range [...]program.RuleID{RuleProfileCapabilities, RuleProfileAlliances, RuleProfileLocations, RuleProfileSuccessStories} {
		n := f.RuleNode(byID[id], program.FlowBranch)
		f.Edge(from, n, "")
		f.Edge(n, incomplete, "missing")
		from = n
	}
	complete := f.RuleNode(byID[RuleProfileComplete], program.FlowStep)
	f.Edge(from, complete, "all present")
	f.Edge(complete, f.Node("outcome_complete", "complete", program.FlowOutcome), "")
	return f
}

func containsKey(ks []OrderKey, k OrderKey) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}
