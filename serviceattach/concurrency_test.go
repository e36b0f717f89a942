package serviceattach_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// TestConcurrentDecisionsMatchSequentialOnes decides every case-book case
// from many goroutines at once: each decision must equal the one made
// alone, and every reason must cite a declared rule with its section.
func TestConcurrentDecisionsMatchSequentialOnes(t *testing.T) {
	casetest.Concurrent(t, channelpolicy.ServiceAttach(), casetest.Load(t, "../testdata/serviceattach"))
}

// TestCompiledPolicyNoticesChanges: a policy changed after it was compiled
// is checked again rather than trusted.
func TestCompiledPolicyNoticesChanges(t *testing.T) {
	casetest.PolicyNoticesChanges(t, serviceattach.Default(), serviceattach.Fresh)
	p := serviceattach.Default()
	p.CloseWindowMonths = 0
	if _, err := p.Classify(baseline()); err == nil {
		t.Fatal("a policy changed to a 0-month window decided")
	}
}

// TestSameDayExplanationIsLinear: many qualifying registrations of one
// opportunity submitted the same day each need review, and each reason
// names a few of the others and counts the rest, so the decision grows
// with the registrations, not with their square.
func TestSameDayExplanationIsLinear(t *testing.T) {
	size := func(n int) int {
		regs := make([]serviceattach.Registration, n)
		for i := range regs {
			r := baseline()
			r.ID = fmt.Sprintf("R-%04d", i)
			r.Evidence.ID = "SOW-" + r.ID
			regs[i] = r
		}
		d, err := serviceattach.Default().Portfolio(regs)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range d.Entries {
			if e.Outcome != serviceattach.NeedsReview || e.Reasons.IDs()[0] != serviceattach.RuleSameDay {
				t.Fatalf("entry %s: %s %v, want needs_review for the same day", e.ID, e.Outcome, e.Reasons.IDs())
			}
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		return len(b)
	}
	small, large := size(100), size(1000)
	if large > 12*small {
		t.Fatalf("100 registrations encode in %d bytes, 1000 in %d: more than linear", small, large)
	}
	d, _ := serviceattach.Default().Portfolio(func() []serviceattach.Registration {
		regs := []serviceattach.Registration{baseline(), baseline(), baseline(), baseline(), baseline()}
		for i := range regs {
			regs[i].ID = fmt.Sprintf("R-%d", i)
			regs[i].Evidence.ID = fmt.Sprintf("SOW-%d", i)
		}
		return regs
	}())
	want := "submitted 2026-01-15, the same day as R-1, R-2, R-3 and 1 more, which share its opportunity or document; none is earliest"
	if got := d.Entries[0].Reasons.At(0).Text(); got != want {
		t.Errorf("text %q, want %q", got, want)
	}
}
