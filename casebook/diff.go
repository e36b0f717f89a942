package casebook

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy"
)

// Transition counts the decisions that moved from one outcome to another
// between two policy sets ("approved -> denied").
type Transition struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
	// Examples are the first few cases (or input lines) that moved, in input
	// order.
	Examples []string `json:"examples"`
}

func (t Transition) String() string { return fmt.Sprintf("%s -> %s: %d", t.From, t.To, t.Count) }

// DiffReport says how decisions change between an old and a new policy set.
type DiffReport struct {
	Total int `json:"total"`
	// Changed counts decisions whose outcome changed; Transitions groups
	// them, most frequent first.
	Changed     int          `json:"changed"`
	Transitions []Transition `json:"transitions"`
	// ReasonsChanged counts decisions with the same outcome but different
	// rule IDs.
	ReasonsChanged int `json:"reasons_changed"`
}

// outcomeOrError is a decision's outcome, or "error" for an input error.
func outcomeOrError(res channelpolicy.Result, err error) string {
	if err != nil {
		return "error"
	}
	return res.Outcome
}

type differ struct {
	report   DiffReport
	byKey    map[[2]string]*Transition
	examples int
}

func newDiffer(examples int) *differ {
	return &differ{byKey: map[[2]string]*Transition{}, examples: examples}
}

func (d *differ) add(name string, oldRes channelpolicy.Result, oldErr error, newRes channelpolicy.Result, newErr error) {
	d.report.Total++
	from, to := outcomeOrError(oldRes, oldErr), outcomeOrError(newRes, newErr)
	if from == to {
		if oldErr == nil && !slices.Equal(oldRes.Rules, newRes.Rules) {
			d.report.ReasonsChanged++
		}
		return
	}
	d.report.Changed++
	t := d.byKey[[2]string{from, to}]
	if t == nil {
		t = &Transition{From: from, To: to}
		d.byKey[[2]string{from, to}] = t
	}
	t.Count++
	if len(t.Examples) < d.examples {
		t.Examples = append(t.Examples, name)
	}
}

func (d *differ) done() DiffReport {
	for _, t := range d.byKey {
		d.report.Transitions = append(d.report.Transitions, *t)
	}
	sort.Slice(d.report.Transitions, func(i, j int) bool {
		a, b := d.report.Transitions[i], d.report.Transitions[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.From != b.From {
			return a.From < b.From
		}
		return a.To < b.To
	})
	return d.report
}

// Diff runs every case under the old and the new policy set and reports the
// decisions that change. Expected outcomes play no part: this is about what
// a policy change does, not whether the cases pass.
func Diff(old, next channelpolicy.PolicySet, cases []Case, examples int) DiffReport {
	d := newDiffer(examples)
	for _, c := range cases {
		oldRes, oldErr := Run(old, c)
		newRes, newErr := Run(next, c)
		d.add(c.ID, oldRes, oldErr, newRes, newErr)
	}
	return d.done()
}

// DiffStream decides each line of a JSON Lines stream of op inputs at now
// under both policy sets and reports the decisions that change; examples are
// named "line N". Blank lines are skipped; a line over MaxLine is an error
// under both. Memory stays bounded whatever the stream's length.
func DiffStream(old, next channelpolicy.PolicySet, op string, now time.Time, r io.Reader, examples int) (DiffReport, error) {
	if _, ok := old.Registry().Lookup(op); !ok {
		return DiffReport{}, fmt.Errorf("unknown operation %q", op)
	}
	d := newDiffer(examples)
	lines := NewLineReader(r)
	for {
		line, n, tooLong, err := lines.Next()
		if err == io.EOF {
			return d.done(), nil
		}
		if err != nil {
			return DiffReport{}, err
		}
		name := "line " + fmt.Sprint(n)
		if tooLong {
			long := fmt.Errorf("line longer than %d bytes", MaxLine)
			d.add(name, channelpolicy.Result{}, long, channelpolicy.Result{}, long)
			continue
		}
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		oldRes, oldErr := old.Evaluate(op, line, now)
		newRes, newErr := next.Evaluate(op, line, now)
		d.add(name, oldRes, oldErr, newRes, newErr)
	}
}

// Summary writes a report as text: one line per transition with its first
// examples.
func (r DiffReport) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d decisions, %d changed outcome, %d changed reasons only\n", r.Total, r.Changed, r.ReasonsChanged)
	for _, t := range r.Transitions {
		fmt.Fprintf(&b, "%s (e.g. %s)\n", t, strings.Join(t.Examples, ", "))
	}
	return b.String()
}
