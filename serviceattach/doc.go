// Package serviceattach decides whether a partner's service-attached
// registration qualifies for the quarterly rebate and for Professional
// Services Partner (PSP) compliance, following the handbook's "Service
// Attached Registrations" section ("How Service Attached Registrations
// Work" and "Qualification Categories").
//
// # What it decides
//
//   - [Policy.Classify] puts one [Registration] in a category: [Approved]
//     (rebate and PSP), [Accepted] (PSP only, by one of three routes, see [Route]) or
//     [Unqualified]. A disqualifier (non-GitLab services only, no related
//     license opportunity, CE services without an upgrade opportunity,
//     subcontracting for GitLab Professional Services, education/training
//     only) makes it unqualified outright, and every disqualifier present is
//     named. An accepted decision, and an unqualified one without a
//     disqualifier, name each unmet requirement of the nearest better
//     category ([Decision.Nearest]), in words such as "would be approved:
//     SOW submitted 2026-05-02, 7 days after the 6-month window closed
//     2026-04-25".
//   - [Policy.Portfolio] judges many registrations together: one
//     qualifying registration per opportunity (the earliest), one
//     registration per SOW, and [NeedsReview] for a later registration
//     flagged as a multi-phase project that drives an add-on or upsell.
//
// Every number and list is in [Policy] ([Default] gives the handbook's);
// every rule a decision can cite is in [Rules], with its section.
//
// # Readings where the handbook is silent
//
//   - Windows are calendar months clamped to the month's end
//     ([program.Date.AddMonths]: 31 August + 6 months is 28 or 29 February),
//     inclusive at their edge. The window after the close and the window
//     after the registration are deadlines only: a SOW signed or submitted
//     before the opportunity closed, or before the registration, is inside
//     them ([Policy.WindowsOpenAtAnchor] switches to windows that also
//     open at their anchor).
//   - "Signed" is the later of the customer's and the partner's signature
//     dates; both it and the submission must be inside a window. The
//     customer-signature window counts back from the submission (submitted
//     2026-08-31: signatures from 2026-02-28 count). Windows are judged only
//     once the document is submitted, and the window after the close only
//     for a closed-won opportunity; until then the SOW or closed-won
//     requirement carries the miss.
//   - A customer's written acknowledgement stands in for the SOW wherever
//     a SOW is required (approval and the paid-engagement route), for
//     customers in [Policy.RegulatedIndustries]. The handbook names public
//     sector as its example, so that is the default list; add others by
//     policy. A fully executed SOW carries both signature dates.
//   - Service categories outside [Policy.InScope] simply do not count:
//     education/training or a non-GitLab service next to an in-scope
//     service does not block approval. They disqualify outright only when
//     no in-scope service is left.
//   - Free of charge, subcontracted and partner-owned software describe
//     the whole engagement. Partner-owned software matters only when the
//     services include managed/hosted; then it takes the registration out
//     of scope for approval. "Partner-led" means not subcontracted.
//   - The paid-engagement route needs what the handbook lists for it: paid
//     services, a submitted SOW (as for approval), inside 12 months of the
//     registration, closed-won, positive Net ARR (an unrecorded Net ARR is
//     unmet). It needs neither PSP status nor in-scope services.
//   - A closed-lost opportunity is not closed-won. The opportunity still
//     needs a kind when its stage is none (program.Opportunity's contract).
//   - Nearest better category: the one with the fewest unmet
//     requirements; a tie goes to approved, then to the paid-engagement,
//     free-of-charge and managed/hosted routes, in handbook order. An
//     outright unqualified registration names no nearest category: its
//     disqualifiers are what stand in the way.
//   - When several accepted routes hold, each is cited; [Decision.Route]
//     is the first.
//   - Portfolio: "earliest" is by registration submission date, input order
//     aside. Qualifying registrations that share an opportunity or document
//     and were submitted on the same day need review (none is earliest) and
//     still block later ones. A registration that lost under these rules,
//     or awaits review as multi-phase, blocks nothing. The multi-phase
//     exception applies to both one-per-opportunity and one-per-SOW, and an
//     acknowledgement counts as the registration's SOW.
//   - The partner's track and standing play no part (the section names
//     neither), and neither does who sold the license: the partner need not
//     be the seller of record.
//   - A classification depends on the registration's facts only, not on
//     the current time.
package serviceattach
