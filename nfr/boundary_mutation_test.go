package nfr_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// Edges of the NFR rules that mutation testing found no test holding: each
// case fails when the comparison or the variant it pins is moved. The
// figures come from the handbook's NFR section as the default policy
// encodes it (caps of 10 and 25 seats by track, select partners over a cap
// to review, open partners denied).

func reasonText(d nfr.Decision, rule program.RuleID) string {
	text, _ := casetest.ReasonText(d.Reasons, rule)
	return text
}

// TestOverCapDeniedNamesTheTrack: an open partner asking beyond its cap is
// denied, and the reason says that open partners get nothing beyond it.
func TestOverCapDeniedNamesTheTrack(t *testing.T) {
	r := validRequest()
	r.Partner.Track = program.TrackOpen
	r.Seats = []nfr.SeatLine{{License: nfr.UltimateSaaS, Held: 8, Asked: 5}} // 13 > 10
	d, err := nfr.Default().Decide(r)
	if err != nil {
		t.Fatal(err)
	}
	got := reasonText(d, nfr.RuleOverCapDenied)
	if d.Outcome != nfr.Denied || !strings.HasSuffix(got, " > 10; open partners get no seats beyond the cap") {
		t.Errorf("outcome %s, over-cap reason %q; want denied, ending \"13 > 10; open partners get no seats beyond the cap\"", d.Outcome, got)
	}
}

// TestReviewSaysWhatToDecide: a request goes to review for a select
// partner's seats beyond the cap with a justification, for a declared use
// the policy classifies neither way, or for both; the next step names
// exactly what the reviewer decides.
func TestReviewSaysWhatToDecide(t *testing.T) {
	pol, err := nfr.ParsePolicy(nfr.Default(), []byte(`{"permitted_uses":["internal_training","integration_testing"]}`))
	if err != nil {
		t.Fatal(err)
	}
	over := nfr.SeatLine{License: nfr.UltimateSaaS, Held: 20, Asked: 10} // 30 > 25
	within := nfr.SeatLine{License: nfr.UltimateSaaS, Held: 8, Asked: 10}
	for _, tc := range []struct {
		seat nfr.SeatLine
		use  nfr.Use
		want string
	}{
		{over, nfr.UseInternalTraining, "review the business justification for the seats beyond the cap"},
		{within, nfr.UseDemonstrations, "decide whether the declared uses are permitted"},
		{over, nfr.UseDemonstrations, "review the business justification for the seats beyond the cap and the unclassified uses"},
	} {
		r := validRequest()
		r.Seats, r.Uses, r.Justification = []nfr.SeatLine{tc.seat}, []nfr.Use{tc.use}, "a customer workshop series"
		d, err := pol.Decide(r)
		if err != nil {
			t.Fatal(err)
		}
		if d.Outcome != nfr.NeedsReview || d.Next.What != tc.want {
			t.Errorf("%d seats, %s: outcome %s, next %q; want needs review, %q", tc.seat.Held+tc.seat.Asked, tc.use, d.Outcome, d.Next.What, tc.want)
		}
	}
}

// TestDecisionWithManyReasons: a request failing every eligibility
// requirement, on four license lines, declaring every use under a policy
// that prohibits them all (a reason each), is decided with all its reasons
// (a decision has at most fifteen).
func TestDecisionWithManyReasons(t *testing.T) {
	pol, err := nfr.ParsePolicy(nfr.Default(), []byte(`{"permitted_uses":[],"prohibited_uses":["internal_training","integration_testing","demonstrations","customer_production","internal_production","managed_services"]}`))
	if err != nil {
		t.Fatal(err)
	}
	r := validRequest()
	r.Partner = program.Partner{Track: program.TrackOpen, Standing: program.StandingSuspended}
	r.Seats = []nfr.SeatLine{{License: nfr.UltimateSaaS, Held: 20, Asked: 10}, {License: nfr.UltimateSelfManaged, Asked: 1},
		{License: nfr.Duo, Asked: 1}, {License: nfr.DuoAmazonQ, Asked: 1}}
	r.Uses = nfr.Uses
	d, err := pol.Decide(r)
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != nfr.Denied || d.Reasons.Len() < 12 {
		t.Fatalf("outcome %s with %d reasons, want denied with at least 12", d.Outcome, d.Reasons.Len())
	}
	if _, err := json.Marshal(d); err != nil {
		t.Fatal(err)
	}
	// Fewer lines and uses: between 9 and 11 reasons, also all kept.
	r.Seats, r.Uses = r.Seats[:3], r.Uses[:4]
	if d, err = pol.Decide(r); err != nil || d.Reasons.Len() < 9 || d.Reasons.Len() > 11 {
		t.Fatalf("%d reasons (%v), want 9 to 11", d.Reasons.Len(), err)
	}
}

// TestRepeatedAllocationRefused: a policy listing the same license, track
// and competency twice is refused at the repeat.
func TestRepeatedAllocationRefused(t *testing.T) {
	_, err := nfr.ParsePolicy(nfr.Default(), []byte(`{"allocations":[
		{"license":"ultimate_saas","track":"select","seats":25},
		{"license":"duo","track":"select","seats":5},
		{"license":"ultimate_saas","track":"select","seats":30}]}`))
	if got := program.Locations(err); len(got) != 1 || !strings.HasPrefix(got[0], "/allocations/2") {
		t.Errorf("locations %q (%v), want one at /allocations/2", got, err)
	}
}

// TestProvisioningDueOfAPolicyThatDoesNotValidate: the due instant is read
// from the policy's calendar even when another member of the policy is
// wrong: two business days after a Friday 15:00 UTC is Tuesday 15:00 UTC.
func TestProvisioningDueOfAPolicyThatDoesNotValidate(t *testing.T) {
	p := nfr.Default()
	p.ReviewActor = "nobody"
	if p.Validate() == nil {
		t.Fatal("the policy validates")
	}
	at := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC) // a Friday
	if got, want := p.ProvisioningDue(at), time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("due %s, want %s", got, want)
	}
}

// TestCountsAtTheirEdgesTakeTheFastCheck: counts of 0 and program.MaxCount
// are valid, so a request or a policy holding them is checked as cheaply as
// any other: deciding allocates only the decision, and validating the
// policy nothing.
func TestCountsAtTheirEdgesTakeTheFastCheck(t *testing.T) {
	pol := nfr.Default()
	ordinary := validRequest()
	base := testing.AllocsPerRun(20, func() { _, _ = pol.Decide(ordinary) })
	for _, seat := range []nfr.SeatLine{{License: nfr.UltimateSaaS, Held: 0, Asked: 3}, {License: nfr.UltimateSaaS, Held: 2, Asked: program.MaxCount}} {
		r := validRequest()
		r.Seats = []nfr.SeatLine{seat}
		if _, err := pol.Decide(r); err != nil {
			t.Fatalf("%+v: %v", seat, err)
		}
		if a := testing.AllocsPerRun(20, func() { _, _ = pol.Decide(r) }); a != base {
			t.Errorf("%+v: %v allocations, %v for an ordinary request", seat, a, base)
		}
	}
	edge, err := nfr.ParsePolicy(nfr.Default(), []byte(`{"allocations":[{"license":"duo","track":"select","seats":0},{"license":"ultimate_saas","track":"select","seats":1000000}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(20, func() { _ = edge.Validate() }); a != 0 {
		t.Errorf("validating allocations of 0 and 1000000 seats: %v allocations, want 0", a)
	}
}
