package channelpolicy

import (
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/locator"
	"github.com/channelpolicy/channelpolicy/marketing"
	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// The operations of the rules packages, each declared once from the
// package's own decision function.

// DealReg declares package dealreg: dealreg.route, dealreg.expiry and
// dealreg.resolve.
func DealReg() Package {
	return Declare("dealreg", "deal registration: eligibility, rules-of-engagement routing, expiry, exclusivity",
		dealreg.Sections, dealreg.Rules(),
		Policy[dealreg.Policy]{Default: dealreg.Default, Parse: dealreg.ParsePolicy, Flow: dealreg.Policy.Flow},
		At("dealreg.route", "check a deal registration's eligibility and route it by the rules of engagement", dealreg.Policy.Route),
		At("dealreg.expiry", "say whether an approved registration is still active", expiry),
		At("dealreg.resolve", "pick at most one winner among registrations competing for one opportunity", dealreg.Policy.Resolve),
	)
}

// ExpiryInput is the input of dealreg.expiry: when the registration was
// approved.
type ExpiryInput struct {
	ApprovedAt time.Time `json:"approved_at" jsonschema:"required"`
}

func expiry(p dealreg.Policy, in ExpiryInput, now time.Time) (dealreg.ExpiryDecision, error) {
	return p.Expiry(in.ApprovedAt, now)
}

// ServiceAttach declares package serviceattach: serviceattach.classify and
// serviceattach.portfolio.
func ServiceAttach() Package {
	return Declare("serviceattach", "service-attach qualification: approved, accepted or unqualified; one per opportunity and per SOW",
		serviceattach.Sections, serviceattach.Rules(),
		Policy[serviceattach.Policy]{Default: serviceattach.Default, Parse: serviceattach.ParsePolicy, Flow: serviceattach.Policy.Flow},
		Timeless("serviceattach.classify", "classify one service-attach registration as approved, accepted or unqualified", serviceattach.Policy.Classify),
		Timeless("serviceattach.portfolio", "apply one-per-opportunity and one-per-SOW across service-attach registrations", portfolio),
	)
}

// PortfolioInput is the input of serviceattach.portfolio.
type PortfolioInput struct {
	Registrations []serviceattach.Registration `json:"registrations" jsonschema:"required,minItems=1,maxItems=2000" require:"id"`
}

func portfolio(p serviceattach.Policy, in PortfolioInput) (serviceattach.PortfolioDecision, error) {
	return p.Portfolio(in.Registrations)
}

// NFR declares package nfr: nfr.decide and nfr.allowance.
func NFR() Package {
	return Declare("nfr", "not-for-resale licenses: eligibility, caps, uses, remaining seats, provisioning",
		nfr.Sections, nfr.Rules(),
		Policy[nfr.Policy]{Default: nfr.Default, Parse: nfr.ParsePolicy},
		Timeless("nfr.decide", "grant, review or deny an NFR license request", nfr.Policy.Decide),
		Timeless("nfr.allowance", "remaining NFR seats per license type for a partner", nfr.Policy.Allowance),
	)
}

// Distribution declares package distribution: distribution.territory,
// distribution.path, distribution.quote and distribution.order.
func Distribution() Package {
	return Declare("distribution", "territory, purchase path, quote process and order checks",
		distribution.Sections, distribution.Rules(),
		Policy[distribution.Policy]{Default: distribution.Default, Parse: distribution.ParsePolicy},
		Timeless("distribution.territory", "place a transaction in a distribution territory and list its distributors", distribution.Policy.Territory),
		Timeless("distribution.path", "decide how a partner may buy: direct, distributors, marketplaces", distribution.Policy.Path),
		Timeless("distribution.quote", "say how a partner gets a quote and when an APJ answer is due", distribution.Policy.Quote),
		At("distribution.order", "check an order and say when its license key can go out", distribution.Policy.CheckOrder),
	)
}

// Incumbency declares package incumbency: incumbency.incumbent,
// incumbency.renewal_discount and incumbency.tender.
func Incumbency() Package {
	return Declare("incumbency", "renewal incumbency, renewal-discount eligibility, tender-offer pricing",
		incumbency.Sections, incumbency.Rules(),
		Policy[incumbency.Policy]{Default: incumbency.Default, Parse: incumbency.ParsePolicy},
		Timeless("incumbency.incumbent", "decide a customer's incumbent partner from its sales and written communications", incumbency.Policy.Incumbent),
		Timeless("incumbency.renewal_discount", "decide whether a partner qualifies for the renewal discount", incumbency.Policy.RenewalDiscount),
		Timeless("incumbency.tender", "price every bid of a tender offer: elements per bidder, price per line", incumbency.Policy.Tender),
	)
}

// Locator declares package locator: locator.route and locator.profile.
func Locator() Package {
	return Declare("locator", "partner locator: which partners may take a lead, in what order; profile completeness",
		locator.Sections, locator.Rules(),
		Policy[locator.Policy]{Default: locator.Default, Parse: locator.ParsePolicy, Flow: locator.Policy.Flow},
		Timeless("locator.route", "route a customer's lead to the eligible partners, hyperscaler competencies first", locator.Policy.Route),
		Timeless("locator.profile", "say how complete a partner's Partner Locator profile is", locator.Policy.Profile),
	)
}

// Marketing declares package marketing: marketing.prioritize_mdf and
// marketing.audit_landing_page.
func Marketing() Package {
	return Declare("marketing", "partner marketing: MDF request priority; GitLab landing-page audit",
		marketing.Sections, marketing.Rules(),
		Policy[marketing.Policy]{Default: marketing.Default, Parse: marketing.ParsePolicy, Flow: marketing.Policy.Flow},
		At("marketing.prioritize_mdf", "rank MDF requests: joint activities with GitLab and a hyperscaler first; other purposes to review", prioritizeMDF),
		Timeless("marketing.audit_landing_page", "audit a partner's GitLab landing page (its URL, redirects and HTML) for each element the handbook lists", marketing.Policy.AuditLandingPage),
	)
}

// MDFInput is the input of marketing.prioritize_mdf: a batch of MDF
// requests.
type MDFInput struct {
	Requests []marketing.MDFRequest `json:"requests" jsonschema:"required,minItems=1,maxItems=2000"`
}

func prioritizeMDF(p marketing.Policy, in MDFInput, now time.Time) (marketing.MDFDecision, error) {
	return p.PrioritizeMDF(in.Requests, now)
}

// Packages returns a declaration of every rules package, in layout order.
func Packages() []Package {
	return []Package{DealReg(), ServiceAttach(), NFR(), Distribution(), Incumbency(), Locator(), Marketing()}
}

var defaultRegistry = NewRegistry(Packages()...)

// Default returns the registry of every rules package. It is shared and
// never changes.
func Default() *Registry { return defaultRegistry }

// Evaluate decides operation op on input at now under the default policies:
// Default().Policies().Evaluate(op, input, now).
func Evaluate(op string, input []byte, now time.Time) (Result, error) {
	return defaultPolicies.Evaluate(op, input, now)
}

var defaultPolicies = defaultRegistry.Policies()
