package serviceattach

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// Outcome is the category a registration lands in.
type Outcome string

const (
	// Approved: qualifies for the quarterly rebate and for PSP compliance.
	Approved Outcome = "approved"
	// Accepted: qualifies for PSP compliance only.
	Accepted Outcome = "accepted"
	// Unqualified: neither rebate nor PSP compliance.
	Unqualified Outcome = "unqualified"
	// NeedsReview: a person decides. [Policy.Classify] gives it when the
	// category hinges on a date the registration does not record (a
	// closed-won opportunity's close date, a signature date);
	// [Policy.Portfolio] also for the multi-phase exception and for
	// same-day ties.
	NeedsReview Outcome = "needs_review"
)

// Outcomes lists every outcome, best first.
var Outcomes = []Outcome{Approved, Accepted, Unqualified, NeedsReview}

func (o Outcome) Valid() bool { return program.IsOneOf(o, Outcomes) }
func (o *Outcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "outcome", Outcomes)
}

// Route is one of the three ways to be accepted.
type Route string

const (
	// RoutePaid: a paid engagement whose SOW was signed and handed in no
	// later than 12 months after the registration, on a closed-won opportunity with
	// positive Net ARR.
	RoutePaid Route = "paid_engagement"
	// RouteFree: free-of-charge, partner-led services with proof of
	// execution.
	RouteFree Route = "free_of_charge"
	// RouteManaged: closed-won managed/hosted services on software sold to
	// or owned by the partner.
	RouteManaged Route = "managed_hosted"
)

// Routes lists the accepted routes in handbook order.
var Routes = []Route{RoutePaid, RouteFree, RouteManaged}

func (r Route) Valid() bool { return program.IsOneOf(r, Routes) }
func (r *Route) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(r, b, "route", Routes)
}

// ServiceCategory is a kind of service a registration covers: the service
// kinds every package shares ([program.ServiceKind]).
type ServiceCategory = program.ServiceKind

// The service categories, as serviceattach has always named them.
const (
	Implementation         = program.ServiceImplementation
	Integration            = program.ServiceIntegration
	Optimization           = program.ServiceOptimization
	Migration              = program.ServiceMigration
	ManagedHosted          = program.ServiceManagedHosted
	SecurityCompliance     = program.ServiceSecurityCompliance
	Adoption               = program.ServiceAdoption
	Assessment             = program.ServiceAssessment
	Transformation         = program.ServiceTransformation
	ApplicationDevelopment = program.ServiceApplicationDevelopment
	DevSecOpsAI            = program.ServiceDevSecOpsAI
	Support                = program.ServiceSupport
	Success                = program.ServiceSuccess
	// EducationTraining is out of scope; a scope of nothing else is
	// unqualified outright.
	EducationTraining = program.ServiceEducationTraining
	// NonGitLab is a service not related to GitLab; a scope of nothing else
	// is unqualified outright.
	NonGitLab = program.ServiceNonGitLab
)

// ServiceCategories lists every category: the handbook's in-scope list in its
// order, then the two out-of-scope ones ([program.ServiceKinds]).
var ServiceCategories = program.ServiceKinds

// Industry is the customer's industry, as far as it matters here: whether a
// written acknowledgement may stand in for a SOW ([Policy.RegulatedIndustries]).
type Industry string

const (
	PublicSector       Industry = "public_sector"
	FinancialServices  Industry = "financial_services"
	Healthcare         Industry = "healthcare"
	EnergyUtilities    Industry = "energy_utilities"
	Telecommunications Industry = "telecommunications"
	OtherIndustry      Industry = "other"
)

// Industries lists every industry, in a fixed order.
var Industries = []Industry{PublicSector, FinancialServices, Healthcare, EnergyUtilities, Telecommunications, OtherIndustry}

func (i Industry) Valid() bool { return program.IsOneOf(i, Industries) }
func (i *Industry) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(i, b, "industry", Industries)
}

// EvidenceKind is what a partner submitted as proof of the engagement.
type EvidenceKind string

const (
	// EvidenceSOW is a statement of work.
	EvidenceSOW EvidenceKind = "sow"
	// EvidenceAcknowledgement is a customer's written acknowledgement of the
	// completed work; it stands in for a SOW only for customers in a
	// regulated industry.
	EvidenceAcknowledgement EvidenceKind = "customer_acknowledgement"
)

// EvidenceKinds lists every kind, in a fixed order.
var EvidenceKinds = []EvidenceKind{EvidenceSOW, EvidenceAcknowledgement}

func (k EvidenceKind) Valid() bool { return program.IsOneOf(k, EvidenceKinds) }
func (k *EvidenceKind) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(k, b, "kind of evidence", EvidenceKinds)
}

// EnumValues lists the valid values of Outcome.
func (Outcome) EnumValues() []string { return program.EnumStrings(Outcomes) }

// EnumValues lists the valid values of Route.
func (Route) EnumValues() []string { return program.EnumStrings(Routes) }

// EnumValues lists the valid values of Industry.
func (Industry) EnumValues() []string { return program.EnumStrings(Industries) }

// EnumValues lists the valid values of EvidenceKind.
func (EvidenceKind) EnumValues() []string { return program.EnumStrings(EvidenceKinds) }
