// Package dealreg decides deal registrations under the channel-partner
// handbook: who may register ([Policy.Route] checks eligibility first), how a
// registration is routed by the rules of engagement and where it stands at a
// given instant ([Policy.Route]), when an approval expires ([Policy.Expiry]),
// and which of several registrations for one opportunity earns the margin
// ([Policy.Resolve]).
//
// A registration is the record a CRM holds: the opportunity's current stage
// (given as a stage or as one of the CRM's own stage labels that the policy
// maps, [Policy].StageLabels), its last sales activity as a date or a
// timestamp, and the ESM and ASM decisions recorded so far.
//
// Every decision carries its reasons, each with a stable rule ID, the
// handbook section it comes from and a sentence with the case's facts, and
// says who must act next and by when. Bad input is an error listing every
// problem at once (errors.Is(err, program.ErrInvalidInput)); it never panics.
//
// # Input errors and decisions
//
// An input error is for data that cannot be true: a value of the wrong type,
// a stage, kind or decision that does not exist, an impossible date, a
// negative count, a review before the submission it reviews, a fact dated
// after now. Facts that can all be true but that the rules do not expect
// together are decided, not refused: a refused record drops out of a CRM
// batch unseen, while a decision of needs_review, with a reason naming the
// facts, puts it in front of a person.
//
// A member is required exactly when a decision reads it. Route requires the
// partner's agreement_signed and employees/foundations_trained, the scope,
// the program, the opportunity's kind and stage, and submitted_at; an ESM or
// ASM review needs its decision and instant. It does not read, and so does
// not require, the partner's track or standing. Resolve also requires each
// registration's id and local_support. Expiry requires approved_at. The
// shared partner and opportunity types leave these to the package: the
// require struct tags on [Registration] and [Competition] say so to the
// decoder and the schema, and Route reports an empty kind from a Go caller
// the same way. Optional members have a meaning when absent: no sourced
// growth, no last sales activity recorded (decided by the policy's
// missing_activity), no close date, no opportunity ID.
//
// # Errors
//
// Each problem is a [program.FieldError] whose Pointer is an RFC 6901 JSON
// Pointer into the document the caller sent for the operation:
//
//	Route    the registration           /opportunity/stage, /esm/at,
//	                                    /partner/employees/foundations_trained
//	Resolve  {"registrations": [...]}   /registrations/1/opportunity/id
//	Expiry   {"approved_at": ...}       /approved_at
//
// so Route reports
//
//	/opportunity/stage: 9 is not a stage (none, 0-7, closed_won, closed_lost)
//
// and, under a policy that maps CRM stage labels, names the labels it knows:
//
//	/opportunity/stage: "3-Tech Eval" is not a stage (none, 0-7, closed_won, closed_lost) nor a CRM stage label the policy maps ("1-Discovery", "3-Technical Evaluation", ...)
//
// A decision asked for without its evaluation instant reports the parameter
// "now" (FieldError.Parameter) rather than a pointer. Problems with the
// policy itself ([Policy.Validate], [ParsePolicy], and any decision under a
// hand-built policy that Validate rejects) are pointers into the policy
// document: /expiry_days, /qualifying_kinds/1, /stage_labels/Closed Won.
//
// # Routing
//
// Eligibility is checked first and every failed requirement is listed:
// exactly one sales opportunity per registration, a signed Partner Program
// Agreement, Foundations for Partners training, a qualifying opportunity kind
// (new customer, new opportunity with an existing customer, add-on to a
// renewal; a plain renewal only on the stage 3-6 sourced-growth path), and a
// deal-registration program type (service-attached registrations belong to
// package serviceattach). Then the routing table, [Policy.RoutingRules],
// picks a path by the opportunity's current stage and a leaf by the facts:
//
//	ESM or ASM decisions recorded, but the stage is on no reviewed path
//	(3-6 without sourced growth, 7, closed, none)
//	                               -> needs_review (moved_on)
//	no CRM opportunity             -> approved; Ecosystem Ops creates it
//	stage 0-2                      -> ESM, then ASM
//	    no ESM decision            -> pending_esm
//	    ESM denied                 -> denied
//	    ASM approved by deadline   -> approved
//	    ASM denied by deadline     -> denied
//	    ASM decided after deadline -> approved (the timeout had fired)
//	    now after deadline         -> approved by Ecosystem Ops
//	    otherwise                  -> pending_asm, due at the deadline
//	    deadline: 10 days from the ESM approval
//	stage 3-6, renewal with sourced growth
//	                               -> ESM, then ASM, one clock from submission
//	    ESM denied by deadline     -> denied
//	    ASM approved by deadline   -> approved
//	    ASM denied by deadline     -> denied
//	    a decision after deadline  -> approved (the timeout had fired)
//	    now after deadline         -> approved by Ecosystem Ops
//	    no ESM decision            -> pending_esm, due at the deadline
//	    otherwise                  -> pending_asm, due at the deadline
//	    deadline: 10 days from submission
//	stage 3-6 otherwise            -> last sales activity
//	    none recorded              -> needs_review (policy: missing_activity)
//	    more than 180 days ago     -> approved
//	    otherwise                  -> denied
//	stage 7, closed won or lost    -> needs_review
//
// An approved decision also says when it expires and whether it is still
// active at now.
//
// # Time
//
// Days are calendar days in the policy's zone ([Policy].TimeZone), so a
// 10-day deadline keeps its wall-clock time across a daylight-saving change.
// Deadlines are inclusive: a decision at exactly the deadline is in time; the
// timeout fires once now is after it, and a decision dated after the deadline
// does not undo the approval the timeout gave. "Aged more than 180 days" is
// strict. A last sales activity given as an instant is aged once now is
// after the instant plus 180 days, to the second: exactly 180 days is not
// aged, one second more is. One given as a date has no time of day, so it
// is aged in calendar days: once today (now's date in the policy's zone) is
// more than 180 days after it, at any time of today, so 180 days before
// today is not aged and 181 is. An approval is active while
// approved_at <= now < approved_at + 90 days. (Until program.Opportunity's
// LastSalesActivity takes a [program.DateOrInstant], a registration carries a date;
// routing already ages both.)
//
// # Readings
//
// Where the handbook is silent we chose, and each choice is a policy setting
// where it is a matter of reading:
//
//   - The stage is the opportunity's current stage in the CRM, not its stage
//     at submission. A review history recorded while the opportunity was on
//     a reviewed path (0-2, or 3-6 for a sourced-growth renewal) stays when
//     the opportunity moves on: at stage 3-6 without sourced growth, 7,
//     closed won or closed lost it is decided needs_review (moved_on), with
//     a reason naming the reviews and the stage. The rules of the current
//     stage do not decide it: the last-activity rule would overrule the
//     reviewers (denying what the ASM approved, approving what the ESM
//     denied), and at stage 7 or closed the late-stage rule would hide the
//     history from the person who must decide.
//   - An ESM or ASM decision on an opportunity now at "none" is such a
//     history too, not an input error: the ESM reviews only a linked
//     opportunity, so the opportunity existed and has since been deleted,
//     merged or unlinked, which CRMs do. Nothing about it is impossible, so
//     it is needs_review (moved_on) rather than the no-opportunity approval,
//     which would overrule the reviewers. What no history can hold stays an
//     input error: an ASM decision with no ESM approval before it, or after
//     an ESM denial, or any review before the submission or after now.
//   - A sourced-growth renewal qualifies on its kind at stage 3-6; with a
//     review history it also qualifies once the opportunity has moved past
//     stage 6 or out of the CRM (the reviews show it took the sourced-growth
//     path), and moved_on decides it. A renewal the CRM now records without
//     sourced growth is a plain renewal, rejected whatever its history.
//   - A closed-won or closed-lost opportunity needs no close date: routing
//     does not read it. One that is given is checked only against now.
//   - The stage 0-2 ASM clock starts at the ESM approval, when the
//     registration reaches the ASM. With asm_clock_start "submission" the
//     days count from submission instead and cover both waits, as on the
//     sourced-growth path: an ESM still silent, or deciding, after the
//     deadline no longer holds the registration up.
//   - A stage 3-6 opportunity without a last sales activity is
//     needs_review (missing_activity: "treat_as_aged" approves,
//     "treat_as_active" denies).
//   - A last sales activity given as a date is aged in calendar days to
//     today (activity_date "calendar_days", DESIGN.md's reading). With
//     activity_date "start_of_day" the date counts as its first instant in
//     the policy's zone instead, as this package read it before, so a date
//     180 days before today is aged from one second after midnight.
//   - Stage labels ([Policy].StageLabels) match exactly, case and spaces
//     included; a stage's own name ("3", "closed_won") cannot be a label, and
//     a stage number in JSON is always that stage. A string that is neither
//     a stage nor a mapped label is an input error at /opportunity/stage
//     naming the labels the policy knows.
//   - Ecosystem Ops' own approvals (no CRM opportunity, an aged opportunity)
//     are dated at submission, since the input carries no review instant; a
//     timeout approval is dated at its deadline.
//   - Facts dated after now and an ASM decision without an ESM approval
//     before it are input errors, not facts to ignore.
//   - In a competition, a registration that is only pending (or needs
//     review) still competes; the winner is first in line, not necessarily
//     approved yet. A registration received before an approved holder, or
//     two holders, is needs_review rather than a guess; one received after
//     every holder loses to them. Opportunity IDs, where given, must agree;
//     a registration without one competes as sent.
//   - A policy is checked once, when it is compiled ([Policy.Compile];
//     [Default] and [ParsePolicy] return compiled policies), into the ready
//     form decisions read. A policy built or changed by hand is compiled
//     again by the next decision, so one that Validate would reject is an
//     error, not a silent default. A compiled policy notices a changed field
//     and a replaced list or map, but not an element written in place: treat
//     its lists and StageLabels as read-only, or call Compile after writing.
//
// # Reasons
//
// Every rule is declared once, with the text its reasons are written with
// (program.Rule). A decision records which rules bore on it, with their
// facts and effect — a failed eligibility requirement is unmet, the rules
// that picked the path and outcome applied — and writes no text: texts are
// written when the decision is encoded or a reason's Text is asked for.
//
// Route keeps its reasons' facts in a frame of 64 bytes copied from the
// registration and kept in the decision's Reasons value
// (program.DeferReasonsInPlace), and writes the reasons' facts from it only
// when they are read: a decision allocates nothing, and changing the
// registration afterwards, reviews included, changes none of its reasons.
// What the policy gives (a deadline, an approval's expiry, the end of an
// aging period) is counted again from the frame when the reasons are
// written. Reading a decision's reasons many times one at a time
// (Reasons.At in a loop) writes them each time; keep Reasons.Written, or
// range over All. Instants in a reason's facts keep the second and UTC
// offset 0 (but for an aging period's end, in the policy's zone); their
// texts, written in the policy's zone, are as given.
//
// # Instants
//
// Route reads each instant of a registration once, as time.Time counts it
// (seconds from the start of year 1, and nanoseconds), and compares those:
// two instants are compared as the wall-clock instants they name. A
// monotonic clock reading, which time.Now attaches and time.Time's own
// Before and After would compare instead when both instants have one, is
// not read: a CRM's instants have none, and a decision must not depend on
// the process that made it.
package dealreg
