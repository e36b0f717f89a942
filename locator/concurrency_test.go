package locator_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/locator"
)

// TestConcurrentDecisionsMatchSequentialOnes decides every case-book case
// from many goroutines at once: each decision must equal the one made
// alone, and every reason must cite a declared rule with its section.
func TestConcurrentDecisionsMatchSequentialOnes(t *testing.T) {
	casetest.Concurrent(t, channelpolicy.Locator(), casetest.Load(t, "../testdata/locator"))
}

// TestCompiledPolicyNoticesChanges: a policy changed after it was compiled
// is compiled again rather than decided by its stale ready form.
func TestCompiledPolicyNoticesChanges(t *testing.T) {
	casetest.PolicyNoticesChanges(t, locator.Default(), locator.Fresh)
	p := locator.Default()
	p.Order = []locator.OrderKey{"nonsense"}
	if _, err := p.Route(locator.RouteInput{Lead: locator.Lead{Country: "DE", Needs: []locator.Capability{locator.CapResale}, Cloud: locator.CloudAWS}, Partners: []locator.Profile{}}); err == nil {
		t.Fatal("a policy changed to an invalid order key decided")
	}
}
