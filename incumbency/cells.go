package incumbency

import (
	"math/big"
	"math/bits"
	"reflect"
	"unsafe"

	"github.com/shopspring/decimal"
)

// A decimal.Decimal is a pointer to a big.Int coefficient and an exponent,
// and decimal's constructors allocate the big.Int and its words apart for
// every value (two allocations each): a tender's line prices and totals
// alone would be a dozen. The prices computed in 64-bit integers (price.go)
// are instead written into cells taken from one allocation per decision,
// each a big.Int with its own words, and the decimals made to point at
// them. decimal has no constructor that takes a big.Int without copying it,
// so decimalAt builds the value by its layout — checked, field by field,
// against decimal's own type when the program starts; should a version of
// decimal change it, decimalsInCells is false and every value is made by
// decimal.New, as before (TestDecimalLayout fails so that it is noticed).
//
// Nothing writes to a cell once its decimal is made: decimal treats a
// coefficient as immutable, and so do the decisions. (A helper other
// packages could share, should they price in integers too: it belongs
// beside program.Money when they do.)

// intCell is room for one coefficient of up to 64 bits.
type intCell struct {
	n big.Int
	w [64 / bits.UintSize]big.Word
}

// cells hands out the cells of one allocation, in order.
type cells []intCell

// newCells is room for n coefficients, or none when the decimals cannot
// use it.
func newCells(n int) cells {
	if !decimalsInCells || n == 0 {
		return nil
	}
	return make(cells, n)
}

// decimal is c × 10^exp, as decimal.New(int64(c), exp) gives it, its
// coefficient written into the next cell when one is left. c is at most
// math.MaxInt64.
func (cs *cells) decimal(c uint64, exp int32) decimal.Decimal {
	if len(*cs) == 0 {
		return decimal.New(int64(c), exp)
	}
	cell := &(*cs)[0]
	*cs = (*cs)[1:]
	if c != 0 { // zero is the zero big.Int, without words, as big.NewInt(0) makes it
		for i := range cell.w {
			cell.w[i] = big.Word(c >> (i * bits.UintSize))
		}
		cell.n.SetBits(cell.w[:]) // uses the words in place, trimmed of leading zeros
	}
	return decimalAt(&cell.n, exp)
}

// decimalLayout is decimal.Decimal's layout, as decimal v1.6.0 declares it.
type decimalLayout struct {
	value *big.Int
	exp   int32
}

// decimalAt is the decimal v × 10^exp that uses *v itself as its
// coefficient. Only when decimalsInCells.
func decimalAt(v *big.Int, exp int32) decimal.Decimal {
	l := decimalLayout{v, exp}
	return *(*decimal.Decimal)(unsafe.Pointer(&l))
}

// decimalsInCells reports whether decimal.Decimal is laid out as
// decimalLayout: the same size, and the same fields by name, type and
// offset.
var decimalsInCells = sameLayout(reflect.TypeFor[decimal.Decimal](), reflect.TypeFor[decimalLayout]())

func sameLayout(a, b reflect.Type) bool {
	if a.Kind() != reflect.Struct || a.Size() != b.Size() || a.Align() != b.Align() || a.NumField() != b.NumField() {
		return false
	}
	for i := range a.NumField() {
		f, g := a.Field(i), b.Field(i)
		if f.Name != g.Name || f.Type != g.Type || f.Offset != g.Offset {
			return false
		}
	}
	return true
}
