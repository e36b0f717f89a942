package marketing_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/marketing"
)

// TestREADMEExample decides the README's MDF batch and holds it to what
// the README says: needs_review, MDF-B (joint, score 3) before MDF-A
// (standard), MDF-C left to a person. The policy set it shows next is a
// valid one.
func TestREADMEExample(t *testing.T) {
	res, err := channelpolicy.Evaluate("marketing.prioritize_mdf", jsonBlock(t, 0),
		time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	d := res.Decision.(marketing.MDFDecision)
	var ids, tiers []string
	for _, e := range d.Requests {
		ids, tiers = append(ids, e.ID), append(tiers, e.Tier)
	}
	if d.Outcome != marketing.BatchNeedsReview || !slices.Equal(ids, []string{"MDF-B", "MDF-A", "MDF-C"}) ||
		!slices.Equal(tiers, []string{"joint", "standard", ""}) || d.Requests[0].Score != 3 {
		t.Fatalf("outcome %s, requests %v, tiers %v, first score %d", d.Outcome, ids, tiers, d.Requests[0].Score)
	}
	if _, err := channelpolicy.Default().Policies().Load(jsonBlock(t, 1)); err != nil {
		t.Fatalf("the README's policy set: %v", err)
	}
}

// jsonBlock is the README's json block number n, from 0.
func jsonBlock(t *testing.T, n int) []byte {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(string(b), "```json\n")
	if len(parts) <= n+1 {
		t.Fatalf("README.md has no json block %d", n)
	}
	block, _, _ := strings.Cut(parts[n+1], "```")
	return []byte(block)
}
