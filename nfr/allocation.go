package nfr

import (
	"fmt"
	"slices"
	"strings"

	"github.com/channelpolicy/channelpolicy/program"
)

// LicenseLine is one license type of a decision: the partner's cap, the
// seats held and asked, and what remains.
type LicenseLine struct {
	License LicenseType `json:"license"`
	// Allocated is false when the partner has no allocation of this type
	// (then Cap is 0).
	Allocated bool `json:"allocated"`
	Cap       int  `json:"cap"`
	Held      int  `json:"held"`
	Asked     int  `json:"asked"`
	// Total is Held plus Asked, the number compared with Cap.
	Total int `json:"total"`
	// Remaining is how many more seats the partner could ask for within
	// the cap once this decision takes effect: a granted request uses its
	// seats, a denied or reviewed one does not (yet). It is 0 for an
	// ineligible partner and never negative.
	Remaining int `json:"remaining"`
}

// capCheck is the verdict on one asked license type.
type capCheck int

const (
	capWithin capCheck = iota
	capReview
	capDeny
)

// lines builds one line per license type, in [LicenseTypes] order.
func (p Policy) lines(pt program.Partner, held func(LicenseType) int, asked func(LicenseType) int) [4]LicenseLine {
	var out [4]LicenseLine
	for i, l := range LicenseTypes {
		c, ok := p.cap(pt, l)
		h, a := held(l), asked(l)
		out[i] = LicenseLine{License: l, Allocated: ok, Cap: c, Held: h, Asked: a, Total: h + a}
	}
	return out
}

// checkCap returns the reason about one asked license line and its verdict.
func (rd *ready) checkCap(pt program.Partner, ln LicenseLine, justified bool) (program.Reason, capCheck) {
	p := &rd.src
	f := line(ln)
	switch {
	case !ln.Allocated:
		return rd.cite(RuleNoAllocation, program.Unmet, f), capDeny
	case ln.Total <= ln.Cap:
		return rd.cite(RuleWithinCap, program.Met, f), capWithin
	case !slices.Contains(p.ReviewTracks, pt.Track):
		f.S[sTrack] = string(pt.Track)
		return rd.cite(RuleOverCapDenied, program.Unmet, f), capDeny
	case justified:
		return rd.cite(RuleOverCapReview, program.Applied, f), capReview
	}
	return rd.cite(RuleOverCapJustificationNeeded, program.Unmet, f), capDeny
}

// allocatedTo says which partners the policy allocates license l to.
func (p Policy) allocatedTo(l LicenseType) string {
	var who []string
	for _, a := range p.Allocations {
		if a.License != l {
			continue
		}
		w := "partners"
		if a.Track != "" {
			w = string(a.Track) + " partners"
		}
		if a.Competency != "" {
			w += " with the " + string(a.Competency) + " competency"
		}
		who = append(who, fmt.Sprintf("%s (%d)", w, a.Seats))
	}
	if len(who) == 0 {
		return "the policy allocates it to no partner"
	}
	return "allocated to " + strings.Join(who, ", ")
}

// remaining is what is left of the cap after used seats, never negative.
func remaining(ln LicenseLine, used int, eligible bool) int {
	if !eligible || !ln.Allocated {
		return 0
	}
	return max(0, ln.Cap-used)
}
