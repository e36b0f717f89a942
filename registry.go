package channelpolicy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Registry is a set of rules packages and their operations. It never
// changes after it is made, so any number of goroutines may use it.
type Registry struct {
	pkgs  []Package
	ops   []Operation
	byOp  map[string]int
	byPkg map[string]int
}

// NewRegistry returns a registry of pkgs. Two packages with one name, or two
// operations with one name, are a programming error and panic.
func NewRegistry(pkgs ...Package) *Registry {
	r := &Registry{pkgs: pkgs, byOp: map[string]int{}, byPkg: map[string]int{}}
	for i, p := range pkgs {
		if _, dup := r.byPkg[p.name]; dup {
			panic("channelpolicy: package " + p.name + " declared twice")
		}
		r.byPkg[p.name] = i
		for _, op := range p.operations {
			if _, dup := r.byOp[op.name]; dup {
				panic("channelpolicy: operation " + op.name + " declared twice")
			}
			r.byOp[op.name] = len(r.ops)
			r.ops = append(r.ops, op)
		}
	}
	return r
}

// Packages returns the registry's packages in registration order.
func (r *Registry) Packages() []Package { return slices.Clone(r.pkgs) }

// Operations returns every operation, package by package in registration
// order.
func (r *Registry) Operations() []Operation { return slices.Clone(r.ops) }

// Package finds a package by name.
func (r *Registry) Package(name string) (Package, bool) {
	i, ok := r.byPkg[name]
	if !ok {
		return Package{}, false
	}
	return r.pkgs[i], true
}

// Lookup finds an operation by its full name, such as "dealreg.route".
func (r *Registry) Lookup(name string) (Operation, bool) {
	i, ok := r.byOp[name]
	if !ok {
		return Operation{}, false
	}
	return r.ops[i], true
}

// names lists the package names for messages.
func (r *Registry) names() string {
	names := make([]string, len(r.pkgs))
	for i, p := range r.pkgs {
		names[i] = p.name
	}
	return strings.Join(names, ", ")
}

// Policies returns the policy set in which every package has its default
// policy: the handbook's numbers and our readings.
func (r *Registry) Policies() PolicySet {
	s := PolicySet{reg: r, policies: make([]any, len(r.pkgs))}
	for i, p := range r.pkgs {
		s.policies[i] = p.defaultPolicy()
	}
	return s
}

// PolicySet is the policy each package of a registry decides under. It is a
// value: [PolicySet.Load] and [PolicySet.With] return a new set and leave
// the old one as it was, so a set can be shared between goroutines and a
// request can never change what another sees.
type PolicySet struct {
	reg      *Registry
	policies []any
}

// Registry is the registry the set belongs to.
func (s PolicySet) Registry() *Registry { return s.reg }

// Policy is the policy package pkg decides under (a dealreg.Policy for
// "dealreg"), or nil when there is no such package.
func (s PolicySet) Policy(pkg string) any {
	i, ok := s.reg.byPkg[pkg]
	if !ok {
		return nil
	}
	return s.policies[i]
}

// Load lays a policy-set document over s: a JSON object keyed by package
// name, each value a whole or partial policy of that package, read over the
// policy s has for it:
//
//	{"dealreg": {"expiry_days": 60}, "nfr": {"version": "nfr-2027"}}
//
// Packages the document does not name keep their policy. Every problem of
// every package is reported at once, located by JSON Pointer into the
// document ("/dealreg/expiry_days"), and on any problem nothing is applied.
func (s PolicySet) Load(data []byte) (PolicySet, error) {
	var doc map[string]json.RawMessage
	if err := program.DecodeJSON(data, &doc); err != nil {
		return s, err
	}
	next := s.clone()
	var p program.Problems
	for i, pkg := range s.reg.pkgs {
		raw, ok := doc[pkg.name]
		if !ok {
			continue
		}
		pol, err := pkg.parsePolicy(s.policies[i], raw)
		if err != nil {
			p.AddErr(program.Within(program.Path("", pkg.name), err))
			continue
		}
		next.policies[i] = pol
	}
	var unknown []string
	for name := range doc {
		if _, ok := s.reg.byPkg[name]; !ok {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		p.Add(program.Path("", name), "not a package (%s)", s.reg.names())
	}
	if err := p.Err(); err != nil {
		return s, err
	}
	return next, nil
}

// With lays one package's whole or partial policy document over the policy
// s has for it, as a case book's own policy is laid over the set in force.
// Problems are located by JSON Pointer into data.
func (s PolicySet) With(pkg string, data []byte) (PolicySet, error) {
	i, ok := s.reg.byPkg[pkg]
	if !ok {
		return s, fmt.Errorf("channelpolicy: %q is not a package (%s)", pkg, s.reg.names())
	}
	pol, err := s.reg.pkgs[i].parsePolicy(s.policies[i], data)
	if err != nil {
		return s, err
	}
	next := s.clone()
	next.policies[i] = pol
	return next, nil
}

func (s PolicySet) clone() PolicySet {
	return PolicySet{reg: s.reg, policies: slices.Clone(s.policies)}
}

// JSON writes the policies of the named packages (all when none are named)
// as an indented policy-set document, in registration order: a file to
// copy, edit and [PolicySet.Load].
func (s PolicySet) JSON(names ...string) ([]byte, error) {
	for _, n := range names {
		if _, ok := s.reg.byPkg[n]; !ok {
			return nil, &program.FieldError{Pointer: "", Detail: fmt.Sprintf("%q is not a package (%s)", n, s.reg.names())}
		}
	}
	var b bytes.Buffer
	b.WriteString("{")
	first := true
	for i, p := range s.reg.pkgs {
		if len(names) > 0 && !slices.Contains(names, p.name) {
			continue
		}
		body, err := json.MarshalIndent(s.policies[i], "  ", "  ")
		if err != nil {
			return nil, err
		}
		if !first {
			b.WriteString(",")
		}
		first = false
		fmt.Fprintf(&b, "\n  %q: %s", p.name, body)
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

// Flow draws package pkg's decision flow under the set's policy for it; ok
// is false when the package has no flow to draw.
func (s PolicySet) Flow(pkg string) (program.Flow, bool) {
	i, ok := s.reg.byPkg[pkg]
	if !ok || s.reg.pkgs[i].flow == nil {
		return program.Flow{}, false
	}
	return s.reg.pkgs[i].flow(s.policies[i]), true
}

// ErrUnknownOperation is matched by the error of evaluating an operation the
// registry does not have.
var ErrUnknownOperation = fmt.Errorf("unknown operation")

// NowRequired is the problem of evaluating an operation that needs the
// evaluation instant without one. It is located by the parameter "now",
// not by a pointer into the input.
var NowRequired = &program.FieldError{Parameter: "now", Detail: "required: the evaluation instant, an RFC 3339 instant such as 2026-03-20T09:00:00Z"}

// Evaluate decodes input strictly as operation op's input and decides it at
// now under the set's policy for op's package. An input error matches
// [program.ErrInvalidInput] and lists every problem with its JSON Pointer
// (the first [program.MaxProblems], and the count of the rest); an unknown
// operation matches [ErrUnknownOperation]. now may be zero for operations
// that do not need it.
func (s PolicySet) Evaluate(op string, input []byte, now time.Time) (Result, error) {
	return s.EvaluateContext(context.Background(), op, input, now)
}

// EvaluateContext is [PolicySet.Evaluate] for a request that may end first:
// when ctx is done before the input is decoded, or once it is decoded and
// before it is decided, it stops and returns an error matching ctx.Err()
// (context.DeadlineExceeded or context.Canceled). Decoding and deciding
// are not interrupted: each is linear in the input, which a caller bounds
// (the HTTP handler's MaxBody, eval's 1 MiB per input), so each ends soon.
func (s PolicySet) EvaluateContext(ctx context.Context, op string, input []byte, now time.Time) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("%s not evaluated: %w", op, err)
	}
	i, ok := s.reg.byOp[op]
	if !ok {
		return Result{}, fmt.Errorf("%w %q; the registry has: %s", ErrUnknownOperation, op, strings.Join(s.reg.opNames(), ", "))
	}
	o := &s.reg.ops[i]
	if o.needsNow && now.IsZero() {
		return Result{}, NowRequired
	}
	d, err := o.decide(ctx, s.policies[s.reg.byPkg[o.pkg]], input, now)
	if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		return Result{}, fmt.Errorf("%s decoded, not decided: %w", op, err)
	}
	if err != nil {
		return Result{}, err
	}
	outcome, rules := d.OutcomeRules()
	return Result{Operation: op, Outcome: outcome, Rules: rules, Decision: d}, nil
}

func (r *Registry) opNames() []string {
	names := make([]string, len(r.ops))
	for i, op := range r.ops {
		names[i] = op.name
	}
	return names
}
