package nfr

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// Outcome is what [Policy.Decide] decided about a request.
type Outcome string

const (
	// Granted: every asked seat can be provisioned.
	Granted Outcome = "granted"
	// NeedsReview: a person must decide (seats over a cap with a business
	// justification, or a use the policy does not classify).
	NeedsReview Outcome = "needs_review"
	// Denied: the request cannot be granted; the reasons say why.
	Denied Outcome = "denied"
)

// Outcomes lists every outcome, in a fixed order.
var Outcomes = []Outcome{Granted, NeedsReview, Denied}

func (o Outcome) Valid() bool { return program.IsOneOf(o, Outcomes) }
func (o *Outcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "outcome", Outcomes)
}

// AllowanceOutcome summarizes a partner's [Allowance].
type AllowanceOutcome string

const (
	// Available: the partner is eligible and may request at least one more
	// seat of some license type within its caps.
	Available AllowanceOutcome = "available"
	// Exhausted: the partner is eligible but every cap is used up (more
	// seats need a business justification where the track allows it).
	Exhausted AllowanceOutcome = "exhausted"
	// Ineligible: the partner may not request NFR licenses at all.
	Ineligible AllowanceOutcome = "ineligible"
)

// AllowanceOutcomes lists every allowance outcome, in a fixed order.
var AllowanceOutcomes = []AllowanceOutcome{Available, Exhausted, Ineligible}

func (o AllowanceOutcome) Valid() bool { return program.IsOneOf(o, AllowanceOutcomes) }
func (o *AllowanceOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "allowance outcome", AllowanceOutcomes)
}

// EnumValues lists the valid values of Outcome.
func (Outcome) EnumValues() []string { return program.EnumStrings(Outcomes) }

// EnumValues lists the valid values of AllowanceOutcome.
func (AllowanceOutcome) EnumValues() []string { return program.EnumStrings(AllowanceOutcomes) }
