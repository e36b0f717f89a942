package locator_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/locator"
)

func TestFlow(t *testing.T) {
	casetest.Flow(t, locator.Default().Flow(), locator.Rules())
	pol, err := locator.ParsePolicy(locator.Default(), []byte(`{"order":["track"]}`))
	if err != nil {
		t.Fatal(err)
	}
	casetest.Flow(t, pol.Flow(), locator.Rules())
}
