// Package casebook loads case books — files of inputs with the decisions the
// handbook says they must get — and runs them against the rules packages.
//
// A case book is a JSON file holding {"cases": [...]}. Each case names an
// operation ("dealreg.route"), the handbook section it comes from, a note
// saying why the case exists, the input, the evaluation instant and what is
// expected: an outcome and the ordered rule IDs of its reasons, optionally
// some fields of the decision ("next.due", "expires_at"), or, for bad input,
// the fields the error must name. A case may also carry a partial policy that
// is laid over the package's default, to pin a reading switch.
//
// The rules packages' own table tests run their case books through this
// package (see package casetest), and so does the channelpolicy command.
package casebook

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Case is one expected decision.
type Case struct {
	ID        string          `json:"id"`
	Section   string          `json:"section"`
	Note      string          `json:"note"`
	Operation string          `json:"operation"`
	Now       time.Time       `json:"now,omitzero"`
	Policy    json.RawMessage `json:"policy,omitempty"`
	Input     json.RawMessage `json:"input"`
	Want      Want            `json:"want"`

	// File is where the case was loaded from; not part of the format.
	File string `json:"-"`
}

// Want is what a case expects. Either Outcome (with Rules) or ErrorFields is
// set.
type Want struct {
	Outcome string           `json:"outcome,omitempty"`
	Rules   []program.RuleID `json:"rules,omitempty"`
	// Fields maps a path into the decision's JSON ("next.due",
	// "entries[1].outcome") to its expected value. Instants compare as
	// instants, whatever their offsets.
	Fields map[string]json.RawMessage `json:"fields,omitempty"`
	// ErrorFields are the field paths the input error must name, in order.
	ErrorFields []string `json:"error_fields,omitempty"`
}

type file struct {
	Cases []Case `json:"cases"`
}

// LoadFile reads one case book strictly. Errors name the file and the case.
func LoadFile(path string) ([]Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f file
	if err := program.DecodeJSON(data, &f, ""); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Cases) == 0 {
		return nil, fmt.Errorf("%s: no cases", path)
	}
	for i := range f.Cases {
		c := &f.Cases[i]
		c.File = path
		if err := c.check(); err != nil {
			return nil, fmt.Errorf("%s: case %d (%q): %w", path, i, c.ID, err)
		}
	}
	return f.Cases, nil
}

// LoadDir reads every *.json case book under dir, recursively, in path
// order, and rejects duplicate case IDs.
func LoadDir(dir string) ([]Case, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var all []Case
	seen := map[string]string{}
	for _, p := range paths {
		cs, err := LoadFile(p)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if prev, dup := seen[c.ID]; dup {
				return nil, fmt.Errorf("%s: case %q: ID already used in %s", p, c.ID, prev)
			}
			seen[c.ID] = p
		}
		all = append(all, cs...)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("%s: no case books (*.json)", dir)
	}
	return all, nil
}

func (c *Case) check() error {
	var p program.Problems
	if c.ID == "" {
		p.Add("id", "required")
	}
	if c.Section == "" {
		p.Add("section", "required: the handbook section heading the case comes from")
	}
	if c.Note == "" {
		p.Add("note", "required: say why this case exists")
	}
	if c.Operation == "" {
		p.Add("operation", "required, such as dealreg.route")
	}
	if len(c.Input) == 0 {
		p.Add("input", "required")
	}
	w := c.Want
	switch {
	case w.Outcome == "" && len(w.ErrorFields) == 0:
		p.Add("want", "set outcome (with rules) or error_fields")
	case w.Outcome != "" && len(w.ErrorFields) > 0:
		p.Add("want", "outcome and error_fields exclude each other")
	case w.Outcome != "" && len(w.Rules) == 0:
		p.Add("want.rules", "required with an outcome: the rule IDs of the reasons, in order")
	}
	return p.Err()
}

// Result is what an operation decided, reduced to what case books compare.
type Result struct {
	Outcome string
	Rules   []program.RuleID
	// Decision is the package's own decision value, for output and for
	// Want.Fields.
	Decision any
}

// Operation adapts one decision function of a rules package.
type Operation struct {
	// Name is "<package>.<operation>", such as "dealreg.route".
	Name string
	// Summary says what the operation decides, in one line.
	Summary string
	// Root is the name under which input errors are reported
	// ("registration" gives "registration.opportunity.stage"); empty when the
	// input's fields are reported bare.
	Root string
	// NeedsNow is true when the decision depends on the evaluation instant.
	NeedsNow bool
	// NewInput returns a pointer to a zero input, for decoding and schemas.
	NewInput func() any
	// Eval decides input (a value made by NewInput) under policy (a value
	// made by the package's DefaultPolicy or DecodePolicy) at now.
	Eval func(policy, input any, now time.Time) (Result, error)
}

// Package adapts one rules package.
type Package struct {
	Name string
	// Sections are the handbook section headings the package's rules cite.
	Sections []string
	// Rules lists every rule the package can cite in a decision.
	Rules []program.Rule
	// DefaultPolicy returns a pointer to a fresh copy of the default policy.
	DefaultPolicy func() any
	// DecodePolicy decodes data strictly over a copy of base (a value from
	// DefaultPolicy or an earlier DecodePolicy; base itself must not change)
	// and validates the result. A partial document changes only the fields
	// it names.
	DecodePolicy func(base any, data []byte) (any, error)
	Operations   []Operation
}

// Operation finds the package's operation by name.
func (p Package) Operation(name string) (Operation, bool) {
	for _, op := range p.Operations {
		if op.Name == name {
			return op, true
		}
	}
	return Operation{}, false
}

// Registry is a set of packages, each with the policy to run it under.
type Registry struct {
	pkgs     []Package
	policies map[string]any
}

// NewRegistry returns a registry of pkgs, each under its default policy.
func NewRegistry(pkgs ...Package) *Registry {
	r := &Registry{pkgs: pkgs, policies: map[string]any{}}
	for _, p := range pkgs {
		r.policies[p.Name] = p.DefaultPolicy()
	}
	return r
}

// Packages returns the registry's packages in registration order.
func (r *Registry) Packages() []Package { return slices.Clone(r.pkgs) }

// Package finds a package by name.
func (r *Registry) Package(name string) (Package, bool) {
	for _, p := range r.pkgs {
		if p.Name == name {
			return p, true
		}
	}
	return Package{}, false
}

// Policy is the policy pkg runs under.
func (r *Registry) Policy(pkg string) any { return r.policies[pkg] }

// SetPolicy decodes data strictly over pkg's current policy and uses the
// result from now on; two calls build on each other.
func (r *Registry) SetPolicy(pkg string, data []byte) error {
	p, ok := r.Package(pkg)
	if !ok {
		return fmt.Errorf("unknown package %q", pkg)
	}
	pol, err := p.DecodePolicy(r.policies[pkg], data)
	if err != nil {
		return err
	}
	r.policies[pkg] = pol
	return nil
}

// Lookup finds an operation by its full name.
func (r *Registry) Lookup(name string) (Package, Operation, bool) {
	pkg, _, ok := strings.Cut(name, ".")
	if !ok {
		return Package{}, Operation{}, false
	}
	p, ok := r.Package(pkg)
	if !ok {
		return Package{}, Operation{}, false
	}
	op, ok := p.Operation(name)
	return p, op, ok
}

// Evaluate decodes input strictly and runs operation name on it at now under
// the registry's policy for its package, with override (a case's own partial
// policy) laid over that policy when it is not empty — so a case that pins
// one reading switch still sees the rest of the policy in force.
func (r *Registry) Evaluate(name string, override, input json.RawMessage, now time.Time) (Result, error) {
	p, op, ok := r.Lookup(name)
	if !ok {
		return Result{}, fmt.Errorf("unknown operation %q", name)
	}
	pol := r.policies[p.Name]
	if len(override) > 0 {
		var err error
		if pol, err = p.DecodePolicy(pol, override); err != nil {
			return Result{}, fmt.Errorf("policy: %w", err)
		}
	}
	in := op.NewInput()
	if err := program.DecodeJSON(input, in, op.Root); err != nil {
		return Result{}, err
	}
	if op.NeedsNow && now.IsZero() {
		return Result{}, &program.FieldError{Field: "now", Problem: "required: the evaluation instant (RFC 3339)"}
	}
	return op.Eval(pol, in, now)
}

// Run evaluates c and returns the result or the input error.
func (r *Registry) Run(c Case) (Result, error) {
	return r.Evaluate(c.Operation, c.Policy, c.Input, c.Now)
}

// RuleIDs lists the rule IDs of reasons, in order; adapters use it to build a
// Result.
func RuleIDs(reasons []program.Reason) []program.RuleID {
	ids := make([]program.RuleID, len(reasons))
	for i, r := range reasons {
		ids[i] = r.Rule
	}
	return ids
}
