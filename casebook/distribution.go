package casebook

import (
	"encoding/json"
	"reflect"
	"time"

	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
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
			Name: "distribution.territory", Summary: "place a transaction in a distribution territory and list its distributors",
			NewInput: func() any { return newRooted(distribution.DecodeTransaction) },
			Eval: func(pol, in any, _ time.Time) (Result, error) {
				d, err := pol.(*distribution.Policy).Territory(in.(*rooted[distribution.Transaction]).v)
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}, {
			Name: "distribution.path", Summary: "decide how a partner may buy: direct, distributors, marketplaces",
			NewInput: func() any { return newRooted(distribution.DecodeTransaction) },
			Eval: func(pol, in any, _ time.Time) (Result, error) {
				d, err := pol.(*distribution.Policy).Path(in.(*rooted[distribution.Transaction]).v)
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}, {
			Name: "distribution.quote", Summary: "say how a partner gets a quote and when an APJ answer is due",
			NewInput: func() any { return newRooted(distribution.DecodeQuoteRequest) },
			Eval: func(pol, in any, _ time.Time) (Result, error) {
				d, err := pol.(*distribution.Policy).Quote(in.(*rooted[distribution.QuoteRequest]).v)
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}, {
			Name: "distribution.order", Summary: "check an order and say when its license key can go out", NeedsNow: true,
			NewInput: func() any { return newRooted(distribution.DecodeOrder) },
			Eval: func(pol, in any, now time.Time) (Result, error) {
				d, err := pol.(*distribution.Policy).CheckOrder(in.(*rooted[distribution.Order]).v, now)
				if err != nil {
					return Result{}, err
				}
				return Result{Outcome: string(d.Outcome), Rules: RuleIDs(d.Reasons), Decision: d}, nil
			},
		}},
	}
}

// rooted decodes an input with the package's own decoder, so that decoding
// errors name the same root ("transaction.partner.country") as validation
// errors do; Registry.Evaluate decodes with an empty root.
type rooted[T any] struct {
	v      T
	decode func([]byte) (T, error)
}

func newRooted[T any](decode func([]byte) (T, error)) *rooted[T] {
	return &rooted[T]{decode: decode}
}

func (r *rooted[T]) UnmarshalJSON(b []byte) error {
	v, err := r.decode(b)
	if err != nil {
		// encoding/json passes an *UnmarshalTypeError from the top level
		// through unchanged and DecodeJSON turns it back into a FieldError
		// with this field and problem.
		fe := program.FieldErrors(err)[0]
		return &json.UnmarshalTypeError{Value: fe.Problem, Field: fe.Field, Type: reflect.TypeFor[T]()}
	}
	r.v = v
	return nil
}

func (r *rooted[T]) MarshalJSON() ([]byte, error) { return json.Marshal(r.v) }
