package locator_test

import (
	"fmt"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/locator"
	"github.com/channelpolicy/channelpolicy/program"
)

// benchInput is a lead and n profiles of which about a third are eligible:
// the rest fail on standing, coverage or capability.
func benchInput(n int) (locator.RouteInput, int) {
	in := locator.RouteInput{Lead: locator.Lead{Country: "DE", Needs: []locator.Capability{locator.CapResale, locator.CapMigration},
		Cloud: locator.CloudAWS, Marketplace: true}}
	countries := []program.Country{"DE", "FR", "JP", "US", "BR", "IN"}
	for i := range n {
		p := locator.Profile{
			Partner: program.Partner{ID: fmt.Sprintf("P-%05d", (i*7919)%100000), AgreementSigned: true,
				Track: program.Tracks[i%2], Standing: program.StandingGood},
			Locations:    []locator.Location{{Country: countries[i%len(countries)], InCountrySupport: i%4 == 0}, {Country: "GB"}},
			Capabilities: []locator.Capability{locator.CapResale, locator.CapMigration, locator.CapImplementation},
		}
		if i%3 == 0 {
			p.Regions = []locator.Region{locator.RegionEMEA}
		}
		if i%5 == 0 {
			p.Partner.Competencies = []program.Competency{program.CompetencyAWSDevOps}
			p.Partner.Marketplaces = []program.Marketplace{program.MarketplaceAWSCPPO}
		}
		if i%11 == 0 {
			p.Partner.Standing = program.StandingProbation
		}
		if i%13 == 0 {
			p.Capabilities = p.Capabilities[:1]
		}
		in.Partners = append(in.Partners, p)
	}
	d, err := locator.Default().Route(in)
	if err != nil {
		panic(err)
	}
	return in, len(d.Partners)
}

// BenchmarkRoute1000 routes one lead over 1,000 profiles. The issue's
// budget: at most 200µs and 4 allocations per eligible partner
// (reported as allocs/eligible).
func BenchmarkRoute1000(b *testing.B) {
	in, eligible := benchInput(1000)
	pol := locator.Default()
	b.ReportAllocs()
	var allocs float64
	for b.Loop() {
		if _, err := pol.Route(in); err != nil {
			b.Fatal(err)
		}
	}
	allocs = testing.AllocsPerRun(20, func() { _, _ = pol.Route(in) })
	b.ReportMetric(float64(eligible), "eligible")
	b.ReportMetric(allocs/float64(max(eligible, 1)), "allocs/eligible")
}

func BenchmarkProfile(b *testing.B) {
	in, _ := benchInput(1)
	pol := locator.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Profile(in.Partners[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProfileBadInput checks a profile with an unknown region and a
// country listed twice: refused with two problems.
func BenchmarkProfileBadInput(b *testing.B) {
	in, _ := benchInput(1)
	p := in.Partners[0]
	p.Regions = []locator.Region{locator.RegionEMEA, "mars"}
	p.Locations = append(p.Locations, p.Locations[0])
	pol := locator.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pol.Profile(p); err == nil {
			b.Fatal("want an error")
		}
	}
}

// BenchmarkRender writes every text of a routing decision over 1,000
// profiles, as encoding or String would.
func BenchmarkRender(b *testing.B) {
	in, _ := benchInput(1000)
	d, err := locator.Default().Route(in)
	if err != nil {
		b.Fatal(err)
	}
	casetest.BenchmarkRender(b, d.Reasons)
}
