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
	lines := p.lines(h.Partner, func(l LicenseType) int {
		for _, x := range h.Held {
			if x.License == l {
				return x.Seats
			}
		}
		return 0
	}, func(LicenseType) int { return 0 })
	_, eligible := rd.eligibility(h.Partner, nil)
	reasons := make([]program.Reason, 0, len(lines)+5)
	for _, ln := range lines {
		f := line(ln)
		if !ln.Allocated {
			reasons = append(reasons, rd.cite(RuleNoAllocation, program.Unmet, f))
			continue
		}
		switch {
		case ln.Held > ln.Cap:
			f.V = 1
		case !eligible:
			f.V = 2
		}
		reasons = append(reasons, rd.cite(RuleRemaining, program.Applied, f))
	}
	reasons, _ = rd.eligibility(h.Partner, reasons)
	a := Allowance{Reasons: reasons, Licenses: make([]LicenseLine, len(lines)), PolicyVersion: p.Version}
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
	return a, nil
}
