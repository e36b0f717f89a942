package locator_test

import (
	"encoding/json"
	"errors"
	"math"
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
			{Partner: program.Partner{ID: "B", Track: "gold", Standing: program.StandingGood}},
		},
	}
	_, err := locator.Default().Route(in)
	want := []string{"/lead/country", "/lead/needs", "/lead/cloud", "/partners/1/partner/id", "/partners/1/locations/0/country",
		"/partners/2/partner/track"}
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

// TestPolicyNearestMissesBounds: 0 (list every miss) and MaxNearestMisses
// are the ends of the accepted range; one past either end is refused at
// its member.
func TestPolicyNearestMissesBounds(t *testing.T) {
	for _, tc := range []struct {
		n  int
		ok bool
	}{{0, true}, {locator.MaxNearestMisses, true}, {-1, false}, {locator.MaxNearestMisses + 1, false}} {
		p := locator.Default()
		p.NearestMisses = tc.n
		err := p.Validate()
		if tc.ok != (err == nil) {
			t.Errorf("nearest_misses %d: %v, want accepted %v", tc.n, err, tc.ok)
		}
		if got := program.Locations(err); !tc.ok && !slices.Equal(got, []string{"/nearest_misses"}) {
			t.Errorf("nearest_misses %d: pointers %q", tc.n, got)
		}
	}
}

// TestLargestHeadCountsTakeTheFastCheck: employee counts at program.MaxCount
// are valid, so checking them costs what checking small ones does: no
// allocation for a problem's path.
func TestLargestHeadCountsTakeTheFastCheck(t *testing.T) {
	in, _ := benchInput(40)
	pol := locator.Default()
	// The fewest of three counts: a collection in between empties the
	// reason writer's pool, and its buffer is then made anew.
	allocs := func(in locator.RouteInput) float64 {
		least := math.Inf(1)
		for range 3 {
			least = min(least, testing.AllocsPerRun(20, func() { _, _ = pol.Route(in) }))
		}
		return least
	}
	small := allocs(in)
	for _, set := range []func(e *program.Employees){
		func(e *program.Employees) { e.FoundationsTrained = program.MaxCount },
		func(e *program.Employees) { e.SolutionArchitects = program.MaxCount },
		func(e *program.Employees) { e.ProfessionalServicesEngineers = program.MaxCount },
	} {
		big := locator.RouteInput{Lead: in.Lead, Partners: slices.Clone(in.Partners)}
		for i := range big.Partners {
			set(&big.Partners[i].Partner.Employees)
		}
		want, err := pol.Route(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pol.Route(big)
		if err != nil {
			t.Fatalf("counts at the largest allowed: %v", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Error("head counts, which routing does not read, changed the decision")
		}
		if a := allocs(big); a != small {
			t.Errorf("%v allocations with counts at the largest allowed, %v with small ones", a, small)
		}
	}
}
