package incumbency

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// IncumbentOutcome is what [Policy.Incumbent] decided.
type IncumbentOutcome string

const (
	// Incumbent: one partner is the customer's incumbent.
	Incumbent IncumbentOutcome = "incumbent"
	// NoIncumbent: the customer has no sale, so nobody is incumbent.
	NoIncumbent IncumbentOutcome = "no_incumbent"
	// IncumbentNeedsReview: the records do not decide; a person must.
	IncumbentNeedsReview IncumbentOutcome = "needs_review"
)

// IncumbentOutcomes lists every incumbent outcome.
var IncumbentOutcomes = []IncumbentOutcome{Incumbent, NoIncumbent, IncumbentNeedsReview}

func (o IncumbentOutcome) Valid() bool { return program.IsOneOf(o, IncumbentOutcomes) }
func (o *IncumbentOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "incumbent outcome", IncumbentOutcomes)
}

// RenewalOutcome is what [Policy.RenewalDiscount] decided.
type RenewalOutcome string

const (
	Eligible           RenewalOutcome = "eligible"
	Ineligible         RenewalOutcome = "ineligible"
	RenewalNeedsReview RenewalOutcome = "needs_review"
)

// RenewalOutcomes lists every renewal outcome.
var RenewalOutcomes = []RenewalOutcome{Eligible, Ineligible, RenewalNeedsReview}

func (o RenewalOutcome) Valid() bool { return program.IsOneOf(o, RenewalOutcomes) }
func (o *RenewalOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "renewal outcome", RenewalOutcomes)
}

// TenderOutcome is what [Policy.Tender] decided. Every valid tender is
// decided: each bid lists its elements whatever the outcome.
type TenderOutcome string

const (
	// Priced: every bid has its price.
	Priced TenderOutcome = "priced"
	// Unpriced: a rate some bid needs is known neither from the tender nor
	// from the policy, so that bid's price is left out.
	Unpriced TenderOutcome = "unpriced"
	// TenderNeedsReview: a bid's license discounts add up to more than 1, or
	// a partner bids more than once; a person decides.
	TenderNeedsReview TenderOutcome = "needs_review"
)

// TenderOutcomes lists every tender outcome.
var TenderOutcomes = []TenderOutcome{Priced, Unpriced, TenderNeedsReview}

func (o TenderOutcome) Valid() bool { return program.IsOneOf(o, TenderOutcomes) }
func (o *TenderOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "tender outcome", TenderOutcomes)
}

// Basis says how a bid was priced.
type Basis string

const (
	// BasisDiscounted: MSRP less the sum of the applicable rates.
	BasisDiscounted Basis = "discounted"
	// BasisMSRP: the US public-sector exception; no license discount (a
	// service-attach incentive still stands beside the price).
	BasisMSRP Basis = "msrp"
)

// Bases lists every basis.
var Bases = []Basis{BasisDiscounted, BasisMSRP}

func (b Basis) Valid() bool                   { return program.IsOneOf(b, Bases) }
func (b *Basis) UnmarshalText(t []byte) error { return program.UnmarshalEnum(b, t, "basis", Bases) }

// Element is one pricing element of a tender bid. The partner base
// discount and the sourced margin are license discounts, taken off MSRP;
// the service-attach incentive is a services rebate, listed on the bid and
// never taken off the license price.
type Element string

const (
	ElementPartnerBase   Element = "partner_base"
	ElementSourcedMargin Element = "sourced_margin"
	ElementServiceAttach Element = "service_attach"
)

// Elements lists the tender pricing elements in the order they are
// reported.
var Elements = []Element{ElementPartnerBase, ElementSourcedMargin, ElementServiceAttach}

func (e Element) Valid() bool { return program.IsOneOf(e, Elements) }
func (e *Element) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(e, b, "pricing element", Elements)
}

// Form is how a customer communication was made. Only [FormFormalWritten]
// can move incumbency.
type Form string

const (
	FormFormalWritten   Form = "formal_written"
	FormInformalWritten Form = "informal_written"
	FormVerbal          Form = "verbal"
)

// Forms lists every form.
var Forms = []Form{FormFormalWritten, FormInformalWritten, FormVerbal}

func (f Form) Valid() bool                   { return program.IsOneOf(f, Forms) }
func (f *Form) UnmarshalText(b []byte) error { return program.UnmarshalEnum(f, b, "form", Forms) }

// CreditStanding is a partner's credit standing with the vendor.
type CreditStanding string

const (
	CreditGood CreditStanding = "good"
	CreditPoor CreditStanding = "poor"
)

// CreditStandings lists every credit standing.
var CreditStandings = []CreditStanding{CreditGood, CreditPoor}

func (c CreditStanding) Valid() bool { return program.IsOneOf(c, CreditStandings) }
func (c *CreditStanding) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(c, b, "credit standing", CreditStandings)
}

// RegistrationStatus is the state of a partner-sourced deal registration.
type RegistrationStatus string

const (
	RegistrationPending  RegistrationStatus = "pending"
	RegistrationApproved RegistrationStatus = "approved"
	RegistrationDenied   RegistrationStatus = "denied"
)

// RegistrationStatuses lists every status.
var RegistrationStatuses = []RegistrationStatus{RegistrationPending, RegistrationApproved, RegistrationDenied}

func (s RegistrationStatus) Valid() bool { return program.IsOneOf(s, RegistrationStatuses) }
func (s *RegistrationStatus) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(s, b, "registration status", RegistrationStatuses)
}

// EnumValues lists the valid values of IncumbentOutcome.
func (IncumbentOutcome) EnumValues() []string { return program.EnumStrings(IncumbentOutcomes) }

// EnumValues lists the valid values of RenewalOutcome.
func (RenewalOutcome) EnumValues() []string { return program.EnumStrings(RenewalOutcomes) }

// EnumValues lists the valid values of TenderOutcome.
func (TenderOutcome) EnumValues() []string { return program.EnumStrings(TenderOutcomes) }

// EnumValues lists the valid values of Basis.
func (Basis) EnumValues() []string { return program.EnumStrings(Bases) }

// EnumValues lists the valid values of Element.
func (Element) EnumValues() []string { return program.EnumStrings(Elements) }

// EnumValues lists the valid values of Form.
func (Form) EnumValues() []string { return program.EnumStrings(Forms) }

// EnumValues lists the valid values of CreditStanding.
func (CreditStanding) EnumValues() []string { return program.EnumStrings(CreditStandings) }

// EnumValues lists the valid values of RegistrationStatus.
func (RegistrationStatus) EnumValues() []string { return program.EnumStrings(RegistrationStatuses) }
