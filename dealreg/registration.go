package dealreg

import (
	"slices"
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

func (s Scope) Valid() bool                   { return slices.Contains(Scopes, s) }
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

func (t ProgramType) Valid() bool { return slices.Contains(ProgramTypes, t) }
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

func (v Verdict) Valid() bool { return slices.Contains(Verdicts, v) }
func (v *Verdict) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(v, b, "decision", Verdicts)
}

// Review is a reviewer's decision and when it was made.
type Review struct {
	Decision Verdict   `json:"decision" jsonschema:"required"`
	At       time.Time `json:"at" jsonschema:"required"`
}

// Registration is a partner's deal registration with the facts known about
// its review so far. Opportunity describes the deal; its Stage is the CRM
// opportunity's stage when the registration was submitted, or
// [program.StageNone] when the CRM has no opportunity for it yet.
type Registration struct {
	ID          string              `json:"id,omitempty"`
	Partner     program.Partner     `json:"partner" jsonschema:"required"`
	Scope       Scope               `json:"scope" jsonschema:"required"`
	Program     ProgramType         `json:"program" jsonschema:"required"`
	Opportunity program.Opportunity `json:"opportunity" jsonschema:"required"`
	SubmittedAt time.Time           `json:"submitted_at" jsonschema:"required"`
	// ESM and ASM are the sales managers' decisions, absent until made.
	ESM *Review `json:"esm,omitempty"`
	ASM *Review `json:"asm,omitempty"`
	// LocalSupport says whether the partner can deliver in-country or
	// in-region support for this customer. Only [Policy.Resolve] needs it.
	LocalSupport *bool `json:"local_support,omitempty"`
}

// check validates r as of now under p, recording problems under field.
func (p *Policy) check(pr *program.Problems, field string, r *Registration, now time.Time) {
	// Paths are built only for problems: validating a good registration
	// must not allocate.
	if !r.Partner.Valid() {
		r.Partner.Check(pr, program.Path(field, "partner"))
	}
	if !r.Scope.Valid() {
		program.CheckEnum(pr, program.Path(field, "scope"), r.Scope, "scope", Scopes)
	}
	if !r.Program.Valid() {
		program.CheckEnum(pr, program.Path(field, "program"), r.Program, "program type", ProgramTypes)
	}
	if !r.Opportunity.Valid() {
		r.Opportunity.Check(pr, program.Path(field, "opportunity"))
	}
	loc := p.TimeZone.Location()
	switch {
	case r.SubmittedAt.IsZero():
		pr.Add(program.Path(field, "submitted_at"), "required: when the partner submitted the registration")
	case r.SubmittedAt.After(now):
		pr.Add(program.Path(field, "submitted_at"), "%s is after now (%s)", stamp(r.SubmittedAt, loc), stamp(now, loc))
	}
	if d := r.Opportunity.LastSalesActivity; !d.IsZero() && d.Start(loc).After(now) {
		pr.Add(program.Path(field, "opportunity.last_sales_activity"), "%s is after now (%s)", d, stamp(now, loc))
	}
	if o := r.Opportunity; (o.Stage == program.StageClosedWon || o.Stage == program.StageClosedLost) && !o.CloseDate.IsZero() && o.CloseDate.Start(loc).After(now) {
		pr.Add(program.Path(field, "opportunity.close_date"), "%s is after now (%s), but the opportunity is already %s", o.CloseDate, stamp(now, loc), o.Stage)
	}
	checkReview(pr, field, "esm", r.ESM, r.SubmittedAt, "submission", now, loc)
	if r.ESM != nil && r.ESM.Decision == VerdictApproved {
		checkReview(pr, field, "asm", r.ASM, r.ESM.At, "the ESM approval", now, loc)
	} else {
		checkReview(pr, field, "asm", r.ASM, r.SubmittedAt, "submission", now, loc)
	}
	if r.ASM != nil {
		switch {
		case r.ESM == nil:
			pr.Add(program.Path(field, "asm"), "an ASM decision needs an ESM approval before it, and esm is missing")
		case r.ESM.Decision == VerdictDenied:
			pr.Add(program.Path(field, "asm"), "an ASM decision after an ESM denial: a denied registration does not reach the ASM")
		}
	}
	if r.ESM != nil || r.ASM != nil {
		s := r.Opportunity.Stage
		if s.Valid() && !s.Between(0, 2) && !(s.Between(3, 6) && growth(r)) {
			name := "esm" // name a review that is there
			if r.ESM == nil {
				name = "asm"
			}
			pr.Add(program.Path(field, name), "stage %s is not routed to the ESM or ASM (only stages 0-2 and stage 3-6 renewals with sourced growth are)", s)
		}
	}
}

func checkReview(pr *program.Problems, field, name string, rv *Review, after time.Time, afterWhat string, now time.Time, loc *time.Location) {
	if rv == nil || (rv.Decision.Valid() && !rv.At.IsZero() && !rv.At.After(now) && !rv.At.Before(after)) {
		return
	}
	f := program.Path(field, name)
	if !rv.Decision.Valid() {
		program.CheckEnum(pr, program.Path(f, "decision"), rv.Decision, "decision", Verdicts)
	}
	switch {
	case rv.At.IsZero():
		pr.Add(program.Path(f, "at"), "required: when the decision was made")
	case rv.At.After(now):
		pr.Add(program.Path(f, "at"), "%s is after now (%s)", stamp(rv.At, loc), stamp(now, loc))
	case !after.IsZero() && rv.At.Before(after):
		pr.Add(program.Path(f, "at"), "%s is before %s (%s)", stamp(rv.At, loc), afterWhat, stamp(after, loc))
	}
}

func growth(r *Registration) bool {
	return r.Opportunity.Kind == program.KindRenewal && r.Opportunity.SourcedGrowth
}

func stamp(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.RFC3339) }

// EnumValues lists the valid values of Scope.
func (Scope) EnumValues() []string { return program.EnumStrings(Scopes) }

// EnumValues lists the valid values of ProgramType.
func (ProgramType) EnumValues() []string { return program.EnumStrings(ProgramTypes) }

// EnumValues lists the valid values of Verdict.
func (Verdict) EnumValues() []string { return program.EnumStrings(Verdicts) }
