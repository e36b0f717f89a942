// Package locator decides the Partner Locator: which partners may take a
// customer's lead and in what order ([Policy.Route], operation
// locator.route), and how complete a partner's locator profile is
// ([Policy.Profile], operation locator.profile).
//
// It follows the handbook's "Partner Locator Profile" (the locator routes
// customers' leads to partners by region and territory; a profile carries
// capabilities, alliances, locations and success stories), "Key Guidelines"
// (approval weighs the partner's ability to deliver in-country or in-region
// support) and "Hyperscaler Partnerships" (partners with AWS and Google
// competencies receive priority for customer engagements; AWS CPPO and
// Google MCPO partners sell through those marketplaces).
//
// # Route
//
// Input pointers start at the document {"lead": {...}, "partners": [...]}:
// "/lead/country", "/partners/2/partner/id", "/partners/0/locations/1/country".
// A partner is eligible when it has signed the agreement
// ([RuleAgreement]), its standing is one of [Policy.EligibleStandings]
// ([RuleStanding]), it serves the customer ([RuleCoverage]: a location
// with the customer's country, or a region containing it; a US
// public-sector lead only through the us_pubsec region) and it offers every
// capability the lead needs ([RuleCapability]). Each ineligible partner is
// listed in RouteDecision.Excluded with every rule it fails.
//
// Eligible partners are ordered by the keys of [Policy.Order]
// (default: cloud competency, in-country support, track, marketplace fit),
// then by [Policy.TieBreak] (default partner ID ascending). Nobody
// eligible gives needs_review with the nearest misses: the ineligible
// partners failing the fewest rules.
//
// # Readings where the handbook is silent
//
//   - "Good standing" is the standing good; probation and suspended are not
//     (policy data).
//   - A competency for the other cloud counts as none; on another or an
//     unknown cloud the competency key orders nobody (and gives no reason).
//   - In-country support is a location with the customer's country and
//     in_country_support; a location without it, or a region, is
//     region-only support.
//   - A US public-sector customer is served only by partners serving the
//     us_pubsec region (the handbook's US PubSec is its own territory). A
//     US public-sector customer outside the US (an agency or base abroad)
//     is valid but undecided: needs_review (locator.route.pubsec_abroad).
//   - Regions come from areas as golang.org/x/text groups them (CLDR's
//     grouping of UN M.49: EMEA Europe, Africa, Western Asia; AMER the
//     Americas; APJ the rest of Asia and Oceania), policy data. CLDR puts a
//     few territories (BV, TF, AQ, HM) and central Asia in APJ; a policy
//     that wants them elsewhere lists them by country code first.
//   - Track orders Select before Open; the handbook orders no tracks, so
//     this and the standing gate are our readings, as policy data.
//   - Marketplace fit (only when the customer buys through a marketplace)
//     is enrolment in the cloud's program (AWS CPPO, Google MCPO); on an
//     unknown cloud any enrolment fits; on another cloud (Azure, say) no
//     AWS or Google marketplace serves the customer, so the key orders
//     nobody and gives no reason.
//   - Routing requires each partner's agreement_signed, as deal
//     registration does: a CRM feed that drops it is refused, not read as
//     "not signed" for every partner.
//   - A profile's locations are the countries it lists; regions it serves
//     are coverage, not locations (the handbook asks for "locations" as
//     detail on where the partner is).
//   - Capabilities are resale, managed_services and the service kinds
//     every package shares (program.ServiceKinds, the list serviceattach
//     registers services by) except non_gitlab.
//
// # Profile
//
// A profile is complete with capabilities, alliances, locations and
// success stories; each missing (or blank) element is a reason and the
// partner is asked to add it. Pointers start at the profile document:
// "/locations/0/country".
//
// # Policy and reasons
//
// A policy is checked once, when it is compiled ([Policy.Compile]; [Default]
// and [ParsePolicy] return compiled policies), and each country's region is
// worked out then. A policy built or changed by hand is compiled again by
// the next decision, so an invalid one is an error, not a silent default;
// a compiled policy's lists are read-only (replace a list rather than write
// into it). Every rule is declared once with the text its reasons are
// written with; a decision records facts and effects (an eligibility rule
// some partners fail is unmet; a missing profile element is unmet) and
// texts are written only when the decision is encoded or read. A failure
// reason names the first three partners failing it and counts the rest; the
// nearest-misses reason names the first three and counts the rest (the
// decision's excluded and nearest_misses lists name them all).
package locator
