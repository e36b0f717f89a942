package locator_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/locator"
	"github.com/channelpolicy/channelpolicy/program"
)

func TestFlow(t *testing.T) {
	casetest.Flow(t, locator.Default().Flow(), locator.Rules())
	pol, err := locator.ParsePolicy(locator.Default(), []byte(`{"order":["track"]}`))
	if err != nil {
		t.Fatal(err)
	}
	casetest.Flow(t, pol.Flow(), locator.Rules())

	// Every order key is drawn; the edge into each key the policy leaves
	// out of its order says so, and the edge into the one it keeps does not.
	labels := map[string]string{}
	for _, e := range pol.Flow().Edges {
		labels[e.To] = e.Label
	}
	for k, want := range map[program.RuleID]string{
		locator.RuleOrderTrack:           "",
		locator.RuleOrderCloudCompetency: "not in this policy's order",
		locator.RuleOrderInCountry:       "not in this policy's order",
		locator.RuleOrderMarketplace:     "not in this policy's order",
	} {
		id := program.FlowID("rule", string(k))
		if got, ok := labels[id]; !ok || got != want {
			t.Errorf("edge into %s: label %q (drawn %v), want %q", k, got, ok, want)
		}
	}
}
