package distribution_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

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

// TestConcurrentDecisionsUnderAHandBuiltPolicy: a policy changed by hand
// and not compiled again is compiled by each decision; shared by many
// goroutines it gives each the decision it gives alone (go test -race
// watches that no decision writes to it).
func TestConcurrentDecisionsUnderAHandBuiltPolicy(t *testing.T) {
	p := distribution.Default()
	p.SelectMayUseDistributors = false
	p.Quotes.APJ.TurnaroundHours = 10 // Friday 15:00 in Singapore: two hours, then all of Monday
	r := distribution.PathRequest{Partner: program.Partner{Country: "JP", Track: program.TrackSelect,
		Marketplaces: []program.Marketplace{program.MarketplaceAWSCPPO}}}
	q := distribution.QuoteRequest{Partner: program.Partner{Country: "KR"}, RequestedAt: time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)}
	decide := func() string {
		path, err := p.Path(r)
		if err != nil {
			t.Error(err)
		}
		quote, err := p.Quote(q)
		if err != nil {
			t.Error(err)
		}
		b, _ := json.Marshal([]any{path, quote})
		return string(b)
	}
	want := decide()
	if !strings.Contains(want, `"due":"2026-11-30T17:00:00+08:00"`) || strings.Contains(want, "Networld") {
		t.Fatalf("the hand-made changes are not decided: %s", want)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got := decide(); got != want {
					t.Errorf("concurrent decision differs:\n%s\nalone:\n%s", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
