package casebook

import (
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// ServiceAttachPortfolio is the input of serviceattach.portfolio:
// {"registrations": [...]}.
type ServiceAttachPortfolio struct {
	Registrations []serviceattach.Registration `json:"registrations"`
}

// ServiceAttach adapts package serviceattach: serviceattach.classify takes
// one registration, serviceattach.portfolio a [ServiceAttachPortfolio]. The
// portfolio operation's
// outcome is its entries' outcomes joined by commas, in input order
// ("approved,unqualified"), and its rules are the portfolio-level reasons.
func ServiceAttach() Package {
	return Package{
		Name: "serviceattach", Sections: serviceattach.Sections, Rules: serviceattach.Rules(),
		DefaultPolicy: func() any { p := serviceattach.Default(); return &p },
		DecodePolicy: func(base any, data []byte) (any, error) {
			p, err := serviceattach.ParsePolicy(*base.(*serviceattach.Policy), data)
			if err != nil {
				return nil, err
			}
			return &p, nil
		},
		Operations: []Operation{{
			Name:     "serviceattach.classify",
			Root:     "registration",
			Summary:  "classify one service-attach registration as approved, accepted or unqualified",
			NewInput: func() any { return new(serviceattach.Registration) },
			Eval: func(pol, in any, _ time.Time) (Result, error) {
				d, err := pol.(*serviceattach.Policy).Classify(*in.(*serviceattach.Registration))
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}, {
			Name:     "serviceattach.portfolio",
			Summary:  "apply one-per-opportunity and one-per-SOW across service-attach registrations",
			NewInput: func() any { return new(ServiceAttachPortfolio) },
			Eval: func(pol, in any, _ time.Time) (Result, error) {
				d, err := pol.(*serviceattach.Policy).Portfolio(in.(*ServiceAttachPortfolio).Registrations)
				if err != nil {
					return Result{}, err
				}
				outs := make([]string, len(d.Entries))
				for i, e := range d.Entries {
					outs[i] = string(e.Outcome)
				}
				return Result{Outcome: strings.Join(outs, ","), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}},
	}
}
