package channelpolicy

import (
	"fmt"
	"reflect"

	"github.com/channelpolicy/channelpolicy/program"
)

// Package is one rules package as the front door sees it: its rules, its
// policy (the default and how a policy document is read over a base), and
// its operations. Declare it with [Declare].
type Package struct {
	name       string
	doc        string
	sections   []string
	rules      []program.Rule
	policyType reflect.Type
	// defaultPolicy returns the handbook's policy.
	defaultPolicy func() any
	// parsePolicy reads data strictly over base and validates the result;
	// base itself never changes.
	parsePolicy func(base any, data []byte) (any, error)
	operations  []Operation
	flow        func(policy any) program.Flow
}

// Policy describes a rules package's policy type P: its default and its
// parser, such as dealreg.Default and dealreg.ParsePolicy.
type Policy[P any] struct {
	Default func() P
	Parse   func(base P, data []byte) (P, error)
	// Flow, when the package has one, draws its decision flow under a
	// policy, from the rule definitions the package evaluates.
	Flow func(P) program.Flow
}

// Declare declares rules package name: a one-line doc, the handbook
// sections its rules cite, its rules, its policy and its operations. Every
// operation must belong to the package and decide under its policy type; a
// declaration that breaks this is a programming error and panics.
func Declare[P any](name, doc string, sections []string, rules []program.Rule, policy Policy[P], ops ...Operation) Package {
	pt := reflect.TypeFor[P]()
	for _, op := range ops {
		if op.pkg != name {
			panic(fmt.Sprintf("channelpolicy: operation %s declared in package %s", op.name, name))
		}
		if op.policyType != pt {
			panic(fmt.Sprintf("channelpolicy: operation %s decides under %s, package %s has %s", op.name, op.policyType, name, pt))
		}
	}
	p := Package{
		name:          name,
		doc:           doc,
		sections:      sections,
		rules:         rules,
		policyType:    pt,
		defaultPolicy: func() any { return policy.Default() },
		parsePolicy: func(base any, data []byte) (any, error) {
			pol, err := policy.Parse(base.(P), data)
			if err != nil {
				return nil, err
			}
			return pol, nil
		},
		operations: ops,
	}
	if policy.Flow != nil {
		p.flow = func(pol any) program.Flow { return policy.Flow(pol.(P)) }
	}
	return p
}

// Name is the package's name, such as "dealreg".
func (p Package) Name() string { return p.name }

// Doc says what the package decides, in one line.
func (p Package) Doc() string { return p.doc }

// Sections are the handbook section headings the package's rules cite.
func (p Package) Sections() []string { return p.sections }

// Rules lists every rule the package can cite in a decision.
func (p Package) Rules() []program.Rule { return p.rules }

// Operations lists the package's operations in declaration order.
func (p Package) Operations() []Operation { return p.operations }

// PolicyType is the Go type of the package's policy.
func (p Package) PolicyType() reflect.Type { return p.policyType }

// HasFlow reports whether the package can draw its decision flow.
func (p Package) HasFlow() bool { return p.flow != nil }
