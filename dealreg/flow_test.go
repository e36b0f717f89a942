package dealreg_test

import (
	"slices"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestFlow holds the flow to the rules (see casetest.Flow) under the
// default policy and under one that reads a missing activity as aged; the
// routing table's outcomes follow the policy's reading switches, and so
// does the flow.
func TestFlow(t *testing.T) {
	casetest.Flow(t, dealreg.Default().Flow(), dealreg.Rules())
	p := dealreg.Default()
	p.MissingActivity = dealreg.MissingActivityAged
	f := p.Flow()
	casetest.Flow(t, f, dealreg.Rules())
	want := program.FlowEdge{From: program.FlowID("rule", string(dealreg.RuleMidStageNoActivity)), To: program.FlowID("outcome", string(dealreg.Approved)), Label: "yes"}
	if !slices.Contains(f.Edges, want) {
		t.Errorf("treat_as_aged: the flow lacks %+v", want)
	}
}
