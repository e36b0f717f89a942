package nfr

import (
	"slices"
	"strings"

	"github.com/channelpolicy/channelpolicy/program"
)

// eligibility returns the reasons about partner pt's eligibility, in rule
// order: one met reason when every requirement is met, otherwise one unmet
// reason per failed requirement.
func (rd *ready) eligibility(pt program.Partner, out []program.Reason) ([]program.Reason, bool) {
	p := &rd.src
	n := len(out)
	var f program.Facts
	f.S[sTrack], f.S[sStand] = string(pt.Track), string(pt.Standing)
	if !pt.AgreementSigned {
		out = append(out, rd.cite(RuleNotAuthorized, program.Unmet, f))
	}
	if !slices.Contains(p.EligibleTracks, pt.Track) {
		out = append(out, rd.cite(RuleTrack, program.Unmet, f))
	}
	if pt.Standing != program.StandingGood {
		out = append(out, rd.cite(RuleStanding, program.Unmet, f))
	}
	if p.certified(pt.Employees) == 0 {
		out = append(out, rd.cite(RuleCertified, program.Unmet, f))
	}
	if len(out) > n {
		return out, false
	}
	for i, c := range p.Certifications[:min(len(p.Certifications), len(f.N))] {
		f.N[i] = int64(c.holders(pt.Employees))
	}
	return append(out, rd.cite(RuleEligible, program.Met, f)), true
}

// certified counts the certifications held among the policy's required ones.
func (p Policy) certified(e program.Employees) int {
	n := 0
	for _, c := range p.Certifications {
		n += c.holders(e)
	}
	return n
}

func (p Policy) certificationNames() string {
	names := make([]string, len(p.Certifications))
	for i, c := range p.Certifications {
		names[i] = c.Title()
	}
	return strings.Join(names, " or ")
}

func joinEnums[T ~string](list []T) string {
	if len(list) == 0 {
		return "none"
	}
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
