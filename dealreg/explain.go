package dealreg

import (
	"strconv"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// maxReasons bounds the reasons of one decision: at most five eligibility
// failures, or a path, a leaf and an expiry reason.
const maxReasons = 8

// explainer writes the reasons of one decision. Texts go into one byte
// buffer that a pooled explainer keeps between decisions; each reason records
// where its text starts. done makes the two allocations a decision keeps: one
// string holding every text (no pointers inside, so the collector never scans
// it) and the reasons, sized exactly.
type explainer struct {
	buf   []byte
	loc   *time.Location
	n     int
	rs    [maxReasons]program.Reason // rule and section; texts filled in by done
	start [maxReasons + 1]int
}

// reset prepares e for a new decision, keeping its buffer.
func (e *explainer) reset(loc *time.Location) {
	e.buf, e.loc, e.n = e.buf[:0], loc, 0
}

// add starts a reason for r; its text is what is written until the next add
// or done.
func (e *explainer) add(r program.Rule) *explainer {
	e.rs[e.n] = program.Reason{Rule: r.ID, Section: r.Section}
	e.start[e.n] = len(e.buf)
	e.n++
	return e
}

func (e *explainer) s(text string) *explainer { e.buf = append(e.buf, text...); return e }

func (e *explainer) i(n int) *explainer { e.buf = strconv.AppendInt(e.buf, int64(n), 10); return e }

// t writes an instant in RFC 3339, in the policy's zone.
func (e *explainer) t(t time.Time) *explainer {
	e.buf = t.In(e.loc).AppendFormat(e.buf, time.RFC3339)
	return e
}

func (e *explainer) d(d program.Date) *explainer { e.buf = d.AppendFormat(e.buf); return e }

// q writes text quoted.
func (e *explainer) q(text string) *explainer { e.buf = strconv.AppendQuote(e.buf, text); return e }

// stage writes the opportunity's stage, and the CRM label it was given as.
func (e *explainer) stage(f *facts) *explainer {
	e.s(string(f.Stage))
	if f.Label != "" {
		e.s(" (CRM label ").q(f.Label).s(")")
	}
	return e
}

// activity writes a last sales activity: "on" a date, "at" an instant (in
// the policy's zone).
func (e *explainer) activity(a program.DateOrInstant) *explainer {
	if t, ok := a.Instant(); ok {
		return e.s("at ").t(t)
	}
	d, _ := a.Date()
	return e.s("on ").d(d)
}

// review writes "the ESM approved at 2026-03-04T10:00:00Z".
func (e *explainer) review(who string, rv *Review) *explainer {
	return e.s("the ").s(who).s(" ").s(string(rv.Decision)).s(" at ").t(rv.At)
}

// done returns the reasons written, with their texts.
func (e *explainer) done() []program.Reason {
	if e.n == 0 {
		return nil
	}
	e.start[e.n] = len(e.buf)
	text := string(e.buf)
	out := make([]program.Reason, e.n)
	for k := range out {
		out[k] = program.NewReason(e.rs[k].Rule, e.rs[k].Section, program.Applied, text[e.start[k]:e.start[k+1]])
	}
	return out
}

// newExplainer is an explainer for decisions off the hot path.
func newExplainer(loc *time.Location) *explainer {
	e := new(explainer)
	e.reset(loc)
	return e
}
