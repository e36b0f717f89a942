package serviceattach_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

// TestCaseBook runs the hand-worked case books in testdata/serviceattach and
// checks that every rule and section has a case.
func TestCaseBook(t *testing.T) {
	cases := casetest.Load(t, "../testdata/serviceattach")
	if len(cases) < 50 {
		t.Fatalf("case book has %d cases; want at least 50", len(cases))
	}
	casetest.Run(t, channelpolicy.ServiceAttach(), cases)
	casetest.Coverage(t, channelpolicy.ServiceAttach(), cases)
}
