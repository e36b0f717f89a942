package serviceattach

import "github.com/channelpolicy/channelpolicy/program"

// disqualifierRules are the disqualifiers in the order a decision cites
// them; any one makes a registration unqualified outright.
var disqualifierRules = [...]program.RuleID{RuleNonGitLab, RuleNoLicenseOpportunity, RuleCEWithoutUpgrade, RuleGitLabPSSubcontract, RuleEducationOnly}

// reviewRules send a registration to review when the category it would
// have hinges on a date its record lacks.
var reviewRules = [...]program.RuleID{RuleReviewCloseDate, RuleReviewSignatureDate}

// portfolioRules are the rules [Policy.Portfolio] applies, in handbook
// order.
var portfolioRules = [...]program.RuleID{RuleOnePerOpportunity, RuleOnePerSOW, RuleMultiPhase, RuleSameDay, RuleNoConflict}

// Flow draws service-attach classification from the rule tables
// [Policy.Classify] evaluates: the disqualifiers, each tried; the approved
// requirements; each accepted route with its requirements, in the order
// they are tried; the fallback when no category holds; and the rules
// [Policy.Portfolio] applies across registrations.
func (p Policy) Flow() program.Flow {
	f := program.Flow{Title: "Service-attach classification: unqualified, approved or accepted"}
	byID := map[program.RuleID]program.Rule{}
	for _, r := range Rules() {
		byID[r.ID] = r
	}
	start := f.Node("start", "service-attached registration", program.FlowStart)
	unqualified := f.Node("outcome_unqualified", "unqualified", program.FlowOutcome)
	approved := f.Node("outcome_approved", "approved: rebate and PSP", program.FlowOutcome)
	accepted := f.Node("outcome_accepted", "accepted: PSP only", program.FlowOutcome)

	// Disqualifiers, each tried; any one decides.
	from, label := start, ""
	for _, d := range disqualifierRules {
		id := f.RuleNode(byID[d], program.FlowBranch)
		f.Edge(from, id, label)
		f.Edge(id, unqualified, "yes")
		from, label = id, "no"
	}

	// A category holds when every one of its requirements does; the
	// requirements sit in a group beside the category's node.
	category := func(node, title string, reqs []program.RuleID, met string) string {
		id := f.Node(node, title, program.FlowBranch)
		g := program.FlowGroup{ID: node + "_requirements", Title: title + ": every requirement"}
		for _, r := range reqs {
			rid := f.RuleNode(byID[r], program.FlowStep)
			g.Nodes = append(g.Nodes, rid)
			f.Edge(rid, id, "")
		}
		f.Groups = append(f.Groups, g)
		f.Edge(id, met, "all met")
		return id
	}
	a := category("approved", "approved requirements", targetRules[tApproved], approved)
	f.Edge(from, a, label)
	from = a
	// A category that would hold but for a date the record lacks is not
	// decided either way: a person reviews it.
	review := f.Node("outcome_needs_review", "needs_review", program.FlowOutcome)
	for _, r := range reviewRules {
		id := f.RuleNode(byID[r], program.FlowBranch)
		f.Edge(a, id, "unmet only for want of a date")
		f.Edge(id, review, "yes")
	}
	for t := tPaid; t < nTargets; t++ {
		route := byID[routeRules[t]]
		id := category(program.FlowID("rule", string(route.ID)), string(route.ID)+"\n"+route.Summary, targetRules[t], accepted)
		f.Edge(from, id, "some unmet")
		from = id
	}
	none := byID[RuleNoCategory]
	fb := f.Node(program.FlowID("rule", string(none.ID)),
		string(none.ID)+"\n"+none.Summary+"\n(reasons name the nearest category's unmet requirements)", program.FlowStep)
	f.Edge(from, fb, "some unmet")
	f.Edge(fb, unqualified, "")

	g := program.FlowGroup{ID: "portfolio", Title: "portfolio of registrations (Portfolio), in order"}
	prev := f.Node("portfolio_start", "registrations, earliest first", program.FlowStart)
	for _, r := range portfolioRules {
		id := f.RuleNode(byID[r], program.FlowStep)
		g.Nodes = append(g.Nodes, id)
		f.Edge(prev, id, "")
		prev = id
	}
	f.Groups = append(f.Groups, g)
	return f
}
