package nfr_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

// TestCaseBook runs every case of testdata/nfr and checks that every rule
// and section has at least one case (traceability).
func TestCaseBook(t *testing.T) {
	cases := casetest.Load(t, "../testdata/nfr")
	if len(cases) < 40 {
		t.Fatalf("case book has %d cases; want at least 40", len(cases))
	}
	casetest.Run(t, channelpolicy.NFR(), cases)
	casetest.Coverage(t, channelpolicy.NFR(), cases)
}
