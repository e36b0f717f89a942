package casebook

import (
	"time"

	"github.com/channelpolicy/channelpolicy/nfr"
)

// NFR adapts package nfr: deciding NFR license requests and showing a
// partner's remaining allowance.
func NFR() Package {
	return Package{
		Name: "nfr", Sections: nfr.Sections, Rules: nfr.Rules(),
		DefaultPolicy: func() any { p := nfr.Default(); return &p },
		DecodePolicy: func(base any, data []byte) (any, error) {
			p, err := nfr.ParsePolicy(*base.(*nfr.Policy), data)
			if err != nil {
				return nil, err
			}
			return &p, nil
		},
		Operations: []Operation{{
			Name: "nfr.decide", Summary: "grant, review or deny an NFR license request",
			Root:     "request",
			NewInput: func() any { return new(nfr.Request) },
			Eval: func(pol, in any, _ time.Time) (Result, error) {
				d, err := pol.(*nfr.Policy).Decide(*in.(*nfr.Request))
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}, {
			Name: "nfr.allowance", Summary: "remaining NFR seats per license type for a partner",
			Root:     "holdings",
			NewInput: func() any { return new(nfr.Holdings) },
			Eval: func(pol, in any, _ time.Time) (Result, error) {
				a, err := pol.(*nfr.Policy).Allowance(*in.(*nfr.Holdings))
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(a.Outcome), Rules: RuleIDs(a.Reasons), Decision: a}, nil
			},
		}},
	}
}
