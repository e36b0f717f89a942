package incumbency_test

import (
	"strconv"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// A member an input requires must be one its decision reads (DESIGN.md
// section 3, rule 4). requires lists every member the inputs of incumbency
// require, with the rules that read it; TestRequiredExactlyWhenRead holds
// the package to it both ways (see casetest.Requirements). Tagging a member
// required without listing it here fails; so does listing one no change of
// which (nor any of its probes) changes a decision. Removing any other
// member of a deciding case still decides, except the two tender members
// the schema leaves optional but the decision reads when a sourced
// registration is approved: then the problem is reported at that member
// alone.
var requires = func() []casetest.Requirement {
	out := customerRequires("incumbency.incumbent", "", "incumbency-incumbent-single-sale", 0, "incumbency-incumbent-transfer-after-sale")
	out = append(out,
		probed(casetest.Required("incumbency.renewal_discount", "/partner", "the partner asking must be the incumbent",
			incumbency.RuleRenewalNotIncumbent),
			"incumbency-renewal-eligible", "/partner", `"borealis"`),
		probed(casetest.Required("incumbency.renewal_discount", "/credit_standing", "good credit standing is a requirement",
			incumbency.RuleRenewalCredit),
			"incumbency-renewal-eligible", "/credit_standing", `"poor"`),
	)
	out = append(out, customerRequires("incumbency.renewal_discount", "/customer", "incumbency-renewal-eligible", 1, "incumbency-renewal-incumbent-by-letter")...)
	return append(out, tenderRequires()...)
}()

// probed returns q with a probe: case c with its input edited by the
// pointer and JSON text pairs set, whose decision must differ from c's.
func probed(q casetest.Requirement, c string, set ...string) casetest.Requirement {
	p := casetest.Probe{Case: c, Set: map[string]string{}}
	for i := 0; i+1 < len(set); i += 2 {
		p.Set[set[i]] = set[i+1]
	}
	q.Probes = append(q.Probes, p)
	return q
}

// customerRequires lists the members of a customer history, below the
// customer's pointer prefix, that deciding an incumbent reads, for
// operation op; the probes change the most recent sale (at index last) of
// case bySale and the letter of case byLetter.
func customerRequires(op, prefix, bySale string, last int, byLetter string) []casetest.Requirement {
	return []casetest.Requirement{
		probed(casetest.Required(op, prefix+"/sales/*/partner", "the partner of the most recent sale is the incumbent",
			incumbency.RuleLastSale, incumbency.RuleSameDaySales),
			bySale, prefix+"/sales/"+strconv.Itoa(last)+"/partner", `"zeta"`),
		probed(casetest.Required(op, prefix+"/sales/*/date", "which sale is the most recent, and which communications come after it",
			incumbency.RuleLastSale, incumbency.RuleLetterBeforeSale, incumbency.RuleLetterOnSaleDay),
			byLetter, prefix+"/sales/0/date", `"2025-12-01"`),
		probed(casetest.Required(op, prefix+"/communications/*/partner", "the partner a formal written communication names",
			incumbency.RuleWrittenTransfer),
			byLetter, prefix+"/communications/0/partner", `"zeta"`),
		probed(casetest.Required(op, prefix+"/communications/*/date", "whether the communication is dated after the most recent sale",
			incumbency.RuleWrittenTransfer, incumbency.RuleLetterBeforeSale, incumbency.RuleLetterOnSaleDay),
			byLetter, prefix+"/communications/0/date", `"2025-01-01"`),
		probed(casetest.Required(op, prefix+"/communications/*/form", "only a formal written communication moves incumbency",
			incumbency.RuleInformalIgnored),
			byLetter, prefix+"/communications/0/form", `"verbal"`),
	}
}

// tenderRequires lists the members of a tender that pricing its bids reads.
func tenderRequires() []casetest.Requirement {
	const op = "incumbency.tender"
	return []casetest.Requirement{
		probed(casetest.Required(op, "/currency", "every price is rounded once to the currency's minor unit",
			incumbency.RuleTenderPartnerBase),
			"incumbency-tender-round-half-cent", "/currency", `"JPY"`, "/lines/0/msrp/currency", `"JPY"`),
		probed(casetest.Required(op, "/lines", "every line of a bid is priced",
			incumbency.RuleTenderPartnerBase),
			"incumbency-tender-partner-base-alone", "/lines", `[{"msrp":{"amount":"50.00","currency":"USD"},"quantity":1}]`),
		probed(casetest.Required(op, "/lines/*/msrp", "the unit list price a line's price comes from",
			incumbency.RuleTenderPartnerBase),
			"incumbency-tender-partner-base-alone", "/lines/0/msrp", `{"amount":"50.00","currency":"USD"}`),
		probed(casetest.Required(op, "/lines/*/msrp/amount", "the unit list price a line's price comes from",
			incumbency.RuleTenderPartnerBase),
			"incumbency-tender-partner-base-alone", "/lines/0/msrp/amount", `"50.00"`),
		probed(casetest.Required(op, "/lines/*/msrp/currency", "the price's currency; never mixed with the tender's",
			incumbency.RuleTenderPartnerBase),
			"incumbency-tender-round-half-cent", "/currency", `"JPY"`, "/lines/0/msrp/currency", `"JPY"`),
		probed(casetest.Required(op, "/lines/*/quantity", "multiplies MSRP before the one rounding",
			incumbency.RuleTenderPartnerBase),
			"incumbency-tender-partner-base-alone", "/lines/0/quantity", `3`),
		probed(casetest.Required(op, "/bidders", "every bidder gets a bid",
			incumbency.RuleTenderPartnerBase),
			"incumbency-tender-partner-base-alone", "/bidders", `[{"partner":"acme"},{"partner":"zeta"}]`),
		probed(casetest.Required(op, "/bidders/*/partner", "a partner bidding twice is reviewed",
			incumbency.RuleTenderRepeatedBidder),
			"incumbency-tender-repeated-bidder", "/bidders/2/partner", `"zeta"`),
		probed(casetest.Required(op, "/bidders/*/sourced_registration/status", "only an approved registration earns the sourced margin",
			incumbency.RuleTenderSourcedMargin, incumbency.RuleTenderSourcedNotApproved),
			"incumbency-tender-base-and-sourced", "/bidders/0/sourced_registration/status", `"denied"`, "/bidders/0/sourced_registration/approved_at", `null`),
		{Op: op, Pointer: "/opened_at", When: anyApproved,
			Rules: []program.RuleID{incumbency.RuleTenderSourcedMargin, incumbency.RuleTenderSourcedLate},
			Why:   "an approved sourced registration counts only if approved before the opening"},
		{Op: op, Pointer: "/bidders/*/sourced_registration/approved_at",
			When:  func(s casetest.Situation) bool { return s.Parent()["status"] == "approved" },
			Rules: []program.RuleID{incumbency.RuleTenderSourcedMargin, incumbency.RuleTenderSourcedLate},
			Why:   "an approved registration's approval instant is compared with the opening"},
	}
}

// anyApproved reports whether some bidder's sourced registration is
// approved.
func anyApproved(s casetest.Situation) bool {
	bidders, _ := s.Get("/bidders").([]any)
	for i := range bidders {
		if s.Get(program.Path(program.Index("/bidders", i), "sourced_registration", "status")) == "approved" {
			return true
		}
	}
	return false
}

// TestRequiredExactlyWhenRead holds the inputs of incumbency to "a member
// is required exactly when the decision reads it", on every deciding case
// of the case book (see casetest.Requirements).
func TestRequiredExactlyWhenRead(t *testing.T) {
	casetest.Requirements(t, channelpolicy.Incumbency(), casetest.Load(t, "../testdata/incumbency"), requires)
}
