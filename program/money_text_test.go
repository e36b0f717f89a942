package program_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

// FuzzAmountText holds Money's amount text, written from its digits when
// they fit 64 bits, to decimal's StringFixed at the places the currency
// and the amount call for, for any sign, coefficient, exponent and
// currency.
func FuzzAmountText(f *testing.F) {
	f.Add(int64(123456), int32(-2), "USD")
	f.Add(int64(0), int32(3), "JPY")
	f.Add(int64(5), int32(-3), "BHD")
	f.Add(int64(-1250), int32(-1), "EUR")
	f.Add(int64(9223372036854775807), int32(-25), "xx")
	f.Add(int64(7), int32(30), "")
	f.Fuzz(func(t *testing.T, coef int64, exp int32, cur string) {
		exp %= 80
		m := program.Money{Amount: decimal.New(coef, exp), Currency: program.Currency(cur)}
		places := int32(0)
		if m.Currency.Valid() {
			places = m.Currency.MinorUnits()
		}
		if e := -m.Amount.Exponent(); e > places {
			places = e
		}
		want := m.Amount.StringFixed(places)
		if got := string(m.AppendAmountText(nil)); got != want {
			t.Fatalf("%v %s: %q, want %q", m.Amount, cur, got, want)
		}
		if got := m.AmountText(); got != want {
			t.Fatalf("AmountText %v %s: %q, want %q", m.Amount, cur, got, want)
		}
		if json, _ := m.MarshalJSON(); string(json) != `{"amount":"`+want+`","currency":"`+cur+`"}` {
			t.Fatalf("MarshalJSON: %s", json)
		}
	})
}

func TestAmountTextAllocatesNothingForAPrice(t *testing.T) {
	m := program.MustMoney("48000.50", "EUR")
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = m.AppendAmountText(buf[:0]) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
	if string(buf) != "48000.50" {
		t.Errorf("%q", buf)
	}
}
