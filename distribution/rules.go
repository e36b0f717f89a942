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

// texts are the sentences of each rule's reasons: templates over the fact
// slots (program.Templates), the variant chosen by Facts.V. Slots by
// convention: s0 the partner's country, s1 the territory or region, s2 a
// name; instants t0, t1, t2 as the order records them.
var texts = map[program.RuleID]program.Text{
	RuleTerritoryUSPubSec: program.Templates("public-sector customer and partner country {s0} is among the US public-sector countries"),
	RuleTerritoryCountry:  program.Templates("territory {s1} lists country {s0}"),
	RuleTerritoryRegion:   program.Templates("country {s0} lies in UN M.49 area {s2}, which territory {s1} lists"),
	RuleTerritoryUnlisted: program.Templates("no territory lists country {s0} or an area containing it"),

	RuleSelectDirect:           program.Templates("Select partner in {s0}, territory {s1}: may buy from GitLab directly"),
	RuleNoDistributorDirect:    program.Templates("Open partner in {s0}, territory {s1}: no distributor is active there, so it buys directly"),
	RuleOpenDistributor:        program.Templates("Open partner in territory {s1}: must buy through {s2}"),
	RuleSelectDistributor:      program.Templates("Select partner in territory {s1}: may also buy through {s2}"),
	RuleAlternativeDistributor: program.Templates("{s2} is an alternative distributor for {s0}"),
	RuleMarketplace:            program.Templates("partner is enrolled in {s0}: may transact through {s2}"),

	RuleQuoteUnassigned: program.Templates("country {s0} is in no territory, so no quote region is known"),
	RuleQuoteAPJ: program.Templates(
		"region {s1}: request through the partner portal, routed to the {s2}",
		"region {s1}: request through the partner portal, routed to the {s2}; answer due {n0} business hours after {t1}, at {t2}"),
	RuleQuoteSalesTeam: program.Templates("region {s1}: quotes come through a deal registration or the Ecosystem Sales Manager"),

	RuleESignedEarly: program.Templates(
		"quote e-signed at {t0}, but the order became ready to invoice only at {t1}",
		"quote e-signed at {t0}, but the order is not ready to invoice",
		"quote e-signed at {t0}, before the invoice at {t1}, and the order does not say when it became ready to invoice: record it, so the e-signature's timing can be checked"),
	RuleEndUserEmail:          program.Templates("the end user's email address is missing"),
	RuleShippingAddress:       program.Templates("the end user's shipping address is missing"),
	RulePostalCode:            program.Templates("the end user's postal code is missing"),
	RuleInvoiceContactMissing: program.Templates("the transacting partner's invoice contact is missing; it is copied on the activation email"),

	RuleEULANotRequired:   program.Templates("a {s0} order needs no new EULA"),
	RuleEULACountersigned: program.Templates("EULA executed by a document countersigned at {t0}"),
	RuleEULALicenseKey: program.Templates(
		"EULA to be executed by the customer accepting its terms at the key download link; not accepted yet",
		"EULA executed: the customer accepted its terms at the key download link at {t0}"),
	RuleAcceptedBeforeInvoice: program.Templates(
		"the EULA was accepted at {t0}, before the order is invoiced: the license key is held until the invoice",
		"the EULA was accepted at {t0}, before the invoice at {t1}: the license key was held until the invoice"),
	RuleAwaitInvoice:    program.Templates("the order is not invoiced yet; the license key waits for the invoice"),
	RuleAwaitAcceptance: program.Templates("invoiced at {t1}; the key activates once the customer accepts the EULA"),
	RuleDeliverKey:      program.Templates("invoiced and EULA executed: send the activation email to {s1}, copying {s2}"),

	RuleEULANoneArranged: program.Templates("the order says no EULA is arranged, but a {s0} order needs an executed EULA (license-key acceptance or a countersigned document)"),
	RuleEULAMethodMismatch: program.Templates(
		"an acceptance at the download link is recorded at {t0}, but the EULA method is {s0}: say which method the customer uses",
		"a countersigned document is recorded at {t0}, but the EULA method is {s0}: say which method the customer uses"),
	RuleCountersignatureMissing: program.Templates("a {s0} order with a physical-signature EULA needs the fully countersigned document"),
}

// declared maps each rule ID to its declaration, texts attached.
var declared = program.DeclareTexts(rules, texts)

// cite records that rule id bore on a decision with effect e, the facts
// filled in by the caller through the returned pointer's reason.
func cite(id program.RuleID, e program.Effect, f program.Facts) program.Reason {
	return declared[id].Cite(e, f)
}

// facts is a shorthand for the string slots most reasons fill.
func facts(s0, s1, s2 string) program.Facts {
	var f program.Facts
	f.S = [3]string{s0, s1, s2}
	return f
}
