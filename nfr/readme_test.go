package nfr_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestReadmeInput decides the JSON input shown in README.md, so the README
// cannot drift from the input format.
func TestReadmeInput(t *testing.T) {
	block := casetest.MarkdownBlock(t, "README.md", "json")
	var r nfr.Request
	if err := program.DecodeJSON(block, &r); err != nil {
		t.Fatal(err)
	}
	d, err := nfr.Default().Decide(r)
	if err != nil {
		t.Fatal(err)
	}
	// 8 + 20 = 28 > 25 SaaS with a justification: review; 10 Duo with
	// Amazon Q within the AWS cap of 25.
	want := []program.RuleID{nfr.RuleOverCapReview, nfr.RuleWithinCap, nfr.RuleEligible, nfr.RulePermittedUses, nfr.RuleReview}
	if d.Outcome != nfr.NeedsReview {
		t.Errorf("outcome %s, want needs_review", d.Outcome)
	}
	if diff := cmp.Diff(want, d.Reasons.IDs()); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
}
