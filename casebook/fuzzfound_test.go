package casebook_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// Found by FuzzLoadFile: a case expecting an input error at the document
// root passed when its operation did not exist, since an error that is not
// an input error flattens to one problem at "".
func TestAnUnknownOperationIsNoInputError(t *testing.T) {
	c := casebook.Case{ID: "x", Operation: "nfr.nothing", Input: []byte(`{}`), Want: casebook.Want{ErrorFields: []string{""}}}
	res, err := casebook.Run(channelpolicy.Default().Policies(), c)
	if !errors.Is(err, channelpolicy.ErrUnknownOperation) {
		t.Fatalf("running an unknown operation: %v", err)
	}
	if m := casebook.Check(c, res, err); len(m) != 1 || m[0].What != "error" {
		t.Errorf("Check = %v, want one error mismatch", m)
	}
}

// Found by FuzzLoadFile: the problems of a case book are input errors
// located by JSON Pointers into the file, as every other input's are.
func TestCaseBookProblemsAreLocatedInTheFile(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		body string
		want []string
	}{
		{`{"cases": []}`, []string{"/cases"}},
		{`{}`, []string{"/cases"}},
		{`{"cases": [` + fmt.Sprintf(okCase, "a") + `, {"id": "b", "operation": "dealreg.route", "input": {}, "want": {"outcome": "approved"}}]}`,
			[]string{"/cases/1/section", "/cases/1/note", "/cases/1/want/rules"}},
		{`{"cases": [{"section": "s", "note": "n", "operation": "o", "input": null, "want": {"outcome": "x", "rules": ["r"], "error_fields": ["f"]}}]}`,
			[]string{"/cases/0/id", "/cases/0/input", "/cases/0/want"}},
	} {
		_, err := casebook.LoadFile(write(t, dir, "book.json", tt.body))
		if !errors.Is(err, program.ErrInvalidInput) || !slices.Equal(program.Locations(err), tt.want) {
			t.Errorf("%s: %v locates %q, want %q", tt.body, err, program.Locations(err), tt.want)
		}
	}
}
