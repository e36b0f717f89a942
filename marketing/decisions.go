package marketing

import "github.com/channelpolicy/channelpolicy/program"

// OutcomeRules implements [program.Decision]: the batch's outcome, and the
// rule IDs of every request's reasons, request by request in the
// decision's order, then of the batch's own reasons.
func (d MDFDecision) OutcomeRules() (string, []program.RuleID) {
	n := d.Reasons.Len()
	for i := range d.Requests {
		n += d.Requests[i].Reasons.Len()
	}
	ids := make([]program.RuleID, 0, n)
	for i := range d.Requests {
		for _, r := range d.Requests[i].Reasons.All() {
			ids = append(ids, r.Rule)
		}
	}
	for _, r := range d.Reasons.All() {
		ids = append(ids, r.Rule)
	}
	return string(d.Outcome), ids
}

// OutcomeRules implements [program.Decision].
func (d AuditDecision) OutcomeRules() (string, []program.RuleID) {
	return string(d.Outcome), d.Reasons.IDs()
}
