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
//   - [NeedsReview], when the category hinges on a date the registration
//     does not record: a closed-won opportunity's close date, a signature
//     date of a signed document. The reasons name the missing facts
//     ([RuleReviewCloseDate], [RuleReviewSignatureDate]) and the accepted
//     routes that hold whatever the dates (PSP compliance is then
//     certain); Ecosystem Ops confirms the dates.
//   - [Policy.Portfolio] judges many registrations together: one
//     qualifying registration per opportunity (the earliest), one
//     registration per SOW, and [NeedsReview] for a later registration
//     flagged as a multi-phase project that drives an add-on or upsell.
//
// Every number and list is in [Policy] ([Default] gives the handbook's);
// every rule a decision can cite is in [Rules], with its section.
//
// # Input errors and decided facts
//
// An input error is for data that is malformed or impossible: a wrong type,
// an unknown value, an impossible date, a registration without a
// submission date or services, a service listed twice, a document signed
// after it was submitted. Valid facts in a combination the rules do not
// expect are decided, not refused, because a refused record is lost from a
// batch while a reviewed one is looked at: a closed-won opportunity
// without its close date, a fully executed SOW or an acknowledgement
// without its signature dates, a negative Net ARR, an acknowledgement
// marked fully executed, sourced growth on an opportunity that is not a
// renewal. Each is read as the readings below say: [NeedsReview] with a
// reason naming the facts when the category hinges on it, an unmet
// requirement named among the nearest category's when it does not, or
// nothing when no rule reads it.
//
// A member is required exactly when the decision reads it and its absence
// means nothing the rules can decide; the input schema says so. A
// registration requires its submission date, its partner, its opportunity
// with a stage, its services and, for evidence given, its kind; a Net ARR
// given is an amount and a currency. A portfolio also requires each
// registration's ID, its opportunity's ID unless the stage is none, and
// its document's ID. Nothing else is required: the opportunity's kind,
// sourced growth and last sales activity, and the partner's track,
// standing, agreement and employees, play no part here.
//
// Bad input is an error matching [program.ErrInvalidInput] that lists every
// problem, each located by an RFC 6901 JSON Pointer into the document the
// caller sent: "/evidence/customer_signed" for a registration,
// "/registrations/2/opportunity/id" within a portfolio's
// {"registrations": [...]}. Policy errors point into the policy document
// ("/close_window_months").
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
//   - A closed-lost opportunity is not closed-won. The opportunity's kind
//     is not read, so it need not be given, whatever the stage.
//   - A closed-won opportunity without a close date (a CRM can hold one):
//     the window after the close cannot be judged. It is judged only for a
//     submitted document, so without one the date is not read. When
//     approval hinges on it, the registration needs review
//     ([RuleReviewCloseDate]); when approval fails anyway, the unjudged
//     window is named among its unmet requirements.
//   - A fully executed SOW is signed by the customer and the partner, an
//     acknowledgement by the customer; a SOW not fully executed carries no
//     signature for certain. A signature without its recorded date was
//     made no later than the submission (the document was signed when
//     submitted), so it matters only where the date itself is judged: the
//     customer's against the window before the submission, and either
//     against a window that opens at its anchor
//     ([Policy.WindowsOpenAtAnchor]) when no recorded signature is inside
//     it. When the category hinges on such a window, the registration
//     needs review ([RuleReviewSignatureDate]); otherwise the window is an
//     unmet requirement, or (with deadline-only windows and the customer's
//     date recorded) met.
//   - "Fully executed" is read for a SOW only; an acknowledgement marked
//     fully executed is judged as an acknowledgement.
//   - Net ARR may be negative (a contraction); a negative or zero Net ARR
//     is not positive, so the paid-engagement route misses it. Approval
//     does not read Net ARR.
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
//   - Portfolio and reviews: a registration that needs review for a
//     missing date qualifies in a portfolio when an accepted route holds
//     for it whatever the date, so it blocks later registrations of its
//     opportunity and document and keeps its needs_review. Without such a
//     route it blocks nothing until a person decides, and an earlier
//     qualifying registration still takes the opportunity or document
//     from it (then it is unqualified, with nothing left to review).
//   - A classification depends on the registration's facts only, not on
//     the current time.
//   - Registrations of one opportunity or document submitted the same day
//     each need review; the reason names the first three others and counts
//     the rest, so a portfolio's explanation grows with its registrations,
//     not with their square.
//
// # Policy and reasons
//
// A policy is checked once, when it is compiled ([Policy.Compile];
// [Default] and [ParsePolicy] return compiled policies). A policy built or
// changed by hand is checked again by the next decision, so an invalid one
// is an error, not a silent default; a compiled policy's lists are
// read-only (replace a list rather than write into it). Every rule is
// declared once with the text its reasons are written with. A
// classification records which rules bore on it — approved requirements
// as met, the nearest category's as unmet, routes and disqualifiers as
// applied — each reason with the facts of the case its text states (dates,
// counts, identifiers, services), kept by value in the reasons' one block;
// it writes no text and keeps nothing of the registration. Texts are
// written when the decision is encoded or a reason's Text is read.
package serviceattach
