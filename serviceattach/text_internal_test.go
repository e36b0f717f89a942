package serviceattach

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

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
