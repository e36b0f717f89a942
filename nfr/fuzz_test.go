package nfr_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// seeds returns the inputs (or, with policies, the policy documents) of the
// case book's cases of operation op.
func seeds(f *testing.F, op string, policies bool) [][]byte {
	cases, err := casebook.LoadDir("../testdata/nfr")
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, c := range cases {
		switch {
		case policies && len(c.Policy) > 0:
			out = append(out, c.Policy)
		case !policies && c.Operation == op:
			out = append(out, c.Input)
		}
	}
	return out
}

// FuzzDecide: any JSON either fails as invalid input or decides a known
// outcome with reasons, the same way twice, keeping the invariants of a
// decision.
func FuzzDecide(f *testing.F) {
	for _, s := range seeds(f, "nfr.decide", false) {
		f.Add(s)
	}
	pol := nfr.Default()
	rules := nfr.Rules()
	f.Fuzz(func(t *testing.T, data []byte) {
		var r nfr.Request
		if err := program.DecodeJSON(data, &r); err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("decode error is not invalid input: %v", err)
			}
			return
		}
		d, err := pol.Decide(r)
		if err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("Decide error is not invalid input: %v", err)
			}
			return
		}
		if !d.Outcome.Valid() || len(d.Reasons) == 0 {
			t.Fatalf("outcome %q with %d reasons", d.Outcome, len(d.Reasons))
		}
		for _, rs := range d.Reasons {
			if !slices.ContainsFunc(rules, func(x program.Rule) bool { return x.ID == rs.Rule && x.Section == rs.Section }) {
				t.Fatalf("reason cites undeclared rule %s (%s)", rs.Rule, rs.Section)
			}
		}
		again, err := pol.Decide(r)
		if err != nil || !reflect.DeepEqual(d, again) {
			t.Fatalf("second decision differs: %v\n%+v\n%+v", err, d, again)
		}
		checkInvariants(t, pol, r, d)
	})
}

func checkInvariants(t *testing.T, pol nfr.Policy, r nfr.Request, d nfr.Decision) {
	t.Helper()
	if len(d.Licenses) != len(nfr.LicenseTypes) {
		t.Fatalf("%d license lines", len(d.Licenses))
	}
	for _, ln := range d.Licenses {
		if ln.Remaining < 0 || ln.Remaining > ln.Cap {
			t.Fatalf("%s: remaining %d outside 0..%d", ln.License, ln.Remaining, ln.Cap)
		}
		if d.Outcome == nfr.Granted && ln.Asked > 0 && (!ln.Allocated || ln.Total > ln.Cap) {
			t.Fatalf("granted over the cap: %+v", ln)
		}
	}
	if (d.Outcome == nfr.Granted) != !d.ProvisioningDue.IsZero() {
		t.Fatalf("outcome %s with provisioning due %v", d.Outcome, d.ProvisioningDue)
	}
	if d.Outcome == nfr.Granted && d.ProvisioningDue.Before(r.SubmittedAt) {
		t.Fatalf("due %v before submission %v", d.ProvisioningDue, r.SubmittedAt)
	}
	if d.Outcome == nfr.Granted {
		for _, u := range r.Uses {
			if slices.Contains(pol.ProhibitedUses, u) {
				t.Fatalf("granted with prohibited use %s", u)
			}
		}
	}
}

// FuzzAllowance: any JSON either fails as invalid input or gives a known
// outcome with one reason per license type plus eligibility.
func FuzzAllowance(f *testing.F) {
	for _, s := range seeds(f, "nfr.allowance", false) {
		f.Add(s)
	}
	pol := nfr.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		var h nfr.Holdings
		if err := program.DecodeJSON(data, &h); err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("decode error is not invalid input: %v", err)
			}
			return
		}
		a, err := pol.Allowance(h)
		if err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("Allowance error is not invalid input: %v", err)
			}
			return
		}
		if !a.Outcome.Valid() || len(a.Reasons) <= len(nfr.LicenseTypes) {
			t.Fatalf("outcome %q with %d reasons", a.Outcome, len(a.Reasons))
		}
		again, _ := pol.Allowance(h)
		if !reflect.DeepEqual(a, again) {
			t.Fatalf("second allowance differs")
		}
		for _, ln := range a.Licenses {
			if ln.Remaining < 0 || ln.Remaining > ln.Cap || (a.Outcome == nfr.Ineligible && ln.Remaining != 0) {
				t.Fatalf("bad remaining in %+v (outcome %s)", ln, a.Outcome)
			}
		}
	})
}

// FuzzParsePolicy: any document over the default either fails as invalid
// input or gives a valid policy that round-trips through JSON, and decides
// a fixed request without panicking.
func FuzzParsePolicy(f *testing.F) {
	for _, s := range seeds(f, "", true) {
		f.Add(s)
	}
	def, _ := json.Marshal(nfr.Default())
	f.Add(def)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := nfr.ParsePolicy(nfr.Default(), data)
		if err != nil {
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("error is not invalid input: %v", err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed policy is invalid: %v", err)
		}
		b, _ := json.Marshal(p)
		q, err := nfr.ParsePolicy(nfr.Default(), b)
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if b2, _ := json.Marshal(q); string(b2) != string(b) {
			t.Fatalf("round trip changed the policy:\n%s\n%s", b, b2)
		}
		d, err := p.Decide(validRequest())
		if err != nil || !d.Outcome.Valid() || len(d.Reasons) == 0 {
			t.Fatalf("valid request under a valid policy: %v %+v", err, d)
		}
		checkInvariants(t, p, validRequest(), d)
	})
}
