package incumbency

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

// randomDecimal is a non-negative decimal with up to digits digits and up
// to places decimal places, trailing zeros included at times.
func randomDecimal(r *rand.Rand, digits, places int) decimal.Decimal {
	n := r.IntN(digits) + 1
	var c uint64
	for range n {
		c = c*10 + uint64(r.IntN(10))
		if c > 1e17 {
			break
		}
	}
	d := decimal.New(int64(c), -int32(r.IntN(places+1)))
	if r.IntN(8) == 0 { // now and then, a coefficient beyond 64 bits
		d = d.Mul(decimal.New(1, 0)).Add(decimal.New(1, -12)).Mul(decimal.New(int64(r.IntN(1e9)), 0))
	}
	return d
}

// currencyOf is a currency whose minor unit has places decimal places.
var currencyOf = map[int32]program.Currency{0: "JPY", 2: "USD", 3: "BHD", 4: "CLF"}

// priced prices lines, in a currency of places decimal places, for each
// of discounts (license bits 0, 1, ... in turn), as a tender's bids of
// those discounts are priced.
func priced(lines []Line, places int32, discounts ...decimal.Decimal) prices {
	var laid laidRates
	var groups uint
	for g, d := range discounts {
		laid.licenses[g] = termsOf(d)
		groups |= 1 << g
	}
	t := Tender{Currency: currencyOf[places], Lines: lines}
	return priceAll(&t, groups, &laid)
}

// TestFastPricesEqualDecimalOnes holds the integer arithmetic to decimal's:
// the same value and exponent for every list amount, price and total,
// for one license discount and for two priced side by side, each line's
// list amount worked out once for both.
func TestFastPricesEqualDecimalOnes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	randomDiscount := func(i int) decimal.Decimal {
		switch i % 5 {
		case 0:
			return decimal.Zero
		case 1:
			return decimal.New(int64(r.IntN(101)), -2)
		case 2: // beyond 64 bits: decimal arithmetic
			return decimal.New(int64(r.IntN(101)), -2).Add(decimal.New(0, -22))
		}
		return decimal.New(r.Int64N(1e10+1), -10).Add(decimal.New(0, -int32(r.IntN(4))))
	}
	same := func(what string, got, want decimal.Decimal) {
		t.Helper()
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("%s: %s (exp %d), want %s (exp %d)", what, got, got.Exponent(), want, want.Exponent())
		}
	}
	for i := range 20000 {
		discounts := []decimal.Decimal{randomDiscount(i)}
		if i%3 == 0 {
			discounts = append(discounts, randomDiscount(r.IntN(5)))
		}
		places := []int32{0, 2, 3, 4}[r.IntN(4)]
		lines := make([]Line, r.IntN(3)+1)
		for j := range lines {
			q := []int{1, 1, 10, r.IntN(1_000_000) + 1}[r.IntN(4)]
			lines[j] = Line{MSRP: program.Money{Amount: randomDecimal(r, 16, 10), Currency: currencyOf[places]}, Quantity: q}
		}
		pr := priced(lines, places, discounts...)
		for g, discount := range discounts {
			own := pr.byLicense[g]
			factor, wantTotal := decimal.NewFromInt(1).Sub(discount), decimal.Zero
			for j, l := range lines {
				lp := own.lines[j]
				list := l.MSRP.Amount.Mul(decimal.NewFromInt(int64(l.Quantity)))
				same(fmt.Sprintf("list %s × %d", l.MSRP.Amount, l.Quantity), lp.List.Amount, list)
				want := list.Mul(factor).Round(places)
				same(fmt.Sprintf("%s × (1 − %s) at %d places", list, discount, places), lp.Price.Amount, want)
				wantTotal = wantTotal.Add(want)
			}
			same(fmt.Sprintf("total at discount %s", discount), own.total.Amount, wantTotal)
		}
	}
}

// TestHalfUp pins the rounding at the half: up, at every minor unit.
func TestHalfUp(t *testing.T) {
	for _, tc := range []struct {
		list, discount string
		places         int32
		want           string
	}{
		{"0.575", "0", 2, "0.58"},
		{"50.5", "0", 0, "51"},
		{"49.99", "0.12", 2, "43.99"}, // 43.9912
		{"0.005", "0", 2, "0.01"},
		{"0.0049999", "0", 2, "0"},
		{"1.0005", "0", 3, "1.001"},
		{"999999999999999.99", "0.5", 2, "500000000000000"}, // 499999999999999.995
	} {
		line := Line{MSRP: program.Money{Amount: decimal.RequireFromString(tc.list), Currency: currencyOf[tc.places]}, Quantity: 1}
		pr := priced([]Line{line}, tc.places, decimal.RequireFromString(tc.discount))
		if got := pr.byLicense[0].lines[0].Price.Amount; !got.Equal(decimal.RequireFromString(tc.want)) {
			t.Errorf("%s × (1 − %s) at %d places: %s, want %s", tc.list, tc.discount, tc.places, got, tc.want)
		}
	}
}

// TestAtMostPow10 holds the comparison without arithmetic to decimal's.
func TestAtMostPow10(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		d := randomDecimal(r, 20, 12)
		k := r.IntN(18)
		switch r.IntN(8) {
		case 0, 1: // near the limit
			d = decimal.New(1, int32(k)).Add(decimal.New(int64(r.IntN(3))-1, -int32(r.IntN(12))))
		case 2: // a positive exponent, or a long fraction
			d = decimal.New(int64(r.IntN(1000)), int32(r.IntN(40)-20))
		}
		if want := d.Cmp(decimal.New(1, int32(k))) <= 0; atMostPow10(d, k) != want {
			t.Fatalf("atMostPow10(%s, %d) = %v, want %v", d, k, !want, want)
		}
	}
}

// TestValidTenderCheckAllocatesNothing: the checks build pointers only for
// problems, and compare amounts and rates without decimal arithmetic.
func TestValidTenderCheckAllocatesNothing(t *testing.T) {
	d := decimal.RequireFromString
	rate := d("0.125")
	moneyOf := func(a decimal.Decimal) program.Money { return program.Money{Amount: a, Currency: "USD"} }
	tn := Tender{Currency: "USD", Rates: &TenderRates{PartnerBase: &rate, SourcedMargin: &rate, ServiceAttach: &rate},
		Lines:   []Line{{MSRP: moneyOf(d("1000.00")), Quantity: 3}, {MSRP: moneyOf(d("1000000000000000")), Quantity: 1}},
		Bidders: []Bidder{{Partner: "acme", SourcedRegistration: &Registration{Status: RegistrationPending}}, {Partner: "borealis"}}}
	checkAllocatesNothing(t, tn, "a valid tender")
}

// checkAllocatesNothing fails t when checking tn, which must be valid,
// allocates.
func checkAllocatesNothing(t *testing.T, tn Tender, what string) {
	t.Helper()
	if n := testing.AllocsPerRun(100, func() {
		var p program.Problems
		tn.check(&p)
		if p.Err() != nil {
			t.Fatal(p.Err())
		}
	}); n != 0 {
		t.Errorf("checking %s allocates %v times", what, n)
	}
}

// TestAppendDecimal holds the texts' decimals to decimal's String.
func TestAppendDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 20000 {
		d := randomDecimal(r, 20, 14)
		if i%3 == 0 {
			d = d.Neg()
		}
		if got := string(appendDecimal([]byte("x"), d)); got != "x"+d.String() {
			t.Fatalf("%s (coefficient %s, exponent %d) written %q", d, d.Coefficient(), d.Exponent(), got[1:])
		}
	}
}

// TestAppendDecimalIsString: appendDecimal writes every decimal as
// d.String() does, the ones it writes itself (non-negative, 64-bit
// coefficients, exponent at most 0) and the ones it hands to String:
// negative, wider, and with a positive exponent.
func TestAppendDecimalIsString(t *testing.T) {
	for _, d := range []decimal.Decimal{
		decimal.Zero, decimal.New(0, -2), decimal.New(5, 0), decimal.New(5, 2), decimal.New(120, 1), decimal.New(-125, -2),
		decimal.New(1, -10), decimal.New(123456789, -4), decimal.New(1000, -3), decimal.RequireFromString("12345678901234567890.5"),
	} {
		if got, want := string(appendDecimal(nil, d)), d.String(); got != want {
			t.Errorf("%#v: %q, want %q", d, got, want)
		}
	}
}

// TestRateReasonsWriteTheirRates: an element's reason refers to the
// laid-out rates, and its text writes the element's rate as decimal's
// String writes it, with where it comes from, whatever its coefficient
// and exponent; an unknown rate, or a reason made without the laid-out
// rates, is written as unknown.
func TestRateReasonsWriteTheirRates(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	rates := []decimal.Decimal{
		decimal.Zero, decimal.New(0, -10), decimal.New(0, 2), decimal.New(1, 0), decimal.New(1, -64), decimal.New(5, 1),
		decimal.RequireFromString("0.1000000000000000000000000"), decimal.RequireFromString("0.12"),
	}
	for range 3000 {
		rates = append(rates, randomDecimal(r, 20, 30))
	}
	elems := []struct {
		rule *program.Rule
		head string
		tail string
	}{
		{&ruleTenderPartnerBase, "acme: partner base discount ", " applies to every bidder"},
		{&ruleTenderSourcedMargin, "acme: sourced registration approved 2026-02-01T09:00:00Z, before the tender opened 2026-03-01T09:00:00Z: sourced margin ", ""},
		{&ruleTenderServiceAttach, "acme: offers services: service-attach incentive ", ", a services rebate listed beside the license price, not taken off it"},
	}
	open := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, d := range rates {
		fromTender := i%2 == 0
		rs := tenderRates{partnerBase: rateFrom(Rate{d, true}, fromTender), sourcedMargin: rateFrom(Rate{d, true}, fromTender), serviceAttach: rateFrom(Rate{d, true}, fromTender)}
		rs.lay(nil)
		from := "policy"
		if fromTender {
			from = "tender"
		}
		var w program.ReasonWriter
		for j, k := range []*knownRate{&rs.partnerBase, &rs.sourcedMargin, &rs.serviceAttach} {
			f := w.Cite(elems[j].rule, program.Applied).SetString(0, "acme").SetInstant(0, open.AddDate(0, -1, 0), time.UTC).SetInstant(1, open, time.UTC)
			k.cite(f, rs.laid)
		}
		for j, reason := range w.Done().List() {
			want := elems[j].head + d.String() + " (" + from + " rate)" + elems[j].tail
			if got := reason.Text(); got != want {
				t.Fatalf("%s (coefficient %s, exponent %d):\n got %q\nwant %q", d, d.Coefficient(), d.Exponent(), got, want)
			}
		}
	}
	known := rateFrom(MustRate("0.1"), false)
	for _, tc := range []struct {
		rate knownRate
		laid *laidRates
	}{{rateFrom(Rate{}, true), nil}, {rateFrom(Rate{}, false), new(laidRates)}, {known, nil}} {
		var w program.ReasonWriter
		tc.rate.cite(w.Cite(&ruleTenderServiceAttach, program.Met).SetString(0, "acme"), tc.laid)
		if got, want := w.Done().At(0).Text(), "acme: offers services: service-attach incentive (rate unknown), a services rebate listed beside the license price, not taken off it"; got != want {
			t.Errorf("rate %v, laid rates %v: %q, want %q", tc.rate, tc.laid != nil, got, want)
		}
	}
}

// TestLicenseTermsOfZero: the license discount of an MSRP bid,
// decimal.Zero (exponent 1), prices in integers, as every discount of a
// fixed does.
func TestLicenseTermsOfZero(t *testing.T) {
	for _, d := range []decimal.Decimal{decimal.Zero, decimal.New(0, 5), decimal.New(0, -3), decimal.New(1, 0), decimal.New(125, -3)} {
		lt := termsOf(d)
		one := decimal.NewFromInt(1).Sub(d)
		if !lt.fast || !decimal.New(int64(lt.factor.coef), lt.factor.exp).Equal(one) || !lt.discount.Equal(d) {
			t.Errorf("terms of %s: %+v, want 1 − %s = %s in integers", d, lt, d, one)
		}
	}
}

// TestLineOKIsTheChecks holds lineOK's reading of an amount in integers
// to the checks in decimal's arithmetic: not negative, at most 10^15, at
// most MaxScale significant decimal places.
func TestLineOKIsTheChecks(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		d := randomDecimal(r, 20, 14)
		switch r.IntN(6) {
		case 0: // near the limit
			d = maxAmount.Add(decimal.New(int64(r.IntN(3))-1, -int32(r.IntN(14))))
		case 1:
			d = d.Neg()
		case 2: // a positive exponent, or a long fraction
			d = decimal.New(int64(r.IntN(1000)), int32(r.IntN(40)-20))
		}
		l := Line{MSRP: program.Money{Amount: d, Currency: "USD"}, Quantity: 1}
		want := d.Sign() >= 0 && d.Cmp(maxAmount) <= 0 && d.Truncate(MaxScale).Equal(d)
		if got := lineOK(&l, "USD"); got != want {
			t.Fatalf("lineOK(%s, exp %d) = %v, want %v", d, d.Exponent(), got, want)
		}
	}
}
