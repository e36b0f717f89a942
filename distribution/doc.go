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
//   - [Policy.Path] gives the purchase path of a [PathRequest]: [PathDirect]
//     or [PathDistribution], and every permitted [Option], each with the
//     rule that permits it.
//   - [Policy.Quote] gives the quote process of a [QuoteRequest], and for
//     APJ partners the instant by which a quote or status update is due.
//   - [Policy.CheckOrder] checks an [Order] at an instant and lists every
//     problem with the member to fix, or says whether the key waits for the
//     invoice, waits for the customer's EULA acceptance, or can be delivered
//     (and to whom, copying whom).
//
// [Default] holds the handbook's territories, distributor directory,
// marketplaces, quote processes and order settings; all of it is data a
// user can replace with JSON through [ParsePolicy]. [Rules] and [Sections]
// list what decisions can cite.
//
// # Input errors and decisions
//
// An input error is for data that is malformed or impossible: a wrong
// type, an unknown code or enum value (a country "UK", a track "gold"), a
// malformed email address, an invoice dated before the order was ready to
// invoice, an event dated after the evaluation instant. Facts that are each
// valid but come in a combination the rules do not expect are decided,
// with a reason naming them: an EULA accepted before the invoice holds the
// key until the invoice; an order saying that no EULA is arranged, or
// recording an acceptance at the download link while its method is the
// countersigned document, is incomplete, with the member to reconcile. A
// refused record drops out of a CRM batch unseen; a decided one tells
// someone what to look at.
//
// A member is required exactly when the decision reads it and its absence
// has no meaning of its own. The inputs are:
//
//   - [Transaction], of Territory: requires /partner/country.
//   - [PathRequest], of Path: requires /partner/country and /partner/track.
//     The standing is not read.
//   - [QuoteRequest], of Quote: requires /partner/country, and
//     /requested_at only where the partner's quote process promises a
//     turnaround (by default APJ), since only there is a due instant
//     computed. An AMER, EMEA or US PubSec request, or one from a country in
//     no territory, may leave it out. No member of the partner but its
//     country is read.
//   - [Order], of CheckOrder: requires /kind (whether an EULA is needed).
//
// Members read with a meaning when left out are optional:
// /customer/public_sector (false: not a public-sector customer),
// /partner/marketplaces of Path (enrolled in none), the order's end-user details
// and invoice contact (missing ones are order problems, not input errors),
// its instants (the event has not happened; for ready_to_invoice_at on an
// invoiced order, not recorded) and /eula/method (the policy's default).
// The JSON inputs say the same with the require and jsonschema:"required"
// tags, which [program.DecodeJSON] enforces and the schemas publish; the Go
// entry points check the same members of a Go value. The conditional
// requirement of /requested_at is the one the schema cannot state.
//
// [program.DecodeJSON] decodes the inputs strictly. An input error matches
// [program.ErrInvalidInput] and lists every problem at once, each located
// by an RFC 6901 JSON Pointer into the input's JSON, from its root:
// "/partner/country", "/requested_at", "/invoiced_at". The decoder reports
// its problems together; the checks of a decision run only on an input
// that decodes, and report theirs together.
// Malformed values anywhere in the partner are input errors for every
// operation, read or not, as the decoder refuses them. The missing
// evaluation instant of CheckOrder is the parameter "now", not a pointer.
// An order check that fails is no input error: the decision lists it in
// OrderDecision.Problems with the pointer of the member to fix
// ("/end_user/email"). Policy errors ([Policy.Validate], [ParsePolicy], and
// a decision under a hand-built invalid policy) point into the policy's
// JSON: "/distributors/5/countries/0".
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
//     the sales-team process. The Ecosystem Specialist who owes the answer
//     is reported as actor ecosystem_ops (package program has no closer
//     actor).
//   - The APJ turnaround (6 business hours) runs on one business calendar,
//     Policy.Quotes.APJ.Calendar. The default is Monday to Friday,
//     09:00-17:00, in Asia/Singapore, the usual APJ hub, and the due instant
//     is given in that zone. It lists no holidays: the handbook names no
//     holiday calendar for the promise, APJ spans many countries' holidays,
//     and github.com/rickar/cal/v2 ships no set for Singapore (several of
//     its public holidays follow lunar and Islamic calendars and are
//     gazetted year by year), so a Singapore holiday counts as a working
//     day unless the policy lists its date in the calendar's holidays. A
//     policy may instead name a country whose national holidays rickar/cal
//     ships in the calendar's holiday_set ([program.HolidaySets] lists
//     them; JP for a Tokyo desk), plus explicit dates (company closures),
//     and may move the calendar's zone and hours. Only working time counts:
//     a request on a Saturday or a holiday starts at the next working day's
//     09:00, and a request whose six hours end exactly at 17:00 is due then,
//     not the next morning.
//   - Orders: a missing (or blank) end-user email, shipping address or
//     postal code is an order problem; a malformed email is an input error.
//     Postal codes are required in every country. The partner's invoice
//     contact is an order problem when missing, because the activation
//     email copies it. Events dated after the evaluation instant are input
//     errors, and so is an invoice dated before the order was ready to
//     invoice. Any problem keeps the key back, even on an invoiced order.
//     An order awaiting its invoice names no next actor: the handbook does
//     not say who invoices.
//   - E-signature: a quote e-signed at the very instant the order became
//     ready to invoice is not early. An invoiced order was ready by its
//     invoice, so it may leave ready_to_invoice_at out; a quote e-signed
//     before that invoice then cannot be checked, and the order is
//     incomplete with the problem at /ready_to_invoice_at (rule
//     distribution.order.esigned_early), rather than refused.
//   - EULA: new subscriptions and add-ons need an executed EULA, renewals
//     do not (Policy.Orders.EULARequiredFor), and for an order that needs
//     none its EULA record is not read. The method is the order's or the
//     policy's default (license_key). A countersigned EULA must be on file
//     for the order to be complete. An order may say method none, that no
//     EULA is arranged: where one is needed it is incomplete at
//     /eula/method (distribution.eula.none_arranged); none cannot be the
//     policy's default. An execution recorded by another method than the
//     one in force (a countersignature on a license_key order, an
//     acceptance on a countersigned or none one) is incomplete at that
//     instant (distribution.eula.method_mismatch) for the partner to
//     reconcile, not an input error.
//   - License key: it goes out once the order is invoiced and the EULA
//     executed. A license-key EULA accepted before the order is invoiced
//     is executed, and holds the key until the invoice: not invoiced yet,
//     the order is awaiting_invoice with reason
//     distribution.key.accepted_before_invoice; invoiced since, the key
//     goes out and the same rule says it was held. An acceptance at the
//     very instant of the invoice is not before it.
//
// # Readings changed by issue 12
//
// Earlier versions refused, as input errors, an acceptance of the EULA
// before the invoice, a countersignature or acceptance that did not belong
// to the order's method, and an invoiced order without ready_to_invoice_at;
// they are decided now, as above. The quote no longer requires
// requested_at outside APJ, nor any member of the partner but its country;
// the purchase path requires the track (it used to get it from the shared
// partner type) and not the standing; the territory requires only the
// country. EULA method none and the APJ calendar's holiday_set are new.
//
// # Policy and reasons
//
// A policy is checked once, when it is compiled ([Policy.Compile];
// [Default] and [ParsePolicy] return compiled policies): e-mail addresses,
// URLs, areas and calendars are checked then, and the ready form works out
// where every country's sales go (territory, quote region, the rule and
// area that place it, its distributors with their contact there), the
// territories each marketplace allows, and the clocks counting the quote
// turnarounds. A decision looks its country up in that table, checks its
// input, and allocates only the lists it returns. A policy built or
// changed by hand is compiled again by each decision until [Policy.Compile]
// is called, so an invalid one is an error, not a silent default.
//
// The lists of a compiled policy are read-only: a changed field or a
// replaced list is noticed, an element written in place is not. Replace a
// list rather than write into it, or call Compile again. Each [Default] has
// lists of its own.
//
// Every rule is declared once, with the sentences its reasons are written
// with ([Rules]). A decision records the facts (countries, territories,
// names, instants as the order gives them) and an effect: a rule that
// picked the path or the outcome applied; an order check that failed is
// unmet; an executed EULA is a requirement met. No text is written until
// the decision is encoded or a reason's Text or String is called.
//
// A quote's turnaround is counted by [program.ReadyCalendar], made ready
// from the quote process's calendar when the policy is compiled.
package distribution
