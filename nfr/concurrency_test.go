package nfr_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/nfr"
)

// TestConcurrentDecisionsMatchSequentialOnes decides every case-book case
// from many goroutines at once: each decision must equal the one made
// alone, and every reason must cite a declared rule with its section.
func TestConcurrentDecisionsMatchSequentialOnes(t *testing.T) {
	casetest.Concurrent(t, channelpolicy.NFR(), casetest.Load(t, "../testdata/nfr"))
}

// TestCompiledPolicyNoticesChanges: a policy changed after it was compiled
// is compiled again rather than decided by its stale ready form.
func TestCompiledPolicyNoticesChanges(t *testing.T) {
	casetest.PolicyNoticesChanges(t, nfr.Default(), nfr.Fresh)
	p := nfr.Default()
	p.ProvisioningBusinessDays = -1
	if _, err := p.Decide(validRequest()); err == nil {
		t.Fatal("a policy changed to -1 provisioning days decided")
	}
}
