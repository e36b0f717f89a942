package channelpolicy_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
)

// TestAppendJSONWritesWhatEncodingJSONWrites: the faster wire encoder
// writes every case-book decision byte for byte as encoding/json does with
// HTML escaping off, so switching encoders changed no output.
func TestAppendJSONWritesWhatEncodingJSONWrites(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*")
	set := channelpolicy.Default().Policies()
	n := 0
	for _, dir := range dirs {
		if filepath.Base(dir) == "fuzz" { // Go's fuzz corpora, not case books
			continue
		}
		cases, err := casebook.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			res, err := casebook.Run(set, c)
			var v any = res.Decision
			if err != nil {
				v = struct {
					Line   int   `json:"line"`
					Errors error `json:"errors"`
				}{1, err}
			}
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(v); err != nil {
				t.Fatalf("%s: %v", c.ID, err)
			}
			got, err := channelpolicy.AppendJSON(nil, v)
			if err != nil {
				t.Fatalf("%s: %v", c.ID, err)
			}
			if string(got)+"\n" != want.String() {
				t.Errorf("%s:\n got %s\nwant %s", c.ID, got, want.String())
			}
			n++
		}
	}
	if n < 500 {
		t.Fatalf("compared %d decisions; want every case book's", n)
	}
}
