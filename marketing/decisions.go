package marketing

import "github.com/channelpolicy/channelpolicy/program"

// OutcomeRules implements [program.Decision]: the batch's outcome, and the
// rule IDs of every request's reasons, request by request in the
// decision's order, then of the batch's own reasons.
func (d MDFDecision) OutcomeRules() (string, []program.RuleID) {
	n := len(d.Reasons)
	for i := range d.Requests {
		n += len(d.Requests[i].Reasons)
	}
	ids := make([]program.RuleID, 0, n)
	for i := range d.Requests {
		for _, r := range d.Requests[i].Reasons {
			ids = append(ids, r.Rule)
		}
	}
	for _, r := range d.Reasons {
		ids = append(ids, r.Rule)
	}
	return string(d.Outcome), ids
}

// OutcomeRules implements [program.Decision].
func (d AuditDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), program.RuleIDs(d.Reasons)
}
