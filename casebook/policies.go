package casebook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/channelpolicy/channelpolicy/program"
)

// A policy set file is a JSON object keyed by package name, each value a
// whole or partial policy of that package laid over its default:
//
//	{"dealreg": {"expiry_days": 60}, "nfr": {"version": "nfr-2027"}}
//
// Packages the file does not name keep their default policy.

// LoadPolicies reads a policy set strictly and applies it to r, all of it
// or, on any error, none of it. Errors name the package and the field
// ("dealreg.policy.expiry_days: ..."), packages in registration order, then
// unknown names in sorted order.
func (r *Registry) LoadPolicies(data []byte) error {
	var set map[string]json.RawMessage
	if err := program.DecodeJSON(data, &set, "policies"); err != nil {
		return err
	}
	var p program.Problems
	decoded := map[string]any{}
	for _, pkg := range r.pkgs {
		raw, ok := set[pkg.Name]
		if !ok {
			continue
		}
		pol, err := pkg.DecodePolicy(r.policies[pkg.Name], raw)
		if err != nil {
			for _, fe := range program.FieldErrors(err) {
				p.AddErr(&program.FieldError{Field: program.Path(pkg.Name, fe.Field), Problem: fe.Problem})
			}
			continue
		}
		decoded[pkg.Name] = pol
	}
	var unknown []string
	for name := range set {
		if _, ok := r.Package(name); !ok {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		p.Add(name, "not a package (%s)", r.names())
	}
	if err := p.Err(); err != nil {
		return err
	}
	for name, pol := range decoded {
		r.policies[name] = pol
	}
	return nil
}

func (r *Registry) names() string {
	var b bytes.Buffer
	for i, p := range r.pkgs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
	}
	return b.String()
}

// PoliciesJSON writes the policies of the named packages (all when none are
// named) as an indented policy set, in registration order.
func (r *Registry) PoliciesJSON(names ...string) ([]byte, error) {
	for _, n := range names {
		if _, ok := r.Package(n); !ok {
			return nil, &program.FieldError{Field: "package", Problem: fmt.Sprintf("%q is not a package (%s)", n, r.names())}
		}
	}
	var b bytes.Buffer
	b.WriteString("{")
	first := true
	for _, p := range r.pkgs {
		if len(names) > 0 && !contains(names, p.Name) {
			continue
		}
		body, err := json.MarshalIndent(r.policies[p.Name], "  ", "  ")
		if err != nil {
			return nil, err
		}
		if !first {
			b.WriteString(",")
		}
		first = false
		fmt.Fprintf(&b, "\n  %q: %s", p.Name, body)
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
