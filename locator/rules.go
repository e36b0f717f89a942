package locator

import "github.com/channelpolicy/channelpolicy/program"

// The handbook sections this package follows, by their own headings.
const (
	SectionProfile       = "Partner Locator Profile"
	SectionKeyGuidelines = "Key Guidelines"
	SectionHyperscaler   = "Hyperscaler Partnerships"
)

// Sections lists the handbook sections of this package, in handbook order.
var Sections = []string{SectionProfile, SectionKeyGuidelines, SectionHyperscaler}

// Rule IDs of locator.route and locator.profile.
const (
	// RuleAgreement: an eligible partner has signed the partner agreement.
	RuleAgreement program.RuleID = "locator.eligibility.agreement"
	// RuleStanding: an eligible partner's standing is one the policy accepts.
	RuleStanding program.RuleID = "locator.eligibility.standing"
	// RuleCoverage: an eligible partner serves the customer's country or its
	// region (US public sector: the us_pubsec region).
	RuleCoverage program.RuleID = "locator.eligibility.coverage"
	// RuleCapability: an eligible partner offers every capability the lead needs.
	RuleCapability program.RuleID = "locator.eligibility.capability"
	// RuleEligible: at least one partner may take the lead.
	RuleEligible program.RuleID = "locator.route.eligible"
	// RuleNoneEligible: nobody may take the lead; people decide.
	RuleNoneEligible program.RuleID = "locator.route.none_eligible"
	// RuleOrderTrack: eligible partners are ordered by the policy's track order.
	RuleOrderTrack program.RuleID = "locator.order.track"
	// RuleOrderTieBreak: partners equal on every key are ordered by the
	// policy's tie-break.
	RuleOrderTieBreak program.RuleID = "locator.order.tie_break"
	// RuleOrderInCountry: in-country support before region-only support.
	RuleOrderInCountry program.RuleID = "locator.order.in_country_support"
	// RuleOrderCloudCompetency: the competency of the lead's cloud first.
	RuleOrderCloudCompetency program.RuleID = "locator.order.cloud_competency"
	// RuleOrderMarketplace: for a lead that buys through a marketplace,
	// partners enrolled in its cloud's marketplace program first.
	RuleOrderMarketplace program.RuleID = "locator.order.marketplace_fit"

	// RuleProfileCapabilities: the profile lists no capabilities.
	RuleProfileCapabilities program.RuleID = "locator.profile.capabilities"
	// RuleProfileAlliances: the profile lists no alliances.
	RuleProfileAlliances program.RuleID = "locator.profile.alliances"
	// RuleProfileLocations: the profile lists no locations.
	RuleProfileLocations program.RuleID = "locator.profile.locations"
	// RuleProfileSuccessStories: the profile lists no success stories.
	RuleProfileSuccessStories program.RuleID = "locator.profile.success_stories"
	// RuleProfileComplete: the profile has every element.
	RuleProfileComplete program.RuleID = "locator.profile.complete"
)

var rules = []program.Rule{
	{ID: RuleAgreement, Section: SectionProfile, Summary: "a lead goes only to partners that have signed the partner agreement"},
	{ID: RuleStanding, Section: SectionProfile, Summary: "a lead goes only to partners in good standing (the policy's eligible standings)"},
	{ID: RuleCoverage, Section: SectionProfile, Summary: "a lead goes only to partners serving the customer's country or region; a US public-sector lead only to partners serving us_pubsec"},
	{ID: RuleCapability, Section: SectionProfile, Summary: "a lead goes only to partners offering every capability it needs"},
	{ID: RuleEligible, Section: SectionProfile, Summary: "the eligible partners, in order, may take the lead"},
	{ID: RuleNoneEligible, Section: SectionProfile, Summary: "no partner is eligible: needs review, with the nearest misses"},
	{ID: RuleOrderTrack, Section: SectionProfile, Summary: "order by track, in the policy's track order (Select before Open)"},
	{ID: RuleOrderTieBreak, Section: SectionProfile, Summary: "partners equal on every key are ordered by the policy's tie-break (partner ID ascending)"},
	{ID: RuleProfileCapabilities, Section: SectionProfile, Summary: "a locator profile lists the partner's capabilities"},
	{ID: RuleProfileAlliances, Section: SectionProfile, Summary: "a locator profile lists the partner's alliances"},
	{ID: RuleProfileLocations, Section: SectionProfile, Summary: "a locator profile lists the partner's locations"},
	{ID: RuleProfileSuccessStories, Section: SectionProfile, Summary: "a locator profile lists the partner's success stories"},
	{ID: RuleProfileComplete, Section: SectionProfile, Summary: "a locator profile with capabilities, alliances, locations and success stories is complete"},
	{ID: RuleOrderInCountry, Section: SectionKeyGuidelines, Summary: "in-country support before region-only support"},
	{ID: RuleOrderCloudCompetency, Section: SectionHyperscaler, Summary: "partners holding the competency of the customer's cloud (AWS, Google Cloud) first"},
	{ID: RuleOrderMarketplace, Section: SectionHyperscaler, Summary: "for a marketplace purchase, partners enrolled in the cloud's marketplace program (AWS CPPO, Google MCPO) first"},
}

// Rules lists every rule of this package, in handbook order.
func Rules() []program.Rule { return append([]program.Rule(nil), rules...) }

var sectionOf = func() map[program.RuleID]string {
	m := make(map[program.RuleID]string, len(rules))
	for _, r := range rules {
		m[r.ID] = r.Section
	}
	return m
}()

func reason(id program.RuleID, text string) program.Reason {
	return program.NewReason(id, sectionOf[id], program.Applied, text)
}
