package incumbency

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

// Policy holds everything the package decides by that is data rather than
// code. The handbook names the discounts but gives no percentages, so
// [Default] carries no rates: a caller may give default rates here
// ([RateTable]) or with each tender ([TenderRates]); a tender priced with no
// rate known is still decided, with the prices left out.
type Policy struct {
	Version string `json:"version"`
	// Rates are the default rates, as fractions of MSRP; a tender's own
	// rates override them one by one. Nil in [Default].
	Rates *RateTable `json:"rates,omitempty"`
	// USPubSecUnsourced is what a bidder on a US public-sector tender gets
	// without a sourced registration approved before the opening.
	USPubSecUnsourced PubSecReading `json:"us_pubsec_unsourced"`

	ready *ready // see Compile
}

// PubSecReading is a reading of the US public-sector exception.
type PubSecReading string

const (
	// PubSecMSRP: the bidder's license price is MSRP; no license discount
	// applies, not even the partner base discount. Its service-attach
	// incentive, a services rebate, stands. The default, as DESIGN.md reads
	// it.
	PubSecMSRP PubSecReading = "msrp"
	// PubSecPartnerBase: the exception withholds the sourced margin only;
	// the license price is MSRP less the partner base discount, which the
	// handbook grants to all bidders. The service-attach incentive stands.
	PubSecPartnerBase PubSecReading = "partner_base"
)

// PubSecReadings lists every reading, the default first.
var PubSecReadings = []PubSecReading{PubSecMSRP, PubSecPartnerBase}

func (r PubSecReading) Valid() bool { return program.IsOneOf(r, PubSecReadings) }
func (r *PubSecReading) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(r, b, "US public-sector reading", PubSecReadings)
}

// Default is the handbook's policy, compiled. It has no rates: see
// [RateTable].
func Default() Policy { return defaultPolicy }

var defaultPolicy = func() Policy {
	p, err := Policy{Version: "incumbency-2026-11", USPubSecUnsourced: PubSecMSRP}.Compile()
	if err != nil {
		panic(err)
	}
	return p
}()

// RateTable holds the rates a caller's program pays by default, each a
// fraction of MSRP from 0 to 1 ("0.15" is 15 %). Each is optional: an unset
// rate is unknown (a tender may give it), while "0" states that an element
// pays nothing. The partner base discount and the sourced margin are license
// discounts; the service-attach incentive is a services rebate, never taken
// off the license price; the renewal discount is reported by
// [Policy.RenewalDiscount].
type RateTable struct {
	PartnerBase     Rate `json:"partner_base,omitzero"`
	SourcedMargin   Rate `json:"sourced_margin,omitzero"`
	RenewalDiscount Rate `json:"renewal_discount,omitzero"`
	ServiceAttach   Rate `json:"service_attach,omitzero"`
}

// MaxScale is the most decimal places this package accepts in a rate or an
// amount; more is a data error (and would make arithmetic arbitrarily slow).
const MaxScale = 10

// maxAmount bounds every money amount this package accepts: 10^15. It is
// not exported, so no caller can change validation for the whole process.
var maxAmount = decimal.New(1, maxAmountDigits)

const maxAmountDigits = 15

// Rate is a fraction from 0 to 1, written in JSON as a decimal string
// ("0.125"). The zero Rate is unset: the rate is not known.
type Rate struct {
	value decimal.Decimal
	set   bool
}

// ParseRate parses a decimal string in [program.DecimalPattern]'s form
// ("0.15", "0", "1"): no exponent, no sign but a minus, no spaces. It does
// not check the range; see [Policy.Validate].
func ParseRate(s string) (Rate, error) {
	d, err := program.ParseDecimal(s)
	if err != nil {
		return Rate{}, &program.FieldError{Detail: fmt.Sprintf("%q is not a rate: want a decimal string such as \"0.15\"", s)}
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

// IsZero reports whether the rate is unset (not whether it is 0), so that an
// unset rate is left out of JSON.
func (r Rate) IsZero() bool { return !r.set }

// Equal reports whether two rates are both unset or have equal values.
func (r Rate) Equal(o Rate) bool { return r.set == o.set && r.value.Equal(o.value) }

func (r Rate) String() string {
	if !r.set {
		return "(unset)"
	}
	return r.value.String()
}

// MarshalJSON writes the rate as a decimal string ("0.125"), and an unset
// rate as null, which reads back as absent.
func (r Rate) MarshalJSON() ([]byte, error) {
	if !r.set {
		return []byte("null"), nil
	}
	return strconv.AppendQuote(nil, r.value.String()), nil
}

// UnmarshalJSON accepts only a decimal string, as [ParseRate] reads it. Its
// errors are [program.FieldError]s without a pointer, which
// [program.DecodeJSON] places at the rate ("/rates/partner_base"). A null is
// left alone, as absent: [program.DecodeJSON] does not pass one.
func (r *Rate) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	var s string
	if len(b) == 0 || b[0] != '"' || json.Unmarshal(b, &s) != nil {
		return &program.FieldError{Detail: notRateString(b)}
	}
	v, err := ParseRate(s)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// notRateString says what is wrong with a rate that is not a JSON string. A
// number in decimal form is shown as the string to write instead.
func notRateString(b []byte) string {
	const want = "want a rate as a decimal string such as \"0.15\""
	if len(b) == 0 {
		return "no value; " + want
	}
	switch b[0] {
	case 't', 'f':
		return "got a boolean, " + want
	case '{':
		return "got an object, " + want
	case '[':
		return "got a list, " + want
	case '"':
		return "malformed string; " + want
	}
	if len(b) <= 40 {
		if _, err := program.ParseDecimal(string(b)); err == nil {
			return fmt.Sprintf("got the number %s; a rate is a decimal string: \"%s\"", b, b)
		}
	}
	return "got a number, " + want
}

// checkRate records the problem of a rate that is given but outside 0..1 or
// too fine; an unset rate is unknown, not a problem.
func checkRate(p *program.Problems, ptr string, r Rate) {
	switch {
	case !r.set:
	case r.value.Sign() < 0 || !atMostPow10(r.value, 0):
		p.Add(ptr, "%s is outside 0..1", r.value.String())
	case !fitsScale(r.value):
		p.Add(ptr, "%s has more than %d decimal places", r.value.String(), MaxScale)
	}
}

// fitsScale reports whether d has at most MaxScale significant decimal
// places.
func fitsScale(d decimal.Decimal) bool {
	return d.Exponent() >= -MaxScale || d.Truncate(MaxScale).Equal(d)
}

func (t RateTable) check(p *program.Problems, ptr string) {
	checkRate(p, program.Path(ptr, "partner_base"), t.PartnerBase)
	checkRate(p, program.Path(ptr, "sourced_margin"), t.SourcedMargin)
	checkRate(p, program.Path(ptr, "renewal_discount"), t.RenewalDiscount)
	checkRate(p, program.Path(ptr, "service_attach"), t.ServiceAttach)
}

// Pointers into the policy document, for its problems.
const (
	ptrVersion    = "/version"
	ptrRates      = "/rates"
	ptrPubSecRead = "/us_pubsec_unsourced"
)

func (pol Policy) check(p *program.Problems) {
	if pol.Version == "" {
		p.Add(ptrVersion, "required: a name for this policy")
	}
	if pol.Rates != nil {
		pol.Rates.check(p, ptrRates)
	}
	program.CheckEnum(p, ptrPubSecRead, pol.USPubSecUnsourced, "US public-sector reading", PubSecReadings)
}

// Validate reports every problem of the policy, each located by a JSON
// Pointer into the policy document ("/rates/partner_base").
func (pol Policy) Validate() error {
	var p program.Problems
	pol.check(&p)
	return p.Err()
}

// ParsePolicy decodes data strictly over base (fields it does not name keep
// base's values; rates it names replace base's one by one) and compiles the
// result (program.ParsePolicy). The result never shares base's rate table.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	if base.Rates != nil {
		// The table is reached through a pointer, which program.DeepCopy
		// shares: decoding would write the rates data names into base's.
		r := *base.Rates
		base.Rates = &r
	}
	return program.ParsePolicy(base, data)
}

// Compile checks the policy once (every problem [Policy.Validate] reports)
// and returns it with its ready form: the rates each tender starts from,
// laid out with every license discount ready to price with, and the US
// public-sector reading.
// [Default] and [ParsePolicy] return compiled policies; a policy built or
// changed by hand is compiled on each decision until Compile is called.
func (pol Policy) Compile() (Policy, error) {
	if err := pol.Validate(); err != nil {
		return Policy{}, err
	}
	pol.ready = nil
	rd := &ready{src: pol, msrpOnly: pol.USPubSecUnsourced == PubSecMSRP}
	if r := pol.Rates; r != nil {
		rd.table = *r
	}
	r := &rd.table
	rd.rates = tenderRates{
		partnerBase:   rateFrom(r.PartnerBase, false),
		sourcedMargin: rateFrom(r.SourcedMargin, false),
		serviceAttach: rateFrom(r.ServiceAttach, false),
	}
	rd.rates.lay(nil)
	rd.rates.plan(rd.msrpOnly)
	pol.ready = rd
	return pol, nil
}

// ready is a compiled policy: what the decisions read, checked once.
type ready struct {
	src   Policy    // the fields it was compiled from
	table RateTable // *src.Rates as it was
	// rates are the policy's rates, each tender's starting point.
	rates    tenderRates
	msrpOnly bool // the US public-sector reading withholds every license discount
}

// fresh reports whether pol's ready form was compiled from pol's fields as
// they are now: a rate table replaced or written into is noticed.
func (pol *Policy) fresh() bool {
	rd := pol.ready
	if rd == nil {
		return false
	}
	s := &rd.src
	return pol.Rates == s.Rates && sameString(pol.Version, s.Version) &&
		sameString(string(pol.USPubSecUnsourced), string(s.USPubSecUnsourced)) &&
		(pol.Rates == nil || *pol.Rates == rd.table)
}

// current is pol's ready form, when pol's fields are as it was compiled
// from.
func (pol Policy) current() (*ready, bool) { return pol.ready, pol.fresh() }

// prepare is the start of every decision, once the input's problems are
// in p: pol's ready form (compiled now when pol has none or has changed
// since), and the policy's problems, or else the input's.
func (pol *Policy) prepare(p *program.Problems) (*ready, error) {
	if pol.fresh() { // the usual case, without copying pol
		return pol.ready, p.Err()
	}
	rd, err := program.Ready(*pol, Policy.current)
	if err != nil {
		return nil, err
	}
	return rd, p.Err()
}

// EnumValues lists the valid values of PubSecReading.
func (PubSecReading) EnumValues() []string { return program.EnumStrings(PubSecReadings) }
