package nfr

import (
	"strconv"

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

// lines writes one line per license type into out, in [LicenseTypes]
// order, from the seats held and asked of each.
func (rd *ready) lines(pt *program.Partner, held, asked *[4]int, out *[4]LicenseLine) {
	slot := trackSlot(pt.Track)
	for i := range out {
		c, ok := rd.cap(pt, slot, i)
		out[i] = LicenseLine{License: LicenseTypes[i], Allocated: ok, Cap: c, Held: held[i], Asked: asked[i], Total: held[i] + asked[i]}
	}
}

// cap returns the cap of license type i for partner pt, on the track in
// slot, and whether pt has an allocation of it at all: the largest of the
// allocations that apply.
func (rd *ready) cap(pt *program.Partner, slot, i int) (seats int, allocated bool) {
	seats = rd.caps[i][slot]
	allocated = seats >= 0
	for j := range rd.competent[i] {
		if a := &rd.competent[i][j]; a.applies(pt) {
			seats, allocated = max(seats, a.Seats), true
		}
	}
	return max(seats, 0), allocated
}

// capFinding is the verdict on one asked license line and the rule that
// gives it.
type capFinding struct {
	rule    *program.Rule // nil for a line with nothing asked
	effect  program.Effect
	verdict capCheck
}

// checkCap judges one asked license line of partner pt.
func (rd *ready) checkCap(pt program.Partner, ln LicenseLine, justified bool) capFinding {
	switch {
	case !ln.Allocated:
		return capFinding{citeNoAllocation, program.Unmet, capDeny}
	case ln.Total <= ln.Cap:
		return capFinding{citeWithinCap, program.Met, capWithin}
	case !rd.reviewTrack[trackSlot(pt.Track)]:
		return capFinding{citeOverCapDenied, program.Unmet, capDeny}
	case justified:
		return capFinding{citeOverCapReview, program.Applied, capReview}
	}
	return capFinding{citeOverCapJustificationNeeded, program.Unmet, capDeny}
}

// appendAllocatedTo writes which partners the policy allocates license l
// to: "allocated to select partners (5)".
func (p *Policy) appendAllocatedTo(b []byte, l LicenseType) []byte {
	n := 0
	for _, a := range p.Allocations {
		if a.License != l {
			continue
		}
		if n == 0 {
			b = append(b, "allocated to "...)
		} else {
			b = append(b, ", "...)
		}
		n++
		if a.Track != "" {
			b = append(append(b, a.Track...), ' ')
		}
		b = append(b, "partners"...)
		if a.Competency != "" {
			b = append(append(append(b, " with the "...), a.Competency...), " competency"...)
		}
		b = append(strconv.AppendInt(append(b, " ("...), int64(a.Seats), 10), ')')
	}
	if n == 0 {
		b = append(b, "the policy allocates it to no partner"...)
	}
	return b
}

// remaining is what is left of the cap after used seats, never negative.
func remaining(ln LicenseLine, used int, eligible bool) int {
	if !eligible || !ln.Allocated {
		return 0
	}
	return max(0, ln.Cap-used)
}
