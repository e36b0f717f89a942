package program_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

// A syntax error inside a value decoded whole (raw JSON, a policy set's
// package member) is located at the member where the input breaks, not at
// a pointer that names nothing in it: found by FuzzPolicySetLoad, where
// {"":{"0":{"" was reported at "///".
func TestSyntaxErrorInsideARawValueIsLocated(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{
		{`{"a":{"b":{"c"`, "/a/b/c"},
		{`{"":{"0":{""`, "//0/"},
		{`{"a":{"b":[1,2,{"c":tru}]}}`, "/a/b/2/c"},
	} {
		var m map[string]json.RawMessage
		err := program.DecodeJSON([]byte(tt.in), &m)
		if got := program.Locations(err); !slices.Equal(got, []string{tt.want}) {
			t.Errorf("DecodeJSON(%s) locates %q, want %q (%v)", tt.in, got, tt.want, err)
		}
	}
}
