package locator_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/channelpolicy/channelpolicy/locator"
	"github.com/channelpolicy/channelpolicy/program"
)

func TestDefaultPolicyRoundTrip(t *testing.T) {
	def := locator.Default()
	if err := def.Validate(); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	got, err := locator.ParsePolicy(locator.Policy{}, b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, def) {
		t.Fatalf("round trip changed the policy:\n got %+v\nwant %+v", got, def)
	}
}

func TestParsePolicyKeepsBase(t *testing.T) {
	base := locator.Default()
	if _, err := locator.ParsePolicy(base, []byte(`{"order":["track"],"regions":[{"region":"apj","areas":["009"]}]}`)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(base, locator.Default()) {
		t.Fatal("ParsePolicy changed its base")
	}
}

func TestPolicyValidatePointers(t *testing.T) {
	_, err := locator.ParsePolicy(locator.Default(), []byte(`{"version":" ","eligible_standings":[],"order":["track","track"],
		"track_order":["select"],"regions":[{"region":"us_pubsec","areas":["XX1"]}],"nearest_misses":-1}`))
	if !errors.Is(err, program.ErrInvalidInput) {
		t.Fatalf("got %v", err)
	}
	want := []string{"/version", "/eligible_standings", "/order/1", "/track_order", "/regions/0/region", "/regions/0/areas/0", "/nearest_misses"}
	if got := program.Locations(err); !slices.Equal(got, want) {
		t.Fatalf("pointers %q, want %q", got, want)
	}
}

func TestRouteBadInputPointers(t *testing.T) {
	in := locator.RouteInput{
		Lead: locator.Lead{Country: "ZZ", Cloud: "azure"},
		Partners: []locator.Profile{
			{Partner: program.Partner{ID: "A", Track: program.TrackOpen, Standing: program.StandingGood}},
			{Partner: program.Partner{ID: "A", Track: program.TrackOpen, Standing: program.StandingGood},
				Locations: []locator.Location{{Country: "UK"}}},
		},
	}
	_, err := locator.Default().Route(in)
	want := []string{"/lead/country", "/lead/needs", "/lead/cloud", "/partners/1/partner/id", "/partners/1/locations/0/country"}
	if got := program.Locations(err); !slices.Equal(got, want) {
		t.Fatalf("pointers %q, want %q", got, want)
	}
}

// TestRouteConcurrent: concurrent decisions equal sequential ones (run
// with -race).
func TestRouteConcurrent(t *testing.T) {
	in, _ := benchInput(200)
	pol := locator.Default()
	want, err := pol.Route(in)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			got, err := pol.Route(in)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Error("concurrent decision differs")
			}
		})
	}
	wg.Wait()
}

// TestValidateDoesNotAllocate: checking a valid input of few partners
// allocates nothing beyond the decision.
func TestValidInputAllocations(t *testing.T) {
	in, eligible := benchInput(1000)
	pol := locator.Default()
	if a := testing.AllocsPerRun(10, func() { _, _ = pol.Route(in) }); a > 4*float64(eligible) {
		t.Fatalf("%v allocations for %d eligible partners; budget 4 each", a, eligible)
	}
}
