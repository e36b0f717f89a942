package nfr

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// failures are the eligibility requirements a partner fails, one bit per
// rule in eligibilityRules order; none means eligible.
type failures uint8

// eligibilityRules are the eligibility requirements in rule order.
var eligibilityRules = [...]*program.Rule{citeNotAuthorized, citeTrack, citeStanding, citeCertified}

// eligibility checks partner pt against every eligibility requirement.
func (rd *ready) eligibility(pt program.Partner) failures {
	var f failures
	if !pt.AgreementSigned {
		f |= 1 << 0
	}
	if !rd.eligibleTrack[trackSlot(pt.Track)] {
		f |= 1 << 1
	}
	if pt.Standing != program.StandingGood {
		f |= 1 << 2
	}
	if rd.src.certified(pt.Employees) == 0 {
		f |= 1 << 3
	}
	return f
}

// explainEligibility writes the reasons about partner pt's eligibility
// into w, in rule order: one unmet reason per failed requirement, or one
// met reason with the certified employees when every requirement is met.
func (rd *ready) explainEligibility(w *program.ReasonWriter, failed failures, pt program.Partner) {
	if failed == 0 {
		f := rd.cite(w, citeEligible, program.Met)
		f.S[sTrack] = string(pt.Track)
		for i, c := range rd.src.Certifications[:min(len(rd.src.Certifications), len(f.N))] {
			f.N[i] = int64(c.holders(pt.Employees))
		}
		return
	}
	for i, id := range eligibilityRules {
		if failed&(1<<i) != 0 {
			f := rd.cite(w, id, program.Unmet)
			switch id {
			case citeTrack:
				f.S[sTrack] = string(pt.Track)
			case citeStanding:
				f.S[sStand] = string(pt.Standing)
			}
		}
	}
}

// certified counts the certifications held among the policy's required ones.
func (p *Policy) certified(e program.Employees) int {
	n := 0
	for _, c := range p.Certifications {
		n += c.holders(e)
	}
	return n
}

// appendCertifications writes the policy's certifications for people,
// joined by sep.
func (p *Policy) appendCertifications(b []byte, sep string) []byte {
	for i, c := range p.Certifications {
		if i > 0 {
			b = append(b, sep...)
		}
		b = append(b, c.Title()...)
	}
	return b
}

// appendList writes list joined by ", ", or "none".
func appendList[T ~string](b []byte, list []T) []byte {
	if len(list) == 0 {
		return append(b, "none"...)
	}
	for i, v := range list {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, v...)
	}
	return b
}
