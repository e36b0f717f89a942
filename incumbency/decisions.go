package incumbency

import "github.com/channelpolicy/channelpolicy/program"

// OutcomeRules implements [program.Decision].
func (d IncumbentDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}

// OutcomeRules implements [program.Decision].
func (d RenewalDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}

// OutcomeRules implements [program.Decision].
func (d TenderDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}
