package serviceattach

import (
	"strings"

	"github.com/channelpolicy/channelpolicy/program"
)

// OutcomeRules implements [program.Decision].
func (d Decision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}

// OutcomeRules implements [program.Decision]: the entries' outcomes joined
// with commas, in input order, and the portfolio's reasons.
func (d PortfolioDecision) OutcomeRules() (string, []program.RuleID) {
	outs := make([]string, len(d.Entries))
	for i, e := range d.Entries {
		outs[i] = string(e.Outcome)
	}
	return strings.Join(outs, ","), d.Reasons.IDs()
}
