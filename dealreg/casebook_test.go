package dealreg_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

// TestCaseBook runs the hand-worked deal-registration case books in
// testdata/dealreg and checks that every rule and section has a case.
func TestCaseBook(t *testing.T) {
	cases := casetest.Load(t, "../testdata/dealreg")
	if len(cases) < 60 {
		t.Fatalf("case book has %d cases; want at least 60", len(cases))
	}
	pkg := channelpolicy.DealReg()
	casetest.Run(t, pkg, cases)
	casetest.Coverage(t, pkg, cases)
}
