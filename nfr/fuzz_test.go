package nfr_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// seeds returns the inputs (or, with policies, the policy documents) of the
// case book's cases of operation op.
func seeds(f *testing.F, op string, policies bool) [][]byte {
	var out [][]byte
	for _, c := range casetest.Load(f, "../testdata/nfr") {
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
			casetest.InputError(t, data, err)
			return
		}
		d, err := pol.Decide(r)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		if !d.Outcome.Valid() {
			t.Fatalf("unknown outcome %q", d.Outcome)
		}
		casetest.Reasons(t, rules, d.Reasons)
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
			casetest.InputError(t, data, err)
			return
		}
		a, err := pol.Allowance(h)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		if !a.Outcome.Valid() || a.Reasons.Len() <= len(nfr.LicenseTypes) {
			t.Fatalf("outcome %q with %d reasons", a.Outcome, a.Reasons.Len())
		}
		casetest.Reasons(t, nfr.Rules(), a.Reasons)
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
		p, ok := casetest.ParsePolicy(t, nfr.Default, nfr.ParsePolicy, data)
		if !ok {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed policy is invalid: %v", err)
		}
		d, err := p.Decide(validRequest())
		if err != nil || !d.Outcome.Valid() {
			t.Fatalf("valid request under a valid policy: %v %+v", err, d)
		}
		casetest.Reasons(t, nfr.Rules(), d.Reasons)
		checkInvariants(t, p, validRequest(), d)
	})
}
