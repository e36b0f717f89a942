package locator_test

import (
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
	if d.Outcome != locator.NeedsReview || len(d.Reasons) != len(want) {
		t.Fatalf("outcome %s with %d reasons, want needs_review with %d: %v", d.Outcome, len(d.Reasons), len(want), d.Reasons)
	}
	for _, r := range d.Reasons {
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
	if got, w := d.Reasons[len(d.Reasons)-1].Text(), "none of 5 partners may take the lead; nearest misses: P-A (standing); P-B (capability); P-C (coverage); and 2 more"; got != w || len(d.NearestMisses) != 5 || d.NearestMisses[3].ID != "P-D" {
		t.Errorf("every nearest miss: %v\n got %q\nwant %q", d.NearestMisses, got, w)
	}

	// Four failing partners: three named, one more.
	in.Partners = append(in.Partners, p("P-F", program.StandingSuspended, "DE", both...))
	d, err = locator.Default().Route(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range d.Reasons {
		if r.Rule == locator.RuleStanding {
			if got, w := r.Text(), "4 partner(s) are not in an eligible standing (good): P-E, P-D, P-A and 1 more"; got != w {
				t.Errorf("standing:\n got %q\nwant %q", got, w)
			}
		}
	}
}
