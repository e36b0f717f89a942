package incumbency

import "github.com/channelpolicy/channelpolicy/program"

// Handbook section headings this package's rules come from (the subsections
// of "Renewals and Special Situations").
const (
	SectionIncumbency = "Incumbency Renewals"
	SectionTender     = "Tender Offers (Multiple Bids)"
)

// Sections lists the handbook sections the package covers, in handbook order.
var Sections = []string{SectionIncumbency, SectionTender}

// Rule IDs of [Policy.Incumbent].
const (
	// RuleNoSales: the customer has no sale on record, so no partner is
	// incumbent.
	RuleNoSales program.RuleID = "incumbency.incumbent.no_sales"
	// RuleLetterWithoutSale: formal written communications name a partner but
	// the customer has no sale; the handbook ties incumbency to a sale, so a
	// person decides.
	RuleLetterWithoutSale program.RuleID = "incumbency.incumbent.letter_without_sale"
	// RuleLastSale: one partner transacted the most recent sale.
	RuleLastSale program.RuleID = "incumbency.incumbent.last_sale"
	// RuleSameDaySales: several partners transacted sales on the most recent
	// sale day; without a later written communication a person decides.
	RuleSameDaySales program.RuleID = "incumbency.incumbent.same_day_sales"
	// RuleLetterBeforeSale: formal written communications dated before the
	// most recent sale are superseded by it.
	RuleLetterBeforeSale program.RuleID = "incumbency.incumbent.letter_before_sale"
	// RuleLetterOnSaleDay: formal written communications dated the day of
	// the most recent sale name a partner other than the incumbent; "after"
	// the sale is a strictly later date, so they neither move incumbency nor
	// settle a same-day tie.
	RuleLetterOnSaleDay program.RuleID = "incumbency.incumbent.letter_on_sale_day"
	// RuleWrittenTransfer: the latest formal written communication dated after
	// the most recent sale names the incumbent (moving or confirming it).
	RuleWrittenTransfer program.RuleID = "incumbency.incumbent.written_transfer"
	// RuleSameDayConflict: the latest formal written communications dated
	// after the most recent sale are of one day and name different partners.
	RuleSameDayConflict program.RuleID = "incumbency.incumbent.same_day_conflict"
	// RuleInformalIgnored: a communication that is not formal and written
	// cannot move incumbency.
	RuleInformalIgnored program.RuleID = "incumbency.incumbent.informal_ignored"
)

// Rule IDs of [Policy.RenewalDiscount].
const (
	// RuleRenewalEligible: every requirement is met.
	RuleRenewalEligible program.RuleID = "incumbency.renewal.eligible"
	// RuleRenewalNotIncumbent: the partner is not the customer's incumbent.
	RuleRenewalNotIncumbent program.RuleID = "incumbency.renewal.not_incumbent"
	// RuleRenewalIncumbentUnclear: the incumbent needs review, so eligibility
	// does too.
	RuleRenewalIncumbentUnclear program.RuleID = "incumbency.renewal.incumbent_unclear"
	// RuleRenewalCredit: the partner is not in good credit standing.
	RuleRenewalCredit program.RuleID = "incumbency.renewal.credit_standing"
	// RuleRenewalEngagement: the partner is not engaged with the customer.
	RuleRenewalEngagement program.RuleID = "incumbency.renewal.customer_engagement"
	// RuleRenewalPursuit: the partner is not proactively pursuing the renewal.
	RuleRenewalPursuit program.RuleID = "incumbency.renewal.proactive_pursuit"
)

// Rule IDs of [Policy.Tender], cited per bidder.
const (
	// RuleTenderPartnerBase: the bidder gets the partner base discount.
	RuleTenderPartnerBase program.RuleID = "incumbency.tender.partner_base"
	// RuleTenderSourcedMargin: the bidder's partner-sourced registration was
	// approved before the tender opened, so it gets the sourced margin.
	RuleTenderSourcedMargin program.RuleID = "incumbency.tender.sourced_margin"
	// RuleTenderSourcedLate: the registration was approved at or after the
	// opening: no sourced margin.
	RuleTenderSourcedLate program.RuleID = "incumbency.tender.sourced_late"
	// RuleTenderSourcedNotApproved: the registration is pending or denied: no
	// sourced margin.
	RuleTenderSourcedNotApproved program.RuleID = "incumbency.tender.sourced_not_approved"
	// RuleTenderServiceAttach: the bidder offers services, so it gets the
	// service-attach incentive: a services rebate listed on the bid with its
	// rate, not taken off the license price. The US public-sector exception
	// leaves it standing.
	RuleTenderServiceAttach program.RuleID = "incumbency.tender.service_attach"
	// RuleTenderUSPubSec: a US public-sector tender and no sourced
	// registration approved before the opening: the license price is MSRP
	// (or, under the alternative reading, MSRP less the partner base
	// discount).
	RuleTenderUSPubSec program.RuleID = "incumbency.tender.us_pubsec_exception"
	// RuleTenderRateUnknown: neither the tender nor the policy gives the rate
	// of an element the bidder qualifies for. The element is listed without
	// a rate; a license discount without its rate leaves the bid unpriced.
	RuleTenderRateUnknown program.RuleID = "incumbency.tender.rate_unknown"
	// RuleTenderDiscountsAboveOne: the bidder's license discounts add up to
	// more than 1, which would price below zero: the bid is not priced and a
	// person reviews the rates.
	RuleTenderDiscountsAboveOne program.RuleID = "incumbency.tender.discounts_above_one"
	// RuleTenderRepeatedBidder: the partner bids more than once on the
	// tender. Each bid is decided on its own facts; which one stands is for a
	// person.
	RuleTenderRepeatedBidder program.RuleID = "incumbency.tender.repeated_bidder"
)

// Rules lists every rule the package can cite, in handbook order.
func Rules() []program.Rule {
	return []program.Rule{
		{ID: RuleNoSales, Section: SectionIncumbency, Summary: "no sale on record: no incumbent"},
		{ID: RuleLetterWithoutSale, Section: SectionIncumbency, Summary: "a written communication without any sale: review"},
		{ID: RuleLastSale, Section: SectionIncumbency, Summary: "the partner of the most recent sale is incumbent"},
		{ID: RuleSameDaySales, Section: SectionIncumbency, Summary: "several partners sold on the most recent sale day: review unless a later communication decides"},
		{ID: RuleLetterBeforeSale, Section: SectionIncumbency, Summary: "a written communication before the most recent sale is superseded"},
		{ID: RuleLetterOnSaleDay, Section: SectionIncumbency, Summary: "a written communication dated the day of the most recent sale is not after it: it moves nothing"},
		{ID: RuleWrittenTransfer, Section: SectionIncumbency, Summary: "a formal written communication after the most recent sale names the incumbent"},
		{ID: RuleSameDayConflict, Section: SectionIncumbency, Summary: "the latest written communications after the sale, of one day, name different partners: review"},
		{ID: RuleInformalIgnored, Section: SectionIncumbency, Summary: "only formal written communications move incumbency"},
		{ID: RuleRenewalEligible, Section: SectionIncumbency, Summary: "incumbent, good credit, engaged and pursuing: eligible for the renewal discount"},
		{ID: RuleRenewalNotIncumbent, Section: SectionIncumbency, Summary: "only the incumbent gets the renewal discount"},
		{ID: RuleRenewalIncumbentUnclear, Section: SectionIncumbency, Summary: "the incumbent needs review"},
		{ID: RuleRenewalCredit, Section: SectionIncumbency, Summary: "good credit standing is required"},
		{ID: RuleRenewalEngagement, Section: SectionIncumbency, Summary: "engagement with the customer is required"},
		{ID: RuleRenewalPursuit, Section: SectionIncumbency, Summary: "proactive pursuit of the renewal is required"},
		{ID: RuleTenderPartnerBase, Section: SectionTender, Summary: "every bidder gets the partner base discount"},
		{ID: RuleTenderSourcedMargin, Section: SectionTender, Summary: "a sourced registration approved before the opening adds the sourced margin"},
		{ID: RuleTenderSourcedLate, Section: SectionTender, Summary: "a sourced registration approved at or after the opening adds nothing"},
		{ID: RuleTenderSourcedNotApproved, Section: SectionTender, Summary: "a pending or denied sourced registration adds nothing"},
		{ID: RuleTenderServiceAttach, Section: SectionTender, Summary: "offering services earns the service-attach incentive, a services rebate beside the license price"},
		{ID: RuleTenderUSPubSec, Section: SectionTender, Summary: "US public sector without an early approved sourced registration: MSRP license price; the service-attach incentive stands"},
		{ID: RuleTenderRateUnknown, Section: SectionTender, Summary: "a rate known neither from the tender nor the policy: the element is listed without it; a license discount without a rate leaves the bid unpriced"},
		{ID: RuleTenderDiscountsAboveOne, Section: SectionTender, Summary: "license discounts adding up to more than 1: not priced, review"},
		{ID: RuleTenderRepeatedBidder, Section: SectionTender, Summary: "a partner bidding more than once: each bid decided, review which stands"},
	}
}
