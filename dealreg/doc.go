// Package dealreg decides deal registrations under the channel-partner
// handbook: who may register ([Policy.Route] checks eligibility first), how a
// registration is routed by the rules of engagement and where it stands at a
// given instant ([Policy.Route]), when an approval expires ([Policy.Expiry]),
// and which of several registrations for one opportunity earns the margin
// ([Policy.Resolve]).
//
// Every decision carries its reasons, each with a stable rule ID, the
// handbook section it comes from and a sentence with the case's facts, and
// says who must act next and by when. Bad input is an error naming each bad
// field (errors.Is(err, program.ErrInvalidInput)); it never panics.
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
// picks a path by the CRM opportunity's stage and a leaf by the facts:
//
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
// strict: the last sales activity date begins at midnight in the policy's
// zone, and the opportunity is aged once now is after that midnight plus 180
// days. An approval is active while approved_at <= now < approved_at + 90
// days.
//
// # Readings
//
// Where the handbook is silent we chose, and each choice is a policy setting
// where it is a matter of reading:
//
//   - The stage 0-2 ASM clock starts at the ESM approval, when the
//     registration reaches the ASM. With asm_clock_start "submission" the
//     days count from submission instead and cover both waits, as on the
//     sourced-growth path: an ESM still silent, or deciding, after the
//     deadline no longer holds the registration up.
//   - A stage 3-6 opportunity without a last sales activity date is
//     needs_review (missing_activity: "treat_as_aged" approves,
//     "treat_as_active" denies).
//   - Ecosystem Ops' own approvals (no CRM opportunity, an aged opportunity)
//     are dated at submission, since the input carries no review instant; a
//     timeout approval is dated at its deadline.
//   - Facts dated after now, an ASM decision without an ESM approval before
//     it, and ESM or ASM decisions on a path that has no such review are
//     input errors, not facts to ignore.
//   - In a competition, a registration that is only pending still competes;
//     the winner is first in line, not necessarily approved yet. A
//     registration received before an approved holder, or two holders, is
//     needs_review rather than a guess; one received after every holder
//     loses to them.
//   - Every decision first checks the policy; a hand-built policy that
//     Validate would reject is an error, not a silent default.
package dealreg
