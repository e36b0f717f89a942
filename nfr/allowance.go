package nfr

import (
	"fmt"

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
	if err := p.Validate(); err != nil {
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
	reasons, eligible := p.eligibility(h.Partner, nil)
	var lineReasons []program.Reason
	for _, ln := range lines {
		if !ln.Allocated {
			lineReasons = append(lineReasons, reason(RuleNoAllocation, SectionAllocation,
				fmt.Sprintf("%s: no allocation for this partner; %s", ln.License.Title(), p.allocatedTo(ln.License))))
			continue
		}
		text := fmt.Sprintf("%s: cap %d − %d held = %d remaining", ln.License.Title(), ln.Cap, ln.Held, ln.Cap-ln.Held)
		switch {
		case ln.Held > ln.Cap:
			text = fmt.Sprintf("%s: %d held, over the cap of %d; none remaining", ln.License.Title(), ln.Held, ln.Cap)
		case !eligible:
			text = fmt.Sprintf("%s: cap %d, %d held; none remaining while the partner is not eligible", ln.License.Title(), ln.Cap, ln.Held)
		}
		lineReasons = append(lineReasons, reason(RuleRemaining, SectionAllocation, text))
	}
	reasons = append(lineReasons, reasons...)
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
