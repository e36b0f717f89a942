package distribution_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestConcurrentDecisionsMatchSequentialOnes decides every case-book case
// from many goroutines at once: each decision must equal the one made
// alone, and every reason must cite a declared rule with its section.
func TestConcurrentDecisionsMatchSequentialOnes(t *testing.T) {
	casetest.Concurrent(t, channelpolicy.Distribution(), casetest.Load(t, "../testdata/distribution"))
}

// TestCompiledPolicyNoticesChanges: a policy changed after it was compiled
// is compiled again rather than decided by its stale ready form.
func TestCompiledPolicyNoticesChanges(t *testing.T) {
	casetest.PolicyNoticesChanges(t, distribution.Default(), distribution.Fresh)
	p := distribution.Default()
	p.Territories = append([]distribution.TerritoryArea{{Territory: "japan", Areas: []string{"DE"}, QuoteRegion: distribution.RegionAPJ}}, p.Territories...)
	d, err := p.Territory(distribution.Transaction{Partner: program.Partner{Country: "DE"}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != "japan" {
		t.Fatalf("a territory put first on a compiled policy: DE is in %s, want japan", d.Outcome)
	}
}
