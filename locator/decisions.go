package locator

import "github.com/channelpolicy/channelpolicy/program"

// OutcomeRules implements [program.Decision].
func (d RouteDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}

// OutcomeRules implements [program.Decision].
func (d ProfileDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}
