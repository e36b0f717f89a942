package nfr_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestDeniedTextsNameWhatThePolicySays renders the reasons of a request
// that fails everything, under a policy that makes only Select partners
// eligible: the texts that name the policy's lists (whom it allocates Duo
// with Amazon Q to, its eligible tracks, its certifications) read them from
// the compiled policy, and each effect says how its rule bore on the
// decision.
func TestDeniedTextsNameWhatThePolicySays(t *testing.T) {
	pol, err := nfr.ParsePolicy(nfr.Default(), []byte(`{"eligible_tracks": ["select"]}`))
	if err != nil {
		t.Fatal(err)
	}
	r := validRequest()
	r.Partner = program.Partner{Track: program.TrackOpen, Standing: program.StandingProbation}
	r.Seats = []nfr.SeatLine{{License: nfr.DuoAmazonQ, Asked: 2}}
	r.Uses = []nfr.Use{nfr.UseDemonstrations, nfr.UseManagedServices}
	d, err := pol.Decide(r)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		rule   program.RuleID
		effect program.Effect
		text   string
	}{
		{nfr.RuleNoAllocation, program.Unmet, "Duo with Amazon Q: no allocation for this partner; allocated to partners with the aws_devops competency (25)"},
		{nfr.RuleNotAuthorized, program.Unmet, "the partner agreement is not signed; only authorized partners get NFR licenses"},
		{nfr.RuleTrack, program.Unmet, "track open is not eligible for NFR licenses (eligible: select)"},
		{nfr.RuleStanding, program.Unmet, "standing is probation; NFR licenses need good standing"},
		{nfr.RuleCertified, program.Unmet, "no employee holds a Solution Architect or Professional Services Engineer certification"},
		{nfr.RulePermittedUses, program.Met, "permitted uses: demonstrations to prospects"},
		{nfr.RuleProhibitedUse, program.Unmet, "managed services for customers is a prohibited use of NFR licenses"},
	}
	if d.Outcome != nfr.Denied || d.Reasons.Len() != len(want) {
		t.Fatalf("%s with %d reasons %v; want denied with %d", d.Outcome, d.Reasons.Len(), d.Reasons.IDs(), len(want))
	}
	for i, w := range want {
		got := d.Reasons.At(i)
		if got.Rule != w.rule || got.Effect != w.effect || got.Text() != w.text {
			t.Errorf("reason %d: %s %s %q\nwant      %s %s %q", i, got.Rule, got.Effect, got.Text(), w.rule, w.effect, w.text)
		}
	}
}

// TestCheckingGoodInputAllocatesNothing: the input checks build a JSON
// Pointer only for a problem.
func TestCheckingGoodInputAllocatesNothing(t *testing.T) {
	r := validRequest()
	r.Seats = append(r.Seats, nfr.SeatLine{License: nfr.Duo, Held: 1, Asked: 2})
	r.Uses = append(r.Uses, nfr.UseInternalTraining)
	h := nfr.Holdings{Partner: r.Partner, Held: []nfr.Held{{License: nfr.Duo, Seats: 3}, {License: nfr.UltimateSaaS, Seats: 1}}}
	if n := testing.AllocsPerRun(100, func() {
		if r.Check() != nil || h.Check() != nil {
			t.Fatal("good input reported")
		}
	}); n != 0 {
		t.Errorf("checking good input allocates %v times", n)
	}
}
