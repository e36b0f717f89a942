package serviceattach

import (
	"slices"

	"github.com/channelpolicy/channelpolicy/program"
)

// Registration is one service-attach registration as the rules see it.
type Registration struct {
	// ID identifies the registration; [Policy.Portfolio] requires it.
	ID string `json:"id,omitempty"`
	// Submitted is the day the registration was submitted.
	Submitted program.Date `json:"submitted" jsonschema:"required"`
	// Partner delivers the services; a Professional Services Partner holds
	// the professional_services competency. Only its competencies (and its
	// ID, in reason texts) are read: its track, standing, agreement and
	// employees play no part and none of them is required.
	Partner program.Partner `json:"partner" jsonschema:"required"`
	// Opportunity is the related license opportunity. Stage none means there
	// is none. Its stage is read (and required); its close date (when
	// closed-won), Net ARR and ID are read when given; its kind, sourced
	// growth and last sales activity are not read.
	Opportunity program.Opportunity `json:"opportunity" jsonschema:"required"`
	// Services are the categories the engagement covers, at least one.
	Services []ServiceCategory `json:"services" jsonschema:"required,minItems=1,maxItems=32,uniqueItems=true"`
	// CustomerIndustry matters only when the evidence is a customer
	// acknowledgement; empty means not stated.
	CustomerIndustry Industry `json:"customer_industry,omitempty"`

	// FreeOfCharge: the customer does not pay for the services.
	FreeOfCharge bool `json:"free_of_charge,omitempty"`
	// ProofOfExecution: the partner shows the free-of-charge services were
	// delivered (an assessment report, for example).
	ProofOfExecution bool `json:"proof_of_execution,omitempty"`
	// Subcontracted: the services are delivered under a subcontract rather
	// than led by the partner.
	Subcontracted bool `json:"subcontracted,omitempty"`
	// GitLabPSSubcontract: the partner delivers as a subcontractor to GitLab
	// Professional Services.
	GitLabPSSubcontract bool `json:"gitlab_ps_subcontract,omitempty"`
	// PartnerOwnedSoftware: the GitLab software behind managed/hosted
	// services is sold to or owned by the partner.
	PartnerOwnedSoftware bool `json:"partner_owned_software,omitempty"`
	// CommunityEdition: the services are for GitLab CE (the free Community
	// Edition) only.
	CommunityEdition bool `json:"community_edition,omitempty"`
	// UpgradeOpportunity: a CE engagement comes with an opportunity to
	// upgrade to a paid tier.
	UpgradeOpportunity bool `json:"upgrade_opportunity,omitempty"`
	// MultiPhaseUpsell flags a multi-phase project that drives an add-on or
	// upsell; a later registration so flagged that would lose to an earlier
	// one is reviewed instead (see [Policy.Portfolio]).
	MultiPhaseUpsell bool `json:"multi_phase_upsell,omitempty"`

	// Evidence is the SOW or customer acknowledgement; nil when none was
	// submitted.
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Evidence is the document that proves the engagement: a SOW, or for a
// customer in a regulated industry a written acknowledgement of the
// completed work.
type Evidence struct {
	Kind EvidenceKind `json:"kind" jsonschema:"required"`
	// ID identifies the document; [Policy.Portfolio] requires it, to apply
	// each document to one registration only.
	ID string `json:"id,omitempty"`
	// FullyExecuted: every party has signed the SOW. Read for a SOW only;
	// on an acknowledgement it is not read.
	FullyExecuted bool `json:"fully_executed,omitempty"`
	// CustomerSigned is the customer's signature date. A fully executed SOW
	// or an acknowledgement is signed by the customer; when it records no
	// date and the customer-signature window decides the category, the
	// registration needs review ([RuleReviewSignatureDate]).
	CustomerSigned program.Date `json:"customer_signed,omitzero"`
	// PartnerSigned is the partner's signature date. A fully executed SOW
	// is signed by the partner too; without the date, the later signature
	// is unknown, which matters only for windows that open at their anchor
	// ([Policy.WindowsOpenAtAnchor]).
	PartnerSigned program.Date `json:"partner_signed,omitzero"`
	// Submitted is the day the document reached GitLab; the zero Date means
	// not yet submitted.
	Submitted program.Date `json:"submitted,omitzero"`
}

// signed is the day the document was signed: the later recorded signature,
// or the zero Date when none is recorded. When [Evidence.unsigned] names a
// signature the document carries without its date, the real day may be
// later (though not after the submission).
func (e *Evidence) signed() program.Date {
	if e.PartnerSigned.After(e.CustomerSigned) {
		return e.PartnerSigned
	}
	return e.CustomerSigned
}

// unsigned reports which signatures the document carries without a
// recorded date: a fully executed SOW is signed by the customer and the
// partner, an acknowledgement by the customer. A SOW that is not fully
// executed carries no signature for certain, so it misses none.
func (e *Evidence) unsigned() (customer, partner bool) {
	switch {
	case e.Kind == EvidenceSOW && e.FullyExecuted:
		return e.CustomerSigned.IsZero(), e.PartnerSigned.IsZero()
	case e.Kind == EvidenceAcknowledgement:
		return e.CustomerSigned.IsZero(), false
	}
	return false, false
}

// noun names the document in a reason text.
func (e *Evidence) noun() string {
	if e.Kind == EvidenceAcknowledgement {
		return "customer acknowledgement"
	}
	return "SOW"
}

// Check records every problem of r below the JSON Pointer at: "" when r is
// the whole document (serviceattach.classify), "/registrations/2" for the
// third registration of a portfolio.
//
// A problem is malformed or impossible data: a missing submission date or
// stage, an unknown value, an impossible date, no service or one listed
// twice, a document signed after it was submitted. Valid facts the rules do
// not expect are decided, not refused: a closed-won opportunity or a signed
// document without its dates, a negative Net ARR (a contraction), an
// acknowledgement marked fully executed, sourced growth on an opportunity
// that is not a renewal.
//
// Each pointer is built only for a problem, so that checking the valid
// parts of a registration costs no allocation.
func (r *Registration) Check(p *program.Problems, at string) {
	checkDate(p, at, "submitted", r.Submitted, true)
	if !r.Partner.Valid() {
		r.Partner.Check(p, p.Path(at, "partner"))
	}
	o := r.Opportunity
	// Sourced growth is not read here, so its combination with the kind
	// (which program.Opportunity.Check refuses on anything but a renewal)
	// is nobody's business in this package.
	o.SourcedGrowth = false
	if !o.Valid() {
		o.Check(p, p.Path(at, "opportunity")) // reports impossible dates too
	}
	if len(r.Services) == 0 {
		p.Add(p.Path(at, "services"), "required: at least one service kind such as implementation")
	}
	for i, c := range r.Services {
		twice := c.Valid() && slices.Index(r.Services, c) < i
		if c.Valid() && !twice {
			continue
		}
		f := p.Index(p.Path(at, "services"), i)
		program.CheckEnum(p, f, c, "service kind", ServiceCategories)
		if twice {
			p.Add(f, "%s is listed twice", c)
		}
	}
	if r.CustomerIndustry != "" && !r.CustomerIndustry.Valid() {
		program.CheckEnum(p, p.Path(at, "customer_industry"), r.CustomerIndustry, "industry", Industries)
	}
	if e := r.Evidence; e != nil && !e.valid() {
		e.check(p, p.Path(at, "evidence"))
	}
}

// check records every problem of e below the JSON Pointer at.
func (e *Evidence) check(p *program.Problems, at string) {
	if !e.Kind.Valid() {
		program.CheckEnum(p, p.Path(at, "kind"), e.Kind, "kind of evidence", EvidenceKinds)
	}
	checkDate(p, at, "customer_signed", e.CustomerSigned, false)
	checkDate(p, at, "partner_signed", e.PartnerSigned, false)
	checkDate(p, at, "submitted", e.Submitted, false)
	if e.Submitted.Valid() {
		// Compare only with a real submission date; an impossible one is
		// already reported.
		if e.CustomerSigned.After(e.Submitted) {
			p.Add(p.Path(at, "customer_signed"), "%s is after the submission on %s; a document is signed before it is submitted", e.CustomerSigned, e.Submitted)
		}
		if e.PartnerSigned.After(e.Submitted) {
			p.Add(p.Path(at, "partner_signed"), "%s is after the submission on %s; a document is signed before it is submitted", e.PartnerSigned, e.Submitted)
		}
	}
}

// checkDate records the problem of date d, member name of at, if it has
// one.
func checkDate(p *program.Problems, at, name string, d program.Date, required bool) {
	switch {
	case d.IsZero() && required:
		p.Add(p.Path(at, name), "required: a date (YYYY-MM-DD)")
	case !d.IsZero() && !d.Valid():
		p.Add(p.Path(at, name), "%04d-%02d-%02d is not a calendar date", d.Year, int(d.Month), d.Day)
	}
}

// valid reports, without building pointers, whether r would pass Check.
// It may answer false for a valid registration (Check then runs and finds
// nothing) but never true for an invalid one; a test holds it to that. It
// keeps a valid registration's classification free of allocations.
func (r *Registration) valid() bool {
	// program's Valid methods check without allocating, as Check would
	// (sourced growth aside, as there).
	o := r.Opportunity
	o.SourcedGrowth = false
	if !r.Submitted.Valid() || !r.Partner.Valid() || !o.Valid() {
		return false
	}
	if len(r.Services) == 0 {
		return false
	}
	for i, c := range r.Services {
		if !c.Valid() || slices.Index(r.Services, c) < i {
			return false
		}
	}
	if r.CustomerIndustry != "" && !r.CustomerIndustry.Valid() {
		return false
	}
	return r.Evidence == nil || r.Evidence.valid()
}

// valid reports, without building pointers, whether e would pass check.
func (e *Evidence) valid() bool {
	for _, d := range [...]program.Date{e.CustomerSigned, e.PartnerSigned, e.Submitted} {
		if !d.IsZero() && !d.Valid() {
			return false
		}
	}
	if !e.Kind.Valid() {
		return false
	}
	return e.Submitted.IsZero() || !e.CustomerSigned.After(e.Submitted) && !e.PartnerSigned.After(e.Submitted)
}
