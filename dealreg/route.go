package dealreg

import (
	"slices"
	"sync"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Outcome is where a registration stands.
type Outcome string

const (
	// Approved: the partner holds the registration (see Decision.Status for
	// expiry).
	Approved Outcome = "approved"
	// Denied: a reviewer or the rules of engagement turned it down.
	Denied Outcome = "denied"
	// Rejected: the registration fails an eligibility requirement and is not
	// routed at all.
	Rejected Outcome = "rejected"
	// PendingESM: waiting for the ESM's decision.
	PendingESM Outcome = "pending_esm"
	// PendingASM: waiting for the ASM's decision.
	PendingASM Outcome = "pending_asm"
	// NeedsReview: the handbook does not decide this case; a person must.
	NeedsReview Outcome = "needs_review"
)

// Outcomes lists every routing outcome.
var Outcomes = []Outcome{Approved, Denied, Rejected, PendingESM, PendingASM, NeedsReview}

func (o Outcome) Valid() bool { return slices.Contains(Outcomes, o) }
func (o *Outcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "outcome", Outcomes)
}

// Status is whether an approved registration is still in force.
type Status string

const (
	Active  Status = "active"
	Expired Status = "expired"
)

// Decision is the routing decision for one registration at one instant.
type Decision struct {
	Outcome Outcome          `json:"outcome"`
	Reasons []program.Reason `json:"reasons"`
	// Next is who must act next, on what, and by when; absent when nobody
	// has to.
	Next program.Action `json:"next,omitzero"`
	// Deadline is when Ecosystem Ops approves by timeout on the paths that
	// have one, once the clock runs.
	Deadline time.Time `json:"deadline,omitzero"`
	// ApprovedAt and ApprovedBy are set on approved decisions. Ecosystem
	// Ops' own approvals (no CRM opportunity, an aged opportunity) carry
	// the submission instant; timeouts carry the deadline.
	ApprovedAt time.Time     `json:"approved_at,omitzero"`
	ApprovedBy program.Actor `json:"approved_by,omitempty"`
	// ExpiresAt and Status are set on approved decisions.
	ExpiresAt     time.Time `json:"expires_at,omitzero"`
	Status        Status    `json:"status,omitempty"`
	PolicyVersion string    `json:"policy_version"`
}

// Holds reports whether the partner holds the registration at the decision's
// instant: approved and not yet expired. Outcome alone stays approved after
// the approval expires; Status says whether it is still in force.
func (d Decision) Holds() bool { return d.Outcome == Approved && d.Status == Active }

// RoutingRule describes one rule of the routing table. Top-level rules
// (Parent empty) are tried in order and the first that holds picks the path;
// a path's leaves are then tried in order. The same table drives [Route],
// the documentation and the flow diagram.
type RoutingRule struct {
	program.Rule
	// Parent is the path rule a leaf belongs to; empty for top-level rules.
	Parent program.RuleID `json:"parent,omitempty"`
	// Outcome is what the rule decides under the policy; empty for a path
	// rule that leaves the decision to its leaves.
	Outcome Outcome `json:"outcome,omitempty"`
}

// RoutingRules lists the routing table under p, in evaluation order: each
// path rule followed by its leaves.
func (p Policy) RoutingRules() []RoutingRule {
	var out []RoutingRule
	for _, n := range routing {
		out = append(out, RoutingRule{Rule: n.rule, Outcome: n.outcomeUnder(p.params())})
		for _, c := range n.leaves {
			out = append(out, RoutingRule{Rule: c.rule, Parent: n.rule.ID, Outcome: c.outcomeUnder(p.params())})
		}
	}
	return out
}

// state is what the routing rules look at: the facts of one registration
// and the policy's numbers, by value, so that the pooled work holding it
// has few pointers for the collector to follow.
type state struct {
	p        params
	r        facts
	now      time.Time
	loc      *time.Location
	clock    time.Time // when the path's timeout clock started
	deadline time.Time // clock + the path's days; zero while the clock has not started
}

// params are the numbers and switches the routing table reads.
type params struct {
	ASMTimeoutDays           int
	ASMClockStart            ClockStart
	SourcedGrowthTimeoutDays int
	AgingDays                int
	MissingActivity          MissingActivity
	ActivityDate             ActivityDate
}

func (p *Policy) params() params {
	return params{p.ASMTimeoutDays, p.ASMClockStart, p.SourcedGrowthTimeoutDays, p.AgingDays, p.MissingActivity, p.ActivityDate}
}

// facts are the parts of a registration the routing table reads.
type facts struct {
	Stage program.Stage // the current stage, a label read as its stage
	// Label is the CRM label the stage was given as, or "".
	Label             string
	Kind              program.OpportunityKind
	SourcedGrowth     bool // a renewal with sourced growth
	LastSalesActivity program.DateOrInstant
	SubmittedAt       time.Time
	ESM, ASM          *Review
}

// factsOf reads a validated registration under p.
func (p *Policy) factsOf(r *Registration) facts {
	o := &r.Opportunity
	f := facts{Stage: o.Stage, Kind: o.Kind, SourcedGrowth: growth(r), LastSalesActivity: lastActivity(o), SubmittedAt: r.SubmittedAt, ESM: r.ESM, ASM: r.ASM}
	if !o.Stage.Valid() {
		f.Stage, _ = p.stageOf(o.Stage)
		f.Label = string(o.Stage)
	}
	return f
}

// reviewed reports whether any ESM or ASM decision is recorded.
func (f *facts) reviewed() bool { return f.ESM != nil || f.ASM != nil }

// onReviewedPath reports whether the current stage is one the ESM and ASM
// review: stage 0-2, or stage 3-6 for a renewal with sourced growth.
func (f *facts) onReviewedPath() bool {
	return f.Stage.Between(0, 2) || (f.Stage.Between(3, 6) && f.SourcedGrowth)
}

// node is one row of the routing table.
type node struct {
	rule program.Rule
	when func(*state) bool
	// enter runs when a path node is taken, to start its clock.
	enter func(*state)
	// outcome is fixed, or depends on the policy via decide.
	outcome Outcome
	decide  func(params) Outcome
	explain func(*explainer, *state)
	// settle fills in the decision's next action and approval facts.
	settle func(*state, *Decision)
	leaves []node
}

func (n *node) outcomeUnder(p params) Outcome {
	if n.decide != nil {
		return n.decide(p)
	}
	return n.outcome
}

// Route decides where registration r stands at now under the rules of
// engagement: eligibility first (every failed requirement is listed), then
// the routing table. It returns an error, matching program.ErrInvalidInput
// and locating every bad value with a JSON Pointer into the registration
// document ("/opportunity/stage"), when r or now is malformed or contradicts
// itself.
func (p Policy) Route(r Registration, now time.Time) (Decision, error) {
	if err := p.validateRoute(&r, now); err != nil {
		return Decision{}, err
	}
	return p.route(&r, now), nil
}

func (p *Policy) validateRoute(r *Registration, now time.Time) error {
	if !p.usable() {
		return p.Validate()
	}
	var pr program.Problems
	if now.IsZero() {
		pr.AddErr(nowRequired())
		now = r.SubmittedAt // still check the rest
	}
	p.check(&pr, whole, r, now)
	return pr.Err()
}

// work is the scratch space of one routing decision. The rules are called
// through function values, so whatever they can reach lives on the heap;
// rather than allocate it per decision, route takes it from a pool and gives
// it back. Nothing in it survives into the next decision: route overwrites
// every field before use and clears the pointers after.
type work struct {
	s state
	d Decision
	e explainer
}

var workPool = sync.Pool{New: func() any { return new(work) }}

// route decides a validated registration. The decision it returns shares
// nothing with the pooled work: its reasons and texts are allocated for it.
func (p *Policy) route(r *Registration, now time.Time) Decision {
	w := workPool.Get().(*work)
	loc := p.TimeZone.Location()
	w.s = state{p: p.params(), r: p.factsOf(r), now: now, loc: loc}
	w.d = Decision{PolicyVersion: p.Version}
	w.e.reset(loc)
	s, d, e := &w.s, &w.d, &w.e
	if p.explainIneligible(e, r, &s.r) {
		d.Outcome = Rejected
		d.Next = program.Action{Actor: program.ActorPartner, What: "meet every failed requirement, then register again"}
	} else {
		p.walk(s, d, e)
	}
	d.Reasons = e.done()
	out := *d
	w.s, w.d = state{}, Decision{}
	workPool.Put(w)
	return out
}

// walk takes the first path whose rule holds, then the first of its leaves
// that holds, and settles the decision.
func (p *Policy) walk(s *state, d *Decision, e *explainer) {
	for i := range routing {
		n := &routing[i]
		if !n.when(s) {
			continue
		}
		if n.enter != nil {
			n.enter(s)
		}
		leaf := n
		n.explain(e, s)
		for j := range n.leaves {
			if c := &n.leaves[j]; c.when(s) {
				leaf = c
				c.explain(e, s)
				break
			}
		}
		d.Outcome = leaf.outcomeUnder(s.p)
		d.Deadline = s.deadline
		if leaf.settle != nil {
			leaf.settle(s, d)
		}
		break
	}
	if d.Outcome == Approved {
		d.ExpiresAt, d.Status = p.expiry(d.ApprovedAt, s.now)
		p.explainExpiry(e, d.ApprovedAt, d.ExpiresAt, d.Status)
	}
}

// explainIneligible adds a reason for every failed eligibility requirement,
// in the order of [Rules], and reports whether any failed. The opportunity
// is read from f, with its stage as the policy reads it.
func (p *Policy) explainIneligible(e *explainer, r *Registration, f *facts) bool {
	failed := false
	if r.Scope != ScopeSingleOpportunity {
		e.add(eligibilityRules[0]).s("the registration covers ").s(scopeWords(r.Scope)).s("; each sales opportunity is registered on its own")
		failed = true
	}
	if !r.Partner.AgreementSigned {
		e.add(eligibilityRules[1]).s("the partner has not signed the Partner Program Agreement")
		failed = true
	}
	if n := r.Partner.Employees.FoundationsTrained; n < p.MinTrainedEmployees {
		e.add(eligibilityRules[2]).i(n).s(" employees completed Foundations for Partners training; at least ").i(p.MinTrainedEmployees).s(" must")
		failed = true
	}
	if !p.kindQualifies(f) {
		e.add(eligibilityRules[3])
		if f.Kind == program.KindRenewal {
			e.s("a renewal qualifies only at stages 3-6 with sourced growth; this one is at stage ").stage(f)
			if f.SourcedGrowth {
				e.s(" with sourced growth")
			} else {
				e.s(" without sourced growth")
			}
		} else {
			e.s("opportunity kind ").s(string(f.Kind)).s(" is not one that qualifies")
		}
		failed = true
	}
	if r.Program == ProgramServiceAttached {
		e.add(eligibilityRules[4]).s("service-attached registrations are qualified by the service-attach rules, not routed as deal registrations")
		failed = true
	}
	return failed
}

// kindQualifies applies the qualifying kinds. A renewal not listed there
// qualifies with sourced growth at stage 3-6; with a review history it also
// qualifies once the opportunity has moved past stage 6 or out of the CRM,
// since the reviews show it took the sourced-growth path (the only one a
// renewal takes) and RuleMovedOn decides it.
func (p *Policy) kindQualifies(f *facts) bool {
	if slices.Contains(p.QualifyingKinds, f.Kind) {
		return true
	}
	return f.Kind == program.KindRenewal && f.SourcedGrowth && (f.Stage.Between(3, 6) || (f.reviewed() && !f.Stage.Between(0, 2)))
}

func scopeWords(s Scope) string {
	switch s {
	case ScopeCustomerAccount:
		return "a whole customer account"
	case ScopeCombinedOpportunities:
		return "several opportunities combined"
	}
	return string(s)
}

// EnumValues lists the valid values of Outcome.
func (Outcome) EnumValues() []string { return program.EnumStrings(Outcomes) }
