package marketing_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/marketing"
)

func TestFlow(t *testing.T) {
	casetest.Flow(t, marketing.Default().Flow(), marketing.Rules())
	pol, err := marketing.ParsePolicy(marketing.Default(), []byte(`{"mdf":{"tiers":[{"name":"all","requires":[]}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	casetest.Flow(t, pol.Flow(), marketing.Rules())
}
