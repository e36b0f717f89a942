package dealreg

import (
	"slices"
	"time"
	"unsafe"

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

func (o Outcome) Valid() bool { return program.IsOneOf(o, Outcomes) }
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
	kind              uint8 // Kind's kindBit
	SourcedGrowth     bool  // a renewal with sourced growth
	LastSalesActivity program.DateOrInstant
	SubmittedAt       time.Time
	ESM, ASM          verdict
}

// verdict is an ESM or ASM decision as the routing table reads it.
type verdict struct {
	At     time.Time
	Made   bool // a decision is recorded
	Denied bool // and it is a denial (else an approval)
}

// verdictOf reads the review rv, if there is one.
func verdictOf(rv *Review) verdict {
	if rv == nil {
		return verdict{}
	}
	return verdict{At: rv.At, Made: true, Denied: rv.Decision == VerdictDenied}
}

// read fills f from a validated registration under the policy rd.
func (f *facts) read(rd *ready, r *Registration) {
	o := &r.Opportunity
	f.Stage, f.Kind, f.SourcedGrowth, f.LastSalesActivity = o.Stage, o.Kind, growth(r), lastActivity(o)
	f.SubmittedAt, f.ESM, f.ASM = r.SubmittedAt, verdictOf(r.ESM), verdictOf(r.ASM)
	f.kind = uint8(kindBit(o.Kind))
	if !o.Stage.Valid() {
		f.Stage, _ = rd.stageOf(o.Stage)
		f.Label = string(o.Stage)
	}
}

// reviewed reports whether any ESM or ASM decision is recorded.
func (f *facts) reviewed() bool { return f.ESM.Made || f.ASM.Made }

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

// reasons notes, while a decision is made, which rules bore on it: two
// bytes per reason. Their facts are kept in the decision's frame, and
// their texts' facts written from it only when the reasons are read
// ([ready.WriteReasons]).
type reasons struct {
	n     uint8
	steps [maxReasons]step
}

// step is one reason: where its rule and facts come from, and its effect.
type step struct {
	what uint8 // a routing row's kind, an expiry status (expiryActive, expiryExpired) or an eligibility requirement (eligible+i)
	ef   program.Effect
}

// Sources of a step's rule and facts beside the routing rows' kinds.
const (
	expiryActive  = 64 + iota // expiryRules[0]
	expiryExpired             // expiryRules[1]
	eligible                  // eligible+i: eligibility requirement i
)

// cite notes that the rule of what bore on the decision with effect ef.
func (e *reasons) cite(what uint8, ef program.Effect) {
	e.steps[e.n] = step{what, ef}
	e.n++
}

// rule is the rule step st cites.
func (st step) rule() *program.Rule {
	switch {
	case st.what >= eligible:
		return &eligibilityRules[st.what-eligible]
	case st.what >= expiryActive:
		return &expiryRules[st.what-expiryActive]
	}
	return &rows[st.what].rule
}

// rows are the routing table's rows by kind.
var rows = func() (t [kindCount]*node) {
	for i := range routing {
		t[routing[i].kind] = &routing[i]
		for j := range routing[i].leaves {
			t[routing[i].leaves[j].kind] = &routing[i].leaves[j]
		}
	}
	return t
}()

// frame is what a routing decision's reasons are written from, kept with
// the decision in place of their texts' facts: the reasons noted while
// deciding and the facts of the registration and the routing table they
// read, as words the collector does not scan. Instants are kept without
// their zones (reasons write them in the policy's), and to the second
// (as texts write them) but for the ones a reason compares (a review with
// the deadline), which keep their nanoseconds. What no reason of the
// decision reads is left zero, so that decisions whose reasons read alike
// keep alike frames.
type frame struct {
	sec     [nMoments]int64 // instants as seconds since 1970, without zones
	nsec    [nExact]int32   // and the nanoseconds of the first nExact
	trained int32
	label   uint32 // 1 + the label's index in the policy's sorted labels; 0 for none
	stage   uint8  // the stage as the policy reads it: its index in program.Stages
	kind    uint8  // the opportunity's kind: its index in program.OpportunityKinds
	scope   uint8  // the registration's scope: its index in Scopes
	flags   uint8
	e       reasons
}

// Instants of a frame.
const (
	atESM = iota
	atASM
	atDeadline
	nExact      // the instants above keep their nanoseconds
	atSubmitted = iota - 1
	atNow
	atActivity // an instant, or a date as yyyymmdd in seconds
	atClock
	atApproved
	atExpires
	nMoments
)

// Flags of a frame.
const (
	xGrowth          = 1 << iota // a renewal with sourced growth
	xESM                         // an ESM decision is recorded
	xESMDenied                   // and it is a denial
	xASM                         // an ASM decision is recorded
	xASMDenied                   // and it is a denial
	xActivityInstant             // the last sales activity is an instant
	xActivityDate                // the last sales activity is a date
)

// set keeps instant t as instant i.
func (x *frame) set(i int, t time.Time) {
	x.sec[i] = t.Unix()
	if i < nExact {
		x.nsec[i] = int32(t.Nanosecond())
	}
}

// time is instant i, in UTC.
func (x *frame) time(i int) time.Time {
	var ns int64
	if i < nExact {
		ns = int64(x.nsec[i])
	}
	return time.Unix(x.sec[i], ns).UTC()
}

// explain keeps the noted reasons e with the facts they read, from the
// registration r, the state s of the routing table and the decision d as
// deciding left them, in a frame of one allocation.
func (rd *ready) explain(e *reasons, r *Registration, s *state, d *Decision) program.Reasons {
	x := new(frame)
	x.e = *e
	f := &s.r
	x.set(atSubmitted, r.SubmittedAt)
	x.set(atClock, s.clock)
	x.set(atDeadline, s.deadline)
	x.set(atApproved, d.ApprovedAt)
	x.set(atExpires, d.ExpiresAt)
	fl := uint8(0)
	if f.SourcedGrowth {
		fl |= xGrowth
	}
	if f.ESM.Made {
		fl |= xESM | xESMDenied*b2u(f.ESM.Denied)
		x.set(atESM, f.ESM.At)
	}
	if f.ASM.Made {
		fl |= xASM | xASMDenied*b2u(f.ASM.Denied)
		x.set(atASM, f.ASM.At)
	}
	if t, ok := f.LastSalesActivity.Instant(); ok {
		fl |= xActivityInstant
		x.set(atActivity, t)
	} else if d, ok := f.LastSalesActivity.Date(); ok {
		fl |= xActivityDate
		x.sec[atActivity] = int64(d.Year)*10000 + int64(d.Month)*100 + int64(d.Day)
	}
	for _, st := range x.e.steps[:x.e.n] {
		if k := kind(st.what); k == kMidAged || k == kMidActive {
			x.set(atNow, s.now) // only the days since the activity read it
		}
	}
	x.flags = fl
	x.stage = stageIndex(f.Stage)
	x.kind = f.kind - 1
	if f.Label != "" {
		i, found := slices.BinarySearch(rd.names, f.Label)
		if !found {
			panic("dealreg: a stage label its compiled policy does not hold")
		}
		x.label = uint32(i + 1)
	}
	if x.e.steps[0].what >= eligible { // only eligibility reasons read these
		x.scope = uint8(program.IndexOf(r.Scope, Scopes))
		x.trained = int32(r.Partner.Employees.FoundationsTrained)
	}
	return program.DeferReasons(int(e.n), rd, unsafe.Slice((*byte)(unsafe.Pointer(x)), unsafe.Sizeof(*x)))
}

// stageIndex is s's index in program.Stages; s is valid. A numbered stage
// is found by its number, the list's order, without a search.
func stageIndex(s program.Stage) uint8 {
	if n, ok := s.Number(); ok {
		return uint8(n + 1)
	}
	return uint8(program.IndexOf(s, program.Stages))
}

// frameOf is the frame a decision's reasons keep in b.
func frameOf(b []byte) *frame { return (*frame)(unsafe.Pointer(unsafe.SliceData(b))) }

// WriteReasons writes the reasons of a routing decision from its frame,
// with the state of the routing table rebuilt as the decision left it.
func (rd *ready) WriteReasons(w *program.ReasonWriter, b []byte) {
	x := frameOf(b)
	var s state
	x.restore(rd, &s)
	for _, st := range x.e.steps[:x.e.n] {
		f := w.Cite(st.rule(), st.ef)
		switch {
		case st.what >= eligible:
			x.eligibilityFacts(int(st.what-eligible), f, rd, &s.r)
		case st.what >= expiryActive:
			rd.citeExpiry(f, x.time(atApproved), x.time(atExpires))
		default:
			s.record(kind(st.what), f)
		}
	}
}

// AppendRuleIDs appends the rule IDs of a routing decision's reasons, as
// WriteReasons cites them, from its frame.
func (rd *ready) AppendRuleIDs(ids []program.RuleID, b []byte) []program.RuleID {
	x := frameOf(b)
	for _, st := range x.e.steps[:x.e.n] {
		ids = append(ids, st.rule().ID)
	}
	return ids
}

// verdict is the review the flags has and denied of x describe, made at
// instant i.
func (x *frame) verdict(has, denied uint8, i int) verdict {
	if x.flags&has == 0 {
		return verdict{}
	}
	return verdict{At: x.time(i), Made: true, Denied: x.flags&denied != 0}
}

// restore rebuilds the state of the routing table from x.
func (x *frame) restore(rd *ready, s *state) {
	s.p, s.loc, s.now = &rd.params, rd.loc, x.time(atNow)
	s.clock, s.deadline = x.time(atClock), x.time(atDeadline)
	f := &s.r
	f.Stage = program.Stages[x.stage]
	if x.label > 0 {
		f.Label = rd.names[x.label-1]
	}
	f.Kind = program.OpportunityKinds[x.kind]
	f.SourcedGrowth = x.flags&xGrowth != 0
	f.SubmittedAt = x.time(atSubmitted)
	switch {
	case x.flags&xActivityInstant != 0:
		f.LastSalesActivity = program.AtInstant(x.time(atActivity))
	case x.flags&xActivityDate != 0:
		n := x.sec[atActivity]
		f.LastSalesActivity = program.OnDate(program.NewDate(int(n/10000), time.Month(n/100%100), int(n%100)))
	}
	f.ESM = x.verdict(xESM, xESMDenied, atESM)
	f.ASM = x.verdict(xASM, xASMDenied, atASM)
}

// decide routes a validated registration into *d, which is zero, noting
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
		d.Reasons = rd.explain(&e, r, &s, d)
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
		e.cite(uint8(n.kind), program.Applied)
		for j := range n.leaves {
			if c := &n.leaves[j]; s.holds(c.kind) {
				leaf = c
				e.cite(uint8(c.kind), program.Applied)
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
		e.cite(expiryActive+b2u(d.Status == Expired), program.Applied)
	}
}

// b2u is 1 for true and 0 for false.
func b2u(v bool) uint8 {
	if v {
		return 1
	}
	return 0
}

// ineligible notes every failed eligibility requirement, in the order of
// [Rules], and reports whether any failed. The opportunity is read from f,
// with its stage as the policy reads it.
func ineligible(e *reasons, rd *ready, r *Registration, f *facts) bool {
	n := e.n
	if r.Scope != ScopeSingleOpportunity {
		e.cite(eligible+0, program.Unmet)
	}
	if !r.Partner.AgreementSigned {
		e.cite(eligible+1, program.Unmet)
	}
	if r.Partner.Employees.FoundationsTrained < rd.params.MinTrainedEmployees {
		e.cite(eligible+2, program.Unmet)
	}
	if !rd.kindQualifies(f) {
		e.cite(eligible+3, program.Unmet)
	}
	if r.Program == ProgramServiceAttached {
		e.cite(eligible+4, program.Unmet)
	}
	return e.n > n
}

// eligibilityFacts writes the facts of failed requirement i.
func (x *frame) eligibilityFacts(i int, fs *program.Facts, rd *ready, f *facts) {
	switch i {
	case 0:
		fs.S[sWord] = scopeWords(Scopes[x.scope])
	case 2:
		fs.N[0], fs.N[1] = int64(x.trained), int64(rd.params.MinTrainedEmployees)
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
	if rd.qualifies(int(f.kind)) {
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
