package incumbency

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

// Prices are computed exactly in 64- and 128-bit integers when the numbers
// fit, which they do for any everyday tender, and otherwise with decimal's
// arbitrary precision. Both give the same decimal, value and exponent: the
// exact product rounded once, half up, to the currency's minor unit
// (price_test.go holds them to it). Comparisons against limits are made the
// same way, so that checking a valid tender allocates nothing.

// pow10 holds 10^0 to 10^19, every power of ten a uint64 holds.
var pow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// fixed is a non-negative decimal coef × 10^exp whose coefficient fits in
// 63 bits.
type fixed struct {
	coef uint64
	exp  int32
}

// fixedOf is d as a fixed, or false when d is negative or its coefficient
// has more than 18 digits.
func fixedOf(d decimal.Decimal) (fixed, bool) {
	c, exp, ok := program.DecimalUint64(d)
	if !ok || c >= pow10[18] {
		return fixed{}, false
	}
	return fixed{c, exp}, true
}

// atMostPow10 reports whether d, non-negative, is at most 10^k.
func atMostPow10(d decimal.Decimal, k int) bool {
	if f, ok := fixedOf(d); ok { // f.coef < 10^18
		switch e := int(f.exp); {
		case f.coef == 0:
			return true
		case e > k: // d is at least 10^e
			return false
		case k-e >= len(pow10): // d is below 10^(18+e)
			return true
		default:
			return f.coef <= pow10[k-e]
		}
	}
	if d.Sign() == 0 {
		return true
	}
	// d has NumDigits+exp digits before the point: 10^(m-1) <= d < 10^m.
	n := d.NumDigits()
	switch m := n + int(d.Exponent()); {
	case m <= k:
		return true
	case m > k+1:
		return false
	}
	// 10^k <= d < 10^(k+1): at most 10^k when its coefficient is 10...0.
	if f, ok := fixedOf(d); ok {
		return f.coef == pow10[n-1]
	}
	return d.Cmp(decimal.New(1, int32(k))) <= 0
}

// licenseTerms is a license discount ready to price with: the discount,
// and the share of the list price a bid pays, 1 − discount, as a fixed
// when it fits one (fast). It is worked out once per policy, or per
// tender that gives its own rates, not for every bid.
type licenseTerms struct {
	discount decimal.Decimal
	factor   fixed
	fast     bool
}

// termsOf is discount, at most 1, ready to price with.
func termsOf(discount decimal.Decimal) licenseTerms {
	lt := licenseTerms{discount: discount}
	lt.factor, lt.fast = licenseFactor(discount)
	return lt
}

// licenseFactor is 1 − discount, the share of the list price a bid pays,
// or false when it does not fit a fixed. Only its value matters: a price
// is rounded to the minor unit, whatever the factor's exponent.
func licenseFactor(discount decimal.Decimal) (fixed, bool) {
	d, ok := fixedOf(discount)
	switch {
	case ok && d.coef == 0:
		return fixed{1, 0}, true // decimal.Zero has exponent 1
	case !ok || d.exp > 0 || -d.exp >= int32(len(pow10)) || d.coef > pow10[-d.exp]:
		return fixed{}, false
	}
	return fixed{pow10[-d.exp] - d.coef, d.exp}, true
}

// listAmount is MSRP × quantity, exact, its coefficient in the first of
// cells when it fits 64 bits, and the amount as a fixed, or false when it
// does not fit one; and the cells left.
func listAmount(msrp decimal.Decimal, quantity int, cells program.DecimalCells) (decimal.Decimal, fixed, bool, program.DecimalCells) {
	m, ok := fixedOf(msrp)
	if quantity == 1 {
		return msrp, m, ok, cells // × 1: the same value and exponent
	}
	if ok {
		if hi, lo := bits.Mul64(m.coef, uint64(quantity)); hi == 0 && lo <= math.MaxInt64 {
			list, rest := cells.Next(int64(lo), m.exp)
			return list, fixed{lo, m.exp}, lo < pow10[18], rest
		}
	}
	list := msrp.Mul(decimal.NewFromInt(int64(quantity)))
	f, ok := fixedOf(list)
	return list, f, ok, cells
}

// roundedPrice is list × factor rounded half up to places, as
// list.Mul(factor).Round(places) gives it, or false when the numbers do
// not fit 64 bits.
func roundedPrice(l, factor fixed, places int32) (uint64, bool) {
	hi, lo := bits.Mul64(l.coef, factor.coef)
	// The exact price is (hi, lo) × 10^s at the minor unit.
	s := int(l.exp) + int(factor.exp) + int(places)
	switch {
	case s >= 0:
		if hi != 0 || s >= len(pow10) {
			return 0, false
		}
		h, c := bits.Mul64(lo, pow10[s])
		return c, h == 0 && c <= math.MaxInt64
	case -s >= len(pow10):
		return 0, false
	}
	q := pow10[-s]
	lo, carry := bits.Add64(lo, q/2, 0) // half up: the values are never negative
	hi += carry
	if hi >= q {
		return 0, false
	}
	c, _ := bits.Div64(hi, lo, q)
	return c, c <= math.MaxInt64
}

// decimalPrices writes the price of every line for license discount lt
// into out, whose List members are set, and returns the total, all by
// decimal's arithmetic: for amounts the integers do not hold.
func decimalPrices(out []LinePrice, lt *licenseTerms, places int32) decimal.Decimal {
	factor, total := decimal.NewFromInt(1).Sub(lt.discount), decimal.Zero
	for j := range out {
		// The one rounding: Round is half away from zero, which is half up
		// for the non-negative amounts validation guarantees.
		p := out[j].List.Amount.Mul(factor).Round(places)
		out[j].Price.Amount = p
		total = total.Add(p)
	}
	return total
}
