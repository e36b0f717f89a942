package casetest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

// Reasons fails unless there is at least one reason and every reason cites
// one of rules with that rule's section: the decision contract fuzz targets
// hold every decision to.
func Reasons(t testing.TB, rules []program.Rule, reasons []program.Reason) {
	t.Helper()
	if len(reasons) == 0 {
		t.Fatal("a decision without reasons")
	}
	for _, r := range reasons {
		i := slices.IndexFunc(rules, func(x program.Rule) bool { return x.ID == r.Rule })
		if i < 0 || rules[i].Section != r.Section {
			t.Fatalf("reason %+v cites an undeclared rule or the wrong section", r)
		}
	}
}

// InputError fails unless err matches program.ErrInvalidInput and every
// problem is located by an RFC 6901 JSON Pointer into the input ("" or "/"
// followed by tokens), not a parameter: the error contract fuzz targets
// hold bad input documents to.
func InputError(t testing.TB, err error) {
	t.Helper()
	if !errors.Is(err, program.ErrInvalidInput) {
		t.Fatalf("error %v does not match program.ErrInvalidInput", err)
	}
	for _, fe := range program.FieldErrors(err) {
		if fe.Parameter != "" || (fe.Pointer != "" && !strings.HasPrefix(fe.Pointer, "/")) {
			t.Fatalf("problem %+v is not located by a JSON Pointer", fe)
		}
	}
}
