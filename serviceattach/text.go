package serviceattach

import (
	"math/bits"
	"slices"
	"strconv"

	"github.com/channelpolicy/channelpolicy/program"
)

// writer appends the text of one reason; rules' Text funcs wrap their
// buffer in one.
type writer struct{ buf []byte }

func (w *writer) s(s string) *writer { w.buf = append(w.buf, s...); return w }

// d writes a date as YYYY-MM-DD.
func (w *writer) d(d program.Date) *writer { w.buf = d.AppendFormat(w.buf); return w }

func (w *writer) i(n int) *writer { w.buf = strconv.AppendInt(w.buf, int64(n), 10); return w }

// money writes "120000.5 USD", the amount as decimal's String writes it
// (trailing zeros dropped), so that the text survives a JSON round trip of
// the input, which does not keep them.
func (w *writer) money(m program.Money) *writer {
	return w.s(m.Amount.String()).s(" ").s(string(m.Currency))
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

// snapshot is what a classification's texts are written from: a copy of
// the registration (its evidence and services included) and the windows
// worked out, made once per decision and shared by its reasons through
// program.Facts.Ref, with the policy's ready copy, which is never written
// after it is compiled. Nothing writes a snapshot after the decision, so a
// text reads the facts as they were decided.
type snapshot struct {
	v eval
	r Registration
	e Evidence
	// services holds the registration's services when they are few, as
	// they usually are; more are copied apart.
	services [inlineServices]ServiceCategory
}

// inlineServices is how many services a snapshot holds in itself: room for
// every category would make each snapshot a quarter larger for the few
// registrations that list more than four.
const inlineServices = 4

// snap copies the facts v's texts read, into the arena's next snapshot
// when it has one.
func (v *eval) snap(p *Policy, a *arena) *snapshot {
	var s *snapshot
	if a != nil && len(a.snaps) < cap(a.snaps) {
		a.snaps = a.snaps[:len(a.snaps)+1]
		s = &a.snaps[len(a.snaps)-1]
		*s = snapshot{v: eval{found: v.found}, r: *v.r}
	} else {
		s = &snapshot{v: eval{found: v.found}, r: *v.r}
	}
	if n := len(v.r.Services); n <= inlineServices {
		copy(s.services[:], v.r.Services)
		s.r.Services = s.services[:n:n]
	} else {
		s.r.Services = slices.Clone(v.r.Services)
	}
	if v.r.Evidence != nil {
		s.e = *v.r.Evidence
		s.r.Evidence = &s.e
	}
	s.v.r, s.v.e, s.v.p = &s.r, s.r.Evidence, p
	return s
}

// What a classification reason's text says (Facts.N[nMode]).
const (
	modeMet         = iota // approved requirement N[nBit] holds
	modeRequirement        // requirement N[nBit] of target N[nTarget] is unmet
	modeRoute              // accepted route N[nTarget] holds
	modeNoCategory         // no category; N[nTarget] is the nearest
	modeNoCloseDate        // the window after the close cannot be judged
	modeUnsigned           // the windows N[nBit] (gap bits) cannot be judged
	modeOutright           // disqualifier N[nBit]
)

// Fact slots of classification reasons.
const (
	nMode   = 0
	nTarget = 1
	nBit    = 2
)

// classifyText writes any classification reason from its snapshot and mode.
func classifyText(b []byte, f program.Facts) []byte {
	s, ok := f.Ref.(*snapshot)
	if !ok {
		return b
	}
	w := writer{buf: b}
	v, t, bit := &s.v, target(f.N[nTarget]), int(f.N[nBit])
	switch f.N[nMode] {
	case modeMet:
		v.writeMet(&w, bit)
	case modeRequirement:
		w.s(targetPrefix[t])
		v.writeRequirement(&w, t, bit)
	case modeRoute:
		v.writeRoute(&w, t)
	case modeNoCategory:
		n := bits.OnesCount16(v.unmet[t])
		w.s("meets no category; the nearest is ").s(targetMiss[t].label()).s(", with ").i(n).s(" unmet requirement")
		if n != 1 {
			w.s("s")
		}
	case modeNoCloseDate:
		v.writeNoCloseDate(&w)
	case modeUnsigned:
		v.writeUnsigned(&w, bit)
	case modeOutright:
		v.writeOutright(&w, bit)
	}
	return w.buf
}

// cite records in w a reason written from snapshot s, the one its
// classification's reasons share (Facts.Ref).
func (s *snapshot) cite(w *program.ReasonWriter, rule *program.Rule, e program.Effect, mode int, t target, which int) {
	f := w.Cite(rule, e)
	f.N[nMode], f.N[nTarget], f.N[nBit] = int64(mode), int64(t), int64(which)
	f.Ref = s
}

// arena holds the snapshots of a portfolio's classifications, so that a
// portfolio allocates them in one array rather than one each.
type arena struct{ snaps []snapshot }

// newArena makes room for n registrations' snapshots.
func newArena(n int) *arena { return &arena{snaps: make([]snapshot, 0, n)} }
