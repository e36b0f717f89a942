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
// builder; each reason records where its text starts and gets it when the
// decision is done, so a decision with its full explanation costs the
// builder's buffer and whatever holds the reasons.
type explainer struct {
	b     strings.Builder
	loc   *time.Location
	n     int
	rs    []program.Reason // len maxReasons; texts filled in by done
	start [maxReasons + 1]int
}

// init prepares e to write into rs, which must have room for every reason
// the decision can give.
func (e *explainer) init(loc *time.Location, rs []program.Reason) {
	e.loc = loc
	e.rs = rs
	e.b.Grow(320)
}

// add starts a reason for r; its text is what is written until the next add
// or done.
func (e *explainer) add(r program.Rule) *explainer {
	e.rs[e.n] = program.Reason{Rule: r.ID, Section: r.Section}
	e.start[e.n] = e.b.Len()
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

// done fills in the texts and returns the reasons written.
func (e *explainer) done() []program.Reason {
	if e.n == 0 {
		return nil
	}
	e.start[e.n] = e.b.Len()
	text := e.b.String()
	for k := range e.n {
		e.rs[k].Text = text[e.start[k]:e.start[k+1]]
	}
	return e.rs[:e.n:e.n]
}

// newExplainer is an explainer with its own reasons, for decisions off the
// hot path.
func newExplainer(loc *time.Location) *explainer {
	e := new(explainer)
	e.init(loc, make([]program.Reason, maxReasons))
	return e
}
