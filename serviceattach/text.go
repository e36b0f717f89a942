package serviceattach

import (
	"strconv"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

// writer builds the texts of one decision's reasons into a single buffer that
// becomes one string at the end, so that a decision costs two allocations
// (that buffer and the reasons) however many reasons it has. The writer
// itself stays on the stack.
type writer struct {
	buf   []byte
	items [maxReasons]item
	n     int
}

// maxReasons bounds the reasons of one classification: three routes and the
// nine approved requirements.
const maxReasons = 16

type item struct {
	rule       program.RuleID
	start, end int
}

// init sizes the buffer to hold n bytes without growing.
func (w *writer) init(n int) { w.buf = make([]byte, 0, n) }

// begin starts the text of a reason citing rule.
func (w *writer) begin(rule program.RuleID) {
	w.items[w.n] = item{rule: rule, start: len(w.buf)}
}

// end closes the reason begun last.
func (w *writer) end() {
	w.items[w.n].end = len(w.buf)
	w.n++
}

func (w *writer) s(s string) *writer { w.buf = append(w.buf, s...); return w }

// d writes "YYYY-MM-DD" in one append; dates outside years 0-9999 (a
// window can reach past 9999) go through [program.Date.AppendFormat].
func (w *writer) d(d program.Date) *writer {
	y, m, dd := d.Year, int(d.Month), d.Day
	if y < 0 || y > 9999 || m < 0 || m > 99 || dd < 0 || dd > 99 {
		w.buf = d.AppendFormat(w.buf)
		return w
	}
	w.buf = append(w.buf, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
	return w
}

func (w *writer) i(n int) *writer { w.buf = strconv.AppendInt(w.buf, int64(n), 10); return w }

// money writes "120000.5 USD", the amount as decimal's String writes it
// (trailing zeros dropped), so that the text survives a JSON round trip of
// the input, which does not keep them.
func (w *writer) money(m program.Money) *writer {
	w.dec(m.Amount)
	return w.s(" ").s(string(m.Currency))
}

// dec writes what d.String() would, without allocating when d's coefficient
// fits an int64 and it has at most 18 decimal places.
func (w *writer) dec(d decimal.Decimal) *writer {
	exp := d.Exponent()
	if exp > 0 || exp < -18 || d.NumDigits() > 18 {
		return w.s(d.String())
	}
	c := d.CoefficientInt64()
	if c < 0 {
		w.buf = append(w.buf, '-')
		c = -c
	}
	var tmp [20]byte
	digits := strconv.AppendInt(tmp[:0], c, 10)
	scale := int(-exp)
	for scale > 0 && len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		scale--
	}
	if c == 0 {
		scale = 0
	}
	switch {
	case scale == 0:
		w.buf = append(w.buf, digits...)
	case len(digits) <= scale:
		w.buf = append(w.buf, '0', '.')
		for range scale - len(digits) {
			w.buf = append(w.buf, '0')
		}
		w.buf = append(w.buf, digits...)
	default:
		w.buf = append(w.buf, digits[:len(digits)-scale]...)
		w.buf = append(w.buf, '.')
		w.buf = append(w.buf, digits[len(digits)-scale:]...)
	}
	return w
}

// id writes " " and id when id is set.
func (w *writer) id(id string) *writer {
	if id != "" {
		w.buf = append(w.buf, ' ')
		w.buf = append(w.buf, id...)
	}
	return w
}

// days writes "1 day" or "n days".
func (w *writer) days(n int) *writer {
	w.i(n)
	if n == 1 {
		return w.s(" day")
	}
	return w.s(" days")
}

// reasons returns the reasons written so far, every one citing section.
func (w *writer) reasons(section string) []program.Reason {
	// The buffer is never written again, so it can be the string's bytes.
	text := unsafe.String(unsafe.SliceData(w.buf), len(w.buf))
	w.buf = nil
	out := make([]program.Reason, w.n)
	for i, it := range w.items[:w.n] {
		out[i] = program.NewReason(it.rule, section, program.Applied, text[it.start:it.end])
	}
	return out
}
