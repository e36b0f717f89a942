package incumbency

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

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

// The rules, each declared once with its section and how its reason is
// written. Reasons of the incumbent and the renewal keep partner IDs in
// string slots; the tender's start with the bidder (S[0]) and keep a rate's
// origin in S[1] ("tender", "policy"; V 1 when the rate is unknown).
var (
	ruleNoSales = program.Rule{ID: RuleNoSales, Section: SectionIncumbency,
		Summary: "no sale on record: no incumbent",
		Text:    program.Templates("the customer has no sale on record")}
	ruleLetterWithoutSale = program.Rule{ID: RuleLetterWithoutSale, Section: SectionIncumbency,
		Summary: "a written communication without any sale: review",
		Text: func(b []byte, f program.Facts) []byte {
			b = appendNames(append(b, "formal written communications name "...), &f, 0)
			return append(b, " but no partner has sold to the customer"...)
		}}
	ruleLastSale = program.Rule{ID: RuleLastSale, Section: SectionIncumbency,
		Summary: "the partner of the most recent sale is incumbent",
		Text:    program.Templates("{s0} transacted the most recent sale, on {d0}")}
	ruleSameDaySales = program.Rule{ID: RuleSameDaySales, Section: SectionIncumbency,
		Summary: "several partners sold on the most recent sale day: review unless a later communication decides",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(appendNames(b, &f, 0), " all transacted sales on "...)
			return append(f.AppendDate(b, 0), ", the most recent sale day"...)
		}}
	ruleLetterBeforeSale = program.Rule{ID: RuleLetterBeforeSale, Section: SectionIncumbency,
		Summary: "a written communication before the most recent sale is superseded",
		Text:    program.Templates("{n0} formal written communication(s) dated before the sale of {d1} do not count")}
	ruleLetterOnSaleDay = program.Rule{ID: RuleLetterOnSaleDay, Section: SectionIncumbency,
		Summary: "a written communication dated the day of the most recent sale is not after it: it moves nothing",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(f.AppendDate(append(b, "formal written communication(s) of "...), 0), ", the day of the most recent sale, name "...)
			return append(appendNames(b, &f, 0), "; only a communication dated after the sale moves incumbency"...)
		}}
	ruleWrittenTransfer = program.Rule{ID: RuleWrittenTransfer, Section: SectionIncumbency,
		Summary: "a formal written communication after the most recent sale names the incumbent",
		Text: program.Templates(
			"the customer's formal written communication of {d0}, after the sale of {d1}, names {s0}: incumbency moves to it",
			"the customer's formal written communication of {d0} confirms {s0}")}
	ruleSameDayConflict = program.Rule{ID: RuleSameDayConflict, Section: SectionIncumbency,
		Summary: "the latest written communications after the sale, of one day, name different partners: review",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(f.AppendDate(append(b, "formal written communications of "...), 0), " name different partners: "...)
			return appendNames(b, &f, 0)
		}}
	ruleInformalIgnored = program.Rule{ID: RuleInformalIgnored, Section: SectionIncumbency,
		Summary: "only formal written communications move incumbency",
		Text: func(b []byte, f program.Facts) []byte {
			b = appendNames(append(b, "communications naming "...), &f, 0)
			return append(b, " are not formal and written, so they cannot move incumbency"...)
		}}

	ruleRenewalEligible = program.Rule{ID: RuleRenewalEligible, Section: SectionIncumbency,
		Summary: "incumbent, good credit, engaged and pursuing: eligible for the renewal discount",
		Text:    program.Templates("{s0} is the incumbent, in good credit standing, engaged with the customer and pursuing the renewal")}
	// V: notIncumbentOther, notIncumbentNone, or notIncumbentCandidates.
	ruleRenewalNotIncumbent = program.Rule{ID: RuleRenewalNotIncumbent, Section: SectionIncumbency,
		Summary: "only the incumbent gets the renewal discount",
		Text: func(b []byte, f program.Facts) []byte {
			switch f.V {
			case notIncumbentCandidates:
				b = appendNames(append(b, "the incumbent will be one of "...), &f, 1)
				return append(append(b, ", not "...), f.S[0]...)
			case notIncumbentNone:
				return append(append(append(b, "the customer has no incumbent; "...), f.S[0]...), " is not one"...)
			}
			return append(append(append(b, f.S[1]...), " is the incumbent, not "...), f.S[0]...)
		}}
	ruleRenewalIncumbentUnclear = program.Rule{ID: RuleRenewalIncumbentUnclear, Section: SectionIncumbency,
		Summary: "the incumbent needs review",
		Text:    program.Templates("the customer's incumbent needs review, so {s0}'s incumbency is not established")}
	ruleRenewalCredit = program.Rule{ID: RuleRenewalCredit, Section: SectionIncumbency,
		Summary: "good credit standing is required",
		Text:    program.Templates("{s0}'s credit standing is {s1}, not good")}
	ruleRenewalEngagement = program.Rule{ID: RuleRenewalEngagement, Section: SectionIncumbency,
		Summary: "engagement with the customer is required",
		Text:    program.Templates("{s0} is not shown to be engaged with the customer")}
	ruleRenewalPursuit = program.Rule{ID: RuleRenewalPursuit, Section: SectionIncumbency,
		Summary: "proactive pursuit of the renewal is required",
		Text:    program.Templates("{s0} is not shown to be pursuing the renewal proactively")}

	ruleTenderPartnerBase = program.Rule{ID: RuleTenderPartnerBase, Section: SectionTender,
		Summary: "every bidder gets the partner base discount",
		Text:    withRate(program.Templates("{s0}: partner base discount "), 0, " applies to every bidder")}
	ruleTenderSourcedMargin = program.Rule{ID: RuleTenderSourcedMargin, Section: SectionTender,
		Summary: "a sourced registration approved before the opening adds the sourced margin",
		Text:    withRate(program.Templates("{s0}: sourced registration approved {t0}, before the tender opened {t1}: sourced margin "), 1, "")}
	ruleTenderSourcedLate = program.Rule{ID: RuleTenderSourcedLate, Section: SectionTender,
		Summary: "a sourced registration approved at or after the opening adds nothing",
		Text:    program.Templates("{s0}: sourced registration approved {t0}, not before the tender opened {t1}: no sourced margin")}
	ruleTenderSourcedNotApproved = program.Rule{ID: RuleTenderSourcedNotApproved, Section: SectionTender,
		Summary: "a pending or denied sourced registration adds nothing",
		Text: program.Templates(
			"{s0}: sourced registration is {s1}, not approved: no sourced margin",
			"{s0}: sourced registration is {s1}, not approved, when the tender opened (the approval it records, {t0}, does not change its status): no sourced margin")}
	ruleTenderServiceAttach = program.Rule{ID: RuleTenderServiceAttach, Section: SectionTender,
		Summary: "offering services earns the service-attach incentive, a services rebate beside the license price",
		Text: withRate(program.Templates("{s0}: offers services: service-attach incentive "), 2,
			", a services rebate listed beside the license price, not taken off it")}
	// V: pubSecMSRP or pubSecPartnerBase, plus pubSecServices.
	ruleTenderUSPubSec = program.Rule{ID: RuleTenderUSPubSec, Section: SectionTender,
		Summary: "US public sector without an early approved sourced registration: MSRP license price; the service-attach incentive stands",
		Text: program.Templates(
			"{s0}: US public-sector tender without a sourced registration approved before it opened: the license price is MSRP, with no license discount",
			"{s0}: US public-sector tender without a sourced registration approved before it opened: the license price is MSRP less the partner base discount only",
			"{s0}: US public-sector tender without a sourced registration approved before it opened: the license price is MSRP, with no license discount; the service-attach incentive stands",
			"{s0}: US public-sector tender without a sourced registration approved before it opened: the license price is MSRP less the partner base discount only; the service-attach incentive stands")}
	// N[0]: the elements without a rate (elementBits); V 1 when the license
	// price does not depend on them.
	ruleTenderRateUnknown = program.Rule{ID: RuleTenderRateUnknown, Section: SectionTender,
		Summary: "a rate known neither from the tender nor the policy: the element is listed without it; a license discount without a rate leaves the bid unpriced",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(append(b, f.S[0]...), ": neither the tender nor the policy gives the rate of "...)
			sep := ""
			for i, e := range Elements {
				if f.N[0]&(1<<i) != 0 {
					b = append(append(b, sep...), e...)
					sep = " and "
				}
			}
			if f.V == 1 {
				return append(b, ": the incentive is listed without a rate; the license price does not depend on it"...)
			}
			return append(b, ": the bid is not priced"...)
		}}
	// N[0]: the license discounts that apply (elementBits), their rates in
	// D[0] (partner base) and D[1] (sourced margin).
	ruleTenderDiscountsAboveOne = program.Rule{ID: RuleTenderDiscountsAboveOne, Section: SectionTender,
		Summary: "license discounts adding up to more than 1: not priced, review",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(append(b, f.S[0]...), ": license discounts "...)
			sum, sep := decimal.Zero, ""
			for i, e := range Elements[:2] {
				if f.N[0]&(1<<i) != 0 {
					b = appendDecimal(append(append(append(b, sep...), e...), ' '), f.D[i])
					sum, sep = sum.Add(f.D[i]), " + "
				}
			}
			b = append(append(append(b, " add up to "...), sum.String()...), ", more than 1: the bid is not priced"...)
			return b
		}}
	ruleTenderRepeatedBidder = program.Rule{ID: RuleTenderRepeatedBidder, Section: SectionTender,
		Summary: "a partner bidding more than once: each bid decided, review which stands",
		Text:    program.Templates("{s0}: also bids at /bidders/{n0}; each bid is decided on its own facts, and which one stands is for a person")}
)

// Variants of the renewal's not-incumbent reason.
const (
	notIncumbentOther      = iota // S[1] is the incumbent
	notIncumbentNone              // the customer has no incumbent
	notIncumbentCandidates        // the review chooses among the names from S[1]
)

// Variants of the US public-sector reason.
const (
	pubSecMSRP        = 0
	pubSecPartnerBase = 1
	pubSecServices    = 2 // added: the bidder offers services
)

// The variant bits of an element's reason (withRate).
const (
	rateUnknown    = 1 // neither the tender nor the policy gives the rate
	rateFromTender = 2 // the tender gives it; else the policy
)

// rules lists every rule, in handbook order.
var rules = []*program.Rule{
	&ruleNoSales, &ruleLetterWithoutSale, &ruleLastSale, &ruleSameDaySales, &ruleLetterBeforeSale,
	&ruleLetterOnSaleDay, &ruleWrittenTransfer, &ruleSameDayConflict, &ruleInformalIgnored,
	&ruleRenewalEligible, &ruleRenewalNotIncumbent, &ruleRenewalIncumbentUnclear, &ruleRenewalCredit,
	&ruleRenewalEngagement, &ruleRenewalPursuit,
	&ruleTenderPartnerBase, &ruleTenderSourcedMargin, &ruleTenderSourcedLate, &ruleTenderSourcedNotApproved,
	&ruleTenderServiceAttach, &ruleTenderUSPubSec, &ruleTenderRateUnknown, &ruleTenderDiscountsAboveOne,
	&ruleTenderRepeatedBidder,
}

// Every rule is declared when the package is initialized, so that reasons
// cite it by its index (program.DeclareEach).
func init() { program.DeclareEach(rules...) }

// Rules lists every rule the package can cite, in handbook order.
func Rules() []program.Rule {
	out := make([]program.Rule, len(rules))
	for i, r := range rules {
		out[i] = *r
	}
	return out
}

// withRate is the text of an element's reason: head, the rate of the
// element at index elem of the laid-out rates the reason refers to and
// where it comes from, or that it is unknown (see knownRate.cite), then
// tail.
func withRate(head program.Text, elem int, tail string) program.Text {
	return func(b []byte, f program.Facts) []byte {
		v := f.V
		f.V = 0 // the variant is the rate's, not head's
		b = head(b, f)
		laid, ok := f.Ref.(*laidRates)
		if v&rateUnknown != 0 || !ok || laid == nil {
			return append(append(b, "(rate unknown)"...), tail...)
		}
		b = appendDecimal(b, laid.elems[elem].Rate.value)
		from := " (policy rate)"
		if v&rateFromTender != 0 {
			from = " (tender rate)"
		}
		return append(append(b, from...), tail...)
	}
}

// appendDecimal writes d as d.String() does, without allocating when its
// coefficient fits 64 bits. (For program.Facts.AppendDecimal to use.)
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	f, ok := fixedOf(d)
	if !ok || f.exp > 0 || !decimal.TrimTrailingZeros || decimal.UseScientificNotation {
		return append(b, d.String()...)
	}
	var buf [20]byte
	digits := strconv.AppendUint(buf[:0], f.coef, 10)
	point := len(digits) + int(f.exp) // digits before the point
	if point > 0 {
		b = append(b, digits[:point]...)
	} else {
		b = append(b, '0')
	}
	frac := digits[max(point, 0):]
	for len(frac) > 0 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	if len(frac) == 0 {
		return b
	}
	b = append(b, '.')
	for range -point {
		b = append(b, '0')
	}
	return append(b, frac...)
}

// The fact slots of a list of partner IDs: its length, and where it
// starts among a decision's long lists.
const (
	nameStart = 4
	nameCount = 5
)

// longNames are the lists of partner IDs that a decision's reasons name
// and that do not fit their string slots, one after another: made for the
// first such list, and then the one Facts.Ref all the decision's reasons
// share (a writer takes one per decision). Nothing changes it once the
// decision is made.
type longNames struct{ ids *[]string }

// setNames records a sorted list of partner IDs for a reason's text: in
// the string slots from first when they fit, or else in a copy among the
// decision's long lists, which the reason refers to. The IDs are the
// input's own strings; nothing is formatted.
func (l *longNames) setNames(f *program.Facts, first int, names []string) {
	f.N[nameCount] = int64(len(names))
	if len(names) <= len(f.S)-first {
		copy(f.S[first:], names)
		return
	}
	if l.ids == nil {
		l.ids = new([]string)
	}
	f.N[nameStart] = int64(len(*l.ids))
	*l.ids = append(*l.ids, names...)
	f.Ref = l.ids
}

// appendNames writes the list setNames recorded, separated by commas.
func appendNames(b []byte, f *program.Facts, first int) []byte {
	names := f.S[first:]
	if list, ok := f.Ref.(*[]string); ok {
		names = (*list)[f.N[nameStart]:]
	}
	for i, n := range names[:f.N[nameCount]] {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, n...)
	}
	return b
}
