package nfr_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestReadmeInput decides the JSON input shown in README.md, so the README
// cannot drift from the input format.
func TestReadmeInput(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```json\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no JSON block")
	}
	var r nfr.Request
	if err := program.DecodeJSON([]byte(block), &r, "request"); err != nil {
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
	if diff := cmp.Diff(want, casebook.RuleIDs(d.Reasons)); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
}
