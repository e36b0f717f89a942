package distribution

import (
	"github.com/channelpolicy/channelpolicy/program"
)

// PathOutcome is how a partner must buy.
type PathOutcome string

const (
	// PathDirect: the partner may buy from GitLab directly (a Select
	// partner, or an Open partner where no distributor is active).
	PathDirect PathOutcome = "direct"
	// PathDistribution: the partner must buy through a distributor (or an
	// enrolled marketplace, which acts as one).
	PathDistribution PathOutcome = "distribution"
)

// PathOutcomes lists every purchase-path outcome, in a fixed order.
var PathOutcomes = []PathOutcome{PathDirect, PathDistribution}

func (o PathOutcome) Valid() bool { return program.IsOneOf(o, PathOutcomes) }
func (o *PathOutcome) UnmarshalText(b []byte) error {
	return program.UnmarshalEnum(o, b, "purchase path", PathOutcomes)
}

// EnumValues lists the valid values of PathOutcome.
func (PathOutcome) EnumValues() []string { return program.EnumStrings(PathOutcomes) }

// PathDecision is a partner's purchase path for one transaction.
type PathDecision struct {
	Outcome   PathOutcome `json:"outcome"`
	Territory Territory   `json:"territory"`
	// Options are the permitted ways to buy: direct first when allowed, then
	// distributors (primaries, then alternatives, in directory order), then
	// marketplaces in policy order.
	Options []Option `json:"options"`
	// Reasons are the territory's reason followed by each option's, in
	// option order.
	Reasons       program.Reasons `json:"reasons"`
	PolicyVersion string          `json:"policy_version"`
}

// Option is one permitted way to buy, with the rule that permits it.
type Option struct {
	Channel Channel `json:"channel"`
	Name    string  `json:"name"`
	// Role is set for distributors.
	Role Role `json:"role,omitempty"`
	// Marketplace is set for marketplaces.
	Marketplace program.Marketplace `json:"marketplace,omitempty"`
	Site        string              `json:"site,omitempty"`
	// Contact is the distributor's address for the partner's country.
	Contact string `json:"contact,omitempty"`
	// Reason is why the option is offered, the same reason as the
	// decision's reasons list (in Go, a reference to it there).
	Reason program.ReasonRef `json:"reason"`
}

// PathRequest is a partner asking how it may buy for a sale, the input of
// [Policy.Path]: a [Transaction] of which the partner's track is read too
// (and its marketplaces, where a missing list is no enrollment). Its errors
// locate problems with JSON Pointers into its JSON ("/partner/track").
type PathRequest struct {
	// Partner is the transacting partner: its country places the sale, its
	// track decides direct or distribution, its marketplaces add options.
	// Its standing plays no part.
	Partner  program.Partner `json:"partner" jsonschema:"required" require:"country,track"`
	Customer Customer        `json:"customer"`
}

// Transaction is the sale of r, as [Policy.Territory] takes it.
func (r PathRequest) Transaction() Transaction {
	return Transaction{Partner: r.Partner, Customer: r.Customer}
}

// Path decides how the partner of r may buy: Select partners may buy
// directly, Open partners must use their territory's distributor where one
// is active and buy directly where none is, and partners enrolled in a
// marketplace may also transact there. The partner's country and track are
// required; nothing else of it but its marketplaces is read.
//
// In three steps: check the request, plan the options (which rule offers
// the direct path, whether the distributors are offered, which
// marketplaces), and write them with their reasons.
func (p Policy) Path(r PathRequest) (PathDecision, error) {
	rd, err := p.checked()
	if err != nil { // a hand-built or changed policy is checked, not trusted
		return PathDecision{}, err
	}
	if err := checkPartner(&r.Partner, true); err != nil {
		return PathDecision{}, err
	}
	s := rd.seat(r.Partner.Country, r.Customer.PublicSector)
	pl := p.plan(rd, s, &r.Partner)
	return pl.write(s, &r.Partner, p.Version), nil
}

// pathPlan is which options a purchase path offers.
type pathPlan struct {
	outcome PathOutcome
	direct  *program.Rule // the rule offering the direct path; nil when it is not offered
	// primary is the rule offering the primaries, nil when the
	// distributors are not offered.
	primary *program.Rule
	markets []market // the policy's marketplaces
	// enrolled has a bit per market the partner may use.
	enrolled uint64
	options  int
}

// plan works out the options of a partner in seat s.
func (p *Policy) plan(rd *ready, s *seat, pt *program.Partner) pathPlan {
	pl := pathPlan{outcome: PathDistribution, markets: rd.markets}
	open := pt.Track == program.TrackOpen
	switch {
	case !open:
		pl.outcome, pl.direct = PathDirect, &ruleSelectDirect
	case len(s.dists) == 0:
		pl.outcome, pl.direct = PathDirect, &ruleNoDistributorDirect
	}
	if pl.direct != nil {
		pl.options++
	}
	switch {
	case open:
		pl.primary = &ruleOpenDistributor
	case p.SelectMayUseDistributors:
		pl.primary = &ruleSelectDistributor
	}
	if pl.primary != nil {
		pl.options += len(s.dists)
	}
	for i := range rd.markets { // at most one per program.Marketplaces value
		m := &rd.markets[i]
		if m.territories&(1<<s.terr) != 0 && pt.EnrolledIn(m.id) {
			pl.enrolled |= 1 << i
			pl.options++
		}
	}
	return pl
}

// write makes the decision of plan pl: the options in order (direct,
// distributors, marketplaces), each with its reason, after the territory's.
func (pl *pathPlan) write(s *seat, pt *program.Partner, version string) PathDecision {
	c := string(pt.Country)
	d := PathDecision{Outcome: pl.outcome, Territory: s.territory, PolicyVersion: version,
		Options: make([]Option, pl.options)}
	var w program.ReasonWriter
	s.reason(&w, pt.Country)
	n := 0
	next := func(rule *program.Rule, s0, s1, s2 string) *Option {
		w.Cite(rule, program.Applied).S = [3]string{s0, s1, s2}
		o := &d.Options[n]
		n++
		return o
	}
	if pl.direct != nil {
		o := next(pl.direct, c, string(s.territory), "")
		o.Channel, o.Name = ChannelDirect, "GitLab"
	}
	if pl.primary != nil {
		for i := range s.dists {
			e := &s.dists[i]
			rule := pl.primary
			if e.Role == RoleAlternative {
				rule = &ruleAlternativeDistributor
			}
			o := next(rule, c, string(s.territory), e.Name)
			o.Channel, o.Name, o.Role, o.Site, o.Contact = ChannelDistributor, e.Name, e.Role, e.Site, e.Contact
		}
	}
	for i := range pl.markets {
		if pl.enrolled&(1<<i) != 0 {
			m := &pl.markets[i]
			o := next(&ruleMarketplace, string(m.id), "", m.name)
			o.Channel, o.Name, o.Marketplace = ChannelMarketplace, m.name, m.id
		}
	}
	d.Reasons = w.Done()
	for i := range d.Options {
		d.Options[i].Reason = d.Reasons.Ref(i + 1)
	}
	return d
}
