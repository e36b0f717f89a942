package program

import (
	"bytes"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestUndeclaredRulesTakeNoIndex: rules made per call and cited are not
// added to the rule index (it would grow with every call, each time
// copied whole).
func TestUndeclaredRulesTakeNoIndex(t *testing.T) {
	size := func() int {
		if p := ruleIndex.rules.Load(); p != nil {
			return len(*p)
		}
		return 0
	}
	before := size()
	for i := range 100 {
		r := &Rule{ID: RuleID("pkg.area.made_per_call"), Section: "S"}
		var w ReasonWriter
		w.Cite(r, Met).SetInt(0, i)
		if rs := w.Done(); rs.At(0).Declared() || r.idx != 0 {
			t.Fatal("an undeclared rule was indexed")
		}
	}
	if after := size(); after != before {
		t.Errorf("the rule index grew from %d to %d", before, after)
	}
}

// FuzzLooseRecordIsTheExactRecord holds the two ways of writing a record
// to the same bytes: the branch-free one, taken when the writer has room
// for every number slot, and the slot-by-slot one. It also holds the
// word-wise test for unset decimals to the field-wise one.
func FuzzLooseRecordIsTheExactRecord(f *testing.F) {
	f.Add(uint8(0b101001), int64(7), "stage_3", "", int64(15), int32(-2), uint8(1), true)
	f.Add(uint8(0), int64(0), "", strings.Repeat("é", 100), int64(0), int32(0), uint8(0), false)
	f.Fuzz(func(t *testing.T, mask uint8, n int64, s0, s2 string, coef int64, exp int32, v uint8, loc bool) {
		var fs Facts
		for i := range fs.N {
			if mask&(1<<i) != 0 {
				fs.N[i] = n + int64(i)
			}
		}
		fs.S[0], fs.S[2], fs.V = s0, s2, v
		if mask&0x40 != 0 {
			fs.D[1] = decimal.New(coef, exp)
		}
		if mask&0x80 != 0 {
			fs.D[0] = decimal.New(coef, exp).Mul(decimal.New(1<<62, 0))
		}
		if loc {
			fs.Loc = time.UTC
		}
		if got, want := noDecimals(&fs), fs.D == [2]decimal.Decimal{}; got != want {
			t.Fatalf("noDecimals %v, want %v", got, want)
		}
		exact := make([]byte, maxRecordSize(&fs))
		loose := make([]byte, looseRecordSize(&fs))
		m := encodeRecord(exact, 3, Unmet, &fs)
		k := encodeRecordLoose(loose, 3, Unmet, &fs)
		if !bytes.Equal(exact[:m], loose[:k]) {
			t.Fatalf("loose record\n%x\nwant\n%x", loose[:k], exact[:m])
		}
	})
}

// fitsInt64 reads a decimal's coefficient in place; it answers as
// decimal's NumDigits does, for every sign, size and exponent.
func FuzzFitsInt64IsEighteenDigits(f *testing.F) {
	f.Add(int64(999_999_999_999_999_999), int32(-2), uint8(0), false)
	f.Add(int64(1_000_000_000_000_000_000), int32(3), uint8(0), true)
	f.Add(int64(0), int32(0), uint8(2), false)
	f.Fuzz(func(t *testing.T, c int64, exp int32, shift uint8, neg bool) {
		v := new(big.Int).Lsh(big.NewInt(c), uint(shift%80))
		if neg {
			v.Neg(v)
		}
		d := decimal.NewFromBigInt(v, exp)
		if got, want := fitsInt64(&d), d.NumDigits() <= 18; got != want {
			t.Fatalf("fitsInt64(%v) = %t, NumDigits %d", d, got, d.NumDigits())
		}
	})
}
