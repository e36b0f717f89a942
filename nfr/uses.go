package nfr

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// Use is a purpose a partner declares for its NFR licenses. Whether a use is
// permitted or prohibited is policy ([Policy.PermittedUses],
// [Policy.ProhibitedUses]), not a property of the value.
type Use string

const (
	// UseInternalTraining: training the partner's own employees.
	UseInternalTraining Use = "internal_training"
	// UseIntegrationTesting: testing integrations with related DevOps products.
	UseIntegrationTesting Use = "integration_testing"
	// UseDemonstrations: product demonstrations the partner gives to prospects.
	UseDemonstrations Use = "demonstrations"
	// UseCustomerProduction: running a customer's production environment.
	UseCustomerProduction Use = "customer_production"
	// UseInternalProduction: the partner's own development or production
	// work, which needs purchased licenses.
	UseInternalProduction Use = "internal_production"
	// UseManagedServices: managed services the partner runs for customers.
	UseManagedServices Use = "managed_services"
)

// Uses lists every use; decisions list uses in this order.
var Uses = []Use{UseInternalTraining, UseIntegrationTesting, UseDemonstrations, UseCustomerProduction, UseInternalProduction, UseManagedServices}

func (u Use) Valid() bool                   { return program.IsOneOf(u, Uses) }
func (u *Use) UnmarshalText(b []byte) error { return program.UnmarshalEnum(u, b, "use", Uses) }

// Title is the use's name for people.
func (u Use) Title() string {
	switch u {
	case UseInternalTraining:
		return "internal employee training"
	case UseIntegrationTesting:
		return "integration testing"
	case UseDemonstrations:
		return "demonstrations to prospects"
	case UseCustomerProduction:
		return "customer production"
	case UseInternalProduction:
		return "internal development or production"
	case UseManagedServices:
		return "managed services for customers"
	}
	return string(u)
}

// EnumValues lists the valid values of Use.
func (Use) EnumValues() []string { return program.EnumStrings(Uses) }

// useSet is uses as a set of bits, one per use in [Uses] order.
func useSet(uses []Use) uint {
	var set uint
	for _, u := range uses {
		set |= 1 << indexOf(Uses, u)
	}
	return set
}
