package locator

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// Cloud is the hyperscaler cloud a customer runs on.
type Cloud string

const (
	CloudAWS         Cloud = "aws"
	CloudGoogleCloud Cloud = "google_cloud"
	CloudOther       Cloud = "other"
	CloudUnknown     Cloud = "unknown"
)

// Clouds lists every cloud, in a fixed order.
var Clouds = []Cloud{CloudAWS, CloudGoogleCloud, CloudOther, CloudUnknown}

func (c Cloud) Valid() bool                   { return program.IsOneOf(c, Clouds) }
func (c *Cloud) UnmarshalText(b []byte) error { return program.UnmarshalEnum(c, b, "cloud", Clouds) }

// EnumValues lists the valid values of Cloud.
func (Cloud) EnumValues() []string { return program.EnumStrings(Clouds) }

// Capability is what a partner offers and a lead needs: resale, managed
// services, or a kind of service. The service kinds are the ones every
// package shares ([program.ServiceKinds]) except non_gitlab: a lead does not
// ask the locator for a service that has nothing to do with GitLab.
type Capability string

const (
	CapResale                 Capability = "resale"
	CapManagedServices        Capability = "managed_services"
	CapImplementation                    = Capability(program.ServiceImplementation)
	CapIntegration                       = Capability(program.ServiceIntegration)
	CapOptimization                      = Capability(program.ServiceOptimization)
	CapMigration                         = Capability(program.ServiceMigration)
	CapManagedHosted                     = Capability(program.ServiceManagedHosted)
	CapSecurityCompliance                = Capability(program.ServiceSecurityCompliance)
	CapAdoption                          = Capability(program.ServiceAdoption)
	CapAssessment                        = Capability(program.ServiceAssessment)
	CapTransformation                    = Capability(program.ServiceTransformation)
	CapApplicationDevelopment            = Capability(program.ServiceApplicationDevelopment)
	CapDevSecOpsAI                       = Capability(program.ServiceDevSecOpsAI)
	CapSupport                           = Capability(program.ServiceSupport)
	CapSuccess                           = Capability(program.ServiceSuccess)
	CapEducationTraining                 = Capability(program.ServiceEducationTraining)
)

// Capabilities lists every capability, in a fixed order: resale, managed
// services, then the GitLab service kinds in [program.ServiceKinds] order.
var Capabilities = capabilities()

func capabilities() []Capability {
	cs := []Capability{CapResale, CapManagedServices}
	for _, k := range program.GitLabServices() {
		cs = append(cs, Capability(k))
	}
	return cs
}

func (c Capability) Valid() bool { return program.IsOneOf(c, Capabilities) }
func (c *Capability) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(c, b, "capability", Capabilities)
}

// EnumValues lists the valid values of Capability.
func (Capability) EnumValues() []string { return program.EnumStrings(Capabilities) }

// Region is a sales region a partner serves without naming each country.
type Region string

const (
	RegionAMER Region = "amer"
	RegionEMEA Region = "emea"
	RegionAPJ  Region = "apj"
	// RegionUSPubSec is the US public sector: the only coverage of a US
	// public-sector lead.
	RegionUSPubSec Region = "us_pubsec"
)

// Regions lists every region, in a fixed order.
var Regions = []Region{RegionAMER, RegionEMEA, RegionAPJ, RegionUSPubSec}

func (r Region) Valid() bool                   { return program.IsOneOf(r, Regions) }
func (r *Region) UnmarshalText(b []byte) error { return program.UnmarshalEnum(r, b, "region", Regions) }

// EnumValues lists the valid values of Region.
func (Region) EnumValues() []string { return program.EnumStrings(Regions) }

// OrderKey is one key by which eligible partners are ordered.
type OrderKey string

const (
	KeyCloudCompetency OrderKey = "cloud_competency"
	KeyInCountry       OrderKey = "in_country_support"
	KeyTrack           OrderKey = "track"
	KeyMarketplaceFit  OrderKey = "marketplace_fit"
)

// OrderKeys lists every order key, in a fixed order.
var OrderKeys = []OrderKey{KeyCloudCompetency, KeyInCountry, KeyTrack, KeyMarketplaceFit}

func (k OrderKey) Valid() bool { return program.IsOneOf(k, OrderKeys) }
func (k *OrderKey) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(k, b, "order key", OrderKeys)
}

// EnumValues lists the valid values of OrderKey.
func (OrderKey) EnumValues() []string { return program.EnumStrings(OrderKeys) }

// TieBreak orders partners equal on every order key.
type TieBreak string

const (
	// TieBreakPartnerID: partner ID ascending, byte by byte.
	TieBreakPartnerID TieBreak = "partner_id"
	// TieBreakInputOrder: the order of the partners in the input.
	TieBreakInputOrder TieBreak = "input_order"
)

// TieBreaks lists every tie-break, in a fixed order.
var TieBreaks = []TieBreak{TieBreakPartnerID, TieBreakInputOrder}

func (t TieBreak) Valid() bool { return program.IsOneOf(t, TieBreaks) }
func (t *TieBreak) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(t, b, "tie-break", TieBreaks)
}

// EnumValues lists the valid values of TieBreak.
func (TieBreak) EnumValues() []string { return program.EnumStrings(TieBreaks) }

// RouteOutcome is the outcome of locator.route.
type RouteOutcome string

const (
	// Routed: at least one partner may take the lead; Partners says in
	// which order.
	Routed RouteOutcome = "routed"
	// NeedsReview: nobody may take the lead; NearestMisses says who came
	// closest.
	NeedsReview RouteOutcome = "needs_review"
)

// RouteOutcomes lists every route outcome.
var RouteOutcomes = []RouteOutcome{Routed, NeedsReview}

func (o RouteOutcome) Valid() bool { return program.IsOneOf(o, RouteOutcomes) }
func (o *RouteOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "outcome", RouteOutcomes)
}

// EnumValues lists the valid values of RouteOutcome.
func (RouteOutcome) EnumValues() []string { return program.EnumStrings(RouteOutcomes) }

// ProfileOutcome is the outcome of locator.profile.
type ProfileOutcome string

const (
	Complete   ProfileOutcome = "complete"
	Incomplete ProfileOutcome = "incomplete"
)

// ProfileOutcomes lists every profile outcome.
var ProfileOutcomes = []ProfileOutcome{Complete, Incomplete}

func (o ProfileOutcome) Valid() bool { return program.IsOneOf(o, ProfileOutcomes) }
func (o *ProfileOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "outcome", ProfileOutcomes)
}

// EnumValues lists the valid values of ProfileOutcome.
func (ProfileOutcome) EnumValues() []string { return program.EnumStrings(ProfileOutcomes) }
