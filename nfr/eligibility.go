package nfr

import (
	"fmt"
	"slices"
	"strings"

	"github.com/channelpolicy/channelpolicy/program"
)

// eligibility returns the reasons about partner pt's eligibility, in rule
// order: one positive reason when every requirement is met, otherwise one
// reason per failed requirement.
func (p Policy) eligibility(pt program.Partner, out []program.Reason) ([]program.Reason, bool) {
	n := len(out)
	if !pt.AgreementSigned {
		out = append(out, reason(RuleNotAuthorized, SectionEligibility,
			"the partner agreement is not signed; only authorized partners get NFR licenses"))
	}
	if !slices.Contains(p.EligibleTracks, pt.Track) {
		out = append(out, reason(RuleTrack, SectionEligibility,
			fmt.Sprintf("track %s is not eligible for NFR licenses (eligible: %s)", pt.Track, joinEnums(p.EligibleTracks))))
	}
	if pt.Standing != program.StandingGood {
		out = append(out, reason(RuleStanding, SectionEligibility,
			fmt.Sprintf("standing is %s; NFR licenses need good standing", pt.Standing)))
	}
	certified := p.certified(pt.Employees)
	if certified == 0 {
		out = append(out, reason(RuleCertified, SectionEligibility,
			fmt.Sprintf("no employee holds a %s certification", p.certificationNames())))
	}
	if len(out) > n {
		return out, false
	}
	return append(out, reason(RuleEligible, SectionEligibility,
		fmt.Sprintf("authorized %s partner in good standing; certified employees: %s",
			pt.Track, p.certificationCounts(pt.Employees)))), true
}

// certified counts the certifications held among the policy's required ones.
func (p Policy) certified(e program.Employees) int {
	n := 0
	for _, c := range p.Certifications {
		n += c.holders(e)
	}
	return n
}

func (p Policy) certificationCounts(e program.Employees) string {
	parts := make([]string, len(p.Certifications))
	for i, c := range p.Certifications {
		parts[i] = fmt.Sprintf("%s %d", c.Title(), c.holders(e))
	}
	return strings.Join(parts, ", ")
}

func (p Policy) certificationNames() string {
	names := make([]string, len(p.Certifications))
	for i, c := range p.Certifications {
		names[i] = c.Title()
	}
	return strings.Join(names, " or ")
}

func reason(id program.RuleID, section, text string) program.Reason {
	return program.NewReason(id, section, program.Applied, text)
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
