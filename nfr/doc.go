// Package nfr decides Not-for-Resale (NFR) license requests: the free
// licenses partners get for training, integration testing and
// demonstrations, as described in the handbook's "Not-for-Resale (NFR)
// Program and Policy" section.
//
// It decides:
//
//   - [Policy.Decide]: whether a [Request] is [Granted], [NeedsReview] or
//     [Denied], with one reason per asked license type ("Ultimate SaaS: 8
//     held + 20 asked = 28 > 25"), the eligibility findings, the declared
//     uses, the seats remaining per license type, and for a granted request
//     when provisioning is due.
//   - [Policy.Allowance]: how many seats of each license type a partner may
//     still request within its caps, for a portal to display.
//   - [Policy.ProvisioningDue]: the provisioning date, a number of business
//     days after submission on the policy's business calendar.
//
// Every number and list lives in [Policy]; [Default] holds the handbook's
// values and [ParsePolicy] reads a changed policy from JSON. Reasons cite
// rule IDs from [Rules] and the sections in [Sections] ("License
// Allocation", "Eligibility Requirements", "Permitted Uses", "Prohibited
// Uses", "Requesting NFR Licenses"), in that order. Bad input returns an
// error matching program.ErrInvalidInput that lists every problem, never a
// partial decision; each problem is located by an RFC 6901 JSON Pointer into
// the document the caller sent: the request for [Policy.Decide]
// ("/seats/1/asked", "/uses/0", "/partner/track", "/submitted_at"), the
// holdings for [Policy.Allowance] ("/held/0/seats"), the policy for
// [Policy.Validate] and [ParsePolicy] ("/allocations/2/seats"). Decode JSON
// input with program.DecodeJSON(data, &req), whose errors carry pointers into
// the same document.
//
// An input error is for data that is malformed or impossible: a wrong type,
// an unknown license type or use, a negative count, a license type listed
// twice. Facts the rules do not settle are decided, not refused: a use the
// policy neither permits nor prohibits, or seats over a cap with a
// justification, need review. A member is required exactly when a decision
// reads it: of the partner, NFR reads and requires the track, the standing
// and the two certification counts (require tags on [Request] and
// [Holdings]); competencies and marketplaces left out are none, and the
// agreement and the Foundations count are not read.
//
// # Readings
//
// Where the handbook and the design notes are silent we chose:
//
//   - Caps compare seats held plus seats asked with the cap, per license
//     type: a total equal to the cap is within it. Seats held are as the
//     request states them; the package looks nothing up.
//   - An [Allocation] applies to every partner on its track that holds its
//     competency; the AWS DevOps Competency allocation of Duo with Amazon Q
//     applies on either track. When several allocations of one license type
//     apply, the largest cap counts. A license type with no applicable
//     allocation (Duo for Open partners, Duo with Amazon Q without the
//     competency) is denied whatever the justification: a justification
//     raises a cap, it does not create one.
//   - Seats beyond a cap go to review only on [Policy.ReviewTracks]
//     (Select by default) and only with a business justification; the
//     justification covers every allocation the partner has, the AWS one
//     included. Without one the request is denied and [Decision.Next] asks
//     the partner to resubmit with one, but only when nothing else stands
//     in the way. A justification of blanks is none. On other tracks (Open)
//     seats beyond a cap are denied.
//   - Authorized means the partner agreement is signed; good standing means
//     program.StandingGood (probation and suspension fail). The
//     certification requirement counts employees holding a certification
//     in [Policy.Certifications] (Solution Architect or Professional
//     Services Engineer); Foundations training does not count.
//   - A rejection lists every failed requirement; findings that pass are
//     listed too (one reason per asked license type, one for eligibility,
//     one for the permitted uses), so every decision explains itself.
//   - At least one use must be declared. Any prohibited use denies; a use
//     the policy neither permits nor prohibits (possible only with a
//     changed policy) needs review.
//   - A business day is one working day's worth of working hours counted
//     from the submission instant on the policy's calendar
//     (program.BusinessCalendar, counted by program.ReadyCalendar, made
//     ready when the policy is compiled): time outside working hours,
//     weekends and holidays does not count, so Friday 15:00 plus 2 business
//     days is Tuesday 15:00, and a request made on a Saturday or before
//     opening starts counting at the next opening.
//     A count that ends exactly at closing time stays there (Tuesday 17:00,
//     not Wednesday 09:00). The due instant is in the calendar's zone.
//   - The default provisioning calendar is Monday to Friday, 09:00-17:00
//     UTC, with no holidays: the handbook names no office or country for
//     provisioning. A policy can name a national holiday set that
//     github.com/rickar/cal/v2 ships ({"calendar": {"holiday_set": "US"}}:
//     Thanksgiving then does not count) and list further dates in
//     "holidays"; a listed date is a day off even when the set has a
//     holiday that day that it observes on another day.
//   - Only a granted request has a provisioning date. A request that needs
//     review has none: provisioning is counted from the reviewer's
//     approval, which is not known yet; [Decision.Next] names the reviewer
//     ([Policy.ReviewActor]) without a deadline, since the handbook sets
//     none. Provisioning and review default to Ecosystem Operations.
//   - [LicenseLine.Remaining] is what the partner could still ask within
//     the cap once the decision takes effect: a granted request uses its
//     seats, a denied or reviewed one does not. It is never negative and is
//     0 for every license type of an ineligible partner.
//   - A request lists each license type at most once and must ask for at
//     least one seat; a line may carry held seats only. Counts above
//     program.MaxCount are data errors. Repeated uses are errors too.
//   - A hand-built or changed policy is compiled by the decision that
//     uses it, so an invalid one is reported (with pointers into the policy
//     document, such as "/provisioning_business_days") rather than used.
//
// # Policy and reasons
//
// A policy is checked once, when it is compiled ([Policy.Compile];
// [Default] and [ParsePolicy] return compiled policies), and its lookup
// tables are built then: the allocations by license type, the uses as
// sets, the business calendar's working days, hours and holidays. A
// decision checks only that the policy's fields are still the ones
// compiled; a policy built or changed by hand is compiled again by the
// next decision, so an invalid one is an error, not a silent default. The
// lists of a compiled policy are read-only: replace a list rather than
// write into it, or call Compile again. A decision runs in phases: the
// input is checked (every problem, pointers built only for a problem),
// the requirements assessed, the outcome concluded, and the reasons
// written last, each once. Every rule is declared once with
// the sentence its reasons are written with; a decision records the facts
// (seat counts, the partner's track and standing, the uses, the
// provisioning instants) and an effect (a failed eligibility requirement, a
// prohibited use and a cap exceeded are unmet; a cap kept and the
// eligibility held are met), and writes no text until it is encoded or
// read. Texts that name what the policy says read it from the compiled
// policy the reason keeps.
package nfr
