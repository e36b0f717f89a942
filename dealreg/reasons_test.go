package dealreg_test

import (
	"encoding/json"
	"testing"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// A decision's reasons are written when they are read, from facts the
// decision keeps: changing the registration afterwards, reviews included,
// changes none of them.
func TestReasonsOutliveTheRegistration(t *testing.T) {
	p := dealreg.Default()
	r := registration()
	r.Opportunity.Stage = program.Stage1
	r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-03T09:00:00Z")}
	r.ASM = &dealreg.Review{Decision: dealreg.VerdictDenied, At: at("2026-03-05T09:00:00Z")}
	now := at("2026-03-20T09:00:00Z")
	d, err := p.Route(r, now)
	if err != nil {
		t.Fatal(err)
	}
	before, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	r.ESM.At, r.ASM.At, r.ASM.Decision = at("2026-03-10T09:00:00Z"), at("2026-03-11T09:00:00Z"), dealreg.VerdictApproved
	r.Opportunity.Stage = program.Stage5
	after, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Errorf("the decision changed with its registration:\n%s\n%s", before, after)
	}
	again, err := p.Route(r, now)
	if err != nil {
		t.Fatal(err)
	}
	if again.Reasons.Equal(d.Reasons) {
		t.Errorf("a changed registration gave the same reasons: %v", d.Reasons.List())
	}
}
