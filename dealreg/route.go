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

// state is what a routing reason's text is written from: the facts of one
// registration and the policy's numbers, as the decision's frame keeps
// them ([frame.restore]).
type state struct {
	p        *params
	r        facts
	loc      *time.Location
	clock    time.Time // when the path's timeout clock started
	deadline time.Time // clock + the path's days; zero while the clock has not started
	timed    bool      // a deadline is set (it may be the zero time.Time's instant)
	// How the last sales activity was aged: to an instant, or in calendar
	// days to today.
	agedTo       time.Time
	instantAging bool
	today        program.Date
	// The approval the expiry reasons read, and when it expires.
	approved, expires instant
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

// facts are the parts of a registration the routing reasons read.
type facts struct {
	Stage program.Stage // the current stage, a label read as its stage
	// Label is the CRM label the stage was given as, or "".
	Label             string
	Kind              program.OpportunityKind
	SourcedGrowth     bool // a renewal with sourced growth
	LastSalesActivity program.DateOrInstant
	SubmittedAt       time.Time
	ESM, ASM          verdict
}

// verdict is an ESM or ASM decision as the routing reasons read it.
type verdict struct {
	At     time.Time
	Made   bool // a decision is recorded
	Denied bool // and it is a denial (else an approval)
}

// node is one row of the routing table.
type node struct {
	rule program.Rule
	kind kind
	when cond // the row's condition over a sheet's bits
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
func (p Policy) Route(r Registration, now time.Time) (d Decision, err error) {
	rd, err := p.checked()
	if err != nil {
		return Decision{}, err
	}
	var s sheet
	if now.IsZero() || !rd.scan(&r, now, &s) {
		return Decision{}, p.validateRoute(rd, &r, now)
	}
	p.decide(rd, &r, &s, true, &d) // into the result: a decision is not copied
	return d, nil
}

// validateRoute locates every problem of a registration the routing
// refused.
func (p *Policy) validateRoute(rd *ready, r *Registration, now time.Time) error {
	var pr program.Problems
	if now.IsZero() {
		pr.AddErr(nowRequired())
		now = r.SubmittedAt // still check the rest
	}
	p.checkAll(&pr, rd, whole, r, now)
	if pr.Len() == 0 {
		panic("dealreg: a registration refused with no problem found") // scan and checkAll disagree
	}
	return pr.Err()
}

// maxReasons bounds the reasons of one routing decision: at most five
// eligibility failures, or a path, a leaf and an expiry reason.
const maxReasons = 5

// reasons notes, while a decision is made, which rules bore on it: a byte
// per reason. Their facts are kept in the decision's frame, and their
// texts' facts written from it only when the reasons are read
// ([ready.WriteReasons]).
type reasons struct {
	n    uint8
	what [maxReasons]uint8 // a routing row's kind, an expiry status (expiryActive, expiryExpired) or an eligibility requirement (eligible+i)
}

// Sources of a reason's rule and facts beside the routing rows' kinds.
const (
	expiryActive  = 64 + iota // expiryRules[0]
	expiryExpired             // expiryRules[1]
	eligible                  // eligible+i: eligibility requirement i
)

// cite notes that the rule of what bore on the decision.
func (e *reasons) cite(what uint8) {
	e.what[e.n] = what
	e.n++
}

// ruleOf is the rule a reason from what cites, and its effect: an
// eligibility requirement is unmet; every other rule applied.
func ruleOf(what uint8) (*program.Rule, program.Effect) {
	switch {
	case what >= eligible:
		return &eligibilityRules[what-eligible], program.Unmet
	case what >= expiryActive:
		return &expiryRules[what-expiryActive], program.Applied
	}
	return &rows[what].rule, program.Applied
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

// frame is what a routing decision's reasons are written from, kept in
// place in its Reasons ([program.DeferReasonsInPlace]), so that a decision
// allocates nothing: the reasons noted while deciding and the facts of the
// registration they read, as words. Instants are kept as a sheet holds
// them, without their zones (reasons write them in the policy's), and to
// the second (as texts write them) but for the ones a reason compares (a
// review with a deadline counted from the submission or the ESM
// approval), which keep their nanoseconds: the reviews always, the
// submission when a deadline is counted from it. What the policy gives (a
// deadline, an approval's expiry, the end of an aging period) is counted
// again from them when the reasons are written. Today's date, the trained
// employees and the scope are kept only for the reasons that read them. So
// the frames of two decisions are alike when their registrations' facts
// are alike to the second (reviews to the nanosecond).
type frame struct {
	sec   [nMoments]int64 // instants as seconds since year 1, and day numbers
	nsec  [nExact]int32   // the nanoseconds of the first nExact
	label uint32          // 1 + the label's index in the policy's sorted labels; 0 for none
	enums uint16          // the stage's index in program.Stages, the kind's in program.OpportunityKinds and the scope's in Scopes
	flags uint8
	what  [maxReasons]uint8 // 1 + each reason's what; 0 past the last
}

// Moments of a frame.
const (
	atSubmitted = iota
	atESM
	atASM
	nExact                // the instants above keep their nanoseconds
	atActivity = iota - 1 // an instant, or a date's day number
	atDay                 // today's day number (aging in calendar days), or the trained employees (eligibility)
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
	xInstantAging                // it was aged instant to instant
)

// Fields of a frame's enums.
const (
	enumKindShift  = 4 // the stage takes the 4 bits below
	enumScopeShift = 7 // the kind takes the 3 bits below
)

// set keeps instant a as moment i.
func (x *frame) set(i int, a instant) {
	x.sec[i] = a.sec
	if i < nExact {
		x.nsec[i] = int32(a.nsec)
	}
}

// moment is moment i as an instant.
func (x *frame) moment(i int) instant {
	var ns int64
	if i < nExact {
		ns = int64(x.nsec[i])
	}
	return instant{x.sec[i], ns}
}

// time is moment i, in UTC.
func (x *frame) time(i int) time.Time { return x.moment(i).time(time.UTC) }

// explain keeps the noted reasons e with the facts they read, from the
// registration r and its sheet s as the routing table left it, in place
// in rs.
func (rd *ready) explain(rs *program.Reasons, e *reasons, r *Registration, s *sheet) {
	var in inPlace
	x := &in.frame
	for i, w := range e.what[:e.n] {
		x.what[i] = w + 1
	}
	x.set(atSubmitted, s.sub)
	if s.from != atSubmitted {
		x.nsec[atSubmitted] = 0 // only a deadline counted from it reads the submission below the second
	}
	bits := s.bits
	fl := uint8(0)
	if bits&bGrowth != 0 {
		fl |= xGrowth
	}
	if bits&bESM != 0 {
		fl |= xESM | xESMDenied*b2u(bits&bESMDenied != 0)
		x.set(atESM, s.esm)
	}
	if bits&bASM != 0 {
		fl |= xASM | xASMDenied*b2u(bits&bASMDenied != 0)
		x.set(atASM, s.asm)
	}
	switch {
	case bits&bNoActivity != 0:
	case bits&bActInstant != 0:
		fl |= xActivityInstant
		x.set(atActivity, s.act)
	default:
		fl |= xActivityDate
		x.sec[atActivity] = s.actDay
	}
	scope := 0
	switch w := e.what[0]; {
	case w >= eligible: // only eligibility reasons read these
		scope = program.IndexOf(r.Scope, Scopes)
		x.sec[atDay] = int64(r.Partner.Employees.FoundationsTrained)
	case e.n > 1 && (e.what[1] == uint8(kMidAged) || e.what[1] == uint8(kMidActive)): // only these read the aging
		if bits&bInstantAging != 0 {
			fl |= xInstantAging
		} else {
			x.sec[atDay] = s.today
		}
	}
	x.flags = fl
	x.enums = uint16(s.index) | uint16(s.kind-1)<<enumKindShift | uint16(scope)<<enumScopeShift
	if s.stage != r.Opportunity.Stage { // a CRM label
		i, found := slices.BinarySearch(rd.names, string(r.Opportunity.Stage))
		if !found {
			panic("dealreg: a stage label its compiled policy does not hold")
		}
		x.label = uint32(i + 1)
	}
	rs.DeferInPlace(int(e.n), rd, (*[program.InPlaceFacts]byte)(unsafe.Pointer(&in)))
}

// inPlace is a frame as a Reasons keeps it: InPlaceFacts bytes, the frame's
// and zeros. (A frame larger than that does not compile.)
type inPlace struct {
	frame
	_ [program.InPlaceFacts - unsafe.Sizeof(frame{})]byte
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

// reasons is how many reasons x keeps.
func (x *frame) reasons() []uint8 {
	n := 0
	for n < maxReasons && x.what[n] != 0 {
		n++
	}
	return x.what[:n]
}

// WriteReasons writes the reasons of a routing decision from its frame,
// with the state of the routing table rebuilt as the decision left it.
func (rd *ready) WriteReasons(w *program.ReasonWriter, b []byte) {
	x := frameOf(b)
	var s state
	x.restore(rd, &s)
	for _, what := range x.reasons() {
		what--
		f := w.Cite(ruleOf(what))
		switch {
		case what >= eligible:
			x.eligibilityFacts(int(what-eligible), f, rd, &s.r)
		case what >= expiryActive:
			rd.citeExpiry(f, s.approved.time(time.UTC), s.expires.time(time.UTC))
		default:
			s.record(kind(what), f)
		}
	}
}

// AppendRuleIDs appends the rule IDs of a routing decision's reasons, as
// WriteReasons cites them, from its frame.
func (rd *ready) AppendRuleIDs(ids []program.RuleID, b []byte) []program.RuleID {
	for _, what := range frameOf(b).reasons() {
		r, _ := ruleOf(what - 1)
		ids = append(ids, r.ID)
	}
	return ids
}

// verdict is the review the flags has and denied of x describe, made at
// moment i.
func (x *frame) verdict(has, denied uint8, i int) verdict {
	if x.flags&has == 0 {
		return verdict{}
	}
	return verdict{At: x.time(i), Made: true, Denied: x.flags&denied != 0}
}

// restore rebuilds the state of the routing table from x, counting again
// what the policy gives: the path's clock and deadline, the approval's
// expiry and the end of the aging period.
func (x *frame) restore(rd *ready, s *state) {
	s.p, s.loc = &rd.params, rd.loc
	f := &s.r
	f.Stage = program.Stages[x.enums&(1<<enumKindShift-1)]
	if x.label > 0 {
		f.Label = rd.names[x.label-1]
	}
	f.Kind = program.OpportunityKinds[x.enums>>enumKindShift&(1<<(enumScopeShift-enumKindShift)-1)]
	f.SourcedGrowth = x.flags&xGrowth != 0
	f.SubmittedAt = x.time(atSubmitted)
	switch {
	case x.flags&xActivityInstant != 0:
		t := x.time(atActivity)
		if t.IsZero() { // the first second of year 1, kept to the second: not "none"
			t = t.Add(1)
		}
		f.LastSalesActivity = program.AtInstant(t)
	case x.flags&xActivityDate != 0:
		f.LastSalesActivity = program.OnDate(program.DateOfDay(x.sec[atActivity]))
	}
	f.ESM = x.verdict(xESM, xESMDenied, atESM)
	f.ASM = x.verdict(xASM, xASMDenied, atASM)

	what := x.reasons()
	if len(what) == 0 || what[0]-1 >= eligible {
		return // eligibility reasons read none of the below
	}
	path := kind(what[0] - 1)
	var deadline instant
	if from := rd.clockFrom(path, x.flags&(xESM|xESMDenied) == xESM); from >= 0 {
		clock := x.moment(from)
		deadline = rd.addDays(clock, rd.pathDays(path))
		s.clock, s.deadline, s.timed = clock.time(time.UTC), deadline.time(time.UTC), true
	}
	leaf := path // a path without leaves decides itself
	if len(what) > 1 && what[1]-1 < expiryActive {
		leaf = kind(what[1] - 1)
	}
	switch at := approval(leaf); at {
	case atDeadline:
		s.approved = deadline
	case atSubmitted, atASM:
		s.approved = x.moment(at)
	}
	s.expires = rd.addDays(s.approved, rd.params.ExpiryDays) // read only by an expiry reason, of an approval
	if leaf != kMidAged && leaf != kMidActive {
		return
	}
	if x.flags&xInstantAging == 0 {
		s.today = program.DateOfDay(x.sec[atDay])
		return
	}
	end := rd.agingEnd(x.flags&xActivityInstant != 0, x.moment(atActivity), x.sec[atActivity])
	s.instantAging, s.agedTo = true, end.time(rd.loc)
}

// decide routes the registration r, read into its sheet s, into *d, which
// is zero, noting its reasons when explain is set. Its scratch lives on
// the stack.
func (p *Policy) decide(rd *ready, r *Registration, s *sheet, explain bool, d *Decision) {
	d.PolicyVersion = p.Version
	var e reasons
	if rd.ineligible(&e, r, s) {
		d.Outcome = Rejected
		d.Next = program.Action{Actor: program.ActorPartner, What: "meet every failed requirement, then register again"}
	} else {
		rd.walk(r, s, d, &e)
	}
	if explain {
		rd.explain(&d.Reasons, &e, r, s)
	}
}

// walk takes the first path whose condition holds, then the first of its
// leaves whose condition holds, and settles the decision.
func (rd *ready) walk(r *Registration, s *sheet, d *Decision, e *reasons) {
	for i := range routing {
		n := &routing[i]
		if !n.when.holds(s.bits) {
			continue
		}
		rd.enter(n.kind, s)
		leaf := n
		e.cite(uint8(n.kind))
		for j := range n.leaves {
			if c := &n.leaves[j]; c.when.holds(s.bits) {
				leaf = c
				e.cite(uint8(c.kind))
				break
			}
		}
		d.Outcome = leaf.outcomeUnder(rd.params.MissingActivity)
		rd.settle(leaf.kind, r, s, d)
		break
	}
	if d.Outcome == Approved {
		exp, st := rd.expiry(instantOf(d.ApprovedAt), s.now)
		d.ExpiresAt, d.Status = exp.time(rd.loc), st
		e.cite(expiryActive + b2u(st == Expired))
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
// [Rules], and reports whether any failed. The opportunity is read from
// its sheet s, with its stage as the policy reads it.
func (rd *ready) ineligible(e *reasons, r *Registration, s *sheet) bool {
	n := e.n
	if r.Scope != ScopeSingleOpportunity {
		e.cite(eligible + 0)
	}
	if !r.Partner.AgreementSigned {
		e.cite(eligible + 1)
	}
	if r.Partner.Employees.FoundationsTrained < rd.params.MinTrainedEmployees {
		e.cite(eligible + 2)
	}
	if !rd.kindQualifies(s) {
		e.cite(eligible + 3)
	}
	if r.Program == ProgramServiceAttached {
		e.cite(eligible + 4)
	}
	return e.n > n
}

// eligibilityFacts writes the facts of failed requirement i.
func (x *frame) eligibilityFacts(i int, fs *program.Facts, rd *ready, f *facts) {
	switch i {
	case 0:
		fs.S[sWord] = scopeWords(Scopes[x.enums>>enumScopeShift])
	case 2:
		fs.N[0], fs.N[1] = x.sec[atDay], int64(rd.params.MinTrainedEmployees)
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
func (rd *ready) kindQualifies(s *sheet) bool {
	if rd.qualifies(int(s.kind)) {
		return true
	}
	b := s.bits
	return b&bGrowth != 0 && (b&bMid != 0 || (b&bReviewed != 0 && b&bEarly == 0))
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
