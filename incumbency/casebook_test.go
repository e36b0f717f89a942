package incumbency_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

// TestCaseBook runs every case of testdata/incumbency and checks that every
// rule and section of the package has at least one case.
func TestCaseBook(t *testing.T) {
	cases := casetest.Load(t, "../testdata/incumbency")
	casetest.Run(t, channelpolicy.Incumbency(), cases)
	casetest.Coverage(t, channelpolicy.Incumbency(), cases)
	if len(cases) < 40 {
		t.Errorf("%d cases; the issue asks for at least 40", len(cases))
	}
}
