package distribution

import (
	"slices"

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

func (o PathOutcome) Valid() bool { return slices.Contains(PathOutcomes, o) }
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
	Reasons       []program.Reason `json:"reasons"`
	PolicyVersion string           `json:"policy_version"`
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
	Contact string         `json:"contact,omitempty"`
	Reason  program.Reason `json:"reason"`
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
func (p Policy) Path(r PathRequest) (PathDecision, error) {
	rd, err := p.checked()
	if err != nil { // a hand-built or changed policy is checked, not trusted
		return PathDecision{}, err
	}
	p.ready = rd // fresh for the rest of this call
	var pr program.Problems
	checkPartner(&pr, r.Partner, true)
	if err := pr.Err(); err != nil {
		return PathDecision{}, err
	}
	tx := r.Transaction()
	td := p.territory(tx)
	c := tx.Partner.Country
	d := PathDecision{Territory: td.Outcome, PolicyVersion: p.Version, Options: []Option{}}
	d.Reasons = append(d.Reasons, td.Reasons...)

	var primaries, alternatives []Distributor
	for _, dist := range p.Distributors {
		if dist.Serves(td.Outcome, c) {
			if dist.Role == RolePrimary {
				primaries = append(primaries, dist)
			} else {
				alternatives = append(alternatives, dist)
			}
		}
	}
	active := len(primaries)+len(alternatives) > 0
	open := tx.Partner.Track == program.TrackOpen

	switch {
	case !open:
		d.Outcome = PathDirect
		d.add(Option{Channel: ChannelDirect, Name: "GitLab", Reason: cite(RuleSelectDirect, program.Applied, facts(string(c), string(td.Outcome), ""))})
	case !active:
		d.Outcome = PathDirect
		d.add(Option{Channel: ChannelDirect, Name: "GitLab", Reason: cite(RuleNoDistributorDirect, program.Applied, facts(string(c), string(td.Outcome), ""))})
	default:
		d.Outcome = PathDistribution
	}
	if open || p.SelectMayUseDistributors {
		for _, dist := range primaries {
			var r program.Reason
			if open {
				r = cite(RuleOpenDistributor, program.Applied, facts(string(c), string(td.Outcome), dist.Name))
			} else {
				r = cite(RuleSelectDistributor, program.Applied, facts(string(c), string(td.Outcome), dist.Name))
			}
			d.add(distOption(dist, c, r))
		}
		for _, dist := range alternatives {
			d.add(distOption(dist, c, cite(RuleAlternativeDistributor, program.Applied, facts(string(c), string(td.Outcome), dist.Name))))
		}
	}
	for _, m := range p.Marketplaces {
		if !tx.Partner.EnrolledIn(m.ID) {
			continue
		}
		if len(m.Territories) > 0 && !slices.Contains(m.Territories, td.Outcome) {
			continue
		}
		d.add(Option{Channel: ChannelMarketplace, Name: m.Name, Marketplace: m.ID, Reason: cite(RuleMarketplace, program.Applied, facts(string(m.ID), "", m.Name))})
	}
	return d, nil
}

func (d *PathDecision) add(o Option) {
	d.Options = append(d.Options, o)
	d.Reasons = append(d.Reasons, o.Reason)
}

func distOption(dist Distributor, c program.Country, r program.Reason) Option {
	return Option{Channel: ChannelDistributor, Name: dist.Name, Role: dist.Role, Site: dist.Site, Contact: dist.ContactFor(c), Reason: r}
}
