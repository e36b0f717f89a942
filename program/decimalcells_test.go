package program

import (
	"math"
	"math/big"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/shopspring/decimal"
)

// TestDecimalLayout: decimal.Decimal is laid out as decimalAt assumes, so
// that amounts are written into cells (were it not, they would be made by
// decimal.New, correct but allocating), and a decimal made in a cell is
// the one decimal.New makes.
func TestDecimalLayout(t *testing.T) {
	if !decimalsInCells {
		t.Fatal("decimal.Decimal is no longer {value *big.Int; exp int32}: amounts are not written into cells")
	}
	cs := NewDecimalCells(4)
	for _, c := range []int64{0, 1, -1, 12345, -12345, 1 << 32, math.MaxInt64, math.MinInt64} {
		for _, exp := range []int32{0, -2, 3} {
			if len(cs) == 0 {
				cs = NewDecimalCells(4)
			}
			got, want := cs.Decimal(c, exp), decimal.New(c, exp)
			sameDecimal(t, got, want)
			if sum := got.Add(want); !sum.Equal(want.Mul(decimal.NewFromInt(2))) {
				t.Errorf("%s + %s = %s", got, want, sum)
			}
		}
	}
	var none DecimalCells
	sameDecimal(t, none.Decimal(-250, -2), decimal.New(-250, -2))
	for _, c := range []uint64{0, 1, 12345, 1 << 32, math.MaxUint32, math.MaxInt64, math.MaxUint64} {
		cs := NewDecimalCells(2)
		got, rest := cs.Unsigned(c, -3)
		want := decimal.NewFromBigInt(new(big.Int).SetUint64(c), -3)
		sameDecimal(t, got, want)
		if len(rest) != 1 {
			t.Errorf("Unsigned(%d) left %d cells of 2, want 1", c, len(rest))
		}
	}
	if sameLayout(reflect.TypeFor[decimal.Decimal](), reflect.TypeFor[struct {
		exp   int32
		value *big.Int
	}]()) {
		t.Error("a layout of other fields is taken for decimal's")
	}
}

// TestDecimalUint64: a decimal's coefficient and exponent are read in
// place exactly when the coefficient is from 0 to the largest uint64,
// for decimals made every way: the zero Decimal, decimal's constructors,
// its arithmetic, parsing, and cells.
func TestDecimalUint64(t *testing.T) {
	maxU := new(big.Int).SetUint64(math.MaxUint64)
	parsed := func(s string) decimal.Decimal {
		d, err := ParseDecimal(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cs := NewDecimalCells(2)
	inCell, rest := cs.Unsigned(math.MaxUint64, -2)
	negInCell, _ := rest.Next(-7, 1)
	for _, d := range []decimal.Decimal{
		{}, decimal.Zero, decimal.New(0, -3), decimal.New(1, 0), decimal.New(-1, 0), decimal.New(12345, -2),
		decimal.New(math.MaxInt64, 0), decimal.New(math.MinInt64, 0),
		decimal.NewFromBigInt(maxU, -4), decimal.NewFromBigInt(new(big.Int).Add(maxU, big.NewInt(1)), 0),
		decimal.NewFromBigInt(new(big.Int).Neg(maxU), 0),
		decimal.RequireFromString("1234.5600"), decimal.RequireFromString("-0.01"),
		decimal.RequireFromString("123456789012345678901234567890.5"),
		decimal.New(3, -1).Sub(decimal.New(3, -1)), decimal.New(2, 0).Mul(decimal.New(-3, 5)),
		parsed("0.15"), parsed("12345678901234567890"), inCell, negInCell,
	} {
		c := d.Coefficient()
		coef, exp, ok := DecimalUint64(d)
		if want := c.Sign() >= 0 && c.IsUint64(); ok != want {
			t.Errorf("%s: ok %v, want %v", d, ok, want)
			continue
		}
		if ok && (coef != c.Uint64() || exp != d.Exponent()) {
			t.Errorf("%s: %d × 10^%d, want %s × 10^%d", d, coef, exp, c, d.Exponent())
		}
	}
}

// TestCellsLiveAsLongAsTheirDecimals: a block of cells, which the
// collector does not scan, is kept by the decimals made in it, the last
// cell's as well as the first's, and by nothing else; their values
// survive collections and the reuse of freed memory.
func TestCellsLiveAsLongAsTheirDecimals(t *testing.T) {
	cs := NewDecimalCells(3)
	block := weak.Make(&cs[0])
	_ = cs.Decimal(1, 0)
	_ = cs.Decimal(2, 0)
	last := cs.Decimal(-123456789012, -4)
	cs = nil
	churn := func() {
		for range 3 {
			runtime.GC()
			for range 10000 {
				sink = make([]uintptr, cellWords*3) // the block's size, reused once freed
			}
		}
	}
	churn()
	if block.Value() == nil {
		t.Fatal("the cells were collected while a decimal made in them lived")
	}
	sameDecimal(t, last, decimal.New(-123456789012, -4))
	last = decimal.Decimal{}
	churn()
	if block.Value() != nil {
		t.Error("the cells outlived their decimals: something else holds them")
	}
	_ = last
}

var sink []uintptr

func sameDecimal(t *testing.T, got, want decimal.Decimal) {
	t.Helper()
	if !got.Equal(want) || got.Exponent() != want.Exponent() || got.String() != want.String() || got.Coefficient().Cmp(want.Coefficient()) != 0 {
		t.Errorf("%s (coefficient %s, exponent %d), want %s (coefficient %s, exponent %d)",
			got, got.Coefficient(), got.Exponent(), want, want.Coefficient(), want.Exponent())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%#v, decimal makes %#v", got, want)
	}
}

// TestParseDecimalAsDecimalReadsIt: the one-allocation reading of short
// numbers gives what decimal.NewFromString gives — coefficient, exponent
// (trailing zeros kept) and text — on both sides of the 18-digit limit;
// what is not in the pattern is still refused.
func TestParseDecimalAsDecimalReadsIt(t *testing.T) {
	for _, s := range []string{
		"0", "-0", "0.00", "-0.00", "7", "12.50", "-3", "0.125", "007.50", "48000.00",
		"999999999999999999", "-999999999999999999", "0.000000000000000001", // 18 digits
		"9999999999999999999", "1000000000000000000", "-12345678901234567.89", // 19 and more
		"123456789012345678901234567890.5",
	} {
		got, err := ParseDecimal(s)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		want, _ := decimal.NewFromString(s)
		sameDecimal(t, got, want)
		if b := []byte(s); true {
			if d, ok := smallDecimal(b); ok {
				sameDecimal(t, d, want)
			} else if digits := strings.Count(s, "") - 1 - strings.Count(s, "-") - strings.Count(s, "."); digits <= 18 {
				t.Errorf("%q (%d digits) not read by the short path", s, digits)
			}
		}
	}
	for _, s := range []string{"", "-", ".5", "5.", "1.2.3", "+1", "1e3", " 1", "1 ", "--1", "1-", "0x10", "١٢"} {
		if _, err := ParseDecimal(s); err == nil {
			t.Errorf("%q read as a decimal", s)
		}
		if _, ok := smallDecimal(s); ok {
			t.Errorf("%q read by the short path", s)
		}
	}
	if a := testing.AllocsPerRun(100, func() { _, _ = ParseDecimal("48000.00") }); a != 1 {
		t.Errorf("%v allocations reading a short decimal, want 1", a)
	}
}

// TestReadingCommonValuesDoesNotAllocate: a currency code is the registry's
// own string and a stage number a static one, so reading either from JSON
// allocates nothing; what they read is what they were given.
func TestReadingCommonValuesDoesNotAllocate(t *testing.T) {
	var c Currency
	for _, code := range []string{"EUR", "JPY", "ZWG"} {
		if err := c.UnmarshalText([]byte(code)); err != nil || string(c) != code {
			t.Errorf("%s read as %q, %v", code, c, err)
		}
	}
	for _, bad := range []string{"eur", "EU", "EURO", "XTS", "DEM", ""} {
		if err := c.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("%q read as a currency", bad)
		}
	}
	var s Stage
	for n := range 8 {
		b := []byte{byte('0' + n)}
		if err := s.UnmarshalJSON(b); err != nil || string(s) != string(b) {
			t.Errorf("stage %s read as %q, %v", b, s, err)
		}
	}
	for _, bad := range []string{"8", "-1", "9"} {
		if err := s.UnmarshalJSON([]byte(bad)); err == nil {
			t.Errorf("stage %s accepted", bad)
		}
	}
	eur, two := []byte("EUR"), []byte("2")
	if a := testing.AllocsPerRun(100, func() { _ = c.UnmarshalText(eur); _ = s.UnmarshalJSON(two) }); a != 0 {
		t.Errorf("%v allocations reading EUR and stage 2", a)
	}
}
