package distribution

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// Handbook section headings the rules cite, in handbook order.
const (
	SectionDirect       = "Direct Transactions (Select Partners)"
	SectionDistributors = "Distribution Partners"
	SectionQuote        = "Requesting a Quote"
	SectionQuoteAPJ     = "APJ Partners"
	SectionQuoteOther   = "AMER, EMEA, and US PubSec Partners"
	SectionKeyDelivery  = "License Key Delivery"
	SectionEULA         = "End User License Agreement (EULA)"
	SectionHyperscalers = "Hyperscaler Partnerships"
)

// Sections lists the handbook sections this package covers, in handbook order.
var Sections = []string{
	SectionDirect, SectionDistributors, SectionQuote, SectionQuoteAPJ,
	SectionQuoteOther, SectionKeyDelivery, SectionEULA, SectionHyperscalers,
}

// Rule IDs, grouped by the section they come from.
const (
	// Direct Transactions (Select Partners).
	RuleSelectDirect        program.RuleID = "distribution.path.select_direct"
	RuleNoDistributorDirect program.RuleID = "distribution.path.no_distributor_direct"
	RuleESignedEarly        program.RuleID = "distribution.order.esigned_early"
	RuleEndUserEmail        program.RuleID = "distribution.order.end_user_email"
	RuleShippingAddress     program.RuleID = "distribution.order.shipping_address"
	RulePostalCode          program.RuleID = "distribution.order.postal_code"

	// Distribution Partners.
	RuleTerritoryUSPubSec      program.RuleID = "distribution.territory.us_pubsec"
	RuleTerritoryCountry       program.RuleID = "distribution.territory.country"
	RuleTerritoryRegion        program.RuleID = "distribution.territory.region"
	RuleTerritoryUnlisted      program.RuleID = "distribution.territory.unlisted"
	RuleOpenDistributor        program.RuleID = "distribution.path.open_distributor"
	RuleAlternativeDistributor program.RuleID = "distribution.path.alternative"
	RuleSelectDistributor      program.RuleID = "distribution.path.select_distributor"

	// Requesting a Quote.
	RuleQuoteUnassigned program.RuleID = "distribution.quote.unassigned"
	RuleQuoteAPJ        program.RuleID = "distribution.quote.apj_portal"
	RuleQuoteSalesTeam  program.RuleID = "distribution.quote.sales_team"

	// License Key Delivery.
	RuleInvoiceContactMissing program.RuleID = "distribution.key.invoice_contact_missing"
	RuleAwaitInvoice          program.RuleID = "distribution.key.await_invoice"
	RuleAwaitAcceptance       program.RuleID = "distribution.key.await_acceptance"
	RuleAcceptedBeforeInvoice program.RuleID = "distribution.key.accepted_before_invoice"
	RuleDeliverKey            program.RuleID = "distribution.key.deliver"

	// End User License Agreement (EULA).
	RuleCountersignatureMissing program.RuleID = "distribution.eula.countersignature_missing"
	RuleEULALicenseKey          program.RuleID = "distribution.eula.license_key"
	RuleEULACountersigned       program.RuleID = "distribution.eula.countersigned"
	RuleEULANotRequired         program.RuleID = "distribution.eula.not_required"
	RuleEULANoneArranged        program.RuleID = "distribution.eula.none_arranged"
	RuleEULAMethodMismatch      program.RuleID = "distribution.eula.method_mismatch"

	// Hyperscaler Partnerships.
	RuleMarketplace program.RuleID = "distribution.path.marketplace"
)

// The rules, each declared once with its section, summary and how its
// reasons are written (program.Templates, the variant chosen by Facts.V).
// Slots by convention: s0 the partner's country (or the order's kind or
// method), s1 the territory or region, s2 a name or area; instants t0, t1,
// t2 as the order records them, or in the quote calendar's zone.
var (
	ruleSelectDirect = program.Rule{ID: RuleSelectDirect, Section: SectionDirect,
		Summary: "a Select partner may buy from GitLab directly",
		Text:    program.Templates("Select partner in {s0}, territory {s1}: may buy from GitLab directly")}
	ruleNoDistributorDirect = program.Rule{ID: RuleNoDistributorDirect, Section: SectionDirect,
		Summary: "an Open partner buys directly where no distributor is active for its country",
		Text:    program.Templates("Open partner in {s0}, territory {s1}: no distributor is active there, so it buys directly")}
	// V: esignedBeforeReady, esignedNotReady or esignedReadyUnknown.
	ruleESignedEarly = program.Rule{ID: RuleESignedEarly, Section: SectionDirect,
		Summary: "the quote must not be e-signed before the order is ready to invoice",
		Text: program.Templates(
			"quote e-signed at {t0}, but the order became ready to invoice only at {t1}",
			"quote e-signed at {t0}, but the order is not ready to invoice",
			"quote e-signed at {t0}, before the invoice at {t1}, and the order does not say when it became ready to invoice: record it, so the e-signature's timing can be checked")}
	ruleEndUserEmail = program.Rule{ID: RuleEndUserEmail, Section: SectionDirect,
		Summary: "an order needs the end user's email address",
		Text:    program.Templates("the end user's email address is missing")}
	ruleShippingAddress = program.Rule{ID: RuleShippingAddress, Section: SectionDirect,
		Summary: "an order needs the end user's shipping address",
		Text:    program.Templates("the end user's shipping address is missing")}
	rulePostalCode = program.Rule{ID: RulePostalCode, Section: SectionDirect,
		Summary: "an order needs the end user's postal code",
		Text:    program.Templates("the end user's postal code is missing")}

	ruleTerritoryUSPubSec = program.Rule{ID: RuleTerritoryUSPubSec, Section: SectionDistributors,
		Summary: "a US public-sector sale is its own territory, served by its own distributor",
		Text:    program.Templates("public-sector customer and partner country {s0} is among the US public-sector countries")}
	ruleTerritoryCountry = program.Rule{ID: RuleTerritoryCountry, Section: SectionDistributors,
		Summary: "the country is listed by its code in a territory",
		Text:    program.Templates("territory {s1} lists country {s0}")}
	ruleTerritoryRegion = program.Rule{ID: RuleTerritoryRegion, Section: SectionDistributors,
		Summary: "the country lies in a UN M.49 area a territory lists",
		Text:    program.Templates("country {s0} lies in UN M.49 area {s2}, which territory {s1} lists")}
	ruleTerritoryUnlisted = program.Rule{ID: RuleTerritoryUnlisted, Section: SectionDistributors,
		Summary: "no territory lists the country: no distributor and no known quote process",
		Text:    program.Templates("no territory lists country {s0} or an area containing it")}
	ruleOpenDistributor = program.Rule{ID: RuleOpenDistributor, Section: SectionDistributors,
		Summary: "an Open partner must buy through its territory's primary distributor",
		Text:    program.Templates("Open partner in territory {s1}: must buy through {s2}")}
	ruleAlternativeDistributor = program.Rule{ID: RuleAlternativeDistributor, Section: SectionDistributors,
		Summary: "an alternative distributor also serves the partner's country",
		Text:    program.Templates("{s2} is an alternative distributor for {s0}")}
	ruleSelectDistributor = program.Rule{ID: RuleSelectDistributor, Section: SectionDistributors,
		Summary: "a Select partner may also buy through its territory's distributor",
		Text:    program.Templates("Select partner in territory {s1}: may also buy through {s2}")}

	ruleQuoteUnassigned = program.Rule{ID: RuleQuoteUnassigned, Section: SectionQuote,
		Summary: "no quote process is known for a country outside every territory",
		Text:    program.Templates("country {s0} is in no territory, so no quote region is known")}
	// V 1 when an answer is due: n0 the turnaround in business hours, t1
	// the request and t2 the due instant, in the calendar's zone.
	ruleQuoteAPJ = program.Rule{ID: RuleQuoteAPJ, Section: SectionQuoteAPJ,
		Summary: "APJ partners request quotes through the portal; an answer is due within the turnaround in business hours",
		Text: program.Templates(
			"region {s1}: request through the partner portal, routed to the {s2}",
			"region {s1}: request through the partner portal, routed to the {s2}; answer due {n0} business hours after {t1}, at {t2}")}
	ruleQuoteSalesTeam = program.Rule{ID: RuleQuoteSalesTeam, Section: SectionQuoteOther,
		Summary: "other partners get quotes through a deal registration or their Ecosystem Sales Manager",
		Text:    program.Templates("region {s1}: quotes come through a deal registration or the Ecosystem Sales Manager")}

	ruleInvoiceContactMissing = program.Rule{ID: RuleInvoiceContactMissing, Section: SectionKeyDelivery,
		Summary: "the transacting partner's invoice contact is needed to copy on the activation email",
		Text:    program.Templates("the transacting partner's invoice contact is missing; it is copied on the activation email")}
	ruleAwaitInvoice = program.Rule{ID: RuleAwaitInvoice, Section: SectionKeyDelivery,
		Summary: "the license key waits until the order is invoiced",
		Text:    program.Templates("the order is not invoiced yet; the license key waits for the invoice")}
	ruleAwaitAcceptance = program.Rule{ID: RuleAwaitAcceptance, Section: SectionKeyDelivery,
		Summary: "the license key waits until the customer accepts the EULA at the download link",
		Text:    program.Templates("invoiced at {t1}; the key activates once the customer accepts the EULA")}
	// V 1 once the order is invoiced (t1).
	ruleAcceptedBeforeInvoice = program.Rule{ID: RuleAcceptedBeforeInvoice, Section: SectionKeyDelivery,
		Summary: "an EULA accepted before the order is invoiced holds the license key until the invoice",
		Text: program.Templates(
			"the EULA was accepted at {t0}, before the order is invoiced: the license key is held until the invoice",
			"the EULA was accepted at {t0}, before the invoice at {t1}: the license key was held until the invoice")}
	ruleDeliverKey = program.Rule{ID: RuleDeliverKey, Section: SectionKeyDelivery,
		Summary: "invoiced and EULA executed: the key goes out, copying the partner's invoice contact",
		Text:    program.Templates("invoiced and EULA executed: send the activation email to {s1}, copying {s2}")}

	ruleCountersignatureMissing = program.Rule{ID: RuleCountersignatureMissing, Section: SectionEULA,
		Summary: "the physical-signature EULA must be fully countersigned",
		Text:    program.Templates("a {s0} order with a physical-signature EULA needs the fully countersigned document")}
	// V 1 once the customer has accepted (t0).
	ruleEULALicenseKey = program.Rule{ID: RuleEULALicenseKey, Section: SectionEULA,
		Summary: "the EULA is executed by accepting its terms when downloading the key",
		Text: program.Templates(
			"EULA to be executed by the customer accepting its terms at the key download link; not accepted yet",
			"EULA executed: the customer accepted its terms at the key download link at {t0}")}
	ruleEULACountersigned = program.Rule{ID: RuleEULACountersigned, Section: SectionEULA,
		Summary: "the EULA is executed by a fully countersigned document",
		Text:    program.Templates("EULA executed by a document countersigned at {t0}")}
	ruleEULANotRequired = program.Rule{ID: RuleEULANotRequired, Section: SectionEULA,
		Summary: "the order kind needs no new EULA",
		Text:    program.Templates("a {s0} order needs no new EULA")}
	ruleEULANoneArranged = program.Rule{ID: RuleEULANoneArranged, Section: SectionEULA,
		Summary: "the order says no EULA is arranged, but its kind needs an executed one",
		Text:    program.Templates("the order says no EULA is arranged, but a {s0} order needs an executed EULA (license-key acceptance or a countersigned document)")}
	// V 0 for an acceptance at the download link, 1 for a countersignature.
	ruleEULAMethodMismatch = program.Rule{ID: RuleEULAMethodMismatch, Section: SectionEULA,
		Summary: "the order records an execution of the EULA by a method other than the one in force",
		Text: program.Templates(
			"an acceptance at the download link is recorded at {t0}, but the EULA method is {s0}: say which method the customer uses",
			"a countersigned document is recorded at {t0}, but the EULA method is {s0}: say which method the customer uses")}

	ruleMarketplace = program.Rule{ID: RuleMarketplace, Section: SectionHyperscalers,
		Summary: "a partner enrolled in a hyperscaler marketplace program may transact there",
		Text:    program.Templates("partner is enrolled in {s0}: may transact through {s2}")}
)

// rules lists every rule in handbook order.
var rules = []*program.Rule{
	&ruleSelectDirect, &ruleNoDistributorDirect, &ruleESignedEarly, &ruleEndUserEmail, &ruleShippingAddress, &rulePostalCode,
	&ruleTerritoryUSPubSec, &ruleTerritoryCountry, &ruleTerritoryRegion, &ruleTerritoryUnlisted,
	&ruleOpenDistributor, &ruleAlternativeDistributor, &ruleSelectDistributor,
	&ruleQuoteUnassigned, &ruleQuoteAPJ, &ruleQuoteSalesTeam,
	&ruleInvoiceContactMissing, &ruleAwaitInvoice, &ruleAwaitAcceptance, &ruleAcceptedBeforeInvoice, &ruleDeliverKey,
	&ruleCountersignatureMissing, &ruleEULALicenseKey, &ruleEULACountersigned, &ruleEULANotRequired, &ruleEULANoneArranged, &ruleEULAMethodMismatch,
	&ruleMarketplace,
}

// Every rule is declared when the package is initialized, so that reasons
// cite it by its index (program.DeclareEach).
func init() { program.DeclareEach(rules...) }

// Rules lists every rule this package can cite, in handbook order.
func Rules() []program.Rule {
	out := make([]program.Rule, len(rules))
	for i, r := range rules {
		out[i] = *r
	}
	return out
}

// Variants of the e-signature reason.
const (
	esignedBeforeReady  = iota // t1: when the order became ready to invoice
	esignedNotReady            // the order is not ready to invoice
	esignedReadyUnknown        // t1: the invoice; readiness not recorded
)
