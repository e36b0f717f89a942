package nfr

import "github.com/channelpolicy/channelpolicy/program"

// OutcomeRules implements [program.Decision].
func (d Decision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}

// OutcomeRules implements [program.Decision].
func (a Allowance) OutcomeRules() (string, []program.RuleID) {
	return string(a.Outcome), a.Reasons.IDs()
}
