package incumbency

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

// Policy holds everything the package decides by that is data rather than
// code. The handbook names the discounts but gives no percentages, so
// [Default] carries no rates: a caller supplies its own [RateTable], and
// pricing a tender without one is an input error.
type Policy struct {
	Version string `json:"version"`
	// Rates are the discount rates as fractions of MSRP. Nil in [Default].
	Rates *RateTable `json:"rates,omitempty"`
	// USPubSecUnsourced is what a bidder on a US public-sector tender gets
	// without a sourced registration approved before the opening.
	USPubSecUnsourced PubSecReading `json:"us_pubsec_unsourced"`
}

// PubSecReading is a reading of the US public-sector exception.
type PubSecReading string

const (
	// PubSecMSRP: the bidder pays MSRP; no discount of any kind applies, not
	// even the partner base discount. The default, as DESIGN.md reads it.
	PubSecMSRP PubSecReading = "msrp"
	// PubSecPartnerBase: the exception withholds everything but the partner
	// base discount, which the handbook grants to all bidders.
	PubSecPartnerBase PubSecReading = "partner_base"
)

// PubSecReadings lists every reading, the default first.
var PubSecReadings = []PubSecReading{PubSecMSRP, PubSecPartnerBase}

func (r PubSecReading) Valid() bool { return slices.Contains(PubSecReadings, r) }
func (r *PubSecReading) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(r, b, "US public-sector reading", PubSecReadings)
}

// Default is the handbook's policy. It has no rates: see [RateTable].
func Default() Policy {
	return Policy{Version: "incumbency-2026-11", USPubSecUnsourced: PubSecMSRP}
}

// RateTable holds the discount rates a caller's program pays, each a fraction
// of MSRP from 0 to 1 ("0.15" is 15 %). All four are required once a table is
// given; "0" states that an element pays nothing.
type RateTable struct {
	PartnerBase     Rate `json:"partner_base"`
	SourcedMargin   Rate `json:"sourced_margin"`
	RenewalDiscount Rate `json:"renewal_discount"`
	ServiceAttach   Rate `json:"service_attach"`
}

// MaxScale is the most decimal places this package accepts in a rate or an
// amount; more is a data error (and would make arithmetic arbitrarily slow).
const MaxScale = 10

// maxAmount bounds every money amount this package accepts: 10^15. It is
// not exported, so no caller can change validation for the whole process.
var maxAmount = decimal.New(1, 15)

// Rate is a fraction from 0 to 1, written in JSON as a decimal string
// ("0.125"). The zero Rate is unset and fails validation.
type Rate struct {
	value decimal.Decimal
	set   bool
}

// ParseRate parses a decimal string. It does not check the range; see
// [Policy.Validate].
func ParseRate(s string) (Rate, error) {
	d, err := decimal.NewFromString(s)
	if err != nil || s == "" {
		return Rate{}, &program.FieldError{Problem: fmt.Sprintf("%q is not a decimal number such as \"0.15\"", s)}
	}
	return Rate{d, true}, nil
}

// MustRate is ParseRate for literals known to be valid; it panics otherwise.
func MustRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// Decimal is the rate's value (0 when unset).
func (r Rate) Decimal() decimal.Decimal { return r.value }

// IsSet reports whether the rate was given.
func (r Rate) IsSet() bool { return r.set }

// Equal reports whether two rates are both unset or have equal values.
func (r Rate) Equal(o Rate) bool { return r.set == o.set && r.value.Equal(o.value) }

func (r Rate) String() string {
	if !r.set {
		return "(unset)"
	}
	return r.value.String()
}

// MarshalJSON writes the rate as a decimal string.
func (r Rate) MarshalJSON() ([]byte, error) { return json.Marshal(r.value.String()) }

// UnmarshalJSON accepts only a decimal string.
func (r *Rate) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) == 0 || b[0] != '"' || json.Unmarshal(b, &s) != nil {
		return &json.UnmarshalTypeError{Value: fmt.Sprintf("rate %s must be a decimal string such as \"0.15\"", b), Type: rateType}
	}
	v, err := ParseRate(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: fmt.Sprintf("rate %q is not a decimal number such as \"0.15\"", s), Type: rateType}
	}
	*r = v
	return nil
}

var rateType = reflect.TypeFor[Rate]()

func checkRate(p *program.Problems, field string, r Rate) {
	switch {
	case !r.set:
		p.Add(field, "required: a decimal string from \"0\" to \"1\"")
	case r.value.Sign() < 0 || r.value.GreaterThan(decimal.NewFromInt(1)):
		p.Add(field, "%s is outside 0..1", r.value.String())
	case !fitsScale(r.value):
		p.Add(field, "%s has more than %d decimal places", r.value.String(), MaxScale)
	}
}

// fitsScale reports whether d has at most MaxScale significant decimal
// places.
func fitsScale(d decimal.Decimal) bool {
	return d.Exponent() >= -MaxScale || d.Truncate(MaxScale).Equal(d)
}

func (t RateTable) check(p *program.Problems, field string) {
	checkRate(p, program.Path(field, "partner_base"), t.PartnerBase)
	checkRate(p, program.Path(field, "sourced_margin"), t.SourcedMargin)
	checkRate(p, program.Path(field, "renewal_discount"), t.RenewalDiscount)
	checkRate(p, program.Path(field, "service_attach"), t.ServiceAttach)
}

func (pol Policy) check(p *program.Problems) {
	if pol.Version == "" {
		p.Add("policy.version", "required: a name for this policy")
	}
	if pol.Rates != nil {
		pol.Rates.check(p, "policy.rates")
	}
	program.CheckEnum(p, "policy.us_pubsec_unsourced", pol.USPubSecUnsourced, "US public-sector reading", PubSecReadings)
}

// Validate reports every problem of the policy, with field paths starting at
// "policy".
func (pol Policy) Validate() error {
	var p program.Problems
	pol.check(&p)
	return p.Err()
}

// ParsePolicy decodes data strictly over base (fields it does not name keep
// base's values) and validates the result.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	pol := base
	if base.Rates != nil {
		r := *base.Rates
		pol.Rates = &r // do not write through to base's table
	}
	if err := program.DecodeJSON(data, &pol, "policy"); err != nil {
		return Policy{}, err
	}
	if err := pol.Validate(); err != nil {
		return Policy{}, err
	}
	return pol, nil
}

// EnumValues lists the valid values of PubSecReading.
func (PubSecReading) EnumValues() []string { return program.EnumStrings(PubSecReadings) }
