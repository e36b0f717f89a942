package distribution_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

// TestCaseBook runs every case of testdata/distribution and checks that each
// rule and section has at least one case (traceability).
func TestCaseBook(t *testing.T) {
	cases := casetest.Load(t, "../testdata/distribution")
	pkg := channelpolicy.Distribution()
	casetest.Run(t, pkg, cases)
	casetest.Coverage(t, pkg, cases)
	if len(cases) < 50 {
		t.Errorf("%d cases; the issue asks for at least 50", len(cases))
	}
}
