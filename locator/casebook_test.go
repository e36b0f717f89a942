package locator_test

import (
	"os"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

const caseDir = "../testdata/locator"

// haveCaseBook skips t until the case book exists.
func haveCaseBook(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(caseDir); err != nil {
		t.Skipf("no case book yet (%v)", err)
	}
}

// TestCaseBook runs every case of testdata/locator and checks that each
// rule and section has at least one case (traceability).
func TestCaseBook(t *testing.T) {
	haveCaseBook(t)
	cases := casetest.Load(t, caseDir)
	pkg := channelpolicy.Locator()
	casetest.Run(t, pkg, cases)
	casetest.Coverage(t, pkg, cases)
	if len(cases) < 40 {
		t.Errorf("%d cases; the issue asks for at least 40", len(cases))
	}
}
