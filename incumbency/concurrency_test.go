package incumbency_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

// TestConcurrentDecisionsMatchSequentialOnes decides every case-book case
// from many goroutines at once (go test -race watches): each decision must
// equal the one made alone, byte for byte as JSON, and every reason must
// cite a declared rule with its section.
func TestConcurrentDecisionsMatchSequentialOnes(t *testing.T) {
	casetest.Concurrent(t, channelpolicy.Incumbency(), casetest.Load(t, "../testdata/incumbency"))
}
