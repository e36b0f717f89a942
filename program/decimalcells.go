package program

import (
	"math"
	"math/big"
	"math/bits"
	"reflect"
	"unsafe"

	"github.com/shopspring/decimal"
)

// A decimal.Decimal is a pointer to a big.Int coefficient and an exponent,
// and decimal's constructors allocate the big.Int and its words apart for
// every value (two allocations each, three for decimal.NewFromString). A
// coefficient that fits in 64 bits is instead written into a cell, a
// big.Int with room for its own words, and the decimal made to point at
// it: one allocation for a decimal read from JSON ([ParseDecimal]), one
// for all the amounts of a decision that takes its cells from
// [NewDecimalCells]. decimal has no constructor that takes a big.Int
// without copying it, so the value is built by its layout — checked, field
// by field, against decimal's own type when the program starts; should a
// version of decimal change it, decimalsInCells is false and every value
// is made by decimal.New, as before (TestDecimalLayout fails so that it is
// noticed).
//
// Nothing writes to a cell once its decimal is made: decimal treats a
// coefficient as immutable, and so does this module.
//
// A cell is held as plain words, and a block of cells allocated as such:
// the collector never scans it, and writing a cell takes no write
// barrier. Its one pointer, the big.Int's to its words, is to the cell
// itself, and the block lives as long as a decimal points into it, as
// every decimal made in a cell does (TestCellsLiveAsLongAsTheirDecimals).

// decimalCell is room for one coefficient of up to 64 bits: a big.Int
// (its sign, then the pointer, length and capacity of its words), then
// its words, as big.Int's layout is checked to be (bigIntInCell).
type decimalCell [cellWords]uintptr

const (
	ptrSize      = unsafe.Sizeof(uintptr(0))
	wordsPerCell = 64 / bits.UintSize                 // the words of a 64-bit coefficient
	intWords     = unsafe.Sizeof(big.Int{}) / ptrSize // the big.Int's
	cellWords    = intWords + wordsPerCell
	absAt        = 1 // the big.Int's words' slice, past its sign
)

// DecimalCells hands out the coefficients of one allocation's decimals, in
// order. The zero value has none: every decimal is then made by
// decimal.New.
type DecimalCells []decimalCell

// NewDecimalCells is room for n coefficients (none when decimal's layout
// is not the one cells are written for).
func NewDecimalCells(n int) DecimalCells {
	if !decimalsInCells || n <= 0 {
		return nil
	}
	return make(DecimalCells, n)
}

// Decimal is c × 10^exp, the value decimal.New(c, exp) makes, its
// coefficient written into the next cell when one is left.
func (cs *DecimalCells) Decimal(c int64, exp int32) decimal.Decimal {
	d, rest := cs.Next(c, exp)
	*cs = rest
	return d
}

// Next is Decimal for cells held in a local variable, which it returns
// less the cell taken: assigning them to the variable writes no pointer
// through a pointer, which would take a write barrier while the
// collector marks.
func (cs DecimalCells) Next(c int64, exp int32) (decimal.Decimal, DecimalCells) {
	if len(cs) == 0 {
		return decimal.New(c, exp), nil
	}
	m := uint64(c)
	if c < 0 {
		m = -m // two's complement: right for math.MinInt64 too
	}
	d, rest := cs.Unsigned(m, exp)
	if c < 0 {
		*(*bool)(unsafe.Pointer(&cs[0])) = true // the big.Int's sign, at the start of its cell
	}
	return d, rest
}

// Unsigned is Next for a coefficient that is not negative, when cs has a
// cell left. It is inlined, so that a loop writing amounts makes no call
// for each.
func (cs DecimalCells) Unsigned(c uint64, exp int32) (decimal.Decimal, DecimalCells) {
	cell := &cs[0]
	if c != 0 { // zero is the cell as made: the zero big.Int
		for i := range wordsPerCell {
			cell[intWords+uintptr(i)] = uintptr(c >> (i * bits.UintSize))
		}
		cell[absAt] = uintptr(unsafe.Pointer(&cell[intWords]))
		cell[absAt+1], cell[absAt+2] = usedWords(c), wordsPerCell
	}
	return decimalAt((*big.Int)(unsafe.Pointer(cell)), exp), cs[1:]
}

// usedWords is how many words of c, not zero, a big.Int keeps: up to the
// highest that is not zero.
func usedWords(c uint64) uintptr {
	if wordsPerCell == 2 && c > math.MaxUint32 {
		return 2
	}
	return 1
}

// DecimalUint64 is d's coefficient and exponent, d = coef × 10^exp, when
// the coefficient is not negative and fits in 64 bits; ok is false
// otherwise. It reads the coefficient in place, without the copy
// decimal.Decimal.Coefficient makes: as cheap as a comparison, for code
// that works in integers while the numbers fit.
func DecimalUint64(d decimal.Decimal) (coef uint64, exp int32, ok bool) {
	if !decimalsInCells {
		return copiedUint64(d)
	}
	l := (*decimalLayout)(unsafe.Pointer(&d))
	if l.value == nil { // the zero Decimal: 0
		return 0, l.exp, true
	}
	v := (*bigIntLayout)(unsafe.Pointer(l.value))
	switch w := v.abs; {
	case v.neg || len(w) > wordsPerCell:
		return 0, 0, false
	case len(w) == 0:
		return 0, l.exp, true
	case wordsPerCell == 2 && len(w) == 2:
		return uint64(w[0]) | uint64(w[1])<<32, l.exp, true
	default:
		return uint64(w[0]), l.exp, true
	}
}

// bigIntLayout is big.Int's layout, as bigIntInCell checks it.
type bigIntLayout struct {
	neg bool
	abs []big.Word
}

// copiedUint64 is DecimalUint64 by decimal's own copy of the coefficient.
func copiedUint64(d decimal.Decimal) (uint64, int32, bool) {
	c := d.Coefficient()
	return c.Uint64(), d.Exponent(), c.IsUint64()
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
// offset; and big.Int as a cell holds it.
var decimalsInCells = sameLayout(reflect.TypeFor[decimal.Decimal](), reflect.TypeFor[decimalLayout]()) &&
	bigIntInCell(reflect.TypeFor[big.Int]())

// bigIntInCell reports whether t, big.Int, is laid out as a cell holds
// it: its sign (bool) first, then the slice of its words, and nothing
// else.
func bigIntInCell(t reflect.Type) bool {
	if t.Kind() != reflect.Struct || t.NumField() != 2 || t.Size() != intWords*ptrSize || intWords != 4 {
		return false
	}
	neg, abs := t.Field(0), t.Field(1)
	return neg.Name == "neg" && neg.Type.Kind() == reflect.Bool && neg.Offset == 0 &&
		abs.Name == "abs" && abs.Type.Kind() == reflect.Slice && abs.Type.Elem() == reflect.TypeFor[big.Word]() &&
		abs.Offset == absAt*ptrSize
}

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

// smallDecimal reads s when it is in DecimalPattern's form and its digits
// fit in an int64 (at most 18 of them), as decimal.NewFromString reads it —
// the same coefficient and exponent — with one allocation. Otherwise it
// reports false, and ParseDecimal says what is wrong or reads the long
// number.
func smallDecimal[T string | []byte](s T) (decimal.Decimal, bool) {
	if !decimalsInCells {
		return decimal.Decimal{}, false
	}
	i := 0
	if len(s) > 0 && s[0] == '-' {
		i = 1
	}
	var c int64
	digits, point := 0, -1
	for ; i < len(s); i++ {
		switch ch := s[i]; {
		case '0' <= ch && ch <= '9':
			if digits++; digits > 18 {
				return decimal.Decimal{}, false
			}
			c = c*10 + int64(ch-'0')
		case ch == '.' && point < 0 && digits > 0:
			point = i
		default:
			return decimal.Decimal{}, false
		}
	}
	exp := int32(0)
	if point >= 0 {
		if point == len(s)-1 {
			return decimal.Decimal{}, false // "12." has no fraction digits
		}
		exp = -int32(len(s) - point - 1)
	}
	if digits == 0 {
		return decimal.Decimal{}, false
	}
	if s[0] == '-' {
		c = -c
	}
	cs := NewDecimalCells(1)
	return cs.Decimal(c, exp), true
}

// coefficientBelow reports whether the magnitude of d's coefficient is
// below bound, reading the coefficient in place: it copies nothing and
// writes no digits, as decimal's NumDigits would.
func coefficientBelow(d *decimal.Decimal, bound uint64) bool {
	if !decimalsInCells {
		c := d.Coefficient()
		return c.CmpAbs(new(big.Int).SetUint64(bound)) < 0
	}
	l := (*decimalLayout)(unsafe.Pointer(d))
	if l.value == nil {
		return true
	}
	switch w := (*bigIntLayout)(unsafe.Pointer(l.value)).abs; {
	case len(w) == 0:
		return true
	case len(w) > wordsPerCell:
		return false
	case wordsPerCell == 2 && len(w) == 2:
		return uint64(w[0])|uint64(w[1])<<32 < bound
	default:
		return uint64(w[0]) < bound
	}
}
