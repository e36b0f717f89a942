package serviceattach_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// A classification allocates what it returns and nothing else: one block
// for its reasons, each of which carries the facts its text states, so
// that no copy of the registration is kept. A portfolio of up to 16
// registrations allocates its entries and one block for every reason of
// the portfolio, each classification's and the portfolio rules'.
func TestDecisionsAllocateWhatTheyReturn(t *testing.T) {
	p := serviceattach.Default()
	for _, tc := range []struct {
		name   string
		change func(*serviceattach.Registration)
		want   serviceattach.Outcome
	}{
		{"approved", func(*serviceattach.Registration) {}, serviceattach.Approved},
		{"accepted", func(r *serviceattach.Registration) { r.Evidence.Submitted = program.NewDate(2026, 5, 2) }, serviceattach.Accepted},
		{"nearest miss", func(r *serviceattach.Registration) {
			r.Evidence, r.Opportunity.Stage, r.Partner.Competencies = nil, program.Stage5, nil
		}, serviceattach.Unqualified},
		{"disqualified", func(r *serviceattach.Registration) { r.GitLabPSSubcontract = true }, serviceattach.Unqualified},
		{"needs review", func(r *serviceattach.Registration) { r.Opportunity.CloseDate = program.Date{} }, serviceattach.NeedsReview},
	} {
		r := baseline()
		tc.change(&r)
		if d := classify(t, p, r); d.Outcome != tc.want {
			t.Fatalf("%s: %s, want %s", tc.name, d.Outcome, tc.want)
		}
		if a := testing.AllocsPerRun(100, func() { _, _ = p.Classify(r) }); a != 1 {
			t.Errorf("%s: a classification allocates %v times, want 1 (its reasons)", tc.name, a)
		}
	}

	for _, n := range []int{10, 16} {
		portfolioAllocs(t, p, n)
	}
}

// portfolioAllocs checks the allocations of a portfolio of n registrations,
// every second one sharing the opportunity of the one before.
func portfolioAllocs(t *testing.T, p serviceattach.Policy, n int) {
	t.Helper()
	regs := make([]serviceattach.Registration, n)
	for i := range regs {
		r := baseline()
		r.ID = fmt.Sprintf("R-%d", i)
		r.Submitted = program.NewDate(2026, 1, 1).AddDays(i)
		r.Opportunity.ID = fmt.Sprintf("OPP-%d", i/2) // every second one loses its opportunity
		r.Evidence.ID = "SOW-" + r.ID
		regs[i] = r
	}
	d, err := p.Portfolio(regs)
	if err != nil {
		t.Fatal(err)
	}
	if d.Entries[1].Outcome != serviceattach.Unqualified || d.Entries[1].Reasons.IDs()[0] != serviceattach.RuleOnePerOpportunity {
		t.Fatalf("the second registration of an opportunity: %s %v", d.Entries[1].Outcome, d.Entries[1].Reasons.IDs())
	}
	// Under the race detector, sync.Pool drops some of the buffers put
	// back, so the writer's pooled buffer is now and then made anew.
	want := 2.0
	if raceEnabled {
		want = 4
	}
	if a := testing.AllocsPerRun(100, func() { _, _ = p.Portfolio(regs) }); a > want {
		t.Errorf("a portfolio of %d allocates %v times, want at most %v (its entries and its reasons)", n, a, want)
	}
}

// TestBadInputAllocates: a registration refused for an unknown service
// kind (BenchmarkClassifyInvalid's input) allocates once (issue 13: at
// most 4): its problem, pointer and text share the one block the problems
// of an input are written into, the "one of" list included. The fewest of
// three counts, as a collection in between may cost one.
func TestBadInputAllocates(t *testing.T) {
	p := serviceattach.Default()
	r := baseline()
	r.Services = append(r.Services, "training")
	least := math.Inf(1)
	for range 3 {
		least = min(least, testing.AllocsPerRun(100, func() {
			if _, err := p.Classify(r); err == nil {
				t.Fatal("want an error")
			}
		}))
	}
	if least > 1 {
		t.Errorf("a refused registration allocates %v times, want 1 (its problems' block)", least)
	}
}
