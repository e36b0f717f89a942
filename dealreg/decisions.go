package dealreg

import "github.com/channelpolicy/channelpolicy/program"

// OutcomeRules implements [program.Decision].
func (d Decision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}

// OutcomeRules implements [program.Decision].
func (d ExpiryDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}

// OutcomeRules implements [program.Decision]: the outcome, and each entry's
// reason in input order.
func (r Resolution) OutcomeRules() (string, []program.RuleID) {
	ids := make([]program.RuleID, len(r.Entries))
	for i, e := range r.Entries {
		ids[i] = e.Reason.Rule
	}
	return string(r.Outcome), ids
}

// Statuses lists every status of an approval.
var Statuses = []Status{Active, Expired}

// Placings lists every placing of a registration in a competition.
var Placings = []Placing{Won, Lost, Dropped, PlacingNeedsReview}

// ResolutionOutcomes lists every outcome of a competition.
var ResolutionOutcomes = []ResolutionOutcome{HasWinner, NoWinner, ResolutionNeedsReview}

// EnumValues lists the valid values of Status.
func (Status) EnumValues() []string { return program.EnumStrings(Statuses) }

// EnumValues lists the valid values of Placing.
func (Placing) EnumValues() []string { return program.EnumStrings(Placings) }

// EnumValues lists the valid values of ResolutionOutcome.
func (ResolutionOutcome) EnumValues() []string { return program.EnumStrings(ResolutionOutcomes) }
