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
	// the professional_services competency.
	Partner program.Partner `json:"partner" jsonschema:"required"`
	// Opportunity is the related license opportunity. Stage none means there
	// is none (program.Opportunity still needs a kind: the kind of license
	// sale the services would attach to).
	Opportunity program.Opportunity `json:"opportunity" jsonschema:"required"`
	// Services are the categories the engagement covers, at least one.
	Services []ServiceCategory `json:"services" jsonschema:"required"`
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
	// FullyExecuted: every party has signed the SOW. Applies to a SOW only;
	// a fully executed SOW carries both signature dates.
	FullyExecuted bool `json:"fully_executed,omitempty"`
	// CustomerSigned is the customer's signature date; required for an
	// acknowledgement.
	CustomerSigned program.Date `json:"customer_signed,omitzero"`
	// PartnerSigned is the partner's signature date.
	PartnerSigned program.Date `json:"partner_signed,omitzero"`
	// Submitted is the day the document reached GitLab; the zero Date means
	// not yet submitted.
	Submitted program.Date `json:"submitted,omitzero"`
}

// signed is the day the document was signed: the later signature, or the
// zero Date when none is recorded.
func (e *Evidence) signed() program.Date {
	if e.PartnerSigned.After(e.CustomerSigned) {
		return e.PartnerSigned
	}
	return e.CustomerSigned
}

// noun names the document in a reason text.
func (e *Evidence) noun() string {
	if e.Kind == EvidenceAcknowledgement {
		return "customer acknowledgement"
	}
	return "SOW"
}

// Check records every problem of r under field (such as "registration" or
// "registrations[2]").
func (r *Registration) Check(p *program.Problems, field string) {
	checkDate(p, program.Path(field, "submitted"), r.Submitted, true)
	r.Partner.Check(p, program.Path(field, "partner"))
	o := r.Opportunity
	of := program.Path(field, "opportunity")
	o.Check(p, of) // reports impossible dates too
	if !o.NetARR.IsZero() && o.NetARR.Amount.IsNegative() {
		p.Add(program.Path(program.Path(of, "net_arr"), "amount"), "%s is negative; Net ARR is zero or more", o.NetARR.Amount)
	}
	sf := program.Path(field, "services")
	if len(r.Services) == 0 {
		p.Add(sf, "required: at least one service category such as implementation")
	}
	for i, c := range r.Services {
		f := program.Index(sf, i)
		program.CheckEnum(p, f, c, "service category", ServiceCategories)
		if c.Valid() && slices.Index(r.Services, c) < i {
			p.Add(f, "%s is listed twice", c)
		}
	}
	if r.CustomerIndustry != "" {
		program.CheckEnum(p, program.Path(field, "customer_industry"), r.CustomerIndustry, "industry", Industries)
	}
	if r.Evidence != nil {
		r.Evidence.check(p, program.Path(field, "evidence"))
	}
}

func (e *Evidence) check(p *program.Problems, field string) {
	program.CheckEnum(p, program.Path(field, "kind"), e.Kind, "kind of evidence", EvidenceKinds)
	checkDate(p, program.Path(field, "customer_signed"), e.CustomerSigned, false)
	checkDate(p, program.Path(field, "partner_signed"), e.PartnerSigned, false)
	checkDate(p, program.Path(field, "submitted"), e.Submitted, false)
	switch e.Kind {
	case EvidenceSOW:
		if e.FullyExecuted && e.CustomerSigned.IsZero() {
			p.Add(program.Path(field, "customer_signed"), "required: a fully executed SOW carries the customer's signature date")
		}
		if e.FullyExecuted && e.PartnerSigned.IsZero() {
			p.Add(program.Path(field, "partner_signed"), "required: a fully executed SOW carries the partner's signature date")
		}
	case EvidenceAcknowledgement:
		if e.FullyExecuted {
			p.Add(program.Path(field, "fully_executed"), "applies to a SOW only, not to a customer acknowledgement")
		}
		if e.CustomerSigned.IsZero() {
			p.Add(program.Path(field, "customer_signed"), "required: the date the customer signed the acknowledgement")
		}
	}
	if e.Submitted.Valid() {
		// Compare only with a real submission date; an impossible one is
		// already reported.
		if e.CustomerSigned.After(e.Submitted) {
			p.Add(program.Path(field, "customer_signed"), "%s is after the submission on %s; a document is signed before it is submitted", e.CustomerSigned, e.Submitted)
		}
		if e.PartnerSigned.After(e.Submitted) {
			p.Add(program.Path(field, "partner_signed"), "%s is after the submission on %s; a document is signed before it is submitted", e.PartnerSigned, e.Submitted)
		}
	}
}

func checkDate(p *program.Problems, field string, d program.Date, required bool) {
	switch {
	case d.IsZero() && required:
		p.Add(field, "required: a date (YYYY-MM-DD)")
	case !d.IsZero() && !d.Valid():
		p.Add(field, "%04d-%02d-%02d is not a calendar date", d.Year, int(d.Month), d.Day)
	}
}

// valid reports, without building field paths, whether r would pass Check.
// It may answer false for a valid registration (Check then runs and finds
// nothing) but never true for an invalid one; a test holds it to that. It
// keeps a valid registration's classification free of allocations.
func (r *Registration) valid() bool {
	// program's Valid methods check without allocating, as Check would.
	if !r.Submitted.Valid() || !r.Partner.Valid() || !r.Opportunity.Valid() {
		return false
	}
	if o := &r.Opportunity; !o.NetARR.IsZero() && o.NetARR.Amount.IsNegative() {
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
	if e := r.Evidence; e != nil {
		for _, d := range [...]program.Date{e.CustomerSigned, e.PartnerSigned, e.Submitted} {
			if !d.IsZero() && !d.Valid() {
				return false
			}
		}
		switch e.Kind {
		case EvidenceSOW:
			if e.FullyExecuted && (e.CustomerSigned.IsZero() || e.PartnerSigned.IsZero()) {
				return false
			}
		case EvidenceAcknowledgement:
			if e.FullyExecuted || e.CustomerSigned.IsZero() {
				return false
			}
		default:
			return false
		}
		if !e.Submitted.IsZero() && (e.CustomerSigned.After(e.Submitted) || e.PartnerSigned.After(e.Submitted)) {
			return false
		}
	}
	return true
}
