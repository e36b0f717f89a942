// Package incumbency decides the handbook's renewals and special situations
// ("Renewals and Special Situations": "Incumbency Renewals" and "Tender
// Offers (Multiple Bids)"):
//
//   - [Policy.Incumbent]: which partner is a customer's incumbent, from its
//     sales and its formal written communications, or needs_review when
//     the records tie on the deciding day;
//   - [Policy.RenewalDiscount]: whether a partner qualifies for the renewal
//     discount — incumbent, good credit standing, engaged with the customer,
//     proactively pursuing the renewal — with a reason for each requirement
//     it misses;
//   - [Policy.Tender]: for every bidder on a tender, which pricing elements
//     it qualifies for (partner base, sourced margin, service-attach
//     incentive, the US public-sector exception) and, where the rates are
//     known, the license price of every line.
//
// Entry points are methods on a [Policy]; [Default] is the handbook's policy.
// Every rule a decision can cite is listed by [Rules] under one of
// [Sections].
//
// # Errors are for bad data; facts are decided
//
// An input error is for data that is malformed or impossible: a wrong type,
// an unknown value, an impossible date, a negative amount, a quantity below
// 1, a line priced in another currency than its tender. Valid facts in a
// combination the rules do not expect are decided, never refused: a record
// refused is lost from a CRM batch, one decided needs_review is looked at.
// So two partners selling on the most recent sale day, formal
// communications of one day naming different partners, communications
// naming a partner when the customer has no sale, a partner bidding twice
// on a tender and license discounts adding up to more than 1 are
// needs_review with a reason naming the facts; a tender with no rates is
// decided without prices.
//
// A member is required exactly when the decision reads it, and the JSON
// Schema says so: a sale's partner and date, a communication's partner, date
// and form, the renewal's partner and credit standing, the tender's
// currency, lines (MSRP and quantity), bidders (partner) and a
// registration's status. Two are read only in some inputs, and required
// only there: a tender's opened_at and a registration's approved_at, both
// when a registration is approved. Everything else may be left out: absent
// sales or communications are none, an absent customer history has no
// sales, absent booleans are false (not shown), absent rates are unknown.
//
// Bad input is an error that matches errors.Is(err, program.ErrInvalidInput)
// and locates every problem of the input at once, each by an RFC 6901 JSON
// Pointer into the document the caller sent: the [Customer]
// ("/sales/1/partner"), the [RenewalRequest]
// ("/customer/communications/0/form") or the [Tender]
// ("/lines/0/msrp/currency", "/rates/partner_base"). A policy's problems
// ([Policy.Validate], [ParsePolicy]) are pointers into the policy document
// ("/rates/partner_base"); a decision under a policy that has them reports
// them instead of the input's, since one list of pointers locates values in
// one document. A valid policy never causes an input error: rates it lacks
// are unknown, and rates that add up to more than 1 are reviewed.
//
// # Policies are checked once; reasons are written when read
//
// [Default] and [ParsePolicy] return a compiled policy: checked once, with
// its rates laid out as each tender's starting point. [Policy.Compile]
// compiles a policy built by hand. A decision under a policy changed after
// it was compiled (a field set, the rate table replaced or a rate written
// into it) is still decided correctly, or refused for the policy's
// problems, because the decision compiles it again, each time: call
// Compile again after changing a policy. Treat a built policy's rate table
// as read-only, and replace it rather than writing into it; never change a
// policy while decisions read it.
//
// A decision records, for each reason, the rule and the facts of the case
// its sentence is written from (partner IDs, dates, instants, rates and
// where they come from), and how the rule bore on it ([program.Effect]): a
// renewal's failed requirements and a sourced registration approved too
// late or not approved are unmet; a sourced margin earned and services
// offered are met; the other rules applied. The sentences are written when
// read (JSON encoding, [program.Reason.String]), never while deciding.
// Compare rule IDs, not texts.
//
// # Decisions are read, not written
//
// A decision allocates what it returns, and shares what cannot differ: a
// tender's bids with the same license discount share their line prices and
// total, and bids share the lists of their elements and rule IDs, and
// their discount rate, with other bids and decisions that list the same. Treat a
// decision as read-only (each slice's capacity is its length, so appending
// to one copies it). A renewal's reasons and its incumbent's are one
// allocation; a tender of up to 32 bidders is decided in four (bids,
// the facts its reasons are written from, line prices, and the
// coefficients of the amounts it computes) whatever its number of lines,
// one more when it gives rates of its own, one more beyond 32 bidders,
// and one more for the text of a review. A tender's reasons are written
// when they are read, from facts copied from the tender: changing the
// tender after the decision changes none of them.
//
// # Rates are the caller's
//
// The handbook names the discounts but gives no percentages, so this package
// ships none: [Default] has no [RateTable]. Rates come with each tender
// ([Tender].Rates, a [TenderRates]) or, as defaults, with the policy; a rate
// the tender gives overrides the policy's, rate by rate. Every rate is
// optional and is a decimal string from "0" to "1" ("0.15", never the JSON
// number 0.15, nor "1e-1"). A rate given nowhere is unknown: the element is
// listed without it, and a bid that needs it for its license price is not
// priced (outcome unpriced, rule [RuleTenderRateUnknown]); the tender is
// still decided. The examples and tests use sample rates (0.12, 0.08,
// 0.05, 0.025) that are made up and labelled as such.
//
// # Price and incentives
//
// Amounts are [program.Money] and github.com/shopspring/decimal throughout;
// no float64 is involved. The partner base discount and the sourced margin
// are license discounts: for one bid their rates are added (not
// compounded), their sum must not exceed 1, and it comes off MSRP once:
//
//	price = MSRP × quantity × (1 − partner base − sourced margin)
//
// computed exactly and rounded once, half up, to the currency's minor unit
// (program.Currency.MinorUnits: 2 places for USD and EUR, none for JPY), so
// 0.575 becomes 0.58 and 50.5 yen becomes 51. The rounding is decimal's
// Round, which rounds half away from zero; validation guarantees prices are
// never negative, where that is half up. Nothing is rounded before that: not
// the unit price, not any single discount. A bid's total is the sum of its
// rounded line prices and needs no rounding of its own. The service-attach
// incentive is a services rebate: it is listed among the bid's elements
// with its rate and never taken off the license price. Every line's MSRP
// must be in the tender's currency: a mismatch is an input error, never a
// conversion. Amounts must be non-negative, at most 10^15, with at most
// [MaxScale] decimal places; rates have the same limit on places.
//
// Money's JSON writes an amount at the currency's minor unit: a price of
// 880 USD is written "880.00", 880 JPY "880"; a list amount with more
// places (an MSRP of "0.125" USD) keeps them. A bid's discount_rate, the
// license discount, is a plain decimal string ("0.2").
//
// # Readings where the handbook is silent
//
// Incumbent ([Policy.Incumbent]):
//   - The incumbent is decided by the latest dated event: the most recent
//     sale, or a formal written communication dated after it. "After" is a
//     strictly later date: a communication dated the day of the most recent
//     sale does not move incumbency, nor settle a tie of that day
//     ([RuleLetterOnSaleDay]; changed in issue 12, where it was
//     needs_review). The day after, it moves incumbency.
//   - Several partners selling on the most recent sale day, or the latest
//     communications after the sale, of one day, naming different
//     partners, give needs_review, with the candidates and Ecosystem Ops as
//     the next actor. A formal written communication after a same-day tie
//     settles it.
//   - A communication dated before the most recent sale is superseded by the
//     sale (incumbency can move back to the partner that sold again).
//   - A communication naming the incumbent itself confirms it; Since is then
//     the communication's date. One naming a partner that never sold to the
//     customer moves incumbency to it all the same: the handbook lets
//     incumbency be earned only by such a communication.
//   - Only communications whose [Form] is formal_written count; informal
//     written and verbal ones are reported and ignored.
//   - A customer without sales has no incumbent; if formal communications
//     name a partner anyway, the handbook (which ties incumbency to a sale)
//     does not decide, so the outcome is needs_review.
//
// Renewal discount ([Policy.RenewalDiscount]):
//   - The incumbent is decided from the request's customer history, so
//     eligibility and [Policy.Incumbent] never disagree.
//   - Credit standing is its own enum ([CreditStanding]), separate from the
//     partner's program standing. Engagement and proactive pursuit are
//     booleans; absent means not shown, which fails the requirement with a
//     reason.
//   - A failed requirement outweighs an unclear incumbent: ineligible,
//     listing both. An unclear incumbent with everything else met is
//     needs_review.
//   - The decision needs no rates; when the policy has a renewal_discount
//     rate, an eligible decision reports it.
//
// Tender ([Policy.Tender]):
//   - A sourced registration counts only when approved strictly before the
//     tender opened, compared as instants: approved at the opening instant
//     is too late. Pending and denied registrations never count. The status
//     is the one the registration had when the tender opened; an approval
//     instant beside a pending or denied status is history (an approval
//     after the opening, or one withdrawn) and does not make it count
//     (changed in issue 12: it was an input error).
//   - The US public-sector exception reads "without an approved sourced
//     registration" the same way: a registration approved at or after the
//     opening does not lift the exception.
//   - Under the exception the bidder's license price is MSRP: no license
//     discount ([PubSecMSRP], the default, as DESIGN.md reads it). Its
//     service-attach qualification stands: the incentive is a services
//     rebate, not a license discount (changed in issue 12: the exception
//     withheld it). A caller who reads the exception as withholding only the
//     sourced margin sets us_pubsec_unsourced to "partner_base"
//     ([PubSecPartnerBase]): MSRP less the partner base discount.
//   - An MSRP bid needs no rate, so it is priced even when no rate is known.
//   - The renewal discount is not a tender element: the handbook lists it
//     under incumbency, not among the tender's pricing elements, and a
//     tender cannot carry its rate.
//   - Each line's MSRP is a unit price; quantity multiplies it before the
//     one rounding, so the line price is not quantity × a rounded unit price.
//   - License discounts adding up to more than 1 for a bid leave it
//     unpriced and the tender needs_review ([RuleTenderDiscountsAboveOne];
//     changed in issue 12: it was an input error blaming the policy); a sum
//     of exactly 1 prices the bid at 0.
//   - A partner bidding more than once has each bid decided on its own
//     facts, and the tender needs_review ([RuleTenderRepeatedBidder];
//     changed in issue 12: it was an input error).
//   - The opening instant is read only to date an approved registration, so
//     a tender without one is decided unless a registration is approved
//     (changed in issue 12: it was always required).
//   - Bids come back in the order of the tender's bidders.
//   - Outcome: priced when every bid has its price; unpriced when a rate
//     some bid needs is unknown; needs_review (which wins) as above.
package incumbency
