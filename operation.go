package channelpolicy

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Operation is one decision that can be asked for by name, on JSON, under a
// policy: "dealreg.route" routes a deal registration. It is declared once,
// from the rules package's own function, with [At] or [Timeless]; the
// registry, the command, the HTTP handler, the schemas and OpenAPI all read
// the same declaration.
type Operation struct {
	name, summary string
	pkg           string
	needsNow      bool
	policyType    reflect.Type
	inputType     reflect.Type
	decisionType  reflect.Type
	// decide decodes input and decides it under policy (a value of
	// policyType) at now, unless ctx has ended by the time the input is
	// decoded.
	decide func(ctx context.Context, policy any, input []byte, now time.Time) (program.Decision, error)
}

// At declares an operation whose decision depends on the evaluation
// instant, from a function such as dealreg.Policy.Route:
//
//	channelpolicy.At("dealreg.route", "route a deal registration", dealreg.Policy.Route)
//
// The name is "<package>.<operation>"; the summary says what it decides in
// one line.
func At[P, In any, D program.Decision](name, summary string, decide func(P, In, time.Time) (D, error)) Operation {
	op := declare[P, In, D](name, summary)
	op.needsNow = true
	inputs := inputPool[In]()
	op.decide = func(ctx context.Context, policy any, input []byte, now time.Time) (program.Decision, error) {
		in := inputs.Get().(*In)
		defer putInput(inputs, in)
		if err := program.DecodeJSON(input, in); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := decide(policy.(P), *in, now)
		if err != nil {
			return nil, err
		}
		return d, nil
	}
	return op
}

// Timeless declares an operation whose decision does not depend on the
// evaluation instant, from a function such as nfr.Policy.Decide.
func Timeless[P, In any, D program.Decision](name, summary string, decide func(P, In) (D, error)) Operation {
	op := declare[P, In, D](name, summary)
	inputs := inputPool[In]()
	op.decide = func(ctx context.Context, policy any, input []byte, _ time.Time) (program.Decision, error) {
		in := inputs.Get().(*In)
		defer putInput(inputs, in)
		if err := program.DecodeJSON(input, in); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := decide(policy.(P), *in)
		if err != nil {
			return nil, err
		}
		return d, nil
	}
	return op
}

// inputPool holds the values an operation decodes its inputs into, so
// that a call does not allocate one. A value is zeroed before it goes back:
// the decoder then builds every list, map and pointed-to value of the next
// input anew, and never writes into anything a decision made from an
// earlier input may still hold.
func inputPool[In any]() *sync.Pool {
	return &sync.Pool{New: func() any { return new(In) }}
}

func putInput[In any](p *sync.Pool, in *In) {
	var zero In
	*in = zero
	p.Put(in)
}

func declare[P, In, D any](name, summary string) Operation {
	pkg, short, ok := strings.Cut(name, ".")
	if !ok || pkg == "" || short == "" {
		panic(fmt.Sprintf("channelpolicy: operation name %q is not <package>.<operation>", name))
	}
	return Operation{
		name:         name,
		summary:      summary,
		pkg:          pkg,
		policyType:   reflect.TypeFor[P](),
		inputType:    reflect.TypeFor[In](),
		decisionType: reflect.TypeFor[D](),
	}
}

// Name is the operation's full name, such as "dealreg.route".
func (op Operation) Name() string { return op.name }

// Package is the name of the rules package the operation belongs to.
func (op Operation) Package() string { return op.pkg }

// Short is the name within its package, such as "route".
func (op Operation) Short() string { return strings.TrimPrefix(op.name, op.pkg+".") }

// Summary says what the operation decides, in one line.
func (op Operation) Summary() string { return op.summary }

// NeedsNow reports whether the decision depends on the evaluation instant.
func (op Operation) NeedsNow() bool { return op.needsNow }

// Input is the Go type the operation's JSON input decodes into.
func (op Operation) Input() reflect.Type { return op.inputType }

// Decision is the Go type of the operation's decision.
func (op Operation) Decision() reflect.Type { return op.decisionType }

// Result is a decision with what every decision says the same way.
type Result struct {
	// Operation is the operation that decided.
	Operation string
	// Outcome is the decision's outcome as its JSON writes it.
	Outcome string
	// Rules are the rule IDs of the decision's reasons, in order.
	Rules []program.RuleID
	// Decision is the rules package's own decision value, such as a
	// dealreg.Decision.
	Decision program.Decision
}
