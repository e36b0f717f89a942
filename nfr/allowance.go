package nfr

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// Allowance is what a partner may still request, for a portal to display.
type Allowance struct {
	Outcome AllowanceOutcome `json:"outcome"`
	Reasons program.Reasons  `json:"reasons"`
	// Licenses has one line per license type, in [LicenseTypes] order;
	// Asked is always 0 and Remaining is what the partner may still ask
	// for within the cap.
	Licenses      []LicenseLine `json:"licenses"`
	PolicyVersion string        `json:"policy_version"`
}

// Allowance returns, per license type, how many seats partner h.Partner may
// still request within its caps given the seats it holds, with one reason
// per license type (its remaining seats, or that it has no allocation)
// followed by the eligibility findings. An ineligible partner has nothing
// remaining.
//
// Bad input returns an error matching program.ErrInvalidInput that lists
// every problem, each located by a JSON Pointer into the holdings document
// ("/held/0/seats", "/partner/standing"); an invalid policy is reported with
// pointers into the policy document (see [Policy.Validate]).
func (p Policy) Allowance(h Holdings) (Allowance, error) {
	rd, err := p.checked()
	if err != nil {
		return Allowance{}, err
	}
	if err := h.Check(); err != nil {
		return Allowance{}, err
	}
	var held [4]int
	for _, x := range h.Held {
		held[indexOf(LicenseTypes, x.License)] = x.Seats
	}
	var lines [4]LicenseLine
	rd.lines(&h.Partner, &held, &[4]int{}, &lines)
	failed := rd.eligibility(h.Partner)
	a := rd.allowance(&lines, failed == 0, make([]LicenseLine, len(lines)))
	var w program.ReasonWriter
	rd.explainAllowance(&w, &lines, failed, h.Partner)
	a.Reasons = w.Done()
	return a, nil
}

// allowance sums up what remains of each cap, into licenses.
func (rd *ready) allowance(lines *[4]LicenseLine, eligible bool, licenses []LicenseLine) Allowance {
	a := Allowance{Licenses: licenses, PolicyVersion: rd.src.Version}
	left := 0
	for i, ln := range lines {
		ln.Remaining = remaining(ln, ln.Held, eligible)
		left += ln.Remaining
		a.Licenses[i] = ln
	}
	switch {
	case !eligible:
		a.Outcome = Ineligible
	case left > 0:
		a.Outcome = Available
	default:
		a.Outcome = Exhausted
	}
	return a
}

// explainAllowance writes an allowance's reasons into w: one per license
// type (the seats that remain of its cap, or that the partner has no
// allocation of it), then the eligibility findings.
func (rd *ready) explainAllowance(w *program.ReasonWriter, lines *[4]LicenseLine, failed failures, pt program.Partner) {
	for _, ln := range lines {
		if !ln.Allocated {
			rd.citeLine(w, citeNoAllocation, program.Unmet, ln, pt)
			continue
		}
		switch f := rd.citeLine(w, citeRemaining, program.Applied, ln, pt); {
		case ln.Held > ln.Cap:
			f.V = 1
		case failed != 0:
			f.V = 2
		}
	}
	rd.explainEligibility(w, failed, pt)
}
