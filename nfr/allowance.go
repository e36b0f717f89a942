package nfr

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// Allowance is what a partner may still request, for a portal to display.
type Allowance struct {
	Outcome AllowanceOutcome `json:"outcome"`
	Reasons []program.Reason `json:"reasons"`
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
	licenses, reasons := decisionMemory(len(lines) + failed.reasons())
	a := rd.allowance(&lines, failed == 0, licenses)
	a.Reasons = rd.explainAllowance(&lines, failed, h.Partner, reasons)
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

// explainAllowance writes an allowance's reasons: one per license type
// (the seats that remain of its cap, or that the partner has no allocation
// of it), then the eligibility findings, into out, which has room for
// them.
func (rd *ready) explainAllowance(lines *[4]LicenseLine, failed failures, pt program.Partner, out []program.Reason) []program.Reason {
	for _, ln := range lines {
		if !ln.Allocated {
			out = rd.citeLine(out, citeNoAllocation, program.Unmet, ln, pt)
			continue
		}
		out = rd.citeLine(out, citeRemaining, program.Applied, ln, pt)
		switch f := &out[len(out)-1].Facts; {
		case ln.Held > ln.Cap:
			f.V = 1
		case failed != 0:
			f.V = 2
		}
	}
	return rd.explainEligibility(out, failed, pt)
}
