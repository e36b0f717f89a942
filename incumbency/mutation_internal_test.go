package incumbency

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

// TestTenderAtItsLimitsChecksWithoutAllocating: a valid tender is checked
// without allocating (check builds pointers only for problems) even when
// its values sit on the bounds: a zero list price, written or the zero
// Decimal, the largest quantity, the largest amount, a zero rate, and an
// amount of fifteen whole digits and four places, whose 19-digit
// coefficient is too long for a fixed but counts its digits in 64 bits.
func TestTenderAtItsLimitsChecksWithoutAllocating(t *testing.T) {
	usd := func(a decimal.Decimal) program.Money { return program.Money{Amount: a, Currency: "USD"} }
	var zero decimal.Decimal
	tn := Tender{Currency: "USD", Rates: &TenderRates{PartnerBase: &zero},
		Lines: []Line{
			{MSRP: usd(decimal.RequireFromString("0.00")), Quantity: 1},
			{MSRP: usd(decimal.Decimal{}), Quantity: 2},
			{MSRP: usd(decimal.RequireFromString("12.50")), Quantity: program.MaxCount},
			{MSRP: usd(decimal.New(1, maxAmountDigits)), Quantity: 1},
			{MSRP: usd(decimal.RequireFromString("123456789012345.6789")), Quantity: 1},
		},
		Bidders: []Bidder{{Partner: "acme"}}}
	checkAllocatesNothing(t, tn, "a valid tender at its limits")
}

// TestAppendDecimalWholeNumbers: appendDecimal writes whole numbers and
// zeros of any exponent as decimal's String does, and those of exponent 0
// or less without allocating, as its comment promises.
func TestAppendDecimalWholeNumbers(t *testing.T) {
	for _, tc := range []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.New(1, 0), "1"},
		{decimal.New(0, 0), "0"},
		{decimal.New(15, 0), "15"},
		{decimal.New(0, -3), "0"},
		{decimal.New(10, -1), "1"},
		{decimal.New(0, 3), "0"},
		{decimal.New(5, 2), "500"},
		{decimal.New(12, 1), "120"},
	} {
		if got := string(appendDecimal([]byte("x"), tc.d)); got != "x"+tc.want {
			t.Errorf("%s (coefficient %s, exponent %d) written %q, want %q", tc.d, tc.d.Coefficient(), tc.d.Exponent(), got[1:], tc.want)
		}
		if tc.d.Exponent() > 0 {
			continue
		}
		buf := make([]byte, 0, 32)
		if n := testing.AllocsPerRun(100, func() { buf = appendDecimal(buf[:0], tc.d) }); n != 0 {
			t.Errorf("writing %s allocates %v times", tc.want, n)
		}
	}
}

// TestRankingAUsualCustomerAllocatesNothing: the partners' lists are held
// in place while they are short (up to four names), as nameList promises.
func TestRankingAUsualCustomerAllocatesNothing(t *testing.T) {
	day, later := program.NewDate(2025, 6, 15), program.NewDate(2025, 9, 1)
	var c Customer
	for _, p := range []string{"dune", "acme", "cobalt", "borealis"} {
		c.Sales = append(c.Sales, Sale{Partner: p, Date: day})
		c.Communications = append(c.Communications,
			Communication{Partner: p, Date: day, Form: FormFormalWritten},
			Communication{Partner: p, Date: later, Form: FormFormalWritten},
			Communication{Partner: p, Date: later, Form: FormVerbal})
	}
	var h history
	if n := testing.AllocsPerRun(100, func() {
		h = history{}
		h.rank(c)
	}); n != 0 {
		t.Errorf("ranking allocates %v times", n)
	}
	if got := h.lastSale.partners.list(); len(got) != 4 || got[0] != "acme" || got[3] != "dune" {
		t.Errorf("sellers %q, want the four sorted", got)
	}
	if h.outcome != IncumbentNeedsReview || h.lastLetter.partners.n != 4 || h.informal.n != 4 || h.onSaleDay.n != 4 {
		t.Errorf("outcome %s, %d named after the sale, %d informally, %d on the sale day", h.outcome, h.lastLetter.partners.n, h.informal.n, h.onSaleDay.n)
	}
}
