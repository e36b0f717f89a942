package dealreg

import (
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// roe makes a rule of the Rules of Engagement section.
func roe(id program.RuleID, summary string) program.Rule {
	return program.Rule{ID: id, Section: SectionRulesOfEngagement, Summary: summary}
}

// The routing table: the handbook's rules of engagement as data. Top-level
// rows pick the path by the CRM opportunity's current stage; each path's
// leaves are tried in order. Deadlines are inclusive: a decision at exactly
// the deadline is in time, and the timeout fires only once now is after it.
// The first row is ours, not the handbook's: a review history on an
// opportunity that has moved off the reviewed paths goes to a person.
var routing = []node{
	{
		rule:    roe(RuleMovedOn, "ESM or ASM decisions are recorded, but the opportunity is now at a stage nobody reviews (3-6 without sourced growth, 7, closed, or no longer in the CRM): a person decides, with the review history"),
		when:    func(s *state) bool { return s.r.reviewed() && !s.r.onReviewedPath() },
		outcome: NeedsReview,
		explain: func(e *explainer, s *state) {
			e.add(roe(RuleMovedOn, ""))
			if s.r.ESM != nil { // always, once validated: an ASM decision needs an ESM approval
				e.review("ESM", s.r.ESM)
			}
			if s.r.ASM != nil {
				e.s(" and ").review("ASM", s.r.ASM)
			}
			e.s(", but the opportunity is now ")
			switch {
			case s.r.Stage == program.StageNone:
				e.s("out of the CRM (stage ").stage(&s.r).s("): it was removed or unlinked after the review")
			case s.r.Stage.Between(3, 6):
				e.s("at stage ").stage(&s.r).s(" and not a renewal with sourced growth, which the ESM and ASM do not review")
			default:
				e.s("at stage ").stage(&s.r).s(", past the stages the rules of engagement cover")
			}
			e.s(": the reviews were made at an earlier stage, so a person decides")
		},
		settle: func(s *state, d *Decision) {
			d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "review the registration by hand, with its ESM and ASM decisions and the opportunity's current stage"}
		},
	},
	{
		rule:    roe(RuleNoOpportunity, "no CRM opportunity exists: Ecosystem Ops approves and creates one"),
		when:    func(s *state) bool { return s.r.Stage == program.StageNone },
		outcome: Approved,
		explain: func(e *explainer, s *state) {
			e.add(roe(RuleNoOpportunity, "")).s("no CRM opportunity exists yet: Ecosystem Ops approves the registration and creates the opportunity")
		},
		settle: func(s *state, d *Decision) {
			approve(d, s.r.SubmittedAt, program.ActorEcosystemOps)
			d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "create the CRM opportunity and link the registration to it"}
		},
	},
	{
		rule: roe(RuleEarlyStage, "stage 0-2: Ecosystem Ops links the opportunity; the ESM, then the ASM decide; Ecosystem Ops approves when the ASM has not decided in time (counted from the ESM approval, or with the submission clock from submission, covering both waits)"),
		when: func(s *state) bool { return s.r.Stage.Between(0, 2) },
		enter: func(s *state) {
			switch {
			case s.p.ASMClockStart == ClockFromSubmission:
				s.clock = s.r.SubmittedAt
			case s.r.ESM != nil && s.r.ESM.Decision == VerdictApproved:
				s.clock = s.r.ESM.At
			default:
				return // the ASM has not been reached: no clock yet
			}
			s.deadline = program.AddDays(s.clock, s.p.ASMTimeoutDays, s.loc)
		},
		explain: func(e *explainer, s *state) {
			e.add(roe(RuleEarlyStage, "")).s("opportunity at stage ").stage(&s.r).
				s(": Ecosystem Ops links it and routes the registration to the ESM, then the ASM")
		},
		leaves: []node{
			{
				rule: roe(RuleEarlyStageESMPending, "the ESM has not decided (and, with the submission clock, the deadline has not passed)"),
				when: func(s *state) bool {
					return s.r.ESM == nil && (s.deadline.IsZero() || !s.now.After(s.deadline))
				},
				outcome: PendingESM,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleEarlyStageESMPending, "")).s("waiting for the ESM since submission at ").t(s.r.SubmittedAt)
					if !s.deadline.IsZero() {
						e.s("; Ecosystem Ops approves if the registration is not decided by ").t(s.deadline).clockFrom(s)
					}
				},
				settle: func(s *state, d *Decision) {
					d.Next = program.Action{Actor: program.ActorESM, What: "approve or deny the registration", Due: s.deadline}
				},
			},
			{
				rule: roe(RuleEarlyStageESMDenied, "the ESM denied (with the submission clock, by the deadline)"),
				when: func(s *state) bool {
					return s.r.ESM != nil && s.r.ESM.Decision == VerdictDenied && (s.deadline.IsZero() || !s.r.ESM.At.After(s.deadline))
				},
				outcome: Denied,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleEarlyStageESMDenied, "")).s("the ESM denied the registration at ").t(s.r.ESM.At)
				},
			},
			{
				rule:    roe(RuleEarlyStageASMApproved, "the ASM approved by the deadline"),
				when:    func(s *state) bool { return decidedBy(s.r.ASM, VerdictApproved, s.deadline) },
				outcome: Approved,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleEarlyStageASMApproved, "")).s("the ASM approved at ").t(s.r.ASM.At).s(", by the deadline ").t(s.deadline).clockFrom(s)
				},
				settle: func(s *state, d *Decision) { approve(d, s.r.ASM.At, program.ActorASM) },
			},
			{
				rule:    roe(RuleEarlyStageASMDenied, "the ASM denied by the deadline"),
				when:    func(s *state) bool { return decidedBy(s.r.ASM, VerdictDenied, s.deadline) },
				outcome: Denied,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleEarlyStageASMDenied, "")).s("the ASM denied at ").t(s.r.ASM.At).s(", by the deadline ").t(s.deadline).clockFrom(s)
				},
			},
			{
				rule:    roe(RuleEarlyStageASMLate, "a decision came after the deadline (the ASM's, or with the submission clock the ESM's): the timeout had already approved"),
				when:    func(s *state) bool { return after(s.r.ASM, s.deadline) || after(s.r.ESM, s.deadline) },
				outcome: Approved,
				explain: func(e *explainer, s *state) {
					who, rv := "ESM", s.r.ESM
					if !after(rv, s.deadline) {
						who, rv = "ASM", s.r.ASM
					}
					e.add(roe(RuleEarlyStageASMLate, "")).s("the ").s(who).s(" ").s(string(rv.Decision)).s(" at ").t(rv.At).
						s(", after the deadline ").t(s.deadline).clockFrom(s).s("; Ecosystem Ops had approved at the deadline")
				},
				settle: timeoutApproval,
			},
			{
				rule:    roe(RuleEarlyStageASMTimeout, "the ASM has not decided and the deadline has passed: Ecosystem Ops approves"),
				when:    func(s *state) bool { return s.now.After(s.deadline) },
				outcome: Approved,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleEarlyStageASMTimeout, ""))
					if s.r.ESM == nil {
						e.s("neither the ESM nor the ASM decided by the deadline ")
					} else {
						e.s("the ASM did not decide by the deadline ")
					}
					e.t(s.deadline).clockFrom(s).s("; Ecosystem Ops approves")
				},
				settle: timeoutApproval,
			},
			{
				rule:    roe(RuleEarlyStageASMPending, "waiting for the ASM until the deadline"),
				when:    func(*state) bool { return true },
				outcome: PendingASM,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleEarlyStageASMPending, "")).s("waiting for the ASM; Ecosystem Ops approves if the ASM has not decided by ").t(s.deadline).clockFrom(s)
				},
				settle: func(s *state, d *Decision) {
					d.Next = program.Action{Actor: program.ActorASM, What: "approve or deny the registration", Due: s.deadline}
				},
			},
		},
	},
	{
		rule: roe(RuleSourcedGrowth, "stage 3-6 renewal with sourced growth: the ESM, then the ASM decide; Ecosystem Ops approves when neither has decided in time from submission"),
		when: func(s *state) bool { return s.r.Stage.Between(3, 6) && s.r.SourcedGrowth },
		enter: func(s *state) {
			s.clock = s.r.SubmittedAt
			s.deadline = program.AddDays(s.clock, s.p.SourcedGrowthTimeoutDays, s.loc)
		},
		explain: func(e *explainer, s *state) {
			e.add(roe(RuleSourcedGrowth, "")).s("renewal with sourced growth at stage ").stage(&s.r).
				s(": routed to the ESM, then the ASM, who together have until ").t(s.deadline).s(" (").i(s.p.SourcedGrowthTimeoutDays).s(" days from submission)")
		},
		leaves: []node{
			{
				rule:    roe(RuleSourcedGrowthESMDenied, "the ESM denied by the deadline"),
				when:    func(s *state) bool { return decidedBy(s.r.ESM, VerdictDenied, s.deadline) },
				outcome: Denied,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleSourcedGrowthESMDenied, "")).s("the ESM denied at ").t(s.r.ESM.At).s(", by the deadline")
				},
			},
			{
				rule: roe(RuleSourcedGrowthASMApproved, "the ASM approved by the deadline"),
				when: func(s *state) bool {
					return decidedBy(s.r.ESM, VerdictApproved, s.deadline) && decidedBy(s.r.ASM, VerdictApproved, s.deadline)
				},
				outcome: Approved,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleSourcedGrowthASMApproved, "")).s("the ESM approved at ").t(s.r.ESM.At).s(" and the ASM at ").t(s.r.ASM.At).s(", by the deadline")
				},
				settle: func(s *state, d *Decision) { approve(d, s.r.ASM.At, program.ActorASM) },
			},
			{
				rule: roe(RuleSourcedGrowthASMDenied, "the ASM denied by the deadline"),
				when: func(s *state) bool {
					return decidedBy(s.r.ESM, VerdictApproved, s.deadline) && decidedBy(s.r.ASM, VerdictDenied, s.deadline)
				},
				outcome: Denied,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleSourcedGrowthASMDenied, "")).s("the ASM denied at ").t(s.r.ASM.At).s(", by the deadline")
				},
			},
			{
				rule: roe(RuleSourcedGrowthLate, "a decision came after the deadline: the timeout had already approved"),
				when: func(s *state) bool {
					return after(s.r.ESM, s.deadline) || after(s.r.ASM, s.deadline)
				},
				outcome: Approved,
				explain: func(e *explainer, s *state) {
					who, rv := "ESM", s.r.ESM
					if !after(rv, s.deadline) {
						who, rv = "ASM", s.r.ASM
					}
					e.add(roe(RuleSourcedGrowthLate, "")).s("the ").s(who).s(" ").s(string(rv.Decision)).s(" at ").t(rv.At).
						s(", after the deadline ").t(s.deadline).s("; Ecosystem Ops had approved at the deadline")
				},
				settle: timeoutApproval,
			},
			{
				rule:    roe(RuleSourcedGrowthTimeout, "nobody decided by the deadline: Ecosystem Ops approves"),
				when:    func(s *state) bool { return s.now.After(s.deadline) },
				outcome: Approved,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleSourcedGrowthTimeout, "")).s("not approved or denied by the deadline ").t(s.deadline).s("; Ecosystem Ops approves")
				},
				settle: timeoutApproval,
			},
			{
				rule:    roe(RuleSourcedGrowthESMPending, "waiting for the ESM until the deadline"),
				when:    func(s *state) bool { return s.r.ESM == nil },
				outcome: PendingESM,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleSourcedGrowthESMPending, "")).s("waiting for the ESM; Ecosystem Ops approves if the registration is not decided by ").t(s.deadline)
				},
				settle: func(s *state, d *Decision) {
					d.Next = program.Action{Actor: program.ActorESM, What: "approve or deny the registration", Due: s.deadline}
				},
			},
			{
				rule:    roe(RuleSourcedGrowthASMPending, "the ESM approved; waiting for the ASM until the deadline"),
				when:    func(*state) bool { return true },
				outcome: PendingASM,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleSourcedGrowthASMPending, "")).s("the ESM approved at ").t(s.r.ESM.At).s("; waiting for the ASM until ").t(s.deadline)
				},
				settle: func(s *state, d *Decision) {
					d.Next = program.Action{Actor: program.ActorASM, What: "approve or deny the registration", Due: s.deadline}
				},
			},
		},
	},
	{
		rule: roe(RuleMidStage, "stage 3-6 otherwise: Ecosystem Ops checks the last sales activity date"),
		when: func(s *state) bool { return s.r.Stage.Between(3, 6) },
		explain: func(e *explainer, s *state) {
			e.add(roe(RuleMidStage, "")).s("opportunity at stage ").stage(&s.r).s(": Ecosystem Ops checks its last sales activity")
		},
		leaves: []node{
			{
				rule:   roe(RuleMidStageNoActivity, "no last sales activity date is recorded: decided by the policy's missing-activity reading"),
				when:   func(s *state) bool { return s.r.LastSalesActivity.IsZero() },
				decide: missingActivityOutcome,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleMidStageNoActivity, "")).s("no last sales activity date is recorded; the policy reads that as ").s(string(s.p.MissingActivity))
				},
				settle: func(s *state, d *Decision) {
					switch d.Outcome {
					case Approved:
						approve(d, s.r.SubmittedAt, program.ActorEcosystemOps)
					case NeedsReview:
						d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "find the opportunity's last sales activity and decide by hand"}
					}
				},
			},
			{
				rule:    roe(RuleMidStageAged, "the last sales activity is more than the aging period before now (an instant to the second, a date in calendar days to today): Ecosystem Ops approves"),
				when:    aged,
				outcome: Approved,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleMidStageAged, "")).s("last sales activity ").activity(s.r.LastSalesActivity)
					if end, ok := agedAfter(s); ok {
						e.s("; the ").i(s.p.AgingDays).s(" days after it ended at ").t(end).s(", before now")
					} else {
						days, today := daysSince(s)
						e.s(", ").i(days).s(" days before today (").d(today).s("), more than ").i(s.p.AgingDays)
					}
					e.s(": the opportunity has aged, so Ecosystem Ops approves")
				},
				settle: func(s *state, d *Decision) { approve(d, s.r.SubmittedAt, program.ActorEcosystemOps) },
			},
			{
				rule:    roe(RuleMidStageActive, "sales activity within the aging period: Ecosystem Ops denies"),
				when:    func(*state) bool { return true },
				outcome: Denied,
				explain: func(e *explainer, s *state) {
					e.add(roe(RuleMidStageActive, "")).s("last sales activity ").activity(s.r.LastSalesActivity)
					if end, ok := agedAfter(s); ok {
						e.s(" is within ").i(s.p.AgingDays).s(" days of now (they end at ").t(end).s(")")
					} else {
						days, today := daysSince(s)
						e.s(", ").i(days).s(" days before today (").d(today).s("), not more than ").i(s.p.AgingDays)
					}
					e.s(": sales is active, so Ecosystem Ops denies")
				},
			},
		},
	},
	{
		rule:    roe(RuleLateStage, "stage 7, closed won or closed lost: outside the rules of engagement, a person decides"),
		when:    func(*state) bool { return true },
		outcome: NeedsReview,
		explain: func(e *explainer, s *state) {
			e.add(roe(RuleLateStage, "")).s("opportunity at stage ").stage(&s.r).s(": the rules of engagement cover stages 0-6 only")
		},
		settle: func(s *state, d *Decision) {
			d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "review the registration by hand"}
		},
	},
}

// clockFrom says where the deadline's days were counted from.
func (e *explainer) clockFrom(s *state) *explainer {
	e.s(" (").i(s.p.ASMTimeoutDays).s(" days from ")
	if s.p.ASMClockStart == ClockFromSubmission {
		e.s("submission at ")
	} else {
		e.s("the ESM approval at ")
	}
	return e.t(s.clock).s(")")
}

// decidedBy reports whether rv is verdict v made no later than deadline.
func decidedBy(rv *Review, v Verdict, deadline time.Time) bool {
	return rv != nil && rv.Decision == v && !rv.At.After(deadline)
}

// after reports whether rv was made after deadline.
func after(rv *Review, deadline time.Time) bool { return rv != nil && rv.At.After(deadline) }

// aged reports whether the last sales activity is more than the aging
// period before now: an instant compared with now to the second; a date,
// under the default reading, compared with today's date in calendar days
// (so a date exactly AgingDays before today is not aged at any time of
// today), or, under start_of_day, as its first instant in the policy's zone.
func aged(s *state) bool {
	if end, ok := agedAfter(s); ok {
		return s.now.After(end)
	}
	days, _ := daysSince(s)
	return days > s.p.AgingDays
}

// agedAfter is the instant after which the opportunity counts as aged, when
// the activity is aged instant to instant: it is an instant, or a date read
// as its first instant.
func agedAfter(s *state) (time.Time, bool) {
	a := s.r.LastSalesActivity
	if t, ok := a.Instant(); ok {
		return program.AddDays(t, s.p.AgingDays, s.loc), true
	}
	if d, _ := a.Date(); s.p.ActivityDate == ActivityDateStartOfDay {
		return program.AddDays(d.Start(s.loc), s.p.AgingDays, s.loc), true
	}
	return time.Time{}, false
}

// daysSince counts calendar days from the activity date to today, now's
// date in the policy's zone.
func daysSince(s *state) (int, program.Date) {
	d, _ := s.r.LastSalesActivity.Date()
	today := program.DateOf(s.now.In(s.loc))
	return d.DaysUntil(today), today
}

func missingActivityOutcome(p params) Outcome {
	switch p.MissingActivity {
	case MissingActivityAged:
		return Approved
	case MissingActivityActive:
		return Denied
	}
	return NeedsReview
}

func approve(d *Decision, at time.Time, by program.Actor) {
	d.ApprovedAt, d.ApprovedBy = at, by
}

func timeoutApproval(s *state, d *Decision) {
	approve(d, s.deadline, program.ActorEcosystemOps)
	d.Next = program.Action{Actor: program.ActorEcosystemOps, What: "record the approval the timeout gave", Due: s.deadline}
}
