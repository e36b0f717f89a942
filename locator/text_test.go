package locator_test

import (
	"slices"
	"testing"

	"github.com/channelpolicy/channelpolicy/locator"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestReasonTexts reads the texts of a lead no partner may take, written
// out by hand from the facts: five partners in Germany (region EMEA), each
// failing one to three rules, and the default policy's three nearest
// misses (fewest failures, then partner ID). A text that miscounts,
// lists the wrong partners or names the wrong capability fails here;
// tests of rule IDs alone would not notice.
func TestReasonTexts(t *testing.T) {
	p := func(id string, standing program.Standing, country program.Country, caps ...locator.Capability) locator.Profile {
		return locator.Profile{
			Partner:      program.Partner{ID: id, AgreementSigned: true, Track: program.TrackOpen, Standing: standing},
			Locations:    []locator.Location{{Country: country, InCountrySupport: true}},
			Capabilities: caps,
		}
	}
	both := []locator.Capability{locator.CapResale, locator.CapMigration}
	in := locator.RouteInput{
		Lead: locator.Lead{Country: "DE", Needs: both, Cloud: locator.CloudAWS},
		Partners: []locator.Profile{
			p("P-E", program.StandingSuspended, "JP", locator.CapResale), // standing, coverage, capability
			p("P-C", program.StandingGood, "JP", both...),                // coverage
			p("P-B", program.StandingGood, "DE", locator.CapResale),      // capability
			p("P-D", program.StandingSuspended, "DE", locator.CapResale), // standing, capability
			p("P-A", program.StandingSuspended, "DE", both...),           // standing
		},
	}
	d, err := locator.Default().Route(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[program.RuleID]string{
		locator.RuleStanding:     "3 partner(s) are not in an eligible standing (good): P-E, P-D, P-A",
		locator.RuleCoverage:     "2 partner(s) serve neither DE nor its region emea: P-E, P-C",
		locator.RuleCapability:   "3 partner(s) do not offer every capability the lead needs (resale, migration): P-E, P-B, P-D",
		locator.RuleNoneEligible: "none of 5 partners may take the lead; nearest misses: P-A (standing); P-B (capability); P-C (coverage)",
	}
	if d.Outcome != locator.NeedsReview || d.Reasons.Len() != len(want) {
		t.Fatalf("outcome %s with %d reasons, want needs_review with %d: %v", d.Outcome, d.Reasons.Len(), len(want), d.Reasons.List())
	}
	for _, r := range d.Reasons.All() {
		if got := r.Text(); got != want[r.Rule] {
			t.Errorf("%s:\n got %q\nwant %q", r.Rule, got, want[r.Rule])
		}
	}

	// A policy that lists every nearest miss: five, three of them named in
	// the text (the other two with the most failures: P-D, then P-E).
	all, err := locator.ParsePolicy(locator.Default(), []byte(`{"nearest_misses": 0}`))
	if err != nil {
		t.Fatal(err)
	}
	d, err = all.Route(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := d.Reasons.At(d.Reasons.Len()-1).Text(), "none of 5 partners may take the lead; nearest misses: P-A (standing); P-B (capability); P-C (coverage); and 2 more"; got != w || len(d.NearestMisses) != 5 || d.NearestMisses[3].ID != "P-D" {
		t.Errorf("every nearest miss: %v\n got %q\nwant %q", d.NearestMisses, got, w)
	}

	// Four failing partners: three named, one more.
	in.Partners = append(in.Partners, p("P-F", program.StandingSuspended, "DE", both...))
	d, err = locator.Default().Route(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range d.Reasons.All() {
		if r.Rule == locator.RuleStanding {
			if got, w := r.Text(), "4 partner(s) are not in an eligible standing (good): P-E, P-D, P-A and 1 more"; got != w {
				t.Errorf("standing:\n got %q\nwant %q", got, w)
			}
		}
	}
}

// TestOrderReasonTexts reads the texts of a routed lead, one per order key
// of the default policy, written out by hand: a customer in the Czech
// Republic (region EMEA) on AWS buying through its marketplace, and two
// eligible partners, P-2 (open track, in-country support in CZ, the AWS
// DevOps competency and AWS CPPO enrolment) and P-1 (select track, located
// in Germany and serving EMEA as a region, so covering CZ through it).
// Competency comes first in the default order, so P-2 ranks first although
// select precedes open.
func TestOrderReasonTexts(t *testing.T) {
	profile := func(id string, track program.Track, loc locator.Location) locator.Profile {
		return locator.Profile{
			Partner:      program.Partner{ID: id, AgreementSigned: true, Track: track, Standing: program.StandingGood},
			Locations:    []locator.Location{loc},
			Capabilities: []locator.Capability{locator.CapResale},
		}
	}
	p1 := profile("P-1", program.TrackSelect, locator.Location{Country: "DE"})
	p1.Regions = []locator.Region{locator.RegionEMEA}
	p2 := profile("P-2", program.TrackOpen, locator.Location{Country: "CZ", InCountrySupport: true})
	p2.Partner.Competencies = []program.Competency{program.CompetencyAWSDevOps}
	p2.Partner.Marketplaces = []program.Marketplace{program.MarketplaceAWSCPPO}
	in := locator.RouteInput{
		Lead:     locator.Lead{Country: "CZ", Needs: []locator.Capability{locator.CapResale}, Cloud: locator.CloudAWS, Marketplace: true},
		Partners: []locator.Profile{p1, p2},
	}
	d, err := locator.Default().Route(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"locator.route.eligible: 2 of 2 partners may take the lead; first: P-2",
		"locator.order.cloud_competency: customer on aws: partners holding the aws_devops competency first (1 of 2 eligible)",
		"locator.order.in_country_support: partners with in-country support in CZ before region-only support (1 of 2 eligible)",
		"locator.order.track: by track: select before open",
		"locator.order.marketplace_fit: customer buys through a marketplace: partners enrolled in aws_cppo first (1 of 2 eligible)",
		"locator.order.tie_break: partners equal on every key are ordered by partner ID ascending",
	}
	checkTexts(t, d, want)
	if d.Outcome != locator.Routed || len(d.Partners) != 2 || d.Partners[0].ID != "P-2" || d.Partners[1].ID != "P-1" {
		t.Errorf("outcome %s, partners %+v; want routed, P-2 then P-1", d.Outcome, d.Partners)
	}
	if d.Excluded != nil {
		t.Errorf("Excluded = %#v with every partner eligible, want nil", d.Excluded)
	}

	// A cloud the policy names no marketplace program for, and input order
	// as the tie-break: the marketplace text says any program will do, and
	// the tie-break text names the input order. No competency applies to an
	// unknown cloud, so its key is not cited.
	pol, err := locator.ParsePolicy(locator.Default(), []byte(`{"tie_break": "input_order"}`))
	if err != nil {
		t.Fatal(err)
	}
	in.Lead.Cloud = locator.CloudUnknown
	if d, err = pol.Route(in); err != nil {
		t.Fatal(err)
	}
	checkTexts(t, d, []string{
		"locator.route.eligible: 2 of 2 partners may take the lead; first: P-2",
		"locator.order.in_country_support: partners with in-country support in CZ before region-only support (1 of 2 eligible)",
		"locator.order.track: by track: select before open",
		"locator.order.marketplace_fit: customer buys through a marketplace: partners enrolled in any marketplace program (the cloud is unknown) first (1 of 2 eligible)",
		"locator.order.tie_break: partners equal on every key are ordered by their order in the input",
	})
}

func checkTexts(t *testing.T, d locator.RouteDecision, want []string) {
	t.Helper()
	var got []string
	for _, r := range d.Reasons.All() {
		got = append(got, r.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("reasons:\n got %q\nwant %q", got, want)
	}
}
