package serviceattach

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

// The writer's date formatting must match program.Date's.
func TestDateMatchesAppendFormat(t *testing.T) {
	dates := []program.Date{{Year: 1, Month: 1, Day: 1}, {Year: 9999, Month: 12, Day: 31}, {Year: 10000, Month: 2, Day: 29},
		{Year: 2026, Month: 2, Day: 28}, {Year: 812, Month: time.June, Day: 5}}
	for y := 1990; y < 2040; y++ {
		for m := time.January; m <= time.December; m++ {
			dates = append(dates, program.NewDate(y, m, 1), program.NewDate(y, m, program.DaysIn(y, m)))
		}
	}
	for _, d := range dates {
		var w writer
		w.init(4)
		w.d(d)
		if got, want := string(w.buf), string(d.AppendFormat(nil)); got != want {
			t.Errorf("%+v: wrote %q, want %q", d, got, want)
		}
	}
}

// dec must write what decimal's own String writes, scale and all.
func TestDecMatchesString(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var values []decimal.Decimal
	for _, s := range []string{"0", "0.00", "120000.00", "0.01", "-3.5", "1e3", "10.10", "123456789012345678",
		"12345678901234567890.5", "0.0000000000000000001", "-0.000"} {
		values = append(values, decimal.RequireFromString(s))
	}
	for range 2000 {
		values = append(values, decimal.New(rng.Int64N(1e12)-5e11, -int32(rng.IntN(8))))
	}
	for _, d := range values {
		var w writer
		w.init(8)
		w.dec(d)
		if got, want := string(w.buf), d.String(); got != want {
			t.Errorf("coefficient %d exponent %d: wrote %q, want %q", d.CoefficientInt64(), d.Exponent(), got, want)
		}
	}
}
