package dealreg

import (
	"strconv"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// maxReasons bounds the reasons of one decision: at most five eligibility
// failures, or a path, a leaf and an expiry reason.
const maxReasons = 8

// explainer writes the reasons of one decision. All texts go into one
// builder and the reasons slice is made once at the end, so a decision with
// its full explanation costs two allocations.
type explainer struct {
	b     strings.Builder
	loc   *time.Location
	n     int
	spans [maxReasons]span
}

type span struct {
	rule       program.Rule
	start, end int
}

func (e *explainer) init(loc *time.Location) {
	e.loc = loc
	e.b.Grow(384)
}

// add starts a reason for r; the text is what is written until the next add
// or reasons call.
func (e *explainer) add(r program.Rule) *explainer {
	if e.n > 0 {
		e.spans[e.n-1].end = e.b.Len()
	}
	e.spans[e.n] = span{rule: r, start: e.b.Len()}
	e.n++
	return e
}

func (e *explainer) s(text string) *explainer { e.b.WriteString(text); return e }

func (e *explainer) i(n int) *explainer {
	var buf [20]byte
	e.b.Write(strconv.AppendInt(buf[:0], int64(n), 10))
	return e
}

// t writes an instant in RFC 3339, in the policy's zone.
func (e *explainer) t(t time.Time) *explainer {
	var buf [40]byte
	e.b.Write(t.In(e.loc).AppendFormat(buf[:0], time.RFC3339))
	return e
}

func (e *explainer) d(d program.Date) *explainer {
	var buf [16]byte
	e.b.Write(d.AppendFormat(buf[:0]))
	return e
}

func (e *explainer) reasons() []program.Reason {
	if e.n == 0 {
		return nil
	}
	e.spans[e.n-1].end = e.b.Len()
	text := e.b.String()
	out := make([]program.Reason, e.n)
	for k, sp := range e.spans[:e.n] {
		out[k] = program.Reason{Rule: sp.rule.ID, Section: sp.rule.Section, Text: text[sp.start:sp.end]}
	}
	return out
}
