package serviceattach_test

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
)

func TestCaseBook(t *testing.T) {
	cases := casetest.Load(t, "../testdata/serviceattach")
	casetest.Run(t, casebook.ServiceAttach(), cases)
	casetest.Coverage(t, casebook.ServiceAttach(), cases)
}
