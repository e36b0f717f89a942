package nfr_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// Reason texts carry the facts of their case (DESIGN section 3): these
// tests check the numbers and names in them, not their wording.

var number = regexp.MustCompile(`[0-9]+`)

// numbers lists the integers written in s.
func numbers(s string) []int {
	var out []int
	for _, m := range number.FindAllString(s, -1) {
		n, _ := strconv.Atoi(m)
		out = append(out, n)
	}
	return out
}

func selectPartner() program.Partner {
	return program.Partner{AgreementSigned: true, Track: program.TrackSelect, Standing: program.StandingGood,
		Employees: program.Employees{SolutionArchitects: 1}}
}

// Each allowance line's reason states its cap, the seats held and the
// seats remaining: 25 - 4 = 21 self-managed, 25 - 0 = 25 SaaS, 5 - 5 = 0
// Duo for a Select partner.
func TestAllowanceTextsStateCapHeldAndRemaining(t *testing.T) {
	a, err := nfr.Default().Allowance(nfr.Holdings{Partner: selectPartner(),
		Held: []nfr.Held{{License: nfr.UltimateSelfManaged, Seats: 4}, {License: nfr.Duo, Seats: 5}}})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range [][3]int{{25, 4, 21}, {25, 0, 25}, {5, 5, 0}} {
		r := a.Reasons.At(i)
		if r.Rule != nfr.RuleRemaining {
			t.Fatalf("reason %d is %s, want %s", i, r.Rule, nfr.RuleRemaining)
		}
		got := numbers(r.Text())
		for _, n := range want {
			if !slices.Contains(got, n) {
				t.Errorf("%s: %q does not state %d (cap, held, remaining: %v)", a.Licenses[i].License, r.Text(), n, want)
			}
		}
	}
}

// A license the partner has no allocation of is explained by who the
// policy does allocate it to, with those caps and no others: Duo to Select
// partners (5), Duo with Amazon Q to AWS DevOps competency partners (25).
func TestNoAllocationTextNamesWhoHasIt(t *testing.T) {
	open := selectPartner()
	open.Track = program.TrackOpen
	a, err := nfr.Default().Allowance(nfr.Holdings{Partner: open})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		i     int
		name  string
		seats int
	}{{2, string(program.TrackSelect), 5}, {3, string(program.CompetencyAWSDevOps), 25}} {
		r := a.Reasons.At(tc.i)
		if r.Rule != nfr.RuleNoAllocation {
			t.Fatalf("reason %d is %s, want %s", tc.i, r.Rule, nfr.RuleNoAllocation)
		}
		if text := r.Text(); !strings.Contains(text, tc.name) || !slices.Equal(numbers(text), []int{tc.seats}) {
			t.Errorf("%s: %q; want it to name %s and the cap %d only", a.Licenses[tc.i].License, text, tc.name, tc.seats)
		}
	}
}

// A partner on a track the policy does not make eligible is told which
// tracks are.
func TestTrackTextNamesTheEligibleTracks(t *testing.T) {
	p := nfr.Default()
	p.EligibleTracks = []program.Track{program.TrackSelect}
	r := validRequest()
	r.Partner.Track = program.TrackOpen
	d, err := p.Decide(r)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(d.Reasons.List(), func(r program.Reason) bool { return r.Rule == nfr.RuleTrack })
	if i < 0 {
		t.Fatalf("no %s reason in %v", nfr.RuleTrack, d.Reasons.IDs())
	}
	if text := d.Reasons.At(i).Text(); !strings.Contains(text, string(program.TrackSelect)) {
		t.Errorf("%q does not name the eligible track select", text)
	}
}

// A request goes to review for seats over the cap, for a use the policy
// does not classify, or for both; the reviewer is asked for a different
// thing in each case.
func TestReviewAsksForWhatNeedsReview(t *testing.T) {
	p := nfr.Default()
	p.ProhibitedUses = []nfr.Use{nfr.UseCustomerProduction, nfr.UseInternalProduction} // managed services unclassified
	overCap := validRequest()
	overCap.Seats[0].Asked = 20
	overCap.Justification = "a second demo lab"
	unclassified := validRequest()
	unclassified.Uses = []nfr.Use{nfr.UseManagedServices}
	both := overCap
	both.Uses = unclassified.Uses
	var whats []string
	for _, r := range []nfr.Request{overCap, unclassified, both} {
		d, err := p.Decide(r)
		if err != nil {
			t.Fatal(err)
		}
		if d.Outcome != nfr.NeedsReview || d.Next.What == "" {
			t.Fatalf("outcome %s, next %+v; want needs_review with an action", d.Outcome, d.Next)
		}
		whats = append(whats, d.Next.What)
	}
	if whats[0] == whats[1] || whats[0] == whats[2] || whats[1] == whats[2] {
		t.Errorf("over the cap, unclassified use and both ask the same:\n%s", strings.Join(whats, "\n"))
	}
}
