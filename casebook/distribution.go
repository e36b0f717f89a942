package casebook

import (
	"time"

	"github.com/channelpolicy/channelpolicy/distribution"
)

// Distribution adapts package distribution: territory, purchase path, quote
// process and order checks.
func Distribution() Package {
	return Package{
		Name: "distribution", Sections: distribution.Sections, Rules: distribution.Rules(),
		DefaultPolicy: func() any { p := distribution.Default(); return &p },
		DecodePolicy: func(base any, data []byte) (any, error) {
			p, err := distribution.ParsePolicy(*base.(*distribution.Policy), data)
			if err != nil {
				return nil, err
			}
			return &p, nil
		},
		Operations: []Operation{{
			Name: "distribution.territory", Root: "transaction",
			Summary:  "place a transaction in a distribution territory and list its distributors",
			NewInput: func() any { return new(distribution.Transaction) },
			Eval: func(pol, in any, _ time.Time) (Result, error) {
				d, err := pol.(*distribution.Policy).Territory(*in.(*distribution.Transaction))
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}, {
			Name: "distribution.path", Root: "transaction",
			Summary:  "decide how a partner may buy: direct, distributors, marketplaces",
			NewInput: func() any { return new(distribution.Transaction) },
			Eval: func(pol, in any, _ time.Time) (Result, error) {
				d, err := pol.(*distribution.Policy).Path(*in.(*distribution.Transaction))
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}, {
			Name: "distribution.quote", Root: "quote_request",
			Summary:  "say how a partner gets a quote and when an APJ answer is due",
			NewInput: func() any { return new(distribution.QuoteRequest) },
			Eval: func(pol, in any, _ time.Time) (Result, error) {
				d, err := pol.(*distribution.Policy).Quote(*in.(*distribution.QuoteRequest))
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}, {
			Name: "distribution.order", Root: "order", NeedsNow: true,
			Summary:  "check an order and say when its license key can go out",
			NewInput: func() any { return new(distribution.Order) },
			Eval: func(pol, in any, now time.Time) (Result, error) {
				d, err := pol.(*distribution.Policy).CheckOrder(*in.(*distribution.Order), now)
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}},
	}
}
