package distribution

import "github.com/channelpolicy/channelpolicy/program"

// OutcomeRules implements [program.Decision].
func (d TerritoryDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}

// OutcomeRules implements [program.Decision].
func (d PathDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}

// OutcomeRules implements [program.Decision].
func (d QuoteDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}

// OutcomeRules implements [program.Decision].
func (d OrderDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}
