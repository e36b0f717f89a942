package locator_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/locator"
	"github.com/channelpolicy/channelpolicy/program"
)

// seeds adds the case book's inputs for operation op to f, and a few of
// our own.
func seeds(f *testing.F, op string, own ...string) {
	for _, s := range own {
		f.Add([]byte(s))
	}
	casetest.Seeds(f, "../testdata/locator", func(c casebook.Case) { f.Add([]byte(c.Input)) }, op)
}

const seedRoute = `{"lead":{"country":"DE","needs":["resale"],"cloud":"aws","marketplace":true},
 "partners":[{"partner":{"id":"B","agreement_signed":true,"track":"open","standing":"good","competencies":["aws_devops"]},"regions":["emea"],"capabilities":["resale"]},
             {"partner":{"id":"A","agreement_signed":true,"track":"select","standing":"good","marketplaces":["aws_cppo"]},"locations":[{"country":"DE","in_country_support":true}],"capabilities":["resale"]},
             {"partner":{"id":"C","agreement_signed":false,"track":"select","standing":"suspended"},"capabilities":["migration"]}]}`

// FuzzRoute: no panic; a valid input yields a known outcome with reasons,
// the eligible partners ranked 1..n, and the same decision twice.
func FuzzRoute(f *testing.F) {
	seeds(f, "locator.route", seedRoute, `{"lead":{"country":"US","us_public_sector":true,"needs":["resale"],"cloud":"unknown"},"partners":[]}`)
	pol := locator.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		var in locator.RouteInput
		if err := program.DecodeJSON(data, &in); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		d, err := pol.Route(in)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		if !d.Outcome.Valid() {
			t.Fatalf("unknown outcome %q", d.Outcome)
		}
		casetest.Reasons(t, locator.Rules(), d.Reasons)
		abroad := in.Lead.USPublicSector && in.Lead.Country != "US" // decided by a person, before eligibility
		if abroad != (d.Reasons.Len() == 1 && d.Reasons.At(0).Rule == locator.RulePubSecAbroad) {
			t.Fatalf("US public sector in %s: reasons %v", in.Lead.Country, d.Reasons.IDs())
		}
		if !abroad && len(d.Partners)+len(d.Excluded) != len(in.Partners) {
			t.Fatalf("%d ranked + %d excluded != %d partners", len(d.Partners), len(d.Excluded), len(in.Partners))
		}
		for i, c := range d.Partners {
			if c.Rank != i+1 {
				t.Fatalf("partner %d has rank %d", i, c.Rank)
			}
		}
		if (d.Outcome == locator.NeedsReview) != (len(d.Partners) == 0) {
			t.Fatalf("outcome %s with %d eligible", d.Outcome, len(d.Partners))
		}
		d2, _ := pol.Route(in)
		if !reflect.DeepEqual(d, d2) {
			t.Fatal("same input, different decision")
		}
		if _, err := json.Marshal(d); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzProfile: no panic; a valid input yields a known outcome with reasons.
func FuzzProfile(f *testing.F) {
	seeds(f, "locator.profile", `{"partner":{"id":"P"},"capabilities":["resale"],"alliances":["AWS"],"locations":[{"country":"JP"}],"success_stories":["x"]}`, `{"partner":{"id":"P"}}`)
	pol := locator.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		var in locator.Profile
		if err := program.DecodeJSON(data, &in); err != nil {
			casetest.InputError(t, data, err)
			return
		}
		d, err := pol.Profile(in)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		if !d.Outcome.Valid() {
			t.Fatalf("unknown outcome %q", d.Outcome)
		}
		casetest.Reasons(t, locator.Rules(), d.Reasons)
		if (d.Outcome == locator.Complete) != (len(d.Missing) == 0) {
			t.Fatalf("outcome %s with missing %v", d.Outcome, d.Missing)
		}
	})
}

// FuzzParsePolicy holds locator.ParsePolicy to the policy contract: an
// input error locating each problem, or a policy that survives a JSON round
// trip unchanged and routes a lead.
func FuzzParsePolicy(f *testing.F) {
	def, _ := json.Marshal(locator.Default())
	f.Add(def)
	f.Add([]byte(`{"order": ["track", "in_country"], "tie_break": "partner_id", "nearest_misses": 0}`))
	f.Add([]byte(`{"regions": [{"region": "emea", "areas": ["150", "DE"]}], "eligible_standings": ["good", "probation"]}`))
	for _, c := range casetest.Load(f, "../testdata/locator") {
		if len(c.Policy) > 0 {
			f.Add([]byte(c.Policy))
		}
	}
	var in locator.RouteInput
	if err := program.DecodeJSON([]byte(seedRoute), &in); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, ok := casetest.ParsePolicy(t, locator.Default, locator.ParsePolicy, data)
		if !ok {
			return
		}
		d, err := p.Route(in)
		if err != nil {
			t.Fatalf("a lead the default policy routes fails under a valid policy: %v", err)
		}
		if !d.Outcome.Valid() {
			t.Fatalf("unknown outcome %q", d.Outcome)
		}
		casetest.Reasons(t, locator.Rules(), d.Reasons)
	})
}
