// Package incumbency decides the handbook's renewals and special situations
// ("Renewals and Special Situations": "Incumbency Renewals" and "Tender
// Offers (Multiple Bids)"):
//
//   - [Policy.Incumbent]: which partner is a customer's incumbent, from its
//     sales and its formal written communications, or needs_review when
//     the records conflict on the deciding day;
//   - [Policy.RenewalDiscount]: whether a partner qualifies for the renewal
//     discount — incumbent, good credit standing, engaged with the customer,
//     proactively pursuing the renewal — with a reason for each requirement
//     it misses;
//   - [Policy.Tender]: for every bidder on a tender, which pricing elements
//     apply (partner base, sourced margin, service-attach incentive, the US
//     public-sector exception) and the price of every line.
//
// Entry points are methods on a [Policy]; [Default] is the handbook's policy.
// Every rule a decision can cite is listed by [Rules] under one of
// [Sections]. Bad input is an error naming the field ("tender.bidders[2].partner")
// that matches errors.Is(err, program.ErrInvalidInput); every problem of one
// input is reported at once. Error paths start at the input's root:
// "customer" for [Customer], "request" for [RenewalRequest], "tender" for
// [Tender], and "policy" for the policy.
//
// # Rates are the caller's
//
// The handbook names the discounts but gives no percentages, so this package
// ships none: [Default] has no [RateTable], and [Policy.Tender] without one
// is an input error naming policy.rates, never a silent zero discount. A
// table has four rates (partner_base, sourced_margin, renewal_discount,
// service_attach), each a decimal string from "0" to "1"; all four are
// required once a table is given. The examples and tests use sample rates
// (0.12, 0.08, 0.05, 0.025) that are made up and labelled as such.
//
// # Money
//
// Amounts are [program.Money] and github.com/shopspring/decimal throughout;
// no float64 is involved. For one bid the applicable rates are added (not
// compounded) and their sum, which must not exceed 1, comes off MSRP once:
//
//	price = MSRP × quantity × (1 − sum of rates)
//
// computed exactly and rounded once, half up, to the currency's minor unit
// (program.Currency.MinorUnits: 2 places for USD and EUR, none for JPY), so
// 0.575 becomes 0.58 and 50.5 yen becomes 51. The rounding is decimal's
// Round, which rounds half away from zero; validation guarantees prices are
// never negative, where that is half up. Nothing is rounded before that: not
// the unit price, not any single discount. A bid's total is the sum of its
// rounded line prices and needs no rounding of its own. Every line's MSRP
// must be in the tender's currency: a mismatch is an input error, never a
// conversion. Amounts must be non-negative, at most 10^15, with at
// most [MaxScale] decimal places; rates have the same limit on places.
//
// Decimal's JSON drops trailing zeros, so a price of 880.00 is written as
// "880"; format with StringFixed(MinorUnits) for display.
//
// # Readings where the handbook is silent
//
// Incumbent ([Policy.Incumbent]):
//   - The incumbent is decided by the latest dated event: the most recent
//     sale, or a formal written communication dated after it. Dates are
//     calendar dates, so two events on one day have no order: several
//     partners selling on the most recent sale day, a communication on that
//     day naming a partner other than the seller, or communications on the
//     latest day naming different partners give needs_review, with the
//     candidates and Ecosystem Ops as the next actor.
//   - A formal written communication after a same-day tie settles it.
//   - A communication dated before the most recent sale is superseded by the
//     sale (incumbency can move back to the partner that sold again).
//   - A communication naming the incumbent itself confirms it; Since is then
//     the communication's date.
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
//   - A failed requirement outweighs an unclear incumbent: not_eligible,
//     listing both. An unclear incumbent with everything else met is
//     needs_review.
//   - The decision needs no rate table; when the policy has one, an eligible
//     decision reports its renewal_discount rate.
//
// Tender ([Policy.Tender]):
//   - A sourced registration counts only when approved strictly before the
//     tender opened, compared as instants: approved at the opening instant
//     is too late. Pending and denied registrations never count. The status
//     is the one the registration had when the tender opened.
//   - The US public-sector exception reads "without an approved sourced
//     registration" the same way: a registration approved at or after the
//     opening does not lift the exception.
//   - Under the exception the bidder pays MSRP: no partner base, no
//     service-attach incentive ([PubSecMSRP], the default, as DESIGN.md
//     reads it). The handbook also says every bidder gets the partner base;
//     a caller who reads the exception as withholding everything but that
//     sets us_pubsec_unsourced to "partner_base" ([PubSecPartnerBase]).
//   - The renewal discount is not a tender element: the handbook lists it
//     under incumbency, not among the tender's pricing elements.
//   - Each line's MSRP is a unit price; quantity multiplies it before the
//     one rounding, so the line price is not quantity × a rounded unit price.
//   - Rates whose applicable sum exceeds 1 for some bidder are an input
//     error naming policy.rates; a sum of exactly 1 prices the bid at 0.
//   - Bids come back in the order of the tender's bidders.
package incumbency
