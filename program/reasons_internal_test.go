package program

import "testing"

// TestUndeclaredRulesTakeNoIndex: rules made per call and cited are not
// added to the rule index (it would grow with every call, each time
// copied whole).
func TestUndeclaredRulesTakeNoIndex(t *testing.T) {
	size := func() int {
		if p := ruleIndex.rules.Load(); p != nil {
			return len(*p)
		}
		return 0
	}
	before := size()
	for i := range 100 {
		r := &Rule{ID: RuleID("pkg.area.made_per_call"), Section: "S"}
		var w ReasonWriter
		w.Cite(r, Met).SetInt(0, i)
		if rs := w.Done(); rs.At(0).Declared() || r.idx != 0 {
			t.Fatal("an undeclared rule was indexed")
		}
	}
	if after := size(); after != before {
		t.Errorf("the rule index grew from %d to %d", before, after)
	}
}
