package incumbency

import (
	"fmt"
	"slices"
	"strings"

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
	DiscountRate  Rate             `json:"discount_rate,omitzero"`
	Reasons       []program.Reason `json:"reasons"`
	Next          program.Action   `json:"next,omitzero"`
	PolicyVersion string           `json:"policy_version"`
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
	if err := pol.Validate(); err != nil {
		return RenewalDecision{}, err
	}
	var p program.Problems
	r.check(&p)
	if err := p.Err(); err != nil {
		return RenewalDecision{}, err
	}
	inc := pol.incumbent(r.Customer)
	d := RenewalDecision{Partner: r.Partner, Incumbent: inc, PolicyVersion: pol.Version}
	add := func(id program.RuleID, format string, args ...any) {
		d.Reasons = append(d.Reasons, program.NewReason(id, SectionIncumbency, program.Applied, fmt.Sprintf(format, args...)))
	}
	failed, unclear := false, false
	switch {
	case inc.Outcome == IncumbentNeedsReview && len(inc.Candidates) > 0 && !slices.Contains(inc.Candidates, r.Partner):
		// The review chooses among the candidates; whoever it picks, this
		// partner is not among them.
		failed = true
		add(RuleRenewalNotIncumbent, "the incumbent will be one of %s, not %s", strings.Join(inc.Candidates, ", "), r.Partner)
	case inc.Outcome == IncumbentNeedsReview:
		unclear = true
		add(RuleRenewalIncumbentUnclear, "the customer's incumbent needs review, so %s's incumbency is not established", r.Partner)
	case inc.Outcome == NoIncumbent:
		failed = true
		add(RuleRenewalNotIncumbent, "the customer has no incumbent; %s is not one", r.Partner)
	case inc.Partner != r.Partner:
		failed = true
		add(RuleRenewalNotIncumbent, "%s is the incumbent, not %s", inc.Partner, r.Partner)
	}
	if r.CreditStanding != CreditGood {
		failed = true
		add(RuleRenewalCredit, "%s's credit standing is %s, not good", r.Partner, r.CreditStanding)
	}
	if !r.CustomerEngaged {
		failed = true
		add(RuleRenewalEngagement, "%s is not shown to be engaged with the customer", r.Partner)
	}
	if !r.PursuingRenewal {
		failed = true
		add(RuleRenewalPursuit, "%s is not shown to be pursuing the renewal proactively", r.Partner)
	}
	switch {
	case failed:
		d.Outcome = Ineligible
	case unclear:
		d.Outcome = RenewalNeedsReview
		d.Next = inc.Next
	default:
		d.Outcome = Eligible
		add(RuleRenewalEligible, "%s is the incumbent, in good credit standing, engaged with the customer and pursuing the renewal", r.Partner)
		if pol.Rates != nil {
			d.DiscountRate = pol.Rates.RenewalDiscount
		}
	}
	return d, nil
}
