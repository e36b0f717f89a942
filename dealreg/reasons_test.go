package dealreg_test

import (
	"encoding/json"
	"reflect"
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

// A decision keeps what its reasons read, and nothing else: two decisions
// whose every member, texts included, reads alike are deeply equal, here
// decided at two instants on a path whose reasons do not read now.
func TestDecisionsThatReadAlikeAreDeeplyEqual(t *testing.T) {
	p := dealreg.Default()
	r := registration()
	r.ESM = &dealreg.Review{Decision: dealreg.VerdictApproved, At: at("2026-03-12T09:00:00Z")}
	first, err := p.Route(r, at("2026-03-13T09:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := p.Route(r, at("2026-03-14T17:30:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if first.Outcome != dealreg.PendingASM || !reflect.DeepEqual(first, second) {
		t.Errorf("decisions that read alike differ:\n%+v\n%+v", first, second)
	}
}
