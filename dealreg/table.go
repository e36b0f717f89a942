package dealreg

import (
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Fact slots of the routing reasons (program.Facts): what each rule's text
// is written from.
const (
	nA        = 0 // an instant: a review, the submission, the last sales activity
	nB        = 1 // a second instant or date
	nDeadline = 2
	nClock    = 3 // when the deadline's days started; a count of days since
	nDays     = 4 // a day count of the policy
	nFlags    = 5

	sStage = 0 // the stage as the policy reads it
	sLabel = 1 // the CRM label it was given as, or ""
	sWord  = 2 // a word of the rule's: who decided, a reading
)

// Flags in slot nFlags.
const (
	fDeadline        = 1 << iota // a deadline is set
	fFromSubmission              // the early-stage clock counts from submission
	fESMMissing                  // no ESM decision
	fASM                         // an ASM decision is recorded
	fESMDenied                   // the ESM denied
	fASMDenied                   // the ASM denied (or, for a late decision, the one named denied)
	fActivityInstant             // the last sales activity is an instant
	fInstantAging                // the activity ages instant to instant
	fGrowth                      // a renewal with sourced growth
)

// roe declares a rule of the Rules of Engagement section.
func roe(id program.RuleID, summary string, text program.Text) program.Rule {
	return program.Rule{ID: id, Section: SectionRulesOfEngagement, Summary: summary, Text: text}
}

// The routing table: the handbook's rules of engagement as data. Top-level
// rows pick the path by the CRM opportunity's current stage; each path's
// leaves are tried in order. Deadlines are inclusive: a decision at exactly
// the deadline is in time, and the timeout fires only once now is after it.
// The first row is ours, not the handbook's: a review history on an
// opportunity that has moved off the reviewed paths goes to a person.
//
// A row's condition is a test of a registration's sheet, read once
// ([ready.scan], [ready.enter]); its kind names the facts its reason
// records and how it settles the decision ([state.record],
// [ready.settle]), so that a decision calls no function values and its
// scratch stays on the stack.
var routing = []node{
	{
		kind: kMovedOn, outcome: NeedsReview,
		when: cond{has: bReviewed, not: bReviewedPath},
		rule: roe(RuleMovedOn, "ESM or ASM decisions are recorded, but the opportunity is now at a stage nobody reviews (3-6 without sourced growth, 7, closed, or no longer in the CRM): a person decides, with the review history",
			func(b []byte, f program.Facts) []byte {
				fl := f.N[nFlags]
				if fl&fESMMissing == 0 {
					b = appendReview(append(b, "the ESM "...), &f, nA, fl&fESMDenied != 0)
				}
				if fl&fASM != 0 {
					b = appendReview(append(b, " and the ASM "...), &f, nB, fl&fASMDenied != 0)
				}
				b = append(b, ", but the opportunity is now "...)
				switch st := program.Stage(f.S[sStage]); {
				case st == program.StageNone:
					b = append(appendStage(append(b, "out of the CRM (stage "...), &f), "): it was removed or unlinked after the review"...)
				case st.Between(3, 6):
					b = append(appendStage(append(b, "at stage "...), &f), " and not a renewal with sourced growth, which the ESM and ASM do not review"...)
				default:
					b = append(appendStage(append(b, "at stage "...), &f), ", past the stages the rules of engagement cover"...)
				}
				return append(b, ": the reviews were made at an earlier stage, so a person decides"...)
			}),
	},
	{
		kind: kNoOpportunity, outcome: Approved,
		when: cond{has: bNone},
		rule: roe(RuleNoOpportunity, "no CRM opportunity exists: Ecosystem Ops approves and creates one",
			func(b []byte, _ program.Facts) []byte {
				return append(b, "no CRM opportunity exists yet: Ecosystem Ops approves the registration and creates the opportunity"...)
			}),
	},
	{
		kind: kEarlyStage,
		when: cond{has: bEarly},
		rule: roe(RuleEarlyStage, "stage 0-2: Ecosystem Ops links the opportunity; the ESM, then the ASM decide; Ecosystem Ops approves when the ASM has not decided in time (counted from the ESM approval, or with the submission clock from submission, covering both waits)",
			func(b []byte, f program.Facts) []byte {
				return append(appendStage(append(b, "opportunity at stage "...), &f), ": Ecosystem Ops links it and routes the registration to the ESM, then the ASM"...)
			}),
		leaves: []node{
			{
				kind: kEarlyESMPending, outcome: PendingESM,
				when: cond{has: bNowInTime, not: bESM},
				rule: roe(RuleEarlyStageESMPending, "the ESM has not decided (and, with the submission clock, the deadline has not passed)",
					func(b []byte, f program.Facts) []byte {
						b = f.AppendInstant(append(b, "waiting for the ESM since submission at "...), nA)
						if f.N[nFlags]&fDeadline != 0 {
							b = appendClockFrom(f.AppendInstant(append(b, "; Ecosystem Ops approves if the registration is not decided by "...), nDeadline), &f)
						}
						return b
					}),
			},
			{
				kind: kEarlyESMDenied, outcome: Denied,
				when: cond{has: bESM | bESMDenied | bESMInTime},
				rule: roe(RuleEarlyStageESMDenied, "the ESM denied (with the submission clock, by the deadline)",
					func(b []byte, f program.Facts) []byte {
						return f.AppendInstant(append(b, "the ESM denied the registration at "...), nA)
					}),
			},
			{
				kind: kEarlyASMApproved, outcome: Approved,
				when: cond{has: bASM, not: bASMDenied | bASMAfter},
				rule: roe(RuleEarlyStageASMApproved, "the ASM approved by the deadline",
					func(b []byte, f program.Facts) []byte {
						b = f.AppendInstant(append(b, "the ASM approved at "...), nA)
						return appendClockFrom(f.AppendInstant(append(b, ", by the deadline "...), nDeadline), &f)
					}),
			},
			{
				kind: kEarlyASMDenied, outcome: Denied,
				when: cond{has: bASM | bASMDenied, not: bASMAfter},
				rule: roe(RuleEarlyStageASMDenied, "the ASM denied by the deadline",
					func(b []byte, f program.Facts) []byte {
						b = f.AppendInstant(append(b, "the ASM denied at "...), nA)
						return appendClockFrom(f.AppendInstant(append(b, ", by the deadline "...), nDeadline), &f)
					}),
			},
			{
				kind: kEarlyASMLate, outcome: Approved,
				when: cond{has: bLate},
				rule: roe(RuleEarlyStageASMLate, "a decision came after the deadline (the ASM's, or with the submission clock the ESM's): the timeout had already approved",
					func(b []byte, f program.Facts) []byte {
						b = appendReview(append(append(append(b, "the "...), f.S[sWord]...), ' '), &f, nA, f.N[nFlags]&fASMDenied != 0)
						b = appendClockFrom(f.AppendInstant(append(b, ", after the deadline "...), nDeadline), &f)
						return append(b, "; Ecosystem Ops had approved at the deadline"...)
					}),
			},
			{
				kind: kEarlyASMTimeout, outcome: Approved,
				when: cond{has: bNowAfter},
				rule: roe(RuleEarlyStageASMTimeout, "the ASM has not decided and the deadline has passed: Ecosystem Ops approves",
					func(b []byte, f program.Facts) []byte {
						if f.N[nFlags]&fESMMissing != 0 {
							b = append(b, "neither the ESM nor the ASM decided by the deadline "...)
						} else {
							b = append(b, "the ASM did not decide by the deadline "...)
						}
						return append(appendClockFrom(f.AppendInstant(b, nDeadline), &f), "; Ecosystem Ops approves"...)
					}),
			},
			{
				kind: kEarlyASMPending, outcome: PendingASM,
				rule: roe(RuleEarlyStageASMPending, "waiting for the ASM until the deadline",
					func(b []byte, f program.Facts) []byte {
						b = append(b, "waiting for the ASM; Ecosystem Ops approves if the ASM has not decided by "...)
						return appendClockFrom(f.AppendInstant(b, nDeadline), &f)
					}),
			},
		},
	},
	{
		kind: kSourcedGrowth,
		when: cond{has: bMid | bGrowth},
		rule: roe(RuleSourcedGrowth, "stage 3-6 renewal with sourced growth: the ESM, then the ASM decide; Ecosystem Ops approves when neither has decided in time from submission",
			func(b []byte, f program.Facts) []byte {
				b = appendStage(append(b, "renewal with sourced growth at stage "...), &f)
				b = f.AppendInstant(append(b, ": routed to the ESM, then the ASM, who together have until "...), nDeadline)
				return append(f.AppendInt(append(b, " ("...), nDays), " days from submission)"...)
			}),
		leaves: []node{
			{
				kind: kGrowthESMDenied, outcome: Denied,
				when: cond{has: bESM | bESMDenied, not: bESMAfter},
				rule: roe(RuleSourcedGrowthESMDenied, "the ESM denied by the deadline",
					func(b []byte, f program.Facts) []byte {
						return append(f.AppendInstant(append(b, "the ESM denied at "...), nA), ", by the deadline"...)
					}),
			},
			{
				kind: kGrowthASMApproved, outcome: Approved,
				when: cond{has: bESM | bASM, not: bESMDenied | bESMAfter | bASMDenied | bASMAfter},
				rule: roe(RuleSourcedGrowthASMApproved, "the ASM approved by the deadline",
					func(b []byte, f program.Facts) []byte {
						b = f.AppendInstant(append(b, "the ESM approved at "...), nA)
						return append(f.AppendInstant(append(b, " and the ASM at "...), nB), ", by the deadline"...)
					}),
			},
			{
				kind: kGrowthASMDenied, outcome: Denied,
				when: cond{has: bESM | bASM | bASMDenied, not: bESMDenied | bESMAfter | bASMAfter},
				rule: roe(RuleSourcedGrowthASMDenied, "the ASM denied by the deadline",
					func(b []byte, f program.Facts) []byte {
						return append(f.AppendInstant(append(b, "the ASM denied at "...), nB), ", by the deadline"...)
					}),
			},
			{
				kind: kGrowthLate, outcome: Approved,
				when: cond{has: bLate},
				rule: roe(RuleSourcedGrowthLate, "a decision came after the deadline: the timeout had already approved",
					func(b []byte, f program.Facts) []byte {
						b = appendReview(append(append(append(b, "the "...), f.S[sWord]...), ' '), &f, nA, f.N[nFlags]&fASMDenied != 0)
						b = f.AppendInstant(append(b, ", after the deadline "...), nDeadline)
						return append(b, "; Ecosystem Ops had approved at the deadline"...)
					}),
			},
			{
				kind: kGrowthTimeout, outcome: Approved,
				when: cond{has: bNowAfter},
				rule: roe(RuleSourcedGrowthTimeout, "nobody decided by the deadline: Ecosystem Ops approves",
					func(b []byte, f program.Facts) []byte {
						b = f.AppendInstant(append(b, "not approved or denied by the deadline "...), nDeadline)
						return append(b, "; Ecosystem Ops approves"...)
					}),
			},
			{
				kind: kGrowthESMPending, outcome: PendingESM,
				when: cond{not: bESM},
				rule: roe(RuleSourcedGrowthESMPending, "waiting for the ESM until the deadline",
					func(b []byte, f program.Facts) []byte {
						return f.AppendInstant(append(b, "waiting for the ESM; Ecosystem Ops approves if the registration is not decided by "...), nDeadline)
					}),
			},
			{
				kind: kGrowthASMPending, outcome: PendingASM,
				rule: roe(RuleSourcedGrowthASMPending, "the ESM approved; waiting for the ASM until the deadline",
					func(b []byte, f program.Facts) []byte {
						b = f.AppendInstant(append(b, "the ESM approved at "...), nA)
						return f.AppendInstant(append(b, "; waiting for the ASM until "...), nDeadline)
					}),
			},
		},
	},
	{
		kind: kMidStage,
		when: cond{has: bMid},
		rule: roe(RuleMidStage, "stage 3-6 otherwise: Ecosystem Ops checks the last sales activity date",
			func(b []byte, f program.Facts) []byte {
				return append(appendStage(append(b, "opportunity at stage "...), &f), ": Ecosystem Ops checks its last sales activity"...)
			}),
		leaves: []node{
			{
				kind: kMidNoActivity, decide: true,
				when: cond{has: bNoActivity},
				rule: roe(RuleMidStageNoActivity, "no last sales activity date is recorded: decided by the policy's missing-activity reading",
					func(b []byte, f program.Facts) []byte {
						return append(append(b, "no last sales activity date is recorded; the policy reads that as "...), f.S[sWord]...)
					}),
			},
			{
				kind: kMidAged, outcome: Approved,
				when: cond{has: bAged},
				rule: roe(RuleMidStageAged, "the last sales activity is more than the aging period before now (an instant to the second, a date in calendar days to today): Ecosystem Ops approves",
					func(b []byte, f program.Facts) []byte {
						b = appendActivity(append(b, "last sales activity "...), &f)
						if f.N[nFlags]&fInstantAging != 0 {
							b = f.AppendInt(append(b, "; the "...), nDays)
							b = append(f.AppendInstant(append(b, " days after it ended at "...), nB), ", before now"...)
						} else {
							b = appendDaysSince(b, &f, ", more than ")
						}
						return append(b, ": the opportunity has aged, so Ecosystem Ops approves"...)
					}),
			},
			{
				kind: kMidActive, outcome: Denied,
				rule: roe(RuleMidStageActive, "sales activity within the aging period: Ecosystem Ops denies",
					func(b []byte, f program.Facts) []byte {
						b = appendActivity(append(b, "last sales activity "...), &f)
						if f.N[nFlags]&fInstantAging != 0 {
							b = f.AppendInt(append(b, " is within "...), nDays)
							b = append(f.AppendInstant(append(b, " days of now (they end at "...), nB), ')')
						} else {
							b = appendDaysSince(b, &f, ", not more than ")
						}
						return append(b, ": sales is active, so Ecosystem Ops denies"...)
					}),
			},
		},
	},
	{
		kind: kLateStage, outcome: NeedsReview,
		rule: roe(RuleLateStage, "stage 7, closed won or closed lost: outside the rules of engagement, a person decides",
			func(b []byte, f program.Facts) []byte {
				return append(appendStage(append(b, "opportunity at stage "...), &f), ": the rules of engagement cover stages 0-6 only"...)
			}),
	},
}

// kind names a row of the routing table.
type kind uint8

const (
	kMovedOn kind = iota
	kNoOpportunity
	kEarlyStage
	kEarlyESMPending
	kEarlyESMDenied
	kEarlyASMApproved
	kEarlyASMDenied
	kEarlyASMLate
	kEarlyASMTimeout
	kSourcedGrowth
	kGrowthESMDenied
	kGrowthASMApproved
	kGrowthASMDenied
	kGrowthLate
	kGrowthTimeout
	kGrowthESMPending
	kMidStage
	kMidNoActivity
	kMidAged
	kMidActive
	kEarlyASMPending
	kGrowthASMPending
	kLateStage // the last path: holds always

	kindCount
)

// record writes the facts row k's reason is written from.
func (s *state) record(k kind, f *program.Facts) {
	r := &s.r
	f.S[sStage], f.S[sLabel] = string(r.Stage), r.Label
	f.Loc = s.loc
	var fl int64
	if s.timed {
		fl |= fDeadline
		f.N[nDeadline] = program.InstantFact(s.deadline)
	}
	if s.p.ASMClockStart == ClockFromSubmission {
		fl |= fFromSubmission
	}
	f.N[nClock] = program.InstantFact(s.clock)
	if !r.ESM.Made {
		fl |= fESMMissing
	}
	switch k {
	case kMovedOn:
		if r.ESM.Made {
			f.N[nA] = program.InstantFact(r.ESM.At)
			if r.ESM.Denied {
				fl |= fESMDenied
			}
		}
		if r.ASM.Made {
			fl |= fASM
			f.N[nB] = program.InstantFact(r.ASM.At)
			if r.ASM.Denied {
				fl |= fASMDenied
			}
		}
	case kEarlyESMPending:
		f.N[nA] = program.InstantFact(r.SubmittedAt)
		f.N[nDays] = int64(s.p.ASMTimeoutDays)
	case kEarlyESMDenied, kGrowthESMDenied:
		f.N[nA] = program.InstantFact(r.ESM.At)
	case kEarlyASMApproved, kEarlyASMDenied:
		f.N[nA] = program.InstantFact(r.ASM.At)
		f.N[nDays] = int64(s.p.ASMTimeoutDays)
	case kEarlyASMLate, kGrowthLate:
		rv := &r.ESM
		f.S[sWord] = "ESM"
		if !after(rv, s.deadline) {
			rv, f.S[sWord] = &r.ASM, "ASM"
		}
		f.N[nA] = program.InstantFact(rv.At)
		if rv.Denied {
			fl |= fASMDenied
		}
		f.N[nDays] = int64(s.p.ASMTimeoutDays)
	case kEarlyASMTimeout, kEarlyStage:
		f.N[nDays] = int64(s.p.ASMTimeoutDays)
	case kSourcedGrowth:
		f.N[nDays] = int64(s.p.SourcedGrowthTimeoutDays)
	case kGrowthASMApproved, kGrowthASMDenied:
		f.N[nA], f.N[nB] = program.InstantFact(r.ESM.At), program.InstantFact(r.ASM.At)
	case kGrowthASMPending:
		f.N[nA] = program.InstantFact(r.ESM.At)
	case kEarlyASMPending:
		f.N[nDays] = int64(s.p.ASMTimeoutDays)
	case kMidNoActivity:
		f.S[sWord] = string(s.p.MissingActivity)
	case kMidAged, kMidActive:
		s.recordActivity(f, &fl)
	}
	f.N[nFlags] = fl
}

// recordActivity writes the last sales activity and how it was aged: the
// instant the aging period ended, or the calendar days since it.
func (s *state) recordActivity(f *program.Facts, fl *int64) {
	a := s.r.LastSalesActivity
	if a.IsZero() {
		return
	}
	if t, ok := a.Instant(); ok {
		*fl |= fActivityInstant
		f.N[nA] = program.InstantFact(t)
	} else {
		d, _ := a.Date()
		f.SetDate(nA, d)
	}
	f.N[nDays] = int64(s.p.AgingDays)
	if s.instantAging {
		*fl |= fInstantAging
		f.N[nB] = program.InstantFact(s.agedTo)
		return
	}
	d, _ := a.Date()
	f.N[nClock] = int64(d.DaysUntil(s.today))
	f.SetDate(nB, s.today)
}

// settle fills in the decision's next action and approval facts for leaf
// k, from the registration r and its sheet s.
func (rd *ready) settle(k kind, r *Registration, s *sheet, d *Decision) {
	if s.from >= 0 {
		d.Deadline = s.deadline.time(rd.loc)
	}
	switch k {
	case kEarlyASMPending, kGrowthASMPending:
		d.Next = program.Action{Actor: program.ActorASM, What: "approve or deny the registration", Due: d.Deadline}
	case kGrowthESMPending, kEarlyESMPending:
		d.Next = program.Action{Actor: program.ActorESM, What: "approve or deny the registration", Due: d.Deadline}
	case kLateStage:
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "review the registration by hand"}
	case kMovedOn:
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "review the registration by hand, with its ESM and ASM decisions and the opportunity's current stage"}
	case kNoOpportunity:
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "create the CRM opportunity and link the registration to it"}
	case kEarlyASMLate, kEarlyASMTimeout, kGrowthLate, kGrowthTimeout:
		d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "record the approval the timeout gave", Due: d.Deadline}
	case kMidNoActivity:
		if d.Outcome == NeedsReview {
			d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "find the opportunity's last sales activity and decide by hand"}
		}
	}
	if d.Outcome != Approved {
		return
	}
	switch approval(k) {
	case atSubmitted:
		d.ApprovedAt, d.ApprovedBy = r.SubmittedAt, program.ActorEcosystemOps
	case atASM:
		d.ApprovedAt, d.ApprovedBy = r.ASM.At, program.ActorASM
	case atDeadline:
		d.ApprovedAt, d.ApprovedBy = d.Deadline, program.ActorEcosystemOps
	}
}

// atDeadline names the deadline beside a frame's moments.
const atDeadline = nMoments

// approval is the instant an approval on leaf k carries: the submission
// (Ecosystem Ops' own approvals), the ASM's decision, or the deadline (a
// timeout's approval).
func approval(k kind) int {
	switch k {
	case kNoOpportunity, kMidNoActivity, kMidAged:
		return atSubmitted
	case kEarlyASMApproved, kGrowthASMApproved:
		return atASM
	case kEarlyASMLate, kEarlyASMTimeout, kGrowthLate, kGrowthTimeout:
		return atDeadline
	}
	return -1
}

// clockFrom is the moment path k's timeout clock starts at: the
// submission, the ESM's approval (esmApproved: there is one), or -1 while
// it has not started or on a path without one.
func (rd *ready) clockFrom(k kind, esmApproved bool) int {
	switch {
	case k == kSourcedGrowth, k == kEarlyStage && rd.params.ASMClockStart == ClockFromSubmission:
		return atSubmitted
	case k == kEarlyStage && esmApproved:
		return atESM
	}
	return -1
}

// pathDays is the days from the clock to the deadline on path k.
func (rd *ready) pathDays(k kind) int {
	if k == kSourcedGrowth {
		return rd.params.SourcedGrowthTimeoutDays
	}
	return rd.params.ASMTimeoutDays
}

// appendStage writes the stage, and the CRM label it was given as.
func appendStage(b []byte, f *program.Facts) []byte {
	b = append(b, f.S[sStage]...)
	if f.S[sLabel] != "" {
		b = append(f.AppendQuoted(append(b, " (CRM label "...), sLabel), ')')
	}
	return b
}

// appendReview writes "approved at 2026-03-04T10:00:00Z" from slot i.
func appendReview(b []byte, f *program.Facts, i int, denied bool) []byte {
	if denied {
		b = append(b, "denied"...)
	} else {
		b = append(b, "approved"...)
	}
	return f.AppendInstant(append(b, " at "...), i)
}

// appendClockFrom says where the deadline's days were counted from.
func appendClockFrom(b []byte, f *program.Facts) []byte {
	b = f.AppendInt(append(b, " ("...), nDays)
	if f.N[nFlags]&fFromSubmission != 0 {
		b = append(b, " days from submission at "...)
	} else {
		b = append(b, " days from the ESM approval at "...)
	}
	return append(f.AppendInstant(b, nClock), ')')
}

// appendActivity writes the last sales activity: "on" a date, "at" an
// instant.
func appendActivity(b []byte, f *program.Facts) []byte {
	if f.N[nFlags]&fActivityInstant != 0 {
		return f.AppendInstant(append(b, "at "...), nA)
	}
	return f.AppendDate(append(b, "on "...), nA)
}

// appendDaysSince writes ", 181 days before today (2026-11-25), more than
// 180".
func appendDaysSince(b []byte, f *program.Facts, comparison string) []byte {
	b = f.AppendInt(append(b, ", "...), nClock)
	b = f.AppendDate(append(b, " days before today ("...), nB)
	return f.AppendInt(append(append(b, ")"...), comparison...), nDays)
}

// after reports whether rv was made after deadline.
func after(rv *verdict, deadline time.Time) bool { return rv.Made && rv.At.After(deadline) }

func missingActivityOutcome(m MissingActivity) Outcome {
	switch m {
	case MissingActivityAged:
		return Approved
	case MissingActivityActive:
		return Denied
	}
	return NeedsReview
}
