package locator

import (
	"slices"
	"strconv"

	"github.com/channelpolicy/channelpolicy/program"
)

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
	// RulePubSecAbroad: a US public-sector customer outside the US (an
	// agency or base abroad): valid facts the handbook does not decide,
	// left to a person.
	RulePubSecAbroad program.RuleID = "locator.route.pubsec_abroad"

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

// Fact slots of the route reasons.
const (
	fCount   = 0 // partners the reason is about
	fOf      = 1 // out of how many; for failures, how many IDs are listed
	fKind    = 2 // a small enum: the cloud, the coverage case
	fCountry = 3 // the lead's country, packed (packCountry)
	fRegion  = 4 // the lead's region, by index in Regions (+1; 0: none)
	fMask    = 2 // first of three slots of nearest misses' failed rules
	fMisses  = 5 // how many nearest misses there are
)

// Coverage cases (fKind of a coverage failure).
const (
	coverCountry   = iota // the country has no region
	coverRegion           // neither the country nor its region
	coverPubSector        // a US public-sector lead
)

// The rules, by index in rules.
const (
	iAgreement = iota
	iStanding
	iCoverage
	iCapability
	iEligible
	iNoneEligible
	iOrderTrack
	iOrderTieBreak
	iProfileCapabilities
	iProfileAlliances
	iProfileLocations
	iProfileSuccessStories
	iProfileComplete
	iOrderInCountry
	iOrderCloudCompetency
	iOrderMarketplace
	iPubSecAbroad
)

var rules = []program.Rule{
	iAgreement: {ID: RuleAgreement, Section: SectionProfile, Summary: "a lead goes only to partners that have signed the partner agreement",
		Text: func(b []byte, f program.Facts) []byte {
			return appendFailing(b, &f, "have not signed the partner agreement")
		}},
	iStanding: {ID: RuleStanding, Section: SectionProfile, Summary: "a lead goes only to partners in good standing (the policy's eligible standings)",
		Text: func(b []byte, f program.Facts) []byte {
			b = appendMask(append(appendCount(b, &f), "are not in an eligible standing ("...), f.N[fKind], program.Standings)
			return appendListed(append(b, ')'), &f)
		}},
	iCoverage: {ID: RuleCoverage, Section: SectionProfile, Summary: "a lead goes only to partners serving the customer's country or region; a US public-sector lead only to partners serving us_pubsec",
		Text: func(b []byte, f program.Facts) []byte {
			b = appendCount(b, &f)
			switch f.N[fKind] {
			case coverPubSector:
				b = append(b, "do not serve the US public sector (region us_pubsec)"...)
			case coverCountry:
				b = appendCountry(append(b, "do not serve "...), &f)
			default:
				b = appendCountry(append(b, "serve neither "...), &f)
				b = append(append(b, " nor its region "...), Regions[f.N[fRegion]-1]...)
			}
			return appendListed(b, &f)
		}},
	iCapability: {ID: RuleCapability, Section: SectionProfile, Summary: "a lead goes only to partners offering every capability it needs",
		Text: func(b []byte, f program.Facts) []byte {
			b = appendMask(append(appendCount(b, &f), "do not offer every capability the lead needs ("...), f.N[fKind], Capabilities)
			return appendListed(append(b, ')'), &f)
		}},
	iEligible: {ID: RuleEligible, Section: SectionProfile, Summary: "the eligible partners, in order, may take the lead",
		Text: func(b []byte, f program.Facts) []byte {
			b = f.AppendInt(b, fCount)
			b = f.AppendInt(append(b, " of "...), fOf)
			return append(append(b, " partners may take the lead; first: "...), f.S[0]...)
		}},
	iNoneEligible: {ID: RuleNoneEligible, Section: SectionProfile, Summary: "no partner is eligible: needs review, with the nearest misses",
		Text: func(b []byte, f program.Facts) []byte {
			if f.N[fCount] == 0 {
				return append(b, "no partner profiles were given: nobody can take the lead"...)
			}
			b = append(f.AppendInt(append(b, "none of "...), fCount), " partners may take the lead; nearest misses:"...)
			for i := range int(f.N[fOf]) {
				if i > 0 {
					b = append(b, ';')
				}
				b = append(append(append(b, ' '), f.S[i]...), " ("...)
				first := true
				for k, id := range eligibilityRules {
					if f.N[fMask+i]&(1<<k) != 0 {
						if !first {
							b = append(b, ", "...)
						}
						b = append(b, id[len("locator.eligibility."):]...)
						first = false
					}
				}
				b = append(b, ')')
			}
			if more := f.N[fMisses] - f.N[fOf]; more > 0 {
				b = append(strconv.AppendInt(append(b, "; and "...), more, 10), " more"...)
			}
			return b
		}},
	iOrderTrack: {ID: RuleOrderTrack, Section: SectionProfile, Summary: "order by track, in the policy's track order (Select before Open)",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(b, "by track: "...)
			for i := range int(f.N[fCount]) {
				if i > 0 {
					b = append(b, " before "...)
				}
				b = append(b, f.S[i]...)
			}
			return b
		}},
	iOrderTieBreak: {ID: RuleOrderTieBreak, Section: SectionProfile, Summary: "partners equal on every key are ordered by the policy's tie-break (partner ID ascending)",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(b, "partners equal on every key are ordered by "...)
			if f.N[fKind] != 0 {
				return append(b, "their order in the input"...)
			}
			return append(b, "partner ID ascending"...)
		}},
	iProfileCapabilities: {ID: RuleProfileCapabilities, Section: SectionProfile, Summary: "a locator profile lists the partner's capabilities",
		Text: func(b []byte, f program.Facts) []byte {
			return appendProfile(b, &f, "lists no capabilities (resale, managed services, service kinds)")
		}},
	iProfileAlliances: {ID: RuleProfileAlliances, Section: SectionProfile, Summary: "a locator profile lists the partner's alliances",
		Text: func(b []byte, f program.Facts) []byte { return appendProfile(b, &f, "lists no alliances") }},
	iProfileLocations: {ID: RuleProfileLocations, Section: SectionProfile, Summary: "a locator profile lists the partner's locations",
		Text: func(b []byte, f program.Facts) []byte { return appendProfile(b, &f, "lists no locations") }},
	iProfileSuccessStories: {ID: RuleProfileSuccessStories, Section: SectionProfile, Summary: "a locator profile lists the partner's success stories",
		Text: func(b []byte, f program.Facts) []byte { return appendProfile(b, &f, "lists no success stories") }},
	iProfileComplete: {ID: RuleProfileComplete, Section: SectionProfile, Summary: "a locator profile with capabilities, alliances, locations and success stories is complete",
		Text: func(b []byte, f program.Facts) []byte {
			return appendProfile(b, &f, "lists capabilities, alliances, locations and success stories")
		}},
	iOrderInCountry: {ID: RuleOrderInCountry, Section: SectionKeyGuidelines, Summary: "in-country support before region-only support",
		Text: func(b []byte, f program.Facts) []byte {
			b = appendCountry(append(b, "partners with in-country support in "...), &f)
			return appendShare(append(b, " before region-only support"...), &f)
		}},
	iOrderCloudCompetency: {ID: RuleOrderCloudCompetency, Section: SectionHyperscaler, Summary: "partners holding the competency of the customer's cloud (AWS, Google Cloud) first",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(append(b, "customer on "...), Clouds[f.N[fKind]]...)
			b = append(append(append(b, ": partners holding the "...), f.S[0]...), " competency first"...)
			return appendShare(b, &f)
		}},
	iPubSecAbroad: {ID: RulePubSecAbroad, Section: SectionProfile, Summary: "a US public-sector customer outside the US: neither US PubSec nor the country's region is certain, so a person routes the lead",
		Text: func(b []byte, f program.Facts) []byte {
			b = appendCountry(append(b, "a US public-sector customer in "...), &f)
			return append(b, ": whether US public-sector partners or the country's partners serve it is for a person to decide"...)
		}},
	iOrderMarketplace: {ID: RuleOrderMarketplace, Section: SectionHyperscaler, Summary: "for a marketplace purchase, partners enrolled in the cloud's marketplace program (AWS CPPO, Google MCPO) first",
		Text: func(b []byte, f program.Facts) []byte {
			b = append(b, "customer buys through a marketplace: partners enrolled in "...)
			if f.S[0] != "" {
				b = append(b, f.S[0]...)
			} else {
				b = append(append(append(b, "any marketplace program (the cloud is "...), Clouds[f.N[fKind]]...), ')')
			}
			return appendShare(append(b, " first"...), &f)
		}},
}

// appendFailing writes "3 partner(s) <what>: P-1, P-2, P-3 and 2 more".
func appendFailing(b []byte, f *program.Facts, what string) []byte {
	return appendListed(append(appendCount(b, f), what...), f)
}

// mask is the set of values in vs, by their index in all.
func mask[T comparable](vs []T, all []T) int64 {
	var m int64
	for _, v := range vs {
		if i := slices.Index(all, v); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}

// appendMask writes the values of all in mask m, comma-separated.
func appendMask[T ~string](b []byte, m int64, all []T) []byte {
	first := true
	for i, v := range all {
		if m&(1<<i) != 0 {
			if !first {
				b = append(b, ", "...)
			}
			b = append(b, v...)
			first = false
		}
	}
	return b
}

func appendCount(b []byte, f *program.Facts) []byte {
	return append(f.AppendInt(b, fCount), " partner(s) "...)
}

// appendListed writes the partners listed in the string slots, and how
// many more there are.
func appendListed(b []byte, f *program.Facts) []byte {
	b = append(b, ": "...)
	listed := int(f.N[fOf])
	for i := range listed {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, f.S[i]...)
	}
	if more := f.N[fCount] - int64(listed); more > 0 {
		b = append(strconv.AppendInt(append(b, " and "...), more, 10), " more"...)
	}
	return b
}

// appendShare writes " (4 of 9 eligible)".
func appendShare(b []byte, f *program.Facts) []byte {
	b = f.AppendInt(append(b, " ("...), fCount)
	return append(f.AppendInt(append(b, " of "...), fOf), " eligible)"...)
}

func appendProfile(b []byte, f *program.Facts, what string) []byte {
	return append(append(append(append(b, "the profile of partner "...), f.S[0]...), ' '), what...)
}

// packCountry packs a two-letter country code into a fact.
func packCountry(c program.Country) int64 {
	if len(c) != 2 {
		return 0
	}
	return int64(c[0])<<8 | int64(c[1])
}

func appendCountry(b []byte, f *program.Facts) []byte {
	n := f.N[fCountry]
	return append(b, byte(n>>8), byte(n))
}

// The rules get their places among the rules reasons cite before any
// decision cites them.
func init() { program.Declare(rules) }

// Rules lists every rule of this package, in handbook order.
func Rules() []program.Rule { return append([]program.Rule(nil), rules...) }
