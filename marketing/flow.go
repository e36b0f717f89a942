package marketing

import "github.com/channelpolicy/channelpolicy/program"

// Flow draws marketing.prioritize_mdf and marketing.audit_landing_page
// from the rules they cite: for each MDF request, the purpose and end
// checks that leave it to a person, the tier conditions, the tier and the
// order (the policy's tiers named on the tier node); for a landing page,
// each element in the handbook's order and the three outcomes.
func (p Policy) Flow() program.Flow {
	f := program.Flow{Title: "Partner marketing: MDF request priority; landing-page audit"}
	byID := map[program.RuleID]program.Rule{}
	for _, r := range Rules() {
		byID[r.ID] = r
	}
	node := func(id program.RuleID, shape program.FlowShape) string { return f.RuleNode(byID[id], shape) }

	start := f.Node("start_mdf", "MDF requests", program.FlowStart)
	purpose := node(RuleMDFPurpose, program.FlowBranch)
	ended := node(RuleMDFEnded, program.FlowBranch)
	review := node(RuleMDFReview, program.FlowStep)
	reviewOut := f.Node("outcome_mdf_needs_review", "request: needs_review (batch: needs_review)", program.FlowOutcome)
	f.Edge(start, purpose, "each request")
	f.Edge(purpose, review, "another purpose")
	f.Edge(purpose, ended, "funded")
	f.Edge(ended, review, "ended before today")
	f.Edge(review, reviewOut, "")
	conds := program.FlowGroup{ID: "tier_conditions", Title: "tier conditions (each met or unmet)"}
	from := ended
	label := "not over"
	for _, id := range [...]program.RuleID{RuleMDFPartner, RuleMDFGitLab, RuleMDFHyperscaler} {
		n := node(id, program.FlowStep)
		conds.Nodes = append(conds.Nodes, n)
		f.Edge(from, n, label)
		from, label = n, ""
	}
	f.Groups = append(f.Groups, conds)
	tier := node(RuleMDFTier, program.FlowStep)
	tiers := ""
	for i, t := range p.MDF.Tiers {
		if i > 0 {
			tiers += ", then "
		}
		tiers += t.Name
	}
	f.Edge(from, tier, "first tier met: "+tiers)
	order := node(RuleMDFOrder, program.FlowStep)
	f.Edge(tier, order, "")
	f.Edge(order, f.Node("outcome_ranked", "request: ranked (batch: ordered when none needs review)", program.FlowOutcome), "")

	pstart := f.Node("start_landing", "landing page: URL, redirects, HTML, country", program.FlowStart)
	els := program.FlowGroup{ID: "elements", Title: "page elements, in the handbook's order: each checked, every unmet one a reason"}
	add := func(n string) string { els.Nodes = append(els.Nodes, n); return n }
	pref := add(node(RulePreferredURL, program.FlowStep))
	f.Edge(pstart, pref, "")
	lang := add(node(RuleLocalLanguage, program.FlowBranch))
	advice := add(node(RuleLanguageAdvice, program.FlowStep))
	f.Edge(pref, lang, "")
	f.Edge(lang, advice, "no local language: advice")
	logo := add(node(RuleLogo, program.FlowStep))
	f.Edge(lang, logo, "local language")
	f.Edge(advice, logo, "")
	home := add(node(RuleHomeLink, program.FlowStep))
	f.Edge(logo, home, "")
	para := add(node(RuleParagraph, program.FlowStep))
	unchecked := add(node(RuleParagraphUnchecked, program.FlowStep))
	f.Edge(home, para, "the policy has paragraph texts")
	f.Edge(home, unchecked, "the policy has none")
	products := add(node(RuleProductLink, program.FlowStep))
	f.Edge(para, products, "")
	f.Edge(unchecked, products, "")
	f.Groups = append(f.Groups, els)
	compliant := node(RuleCompliant, program.FlowStep)
	f.Edge(products, f.Node("outcome_non_compliant", "non_compliant", program.FlowOutcome), "an element unmet")
	f.Edge(products, f.Node("outcome_landing_needs_review", "needs_review", program.FlowOutcome), "nothing unmet, paragraph unchecked")
	f.Edge(products, compliant, "every element met")
	f.Edge(compliant, f.Node("outcome_compliant", "compliant", program.FlowOutcome), "")
	return f
}
