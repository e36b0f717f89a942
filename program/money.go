package program

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// Currency is an ISO 4217 currency code in upper case ("USD", "JPY").
type Currency string

// Valid reports whether c is an upper-case ISO 4217 code of a currency that
// golang.org/x/text/currency knows as legal tender somewhere today: withdrawn
// currencies (DEM), metals, fund units and test codes (XAU, CLF, XTS, XXX)
// are not currencies a price can be in.
func (c Currency) Valid() bool {
	i, ok := currencyIndex(c)
	return ok && legalTender[i/64]&(1<<(i%64)) != 0 // canonical upper-case codes only, newer ones included
}

// newerCodes are ISO 4217 currencies introduced after the CLDR data in
// golang.org/x/text/currency (Venezuela 2018, Mauritania 2018, Sierra Leone
// 2022, Zimbabwe 2024), all with two decimal places. The codes they replaced
// (VEF, MRO, SLL, ZWL) may still pass, as may HRK; x/text's data decides.
var newerCodes = []Currency{"MRU", "VES", "SLE", "ZWG"}

// tender holds the currencies in use as legal tender in some region, from
// x/text's CLDR data, plus newerCodes, each mapped to itself so that a
// code read from JSON is this one string rather than a copy; it is built
// once and only read (Valid reads it as legalTender).
var tender = func() map[string]Currency {
	m := map[string]Currency{}
	for it := currency.Query(); it.Next(); {
		c := it.Unit().String()
		m[c] = Currency(c)
	}
	for _, c := range newerCodes {
		m[string(c)] = c
	}
	return m
}()

// legalTender holds the codes of tender as bits, by currencyIndex, so that
// Valid, which every amount's check calls, is a look-up in a table rather
// than a map.
var legalTender = func() (bits [(26*26*26 + 63) / 64]uint64) {
	for c := range tender {
		if i, ok := currencyIndex(Currency(c)); ok {
			bits[i/64] |= 1 << (i % 64)
		}
	}
	return bits
}()

// MinorUnits is the number of decimal places of c's minor unit as ISO 4217
// defines it (USD 2, JPY 0, BHD 3); c must be valid.
//
// golang.org/x/text/currency carries CLDR's rounding digits, which follow
// usage rather than ISO 4217 for some currencies (CLDR rounds IDR, COP and
// PKR to whole units and IQD to none; ISO 4217 gives them 2, 2, 2 and 3), so
// ISO 4217's exceptions to two places are listed here, from its current
// list of codes.
func (c Currency) MinorUnits() int32 {
	if i, ok := currencyIndex(c); ok {
		return int32(minorUnits[i])
	}
	return 2
}

// minorUnits is MinorUnits of every code of three upper-case letters, by
// currencyIndex: a table, not a switch on strings, since a tender reads it
// per price.
var minorUnits = func() (t [26 * 26 * 26]int8) {
	for i := range t {
		t[i] = 2
	}
	for units, codes := range map[int8][]Currency{
		0: {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"},
		3: {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"},
		4: {"CLF", "UYW"},
	} {
		for _, c := range codes {
			i, _ := currencyIndex(c)
			t[i] = units
		}
	}
	return t
}()

// currencyIndex places a three-letter upper-case code in minorUnits.
func currencyIndex(c Currency) (int, bool) {
	if len(c) != 3 {
		return 0, false
	}
	a, b, d := c[0]-'A', c[1]-'A', c[2]-'A'
	if a >= 26 || b >= 26 || d >= 26 {
		return 0, false
	}
	return (int(a)*26+int(b))*26 + int(d), true
}

// UnmarshalText accepts only valid currency codes.
func (c *Currency) UnmarshalText(b []byte) error {
	v := tender[string(b)] // the map's own string: reading a code allocates nothing
	if v == "" {
		return typeError[Currency](fmt.Sprintf("%q is not an ISO 4217 currency code (three upper-case letters such as USD)", b))
	}
	*c = v
	return nil
}

// Money is an exact decimal amount in one currency, written in JSON as
// {"amount": "1234.50", "currency": "USD"}. The amount must be a JSON string
// in [DecimalPattern]'s form: a JSON number would pass through binary
// floating point on many callers' side. It is written with at least the
// currency's minor unit of decimal places ("1000.00" USD, "1000" JPY), and
// more when the amount has them, so that no digit is lost.
type Money struct {
	Amount   decimal.Decimal `json:"amount" jsonschema:"required"`
	Currency Currency        `json:"currency" jsonschema:"required"`
}

// MarshalJSON writes the amount at the currency's minor unit (or finer when
// the amount is finer).
func (m Money) MarshalJSON() ([]byte, error) { return m.AppendJSON(make([]byte, 0, 48)), nil }

// AppendJSON appends Money's JSON, as MarshalJSON writes it.
func (m Money) AppendJSON(b []byte) []byte {
	b = append(b, `{"amount":"`...)
	b = m.AppendAmountText(b)
	b = append(b, `","currency":"`...)
	b = append(b, m.Currency...)
	return append(b, `"}`...)
}

// AmountText is the amount as Money's JSON writes it: at least the
// currency's minor unit of decimal places.
func (m Money) AmountText() string {
	var buf [32]byte
	return string(m.AppendAmountText(buf[:0]))
}

// AppendAmountText appends the amount as [Money.AmountText] writes it. An
// amount not below zero whose coefficient fits 64 bits, as every price
// does, is written from its digits with nothing allocated; any other is
// written by decimal's StringFixed (FuzzAmountText holds the two to the
// same text).
func (m Money) AppendAmountText(b []byte) []byte {
	places := int32(0)
	if m.Currency.Valid() {
		places = m.Currency.MinorUnits()
	}
	if e := -m.Amount.Exponent(); e > places {
		places = e
	}
	coef, exp, ok := DecimalUint64(m.Amount)
	if !ok || exp > 64 {
		return append(b, m.Amount.StringFixed(places)...)
	}
	var buf [20]byte
	digits := strconv.AppendUint(buf[:0], coef, 10)
	frac := 0 // digits after the point, of the amount's own
	switch {
	case exp >= 0:
		b = append(b, digits...)
		if coef != 0 {
			b = appendZeros(b, int(exp))
		}
	case len(digits) <= int(-exp):
		frac = int(-exp)
		b = appendZeros(append(b, "0."...), frac-len(digits))
		b = append(b, digits...)
	default:
		frac = int(-exp)
		cut := len(digits) - frac
		b = append(append(append(b, digits[:cut]...), '.'), digits[cut:]...)
	}
	if int(places) > frac {
		if frac == 0 {
			b = append(b, '.')
		}
		b = appendZeros(b, int(places)-frac)
	}
	return b
}

func appendZeros(b []byte, n int) []byte {
	for range n {
		b = append(b, '0')
	}
	return b
}

// NewMoney parses amount and pairs it with cur.
func NewMoney(amount string, cur Currency) (Money, error) {
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return Money{}, &FieldError{Detail: fmt.Sprintf("amount %q is not a decimal number", amount)}
	}
	return Money{d, cur}, nil
}

// MustMoney is NewMoney for literals known to be valid; it panics otherwise.
func MustMoney(amount string, cur Currency) Money {
	m, err := NewMoney(amount, cur)
	if err != nil {
		panic(err)
	}
	return m
}

// IsZero reports whether m is the zero Money (no amount, no currency).
func (m Money) IsZero() bool { return m.Currency == "" && m.Amount.IsZero() }

// String is "1234.50 USD", the amount as [Money.AmountText] writes it.
func (m Money) String() string {
	var buf [48]byte
	return string(append(append(m.AppendAmountText(buf[:0]), ' '), m.Currency...))
}

// Check records a problem under field when the currency is missing or unknown.
func (m Money) Check(p *Problems, field string) {
	if m.Currency == "" {
		p.Add(Path(field, "currency"), "required: an ISO 4217 currency code such as USD")
	} else if !m.Currency.Valid() {
		p.Add(Path(field, "currency"), "%q is not an ISO 4217 currency code (three upper-case letters such as USD)", string(m.Currency))
	}
}
