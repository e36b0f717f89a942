package casebook

import (
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// ExpiryInput is the input of the dealreg.expiry operation.
type ExpiryInput struct {
	ApprovedAt time.Time `json:"approved_at"`
}

// DealReg adapts package dealreg: operations dealreg.route, dealreg.expiry
// and dealreg.resolve.
func DealReg() Package {
	return Package{
		Name:          "dealreg",
		Sections:      dealreg.Sections,
		Rules:         dealreg.Rules(),
		DefaultPolicy: func() any { p := dealreg.Default(); return &p },
		DecodePolicy: func(base any, data []byte) (any, error) {
			p, err := dealreg.ParsePolicy(*base.(*dealreg.Policy), data)
			if err != nil {
				return nil, err
			}
			return &p, nil
		},
		Operations: []Operation{
			{
				Name:     "dealreg.route",
				Root:     "registration",
				Summary:  "check a deal registration's eligibility and route it by the rules of engagement",
				NeedsNow: true,
				NewInput: func() any { return new(dealreg.Registration) },
				Eval: func(pol, in any, now time.Time) (Result, error) {
					d, err := pol.(*dealreg.Policy).Route(*in.(*dealreg.Registration), now)
					if err != nil {
						return Result{}, err
					}
					return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
				},
			},
			{
				Name:     "dealreg.expiry",
				Summary:  "say whether an approved registration is still active",
				NeedsNow: true,
				NewInput: func() any { return new(ExpiryInput) },
				Eval: func(pol, in any, now time.Time) (Result, error) {
					d, err := pol.(*dealreg.Policy).Expiry(in.(*ExpiryInput).ApprovedAt, now)
					if err != nil {
						return Result{}, err
					}
					return Result{Outcome: string(d.Status), Rules: RuleIDs(d.Reasons), Decision: d}, nil
				},
			},
			{
				Name:     "dealreg.resolve",
				Root:     "competition",
				Summary:  "pick at most one winner among registrations competing for one opportunity",
				NeedsNow: true,
				NewInput: func() any { return new(dealreg.Competition) },
				Eval: func(pol, in any, now time.Time) (Result, error) {
					r, err := pol.(*dealreg.Policy).Resolve(*in.(*dealreg.Competition), now)
					if err != nil {
						return Result{}, err
					}
					ids := make([]program.RuleID, len(r.Entries))
					for i, e := range r.Entries {
						ids[i] = e.Reason.Rule
					}
					return Result{Outcome: string(r.Outcome), Rules: ids, Decision: r}, nil
				},
			},
		},
	}
}
