package dealreg_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

// TestConcurrentDecisionsMatchSequentialOnes decides every case-book case
// from many goroutines at once: each decision must equal the one made
// alone, and every reason must cite a declared rule with its section.
func TestConcurrentDecisionsMatchSequentialOnes(t *testing.T) {
	casetest.Concurrent(t, channelpolicy.DealReg(), casetest.Load(t, "../testdata/dealreg"))
}
