package serviceattach_test

import (
	"slices"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// TestFlow holds the flow to the rules (see casetest.Flow), and keeps its
// disqualifiers (the rules it draws as deciding unqualified outright,
// "yes") in the order a decision with every disqualifier cites them.
func TestFlow(t *testing.T) {
	p := serviceattach.Default()
	casetest.Flow(t, p.Flow(), serviceattach.Rules())
	d, err := p.Classify(serviceattach.Registration{
		Submitted:           program.NewDate(2026, time.March, 2),
		Services:            []serviceattach.ServiceCategory{serviceattach.NonGitLab, serviceattach.EducationTraining},
		Opportunity:         program.Opportunity{Stage: program.StageNone},
		CommunityEdition:    true,
		GitLabPSSubcontract: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	var cited []string
	for _, why := range d.Reasons.All() {
		cited = append(cited, program.FlowID("rule", string(why.Rule)))
	}
	var drawn []string
	for _, e := range p.Flow().Edges {
		if e.To == program.FlowID("outcome", string(serviceattach.Unqualified)) && e.Label == "yes" {
			drawn = append(drawn, e.From)
		}
	}
	if len(drawn) == 0 || !slices.Equal(cited, drawn) {
		t.Errorf("a decision cites the disqualifiers as %v; the flow tries them as %v", cited, drawn)
	}
}
