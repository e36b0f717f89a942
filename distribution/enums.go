package distribution

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// Territory is a distribution territory: the area one set of distributors
// serves.
type Territory string

const (
	TerritoryNorthAmerica Territory = "north_america"
	TerritoryEMEA         Territory = "emea"
	TerritoryJapan        Territory = "japan"
	TerritoryAPAC         Territory = "apac"
	// TerritoryUSPubSec is a sale to a US public-sector customer.
	TerritoryUSPubSec Territory = "us_pubsec"
	// TerritoryNone is every country without an active distributor (Mexico
	// and the rest of Latin America, by default).
	TerritoryNone Territory = "none"
)

// Territories lists every territory, in a fixed order.
var Territories = []Territory{TerritoryNorthAmerica, TerritoryEMEA, TerritoryJapan, TerritoryAPAC, TerritoryUSPubSec, TerritoryNone}

func (t Territory) Valid() bool { return program.IsOneOf(t, Territories) }
func (t *Territory) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(t, b, "territory", Territories)
}

// EnumValues lists the valid values of Territory.
func (Territory) EnumValues() []string { return program.EnumStrings(Territories) }

// QuoteRegion is the sales region whose quote process a partner follows.
type QuoteRegion string

const (
	RegionAPJ      QuoteRegion = "apj"
	RegionAMER     QuoteRegion = "amer"
	RegionEMEA     QuoteRegion = "emea"
	RegionUSPubSec QuoteRegion = "us_pubsec"
)

// QuoteRegions lists every quote region, in a fixed order.
var QuoteRegions = []QuoteRegion{RegionAPJ, RegionAMER, RegionEMEA, RegionUSPubSec}

func (r QuoteRegion) Valid() bool { return program.IsOneOf(r, QuoteRegions) }
func (r *QuoteRegion) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(r, b, "quote region", QuoteRegions)
}

// EnumValues lists the valid values of QuoteRegion.
func (QuoteRegion) EnumValues() []string { return program.EnumStrings(QuoteRegions) }

// Role says whether a distributor is a territory's main choice or an
// alternative for some of its countries.
type Role string

const (
	RolePrimary     Role = "primary"
	RoleAlternative Role = "alternative"
)

// Roles lists every role, in a fixed order.
var Roles = []Role{RolePrimary, RoleAlternative}

func (r Role) Valid() bool                   { return program.IsOneOf(r, Roles) }
func (r *Role) UnmarshalText(b []byte) error { return program.UnmarshalEnum(r, b, "role", Roles) }

// Channel is a way to buy: from GitLab, from a distributor, or on a
// hyperscaler marketplace.
type Channel string

const (
	ChannelDirect      Channel = "direct"
	ChannelDistributor Channel = "distributor"
	ChannelMarketplace Channel = "marketplace"
)

// Channels lists every channel, in a fixed order.
var Channels = []Channel{ChannelDirect, ChannelDistributor, ChannelMarketplace}

func (c Channel) Valid() bool { return program.IsOneOf(c, Channels) }
func (c *Channel) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(c, b, "channel", Channels)
}

// EnumValues lists the valid values of Channel.
func (Channel) EnumValues() []string { return program.EnumStrings(Channels) }

// EnumValues lists the valid values of Role.
func (Role) EnumValues() []string { return program.EnumStrings(Roles) }

// OrderKind is what an order sells.
type OrderKind string

const (
	KindNewSubscription OrderKind = "new_subscription"
	KindAddOn           OrderKind = "add_on"
	KindRenewal         OrderKind = "renewal"
)

// OrderKinds lists every order kind, in a fixed order.
var OrderKinds = []OrderKind{KindNewSubscription, KindAddOn, KindRenewal}

func (k OrderKind) Valid() bool { return program.IsOneOf(k, OrderKinds) }
func (k *OrderKind) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(k, b, "kind", OrderKinds)
}

// EnumValues lists the valid values of OrderKind.
func (OrderKind) EnumValues() []string { return program.EnumStrings(OrderKinds) }

// EULAMethod is how a customer executes the EULA.
type EULAMethod string

const (
	// EULALicenseKey: the customer accepts the terms at the download link
	// to get the license key (the handbook's default).
	EULALicenseKey EULAMethod = "license_key"
	// EULACountersigned: a physical document, fully countersigned, for
	// customers that require one.
	EULACountersigned EULAMethod = "countersigned"
	// EULANone: the order says that no EULA is arranged at all. It is a
	// fact an order may record, not a way to execute the EULA: an order
	// kind that needs an executed EULA is then incomplete (rule
	// distribution.eula.none_arranged). A policy cannot make it the
	// default method.
	EULANone EULAMethod = "none"
)

// EULAMethods lists every EULA method, in a fixed order.
var EULAMethods = []EULAMethod{EULALicenseKey, EULACountersigned, EULANone}

func (m EULAMethod) Valid() bool { return program.IsOneOf(m, EULAMethods) }
func (m *EULAMethod) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(m, b, "method", EULAMethods)
}

// EnumValues lists the valid values of EULAMethod.
func (EULAMethod) EnumValues() []string { return program.EnumStrings(EULAMethods) }
