package distribution

import "github.com/channelpolicy/channelpolicy/program"

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

var rules = []program.Rule{
	{ID: RuleSelectDirect, Section: SectionDirect, Summary: "a Select partner may buy from GitLab directly"},
	{ID: RuleNoDistributorDirect, Section: SectionDirect, Summary: "an Open partner buys directly where no distributor is active for its country"},
	{ID: RuleESignedEarly, Section: SectionDirect, Summary: "the quote must not be e-signed before the order is ready to invoice"},
	{ID: RuleEndUserEmail, Section: SectionDirect, Summary: "an order needs the end user's email address"},
	{ID: RuleShippingAddress, Section: SectionDirect, Summary: "an order needs the end user's shipping address"},
	{ID: RulePostalCode, Section: SectionDirect, Summary: "an order needs the end user's postal code"},

	{ID: RuleTerritoryUSPubSec, Section: SectionDistributors, Summary: "a US public-sector sale is its own territory, served by its own distributor"},
	{ID: RuleTerritoryCountry, Section: SectionDistributors, Summary: "the country is listed by its code in a territory"},
	{ID: RuleTerritoryRegion, Section: SectionDistributors, Summary: "the country lies in a UN M.49 area a territory lists"},
	{ID: RuleTerritoryUnlisted, Section: SectionDistributors, Summary: "no territory lists the country: no distributor and no known quote process"},
	{ID: RuleOpenDistributor, Section: SectionDistributors, Summary: "an Open partner must buy through its territory's primary distributor"},
	{ID: RuleAlternativeDistributor, Section: SectionDistributors, Summary: "an alternative distributor also serves the partner's country"},
	{ID: RuleSelectDistributor, Section: SectionDistributors, Summary: "a Select partner may also buy through its territory's distributor"},

	{ID: RuleQuoteUnassigned, Section: SectionQuote, Summary: "no quote process is known for a country outside every territory"},
	{ID: RuleQuoteAPJ, Section: SectionQuoteAPJ, Summary: "APJ partners request quotes through the portal; an answer is due within the turnaround in business hours"},
	{ID: RuleQuoteSalesTeam, Section: SectionQuoteOther, Summary: "other partners get quotes through a deal registration or their Ecosystem Sales Manager"},

	{ID: RuleInvoiceContactMissing, Section: SectionKeyDelivery, Summary: "the transacting partner's invoice contact is needed to copy on the activation email"},
	{ID: RuleAwaitInvoice, Section: SectionKeyDelivery, Summary: "the license key waits until the order is invoiced"},
	{ID: RuleAwaitAcceptance, Section: SectionKeyDelivery, Summary: "the license key waits until the customer accepts the EULA at the download link"},
	{ID: RuleAcceptedBeforeInvoice, Section: SectionKeyDelivery, Summary: "an EULA accepted before the order is invoiced holds the license key until the invoice"},
	{ID: RuleDeliverKey, Section: SectionKeyDelivery, Summary: "invoiced and EULA executed: the key goes out, copying the partner's invoice contact"},

	{ID: RuleCountersignatureMissing, Section: SectionEULA, Summary: "the physical-signature EULA must be fully countersigned"},
	{ID: RuleEULALicenseKey, Section: SectionEULA, Summary: "the EULA is executed by accepting its terms when downloading the key"},
	{ID: RuleEULACountersigned, Section: SectionEULA, Summary: "the EULA is executed by a fully countersigned document"},
	{ID: RuleEULANotRequired, Section: SectionEULA, Summary: "the order kind needs no new EULA"},
	{ID: RuleEULANoneArranged, Section: SectionEULA, Summary: "the order says no EULA is arranged, but its kind needs an executed one"},
	{ID: RuleEULAMethodMismatch, Section: SectionEULA, Summary: "the order records an execution of the EULA by a method other than the one in force"},

	{ID: RuleMarketplace, Section: SectionHyperscalers, Summary: "a partner enrolled in a hyperscaler marketplace program may transact there"},
}

// Rules lists every rule this package can cite, in handbook order.
func Rules() []program.Rule { return append([]program.Rule(nil), rules...) }

var sectionOf = func() map[program.RuleID]string {
	m := make(map[program.RuleID]string, len(rules))
	for _, r := range rules {
		m[r.ID] = r.Section
	}
	return m
}()

// reason builds a reason for rule id with a formatted text.
func reason(id program.RuleID, text string) program.Reason {
	return program.NewReason(id, sectionOf[id], program.Applied, text)
}
