package serviceattach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

func TestPolicyHoldsTheHandbookNumbers(t *testing.T) {
	p := serviceattach.Default()
	if p.CloseWindowMonths != 6 || p.SignatureWindowMonths != 6 || p.RegistrationWindowMonths != 12 {
		t.Errorf("windows %d/%d/%d months, want 6/6/12", p.CloseWindowMonths, p.SignatureWindowMonths, p.RegistrationWindowMonths)
	}
	if p.WindowsOpenAtAnchor {
		t.Error("the default reading treats the windows as deadlines only")
	}
	// The handbook's thirteen in-scope services, in its order.
	want := []serviceattach.ServiceCategory{"implementation", "integration", "optimization", "migration",
		"managed_hosted", "security_compliance", "adoption", "assessment", "transformation",
		"application_development", "devsecops_ai", "support", "success"}
	if diff := cmp.Diff(want, p.InScope); diff != "" {
		t.Errorf("in scope (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]serviceattach.ServiceCategory{"education_training", "non_gitlab"}, p.OutOfScope); diff != "" {
		t.Errorf("out of scope (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]serviceattach.Industry{"public_sector"}, p.RegulatedIndustries); diff != "" {
		t.Errorf("regulated industries (-want +got):\n%s", diff)
	}
}

func TestZeroPolicyIsRejected(t *testing.T) {
	if err := (serviceattach.Policy{}).Validate(); err == nil {
		t.Fatal("a zero policy validated")
	}
}

func TestRulesAreUniqueAndCited(t *testing.T) {
	seen := map[program.RuleID]bool{}
	for _, r := range serviceattach.Rules() {
		if seen[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		seen[r.ID] = true
		if !slices.Contains(serviceattach.Sections, r.Section) || r.Summary == "" {
			t.Errorf("rule %s: section %q not listed or no summary", r.ID, r.Section)
		}
		if !strings.HasPrefix(string(r.ID), "serviceattach.") {
			t.Errorf("rule %s is not in the package's namespace", r.ID)
		}
	}
}

// TestReadmeInput decides the JSON input shown in README.md, so the README
// cannot drift from the input format.
func TestReadmeInput(t *testing.T) {
	block := casetest.MarkdownBlock(t, "README.md", "json")
	var r serviceattach.Registration
	if err := program.DecodeJSON(block, &r); err != nil {
		t.Fatal(err)
	}
	d, err := serviceattach.Default().Classify(r)
	if err != nil {
		t.Fatal(err)
	}
	// Closed 2025-10-25, so the approval window closed 2026-04-25; the SOW
	// came 2026-05-02: accepted as a paid engagement (12 months from the
	// 2026-01-15 registration), approval missing the window alone.
	want := []program.RuleID{serviceattach.RuleAcceptedPaid, serviceattach.RuleCloseWindow}
	if d.Outcome != serviceattach.Accepted {
		t.Errorf("outcome %s, want accepted", d.Outcome)
	}
	if diff := cmp.Diff(want, d.Reasons.IDs()); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
}

func TestEnumsDecodeStrictly(t *testing.T) {
	for _, in := range []string{`{"services": ["Implementation"]}`, `{"customer_industry": "banking"}`, `{"evidence": {"kind": "SOW"}}`} {
		var r serviceattach.Registration
		if err := program.DecodeJSON([]byte(in), &r); err == nil {
			t.Errorf("%s decoded", in)
		}
	}
	var o serviceattach.Outcome
	if err := o.UnmarshalText([]byte("maybe")); err == nil {
		t.Error("outcome maybe decoded")
	}
	var rt serviceattach.Route
	if err := rt.UnmarshalText([]byte("paid")); err == nil {
		t.Error("route paid decoded")
	}
	for _, v := range []interface{ EnumValues() []string }{serviceattach.Outcome(""), serviceattach.Route(""), serviceattach.ServiceCategory(""), serviceattach.Industry(""), serviceattach.EvidenceKind("")} {
		if len(v.EnumValues()) == 0 {
			t.Errorf("%T lists no values", v)
		}
	}
}
