package dealreg

import (
	"slices"
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
	Outcome Outcome         `json:"outcome"`
	Reasons program.Reasons `json:"reasons"`
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
		out = append(out, RoutingRule{Rule: n.rule, Outcome: n.outcomeUnder(p.MissingActivity)})
		for _, c := range n.leaves {
			out = append(out, RoutingRule{Rule: c.rule, Parent: n.rule.ID, Outcome: c.outcomeUnder(p.MissingActivity)})
		}
	}
	return out
}

// state is what the routing rules look at: the facts of one registration
// and the policy's numbers. It lives on the decision's stack and is
// filled in place: it is larger than the work of most rows.
type state struct {
	p        *params
	r        facts
	now      time.Time
	loc      *time.Location
	clock    time.Time // when the path's timeout clock started
	deadline time.Time // clock + the path's days; zero while the clock has not started
}

// params are the numbers and switches the routing table reads.
type params struct {
	MinTrainedEmployees      int
	ASMTimeoutDays           int
	ASMClockStart            ClockStart
	SourcedGrowthTimeoutDays int
	AgingDays                int
	MissingActivity          MissingActivity
	ActivityDate             ActivityDate
	ExpiryDays               int
}

func (p *Policy) params() params {
	return params{p.MinTrainedEmployees, p.ASMTimeoutDays, p.ASMClockStart, p.SourcedGrowthTimeoutDays, p.AgingDays, p.MissingActivity, p.ActivityDate, p.ExpiryDays}
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

// read fills f from a validated registration under the policy rd.
func (f *facts) read(rd *ready, r *Registration) {
	o := &r.Opportunity
	f.Stage, f.Kind, f.SourcedGrowth, f.LastSalesActivity = o.Stage, o.Kind, growth(r), lastActivity(o)
	f.SubmittedAt, f.ESM, f.ASM = r.SubmittedAt, r.ESM, r.ASM
	if !o.Stage.Valid() {
		f.Stage, _ = rd.stageOf(o.Stage)
		f.Label = string(o.Stage)
	}
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
	kind kind
	// outcome is fixed, or (decide) the policy's missing-activity reading.
	outcome Outcome
	decide  bool
	leaves  []node
}

func (n *node) outcomeUnder(m MissingActivity) Outcome {
	if n.decide {
		return missingActivityOutcome(m)
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
	rd, err := p.checked()
	if err != nil {
		return Decision{}, err
	}
	if err := p.validateRoute(rd, &r, now); err != nil {
		return Decision{}, err
	}
	var d Decision
	p.decide(rd, &r, now, true, &d)
	return d, nil
}

func (p *Policy) validateRoute(rd *ready, r *Registration, now time.Time) error {
	var pr program.Problems
	if now.IsZero() {
		pr.AddErr(nowRequired())
		now = r.SubmittedAt // still check the rest
	}
	p.check(&pr, rd, whole, r, now)
	return pr.Err()
}

// maxReasons bounds the reasons of one routing decision: at most five
// eligibility failures, or a path, a leaf and an expiry reason.
const maxReasons = 5

// reasons notes, while a decision is made, which rules bore on it: a few
// words on the stack per reason. Their facts are written afterwards (done),
// once the decision is settled, into the one block the decision keeps.
type reasons struct {
	n     int
	steps [maxReasons]step
}

// step is one reason to cite: its rule, its effect, and where its facts
// come from (what).
type step struct {
	rule *program.Rule
	ef   program.Effect
	what uint8 // an eligibility requirement (eligible+i), a routing row's kind, or expiryFacts
}

// Sources of a step's facts beside the routing rows' kinds.
const (
	expiryFacts = 64 + iota
	eligible    // eligible+i: eligibility requirement i
)

// cite notes that rule r bore on the decision with effect ef, its facts
// from what.
func (e *reasons) cite(r *program.Rule, ef program.Effect, what uint8) {
	e.steps[e.n] = step{r, ef, what}
	e.n++
}

// done writes the noted reasons with their facts into one block: the
// registration r (nil when there is none), the state s of the routing
// table and the decision d are as deciding left them.
func (e *reasons) done(rd *ready, s *state, r *Registration, d *Decision) program.Reasons {
	var w program.ReasonWriter
	for i := range e.steps[:e.n] {
		st := &e.steps[i]
		f := w.Cite(st.rule, st.ef)
		switch {
		case st.what >= eligible:
			eligibilityFacts(int(st.what-eligible), f, rd, r, &s.r)
		case st.what == expiryFacts:
			rd.citeExpiry(f, d.ApprovedAt, d.ExpiresAt)
		default:
			s.record(kind(st.what), f)
		}
	}
	return w.Done()
}

// decide routes a validated registration into *d, which is zero, citing
// its reasons when explain is set. Its scratch lives on the stack: the
// routing table is walked with switches on each row's kind, never through
// function values, so nothing in it escapes.
func (p *Policy) decide(rd *ready, r *Registration, now time.Time, explain bool, d *Decision) {
	var s state
	s.p, s.now, s.loc = &rd.params, now, rd.loc
	s.r.read(rd, r)
	d.PolicyVersion = p.Version
	var e reasons
	if ineligible(&e, rd, r, &s.r) {
		d.Outcome = Rejected
		d.Next = program.Action{Actor: program.ActorPartner, What: "meet every failed requirement, then register again"}
	} else {
		walk(rd, &s, d, &e)
	}
	if explain {
		d.Reasons = e.done(rd, &s, r, d)
	}
}

// walk takes the first path whose rule holds, then the first of its leaves
// that holds, and settles the decision.
func walk(rd *ready, s *state, d *Decision, e *reasons) {
	for i := range routing {
		n := &routing[i]
		if !s.holds(n.kind) {
			continue
		}
		s.enter(n.kind)
		leaf := n
		e.cite(&n.rule, program.Applied, uint8(n.kind))
		for j := range n.leaves {
			if c := &n.leaves[j]; s.holds(c.kind) {
				leaf = c
				e.cite(&c.rule, program.Applied, uint8(c.kind))
				break
			}
		}
		d.Outcome = leaf.outcomeUnder(s.p.MissingActivity)
		d.Deadline = s.deadline
		s.settle(leaf.kind, d)
		break
	}
	if d.Outcome == Approved {
		d.ExpiresAt, d.Status = rd.expiry(d.ApprovedAt, s.now)
		e.cite(rd.expiryRule(d.Status), program.Applied, expiryFacts)
	}
}

// ineligible notes every failed eligibility requirement, in the order of
// [Rules], and reports whether any failed. The opportunity is read from f,
// with its stage as the policy reads it.
func ineligible(e *reasons, rd *ready, r *Registration, f *facts) bool {
	n := e.n
	if r.Scope != ScopeSingleOpportunity {
		e.cite(&eligibilityRules[0], program.Unmet, eligible+0)
	}
	if !r.Partner.AgreementSigned {
		e.cite(&eligibilityRules[1], program.Unmet, eligible+1)
	}
	if r.Partner.Employees.FoundationsTrained < rd.params.MinTrainedEmployees {
		e.cite(&eligibilityRules[2], program.Unmet, eligible+2)
	}
	if !rd.kindQualifies(f) {
		e.cite(&eligibilityRules[3], program.Unmet, eligible+3)
	}
	if r.Program == ProgramServiceAttached {
		e.cite(&eligibilityRules[4], program.Unmet, eligible+4)
	}
	return e.n > n
}

// eligibilityFacts writes the facts of failed requirement i.
func eligibilityFacts(i int, fs *program.Facts, rd *ready, r *Registration, f *facts) {
	switch i {
	case 0:
		fs.S[sWord] = scopeWords(r.Scope)
	case 2:
		fs.N[0], fs.N[1] = int64(r.Partner.Employees.FoundationsTrained), int64(rd.params.MinTrainedEmployees)
	case 3:
		fs.S[sStage], fs.S[sLabel], fs.S[sWord] = string(f.Stage), f.Label, string(f.Kind)
		if f.SourcedGrowth {
			fs.N[nFlags] = fGrowth
		}
	}
}

// kindQualifies applies the qualifying kinds. A renewal not listed there
// qualifies with sourced growth at stage 3-6; with a review history it also
// qualifies once the opportunity has moved past stage 6 or out of the CRM,
// since the reviews show it took the sourced-growth path (the only one a
// renewal takes) and RuleMovedOn decides it.
func (rd *ready) kindQualifies(f *facts) bool {
	if rd.qualifies(f.Kind) {
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
