package casebook

import (
	"time"

	"github.com/channelpolicy/channelpolicy/incumbency"
)

// Incumbency adapts package incumbency: who is a customer's incumbent,
// renewal discount eligibility, and tender-offer pricing.
func Incumbency() Package {
	return Package{
		Name: "incumbency", Sections: incumbency.Sections, Rules: incumbency.Rules(),
		DefaultPolicy: func() any { p := incumbency.Default(); return &p },
		DecodePolicy: func(base any, data []byte) (any, error) {
			p, err := incumbency.ParsePolicy(*base.(*incumbency.Policy), data)
			if err != nil {
				return nil, err
			}
			return &p, nil
		},
		Operations: []Operation{
			{
				Name: "incumbency.incumbent", Root: "customer", Summary: "decide a customer's incumbent partner from its sales and written communications",
				NewInput: func() any { return new(incumbency.Customer) },
				Eval: func(pol, in any, _ time.Time) (Result, error) {
					d, err := pol.(*incumbency.Policy).Incumbent(*in.(*incumbency.Customer))
					if err != nil {
						return Result{}, err
					}
					return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
				},
			},
			{
				Name: "incumbency.renewal_discount", Root: "request", Summary: "decide whether a partner qualifies for the renewal discount",
				NewInput: func() any { return new(incumbency.RenewalRequest) },
				Eval: func(pol, in any, _ time.Time) (Result, error) {
					d, err := pol.(*incumbency.Policy).RenewalDiscount(*in.(*incumbency.RenewalRequest))
					if err != nil {
						return Result{}, err
					}
					return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
				},
			},
			{
				Name: "incumbency.tender", Root: "tender", Summary: "price every bid of a tender offer: elements per bidder, price per line",
				NewInput: func() any { return new(incumbency.Tender) },
				Eval: func(pol, in any, _ time.Time) (Result, error) {
					d, err := pol.(*incumbency.Policy).Tender(*in.(*incumbency.Tender))
					if err != nil {
						return Result{}, err
					}
					return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
				},
			},
		},
	}
}
