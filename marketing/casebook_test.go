package marketing_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

const caseDir = "../testdata/marketing"

// TestCaseBook runs every case of testdata/marketing and checks that each
// rule and section has at least one case (traceability).
func TestCaseBook(t *testing.T) {
	cases := casetest.Load(t, caseDir)
	pkg := channelpolicy.Marketing()
	casetest.Run(t, pkg, cases)
	casetest.Coverage(t, pkg, cases)
	if len(cases) < 40 {
		t.Errorf("%d cases; the issue asks for at least 40", len(cases))
	}
}
