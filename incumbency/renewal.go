package incumbency

import (
	"slices"

	"github.com/channelpolicy/channelpolicy/program"
)

// RenewalRequest asks whether a partner qualifies for the renewal discount
// on a customer's renewal.
type RenewalRequest struct {
	// Partner is the ID of the partner asking.
	Partner string `json:"partner" jsonschema:"required,pattern=^[^\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]([\\s\\S]*[^\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?$"`
	// Customer is the customer's history, from which the incumbent is
	// decided (see [Policy.Incumbent]).
	Customer       Customer       `json:"customer"`
	CreditStanding CreditStanding `json:"credit_standing" jsonschema:"required"`
	// CustomerEngaged: the partner is engaged with the customer. Absent
	// means not shown.
	CustomerEngaged bool `json:"customer_engaged"`
	// PursuingRenewal: the partner is proactively pursuing the renewal.
	// Absent means not shown.
	PursuingRenewal bool `json:"pursuing_renewal"`
}

// RenewalDecision says whether a partner gets the renewal discount.
type RenewalDecision struct {
	Outcome RenewalOutcome `json:"outcome"`
	Partner string         `json:"partner"`
	// Incumbent is the incumbent decision the eligibility rests on.
	Incumbent IncumbentDecision `json:"incumbent"`
	// DiscountRate is the policy's renewal discount rate, set when the
	// partner is eligible and the policy gives that rate.
	DiscountRate  Rate            `json:"discount_rate,omitzero"`
	Reasons       program.Reasons `json:"reasons"`
	Next          program.Action  `json:"next,omitzero"`
	PolicyVersion string          `json:"policy_version"`
}

// check records every problem of r, each at its JSON Pointer into the
// request document.
func (r RenewalRequest) check(p *program.Problems) {
	checkPartnerID(p, "/partner", r.Partner)
	r.Customer.check(p, "/customer")
	program.CheckEnum(p, "/credit_standing", r.CreditStanding, "credit standing", CreditStandings)
}

// RenewalDiscount decides whether the partner qualifies for the renewal
// discount: it must be the customer's incumbent, in good credit standing,
// engaged with the customer and proactively pursuing the renewal. Every unmet
// requirement is a reason. When the incumbent needs review and nothing else
// fails, so does the eligibility. The decision needs no rates; when the
// policy gives a renewal_discount rate, an eligible decision carries it.
//
// Bad input is an error whose problems are located by JSON Pointers into the
// request document ("/customer/sales/0/date"). A policy that fails
// [Policy.Validate] is reported instead, by pointers into the policy.
func (pol Policy) RenewalDiscount(r RenewalRequest) (RenewalDecision, error) {
	var p program.Problems
	r.check(&p)
	rd, err := pol.prepare(&p)
	if err != nil {
		return RenewalDecision{}, err
	}
	var h history
	h.rank(r.Customer)
	req := r.requirements(&h)
	var d RenewalDecision
	switch {
	case req.failed():
		d.Outcome = Ineligible
	case req.incumbent == incumbencyUnclear:
		d.Outcome = RenewalNeedsReview
	default:
		d.Outcome = Eligible
		d.DiscountRate = rd.table.RenewalDiscount
	}
	// The incumbent's reasons and the renewal's, in one block.
	var w program.ReasonWriter
	var long longNames
	d.Partner, d.PolicyVersion = r.Partner, rd.src.Version
	d.Incumbent = h.explain(rd.src.Version, &w, &long)
	if d.Outcome == RenewalNeedsReview {
		d.Next = d.Incumbent.Next
	}
	n := w.Len()
	req.explain(r, &d.Incumbent, d.Outcome, &w, &long)
	rs := w.Done()
	d.Incumbent.Reasons, d.Reasons = rs.Slice(0, n), rs.Slice(n, rs.Len())
	return d, nil
}

// standing is how the partner stands against the customer's incumbent.
type standing uint8

const (
	isIncumbent       standing = iota
	incumbencyUnclear          // the incumbent needs review, and may be the partner
	notIncumbent               // another partner is, or will be, incumbent
	noIncumbent                // the customer has no incumbent
)

// renewalChecks are the renewal discount's requirements as a request meets
// them.
type renewalChecks struct {
	incumbent                 standing
	credit, engaged, pursuing bool
}

// requirements checks each requirement of r against the incumbent h
// decides.
func (r RenewalRequest) requirements(h *history) renewalChecks {
	q := renewalChecks{credit: r.CreditStanding == CreditGood, engaged: r.CustomerEngaged, pursuing: r.PursuingRenewal}
	switch {
	case h.outcome == IncumbentNeedsReview && len(h.candidates()) > 0 && !slices.Contains(h.candidates(), r.Partner):
		// The review chooses among the candidates; whoever it picks, this
		// partner is not among them.
		q.incumbent = notIncumbent
	case h.outcome == IncumbentNeedsReview:
		q.incumbent = incumbencyUnclear
	case h.outcome == NoIncumbent:
		q.incumbent = noIncumbent
	case h.partner != r.Partner:
		q.incumbent = notIncumbent
	}
	return q
}

// failed reports whether a requirement is unmet (an unclear incumbent is
// not yet either).
func (q renewalChecks) failed() bool {
	return q.incumbent >= notIncumbent || !q.credit || !q.engaged || !q.pursuing
}

// explain writes into w a reason for every requirement unmet, or the one
// that makes the partner eligible, their lists of partner IDs too long
// for a reason into long.
func (q renewalChecks) explain(r RenewalRequest, inc *IncumbentDecision, outcome RenewalOutcome, w *program.ReasonWriter, long *longNames) {
	cite := func(rule *program.Rule, e program.Effect) *program.Facts {
		return w.Cite(rule, e).SetString(0, r.Partner)
	}
	switch q.incumbent {
	case notIncumbent:
		f := cite(&ruleRenewalNotIncumbent, program.Unmet)
		if inc.Outcome == IncumbentNeedsReview {
			f.V = notIncumbentCandidates
			long.setNames(f, 1, inc.Candidates)
		} else {
			f.SetString(1, inc.Partner)
		}
	case noIncumbent:
		cite(&ruleRenewalNotIncumbent, program.Unmet).V = notIncumbentNone
	case incumbencyUnclear:
		cite(&ruleRenewalIncumbentUnclear, program.Unmet)
	}
	if !q.credit {
		cite(&ruleRenewalCredit, program.Unmet).SetString(1, string(r.CreditStanding))
	}
	if !q.engaged {
		cite(&ruleRenewalEngagement, program.Unmet)
	}
	if !q.pursuing {
		cite(&ruleRenewalPursuit, program.Unmet)
	}
	if outcome == Eligible {
		cite(&ruleRenewalEligible, program.Applied)
	}
}
