// Package distribution decides how a channel partner transacts: the
// distribution territory of a sale, the purchase path (direct, through
// which distributors, on which marketplaces), the quote process, and
// whether an order is complete and its license key can go out. It covers
// the handbook's "Transacting GitLab", "Requesting a Quote", "Transaction
// Processing" and "Hyperscaler Partnerships" sections.
//
// Every decision is a method on a [Policy] value, pure and deterministic:
//
//   - [Policy.Territory] places a [Transaction] in a [Territory] and lists
//     the distributors serving the partner's country, with the contact for
//     that country.
//   - [Policy.Path] gives the purchase path: [PathDirect] or
//     [PathDistribution], and every permitted [Option], each with the rule
//     that permits it.
//   - [Policy.Quote] gives the quote process of a [QuoteRequest], and for
//     APJ partners the instant by which a quote or status update is due.
//   - [Policy.CheckOrder] checks an [Order] at an instant and lists every
//     problem with its field, or says whether the key waits for the invoice,
//     waits for the customer's EULA acceptance, or can be delivered (and to
//     whom, copying whom).
//
// [Default] holds the handbook's territories, distributor directory,
// marketplaces, quote processes and order settings; all of it is data a
// user can replace with JSON through [ParsePolicy]. [Rules] and [Sections]
// list what decisions can cite. Inputs decode strictly with
// [DecodeTransaction], [DecodeQuoteRequest] and [DecodeOrder], whose error
// paths start at the input's root: "transaction", "quote_request", "order".
//
// # Territories
//
// A territory comes from the transacting partner's country (an upper-case
// ISO 3166-1 alpha-2 code; anything else is an input error). Countries are
// not listed one by one: Policy.Territories names country codes and UN M.49
// area codes, and golang.org/x/text/language's containment (CLDR's version
// of M.49) decides membership. The first listed entry containing the
// country wins, so the order of the list is where edges are decided. The
// default, in order:
//
//   - north_america: US and CA, plus the US territories that have codes of
//     their own (AS, GU, MP, PR, UM, VI), which we treat as the US.
//   - japan: JP.
//   - emea: Europe (150, Russia included), Africa (002), Western Asia (145:
//     the Middle East, Turkey, Cyprus, Armenia, Azerbaijan, Georgia), Iran
//     (IR: part of the Middle East, though M.49 files it in Southern Asia) and
//     Central Asia (143). Central Asia is our reading: the handbook is
//     silent, and these markets are usually served with Russia and the
//     Caucasus rather than from APAC.
//   - apac: the rest of Asia (142) and Oceania (009; CLDR also puts
//     Antarctica and remote islands such as HM and IO there).
//   - none: the rest of the Americas (019: Mexico, Central and South
//     America, the Caribbean, Greenland, Bermuda). No distributor is active
//     there; its partners follow the AMER quote process.
//
// A public-sector customer makes the sale a us_pubsec sale when the country
// is in Policy.USPublicSector (the US and its territories); elsewhere public
// sector changes nothing. A country in no listed entry is territory none
// with rule distribution.territory.unlisted, and its quote process is
// needs_review. Codes x/text accepts but that are not current countries
// (UK, reserved for the United Kingdom, whose code is GB; EZ; former codes
// such as DY) are input errors rather than guesses.
//
// # Readings of the handbook
//
//   - Select partners may buy directly and, with
//     Policy.SelectMayUseDistributors (default true), also through their
//     territory's distributors: the handbook obliges only Open partners to
//     use them.
//   - An Open partner where a distributor is active must use it: the direct
//     path is not offered. Where none is active (territory none, or a
//     directory without one) it buys directly.
//   - Alternatives (Redington for India, Get On Technology for Thailand)
//     appear only for their countries, after the primaries. Japan's two
//     primaries appear in directory order; neither is preferred.
//   - AWS CPPO and Google MCPO are offered to enrolled partners in every
//     territory, US PubSec included: we read "Carahsoft alone" as about
//     distributors. A marketplace's Territories list can narrow this.
//   - The partner's standing plays no part in the purchase path; the
//     handbook ties none to it.
//   - Quotes: partners in territories whose quote region is apj (japan,
//     apac) use the portal; everyone else, including territory none, uses
//     the sales-team process. The APJ turnaround (6 business hours) runs on
//     one calendar, by default Monday to Friday 09:00-17:00 in
//     Asia/Singapore, the usual APJ hub; the due instant is given in that
//     zone. Only working time counts: a Saturday request starts Monday
//     09:00, and a request whose six hours end exactly at 17:00 is due then,
//     not the next morning. The Ecosystem Specialist who owes the answer is
//     reported as actor ecosystem_ops (package program has no closer actor).
//   - Orders: a missing (or blank) end-user email, shipping address or
//     postal code is an order problem; a malformed email is an input error.
//     Postal codes are required in every country. A quote e-signed at the
//     very instant the order became ready to invoice is not early. A
//     countersigned EULA must be on file for the order to be complete; a
//     license-key EULA is accepted at the download link, which goes out
//     after invoicing, so an acceptance before the invoice is an input
//     error. Renewals need no new EULA (Policy.Orders.EULARequiredFor). The
//     partner's invoice contact is required because the activation email
//     copies it. Events dated after the evaluation instant are input errors.
//     Any problem keeps the key back, even on an invoiced order. An order
//     awaiting its invoice names no next actor: the handbook does not say
//     who invoices.
package distribution
