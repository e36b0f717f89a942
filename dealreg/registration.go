package dealreg

import (
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Scope is what a registration covers.
type Scope string

const (
	ScopeSingleOpportunity     Scope = "single_opportunity"
	ScopeCustomerAccount       Scope = "customer_account"
	ScopeCombinedOpportunities Scope = "combined_opportunities"
)

// Scopes lists every scope.
var Scopes = []Scope{ScopeSingleOpportunity, ScopeCustomerAccount, ScopeCombinedOpportunities}

func (s Scope) Valid() bool                   { return program.IsOneOf(s, Scopes) }
func (s *Scope) UnmarshalText(b []byte) error { return program.UnmarshalEnum(s, b, "scope", Scopes) }

// ProgramType is the program a registration is submitted under.
type ProgramType string

const (
	ProgramReferral        ProgramType = "referral"
	ProgramResale          ProgramType = "resale"
	ProgramMSP             ProgramType = "msp"
	ProgramServiceAttached ProgramType = "service_attached"
)

// ProgramTypes lists every program type.
var ProgramTypes = []ProgramType{ProgramReferral, ProgramResale, ProgramMSP, ProgramServiceAttached}

func (t ProgramType) Valid() bool { return program.IsOneOf(t, ProgramTypes) }
func (t *ProgramType) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(t, b, "program type", ProgramTypes)
}

// Verdict is a reviewer's decision.
type Verdict string

const (
	VerdictApproved Verdict = "approved"
	VerdictDenied   Verdict = "denied"
)

// Verdicts lists every verdict.
var Verdicts = []Verdict{VerdictApproved, VerdictDenied}

func (v Verdict) Valid() bool { return program.IsOneOf(v, Verdicts) }
func (v *Verdict) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(v, b, "decision", Verdicts)
}

// Review is a reviewer's decision and when it was made.
type Review struct {
	Decision Verdict   `json:"decision" jsonschema:"required"`
	At       time.Time `json:"at" jsonschema:"required"`
}

// Registration is a partner's deal registration with the facts the CRM
// holds about it now. Opportunity describes the deal; its Stage is the CRM
// opportunity's current stage (not its stage at submission), or
// [program.StageNone] when the CRM has no opportunity for it, and may be one
// of the CRM's own stage labels that the policy maps ([Policy].StageLabels).
//
// Of the shared partner and opportunity, deal registration reads and
// requires the partner's agreement and Foundations-trained count and the
// opportunity's kind and stage (the require tags say so to the decoder and
// the schema; for a Go caller, an empty kind is the same error, while a
// false agreement and a count of 0 are values, decided as such). The
// partner's track and standing are not read. The opportunity's sourced
// growth (absent: none), last sales activity (absent: none recorded, decided
// by the policy's missing_activity) and close date (checked only against
// now) are optional.
type Registration struct {
	ID          string              `json:"id,omitempty"`
	Partner     program.Partner     `json:"partner" jsonschema:"required" require:"agreement_signed,employees/foundations_trained"`
	Scope       Scope               `json:"scope" jsonschema:"required"`
	Program     ProgramType         `json:"program" jsonschema:"required"`
	Opportunity program.Opportunity `json:"opportunity" jsonschema:"required" require:"kind"`
	SubmittedAt time.Time           `json:"submitted_at" jsonschema:"required"`
	// ESM and ASM are the sales managers' decisions, absent until made.
	// They are the registration's review history: recorded while the
	// opportunity was on a reviewed path, they stay when it moves on.
	ESM *Review `json:"esm,omitempty"`
	ASM *Review `json:"asm,omitempty"`
	// LocalSupport says whether the partner can deliver in-country or
	// in-region support for this customer. Only [Policy.Resolve] needs it.
	LocalSupport *bool `json:"local_support,omitempty"`
}

// place locates a registration in the document the caller sent: the whole
// document (i < 0, as [Policy.Route] takes it) or element i of the
// "registrations" list (as [Policy.Resolve] takes it). Its pointers are
// built only when a problem is found.
type place struct{ i int }

// whole is the registration that is the whole document.
var whole = place{-1}

// ptr is the JSON Pointer of the member named by names, one member per
// name: ptr("opportunity", "stage") is "/opportunity/stage" or
// "/registrations/1/opportunity/stage".
func (a place) ptr(names ...string) string { return a.in(nil, names...) }

// in is [place.ptr] built in pr's space ([program.Problems.Path]), for a
// problem pr records.
func (a place) in(pr *program.Problems, names ...string) string {
	parent := ""
	if a.i >= 0 {
		parent = pr.Index("/registrations", a.i)
	}
	return pr.Path(parent, names...)
}

// check validates r as of now under p, recording problems at pointers under
// where r is.
func (p *Policy) check(pr *program.Problems, rd *ready, where place, r *Registration, now time.Time) {
	if !p.valid(rd, r, now) {
		p.checkAll(pr, rd, where, r, now)
	}
}

// valid reports whether r has no problem at now ([ready.scan]).
func (p *Policy) valid(rd *ready, r *Registration, now time.Time) bool {
	var s sheet
	return rd.scan(r, now, &s)
}

// checkAll records every problem of r as of now under p.
func (p *Policy) checkAll(pr *program.Problems, rd *ready, where place, r *Registration, now time.Time) {
	// Paths are built only for problems: validating a good registration
	// must not allocate.
	if !r.Partner.Valid() {
		r.Partner.Check(pr, where.in(pr, "partner"))
	}
	if !r.Scope.Valid() {
		program.CheckEnum(pr, where.in(pr, "scope"), r.Scope, "scope", Scopes)
	}
	if !r.Program.Valid() {
		program.CheckEnum(pr, where.in(pr, "program"), r.Program, "program type", ProgramTypes)
	}
	// The opportunity is checked with its stage as the policy reads it: a
	// CRM label the policy maps is its stage; an unmapped label is named
	// with the labels the policy knows.
	o := r.Opportunity
	stage, known := rd.stageOf(o.Stage)
	// A missing stage, or any stage under a policy without labels, is
	// Check's to report.
	unknown := !known && o.Stage != "" && len(p.StageLabels) > 0
	switch {
	case known:
		o.Stage = stage
	case unknown:
		o.Stage = program.StageNone // reported below, with the labels
	}
	if !o.Valid() {
		o.Check(pr, where.in(pr, "opportunity"))
	}
	if unknown {
		pr.Add(where.in(pr, "opportunity", "stage"), "%s", p.unknownStage(r.Opportunity.Stage))
	}
	if o.Kind == "" {
		pr.Add(where.in(pr, "opportunity", "kind"), "required: the opportunity's kind (%s), which decides whether it qualifies", strings.Join(program.EnumStrings(program.OpportunityKinds), ", "))
	}
	// Instants are compared as scan compares them ([instant]).
	loc, at := rd.loc, instantOf(now)
	switch {
	case r.SubmittedAt.IsZero():
		pr.Add(where.in(pr, "submitted_at"), "required: when the partner submitted the registration")
	case instantOf(r.SubmittedAt).after(at):
		pr.Add(where.in(pr, "submitted_at"), "%s is after now (%s)", stamp(r.SubmittedAt, loc), stamp(now, loc))
	}
	if a := r.Opportunity.LastSalesActivity; !a.IsZero() && rd.activityAfter(a, at) {
		pr.Add(where.in(pr, "opportunity", "last_sales_activity"), "%s is after now (%s)", a, stamp(now, loc))
	}
	if (o.Stage == program.StageClosedWon || o.Stage == program.StageClosedLost) && !o.CloseDate.IsZero() && rd.dayStart(o.CloseDate, o.CloseDate.DayNumber()).after(at) {
		pr.Add(where.in(pr, "opportunity", "close_date"), "%s is after now (%s), but the opportunity is already %s", o.CloseDate, stamp(now, loc), o.Stage)
	}
	checkReview(pr, where, "esm", r.ESM, r.SubmittedAt, "submission", now, loc)
	if r.ESM != nil && r.ESM.Decision == VerdictApproved {
		checkReview(pr, where, "asm", r.ASM, r.ESM.At, "the ESM approval", now, loc)
	} else {
		checkReview(pr, where, "asm", r.ASM, r.SubmittedAt, "submission", now, loc)
	}
	// Reviews on an opportunity whose current stage has none are decided
	// (RuleMovedOn), not refused: the stage is the CRM's current one. What
	// no history can hold is an ASM decision the ESM never passed on.
	if r.ASM != nil {
		switch {
		case r.ESM == nil:
			pr.Add(where.in(pr, "asm"), "an ASM decision needs an ESM approval before it, and esm is missing")
		case r.ESM.Decision == VerdictDenied:
			pr.Add(where.in(pr, "asm"), "an ASM decision after an ESM denial: a denied registration does not reach the ASM")
		}
	}
}

func checkReview(pr *program.Problems, where place, name string, rv *Review, after time.Time, afterWhat string, now time.Time, loc *time.Location) {
	var at instant
	var bits uint32
	if rv == nil || review(rv, instantOf(after), instantOf(now), &at, &bits, 0, 0) {
		return
	}
	if !rv.Decision.Valid() {
		program.CheckEnum(pr, where.in(pr, name, "decision"), rv.Decision, "decision", Verdicts)
	}
	switch {
	case rv.At.IsZero():
		pr.Add(where.in(pr, name, "at"), "required: when the decision was made")
	case at.after(instantOf(now)):
		pr.Add(where.in(pr, name, "at"), "%s is after now (%s)", stamp(rv.At, loc), stamp(now, loc))
	case !after.IsZero() && instantOf(after).after(at):
		pr.Add(where.in(pr, name, "at"), "%s is before %s (%s)", stamp(rv.At, loc), afterWhat, stamp(after, loc))
	}
}

// nowRequired is the problem of a decision asked for without the evaluation
// instant: a parameter of the call, not a member of the document.
func nowRequired() error {
	return &program.FieldError{Parameter: "now", Detail: "required: the instant to decide at"}
}

func stamp(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.RFC3339) }

// EnumValues lists the valid values of Scope.
func (Scope) EnumValues() []string { return program.EnumStrings(Scopes) }

// EnumValues lists the valid values of ProgramType.
func (ProgramType) EnumValues() []string { return program.EnumStrings(ProgramTypes) }

// EnumValues lists the valid values of Verdict.
func (Verdict) EnumValues() []string { return program.EnumStrings(Verdicts) }
