package program_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

// kinds has a member of every kind of Go value DecodeJSON reads.
type kinds struct {
	Flag   bool                `json:"flag"`
	Small  uint8               `json:"small"`
	Count  uint                `json:"count"`
	Tiny   int8                `json:"tiny"`
	Ratio  float64             `json:"ratio"`
	Half   float32             `json:"half"`
	Any    any                 `json:"any"`
	Table  map[string]int      `json:"table"`
	Nested *kinds              `json:"nested"`
	Notes  []string            `json:"notes"`
	Raw    json.RawMessage     `json:"raw"`
	Custom custom              `json:"custom"`
	Actor  program.Actor       `json:"actor"`
	Rows   map[string][]string `json:"rows"`
}

// custom decodes itself from JSON: an object with a "v" number of 0 or
// more, its problems located below itself.
type custom struct{ V int }

func (c *custom) UnmarshalJSON(b []byte) error {
	var x struct {
		V int `json:"v"`
	}
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	if x.V < 0 {
		return program.Invalid("/v", "%d is negative", x.V)
	}
	c.V = x.V
	return nil
}

func TestDecodeJSONReadsEveryKind(t *testing.T) {
	var k kinds
	err := program.DecodeJSON([]byte(`{
		"flag": true, "small": 255, "count": 2.0, "tiny": -128, "ratio": 0.25, "half": 1e3,
		"any": {"a": [1, "x", null]}, "table": {"b": 2, "a": 1},
		"nested": {"flag": false, "notes": []}, "notes": ["x", "y"], "raw": {"keep": null},
		"custom": {"v": 7}, "actor": "asm", "rows": {"r": ["1"]}}`), &k)
	require.NoError(t, err)
	assert.True(t, k.Flag)
	assert.Equal(t, uint8(255), k.Small)
	assert.Equal(t, uint(2), k.Count, "a whole number written with a fraction is whole")
	assert.Equal(t, int8(-128), k.Tiny)
	assert.Equal(t, 0.25, k.Ratio)
	assert.Equal(t, float32(1000), k.Half)
	assert.Equal(t, map[string]any{"a": []any{1.0, "x", nil}}, k.Any)
	assert.Equal(t, map[string]int{"a": 1, "b": 2}, k.Table)
	require.NotNil(t, k.Nested)
	assert.Equal(t, []string{}, k.Nested.Notes, "[] is an empty list, not an absent one")
	assert.Equal(t, []string{"x", "y"}, k.Notes)
	assert.JSONEq(t, `{"keep": null}`, string(k.Raw))
	assert.Equal(t, custom{7}, k.Custom)
	assert.Equal(t, program.ActorASM, k.Actor)
	assert.Equal(t, map[string][]string{"r": {"1"}}, k.Rows)
}

func TestDecodeJSONLocatesEveryWrongValue(t *testing.T) {
	for _, tt := range []struct {
		in     string
		at     []string
		detail string
	}{
		{`{"flag": "yes"}`, []string{"/flag"}, "got a string, want true or false"},
		{`{"small": 256}`, []string{"/small"}, "out of range"},
		{`{"count": -1}`, []string{"/count"}, "out of range: want a whole number of 0 or more"},
		{`{"count": 1.5}`, []string{"/count"}, "not a whole number"},
		{`{"tiny": 128}`, []string{"/tiny"}, "out of range"},
		{`{"tiny": 9007199254740993}`, []string{"/tiny"}, "within ±9007199254740992"},
		{`{"ratio": 1e400}`, []string{"/ratio"}, "out of range"},
		{`{"ratio": "0.5"}`, []string{"/ratio"}, "got a string, want a number"},
		{`{"table": {"a": 1, "a": 2}}`, []string{"/table/a"}, "member given twice"},
		{`{"table": {"a": null}}`, []string{"/table/a"}, "null is not a value; want a whole number"},
		{`{"table": {"a": "1"}, "notes": {}}`, []string{"/table/a", "/notes"}, "got a string, want a whole number"},
		{`{"table": []}`, []string{"/table"}, "got a list, want an object"},
		{`{"notes": [null, 1]}`, []string{"/notes/0", "/notes/1"}, "null is not a value; want a string"},
		{`{"nested": {"nested": {"flag": 1}}}`, []string{"/nested/nested/flag"}, "got a number"},
		{`{"custom": {"v": -2}}`, []string{"/custom/v"}, "-2 is negative"},
		{`{"custom": {"v": "x"}}`, []string{"/custom"}, "cannot unmarshal"},
		{`{"actor": "boss"}`, []string{"/actor"}, `"boss" is not a actor (ecosystem_ops, esm, asm, partner)`},
		{`{"actor": 1}`, []string{"/actor"}, "got a number, want one of ecosystem_ops, esm, asm, partner"},
		{`{"flag": true, "flag": false}`, []string{"/flag"}, "member given twice"},
		{`{"rows": {"r": [1]}}`, []string{"/rows/r/0"}, "got a number, want a string"},
		{`null`, []string{""}, "the document is null; want an object"},
		{`[]`, []string{""}, "the document is a list; want an object"},
		{`{} {}`, []string{""}, "more than one JSON value"},
		{`{"a~b/c": 1}`, []string{"/a~0b~1c"}, "unknown member"},
	} {
		var k kinds
		err := program.DecodeJSON([]byte(tt.in), &k)
		assert.Equal(t, tt.at, program.Locations(err), tt.in)
		assert.ErrorContains(t, err, tt.detail, tt.in)
	}
}

func TestDecodeJSONStopsAtTheFirstSyntaxError(t *testing.T) {
	for _, tt := range []struct {
		in     string
		at     []string
		detail string
	}{
		{`{"flag": tru}`, []string{"/flag"}, "malformed JSON at byte"},
		{`{"table": {"a": 1,}}`, []string{"/table"}, "malformed JSON"},
		{`{"notes": ["x"`, []string{"/notes"}, "truncated JSON"},
		{`{"small": 300, "flag": nul}`, []string{"/small", "/flag"}, "malformed JSON"},
		{`{"raw": [1, 2`, []string{"/raw"}, "truncated JSON"},
		{`{"any": {"a": }}`, []string{"/any/a"}, "malformed JSON"},
		{`{"custom": {"v": 1`, []string{"/custom"}, "truncated JSON"},
		{`{"flag": true} x`, []string{""}, "malformed JSON"},
		{"{\"notes\": [\"\xff\"]}", []string{"/notes/0"}, "malformed JSON"},
		{" \n\t", []string{""}, "empty input"},
	} {
		var k kinds
		err := program.DecodeJSON([]byte(tt.in), &k)
		assert.Equal(t, tt.at, program.Locations(err), tt.in)
		assert.ErrorContains(t, err, tt.detail, tt.in)
	}
}

// An unknown member is answered with the members the object has, when they
// are few enough to read.
func TestDecodeJSONUnknownMemberListsAFewMembers(t *testing.T) {
	var small struct {
		A int `json:"a"`
		B int `json:"b"`
	}
	err := program.DecodeJSON([]byte(`{"c": 1}`), &small)
	assert.ErrorContains(t, err, "unknown member (this object has: a, b)")

	var k kinds // 14 members: too many to list
	err = program.DecodeJSON([]byte(`{"c": 1}`), &k)
	require.Error(t, err)
	assert.False(t, strings.Contains(err.Error(), "this object has"), err.Error())
}

// A require tag names members by JSON Pointer tokens, so a member whose
// name holds "/" or "~" is escaped there.
func TestDecodeJSONRequireTagUnescapesNames(t *testing.T) {
	type inner struct {
		Slash int `json:"a/b"`
		Tilde int `json:"c~d"`
	}
	var in struct {
		Inner inner `json:"inner" require:"a~1b,c~0d"`
	}
	err := program.DecodeJSON([]byte(`{"inner": {}}`), &in)
	assert.Equal(t, []string{"/inner/a~1b", "/inner/c~0d"}, program.Locations(err))
	require.NoError(t, program.DecodeJSON([]byte(`{"inner": {"a/b": 1, "c~d": 2}}`), &in))
	assert.Equal(t, inner{1, 2}, in.Inner)
}

// Mistakes of the program, not of the input, panic at once.
func TestDecodeJSONPanicsOnProgrammingErrors(t *testing.T) {
	var k kinds
	assert.Panics(t, func() { program.DecodeJSON([]byte(`{}`), k) }, "not a pointer")
	assert.Panics(t, func() { program.DecodeJSON([]byte(`{}`), (*kinds)(nil)) }, "a nil pointer")
	var ch struct {
		C chan int `json:"c"`
	}
	assert.Panics(t, func() { program.DecodeJSON([]byte(`{}`), &ch) }, "a type JSON cannot hold")
	var missing struct {
		P program.Partner `json:"p" require:"nickname"`
	}
	assert.Panics(t, func() { program.DecodeJSON([]byte(`{}`), &missing) }, "a require tag naming no member")
	var missingBelow struct {
		P program.Partner `json:"p" require:"nickname/first"`
	}
	assert.Panics(t, func() { program.DecodeJSON([]byte(`{}`), &missingBelow) }, "a require tag naming no member below")
}

// Members of an embedded struct are the outer object's; unexported and
// "-" fields are not members.
func TestDecodeJSONEmbeddedAndHiddenFields(t *testing.T) {
	type Base struct {
		ID string `json:"id"`
	}
	var v struct {
		Base
		Name   string `json:"name"`
		Secret string `json:"-"`
		hidden string //lint:ignore U1000 the decoder must skip it
	}
	require.NoError(t, program.DecodeJSON([]byte(`{"id": "x", "name": "y"}`), &v))
	assert.Equal(t, "x", v.ID)
	err := program.DecodeJSON([]byte(`{"Secret": "s", "hidden": "h", "-": 1}`), &v)
	assert.Equal(t, []string{"/Secret", "/hidden", "/-"}, program.Locations(err))
	_ = v.hidden
}

// Decoding over a value lays the input over it: a map keeps the members
// the input does not name, in a copy, so a value shared with another is
// left as it was.
func TestDecodeJSONOverAValueCopiesItsMaps(t *testing.T) {
	shared := map[string]int{"a": 1}
	k := kinds{Table: shared}
	require.NoError(t, program.DecodeJSON([]byte(`{"table": {"b": 2}}`), &k))
	assert.Equal(t, map[string]int{"a": 1, "b": 2}, k.Table)
	assert.Equal(t, map[string]int{"a": 1}, shared)
}

func TestParseWhole(t *testing.T) {
	for _, tt := range []struct {
		lit  string
		want int64
		ok   bool
	}{
		{"2", 2, true}, {"2.0", 2, true}, {"2e0", 2, true}, {"-9007199254740992", -9007199254740992, true},
		{"2.5", 0, false}, {"9007199254740993", 0, false}, {"1e16", 0, false}, {"1e999", 0, false}, {"x", 0, false},
	} {
		got, err := program.ParseWhole(tt.lit)
		assert.Equal(t, tt.ok, err == nil, tt.lit)
		assert.Equal(t, tt.want, got, tt.lit)
	}
}

func TestParseInstantTakesOnlyRFC3339(t *testing.T) {
	for _, s := range []string{"2026-11-25T09:30:00Z", "2026-11-25T09:30:00.5+01:00", "2026-11-25T09:30:00-23:59"} {
		_, err := program.ParseInstant(s)
		assert.NoError(t, err, s)
	}
	for _, s := range []string{"2026-11-25T09:30:00", "2026-11-25T09:30:00.Z", "2026-11-25T09:30:00+24:00", "2026-11-25T09:30:00+01:60", "2026-11-25T09:30:00+0100", "2026-11-25T09:30:00,5Z", "2026-11-25"} {
		_, err := program.ParseInstant(s)
		assert.Error(t, err, s)
	}
}

func TestLocationsNamesParametersAndPointers(t *testing.T) {
	var p program.Problems
	p.Add("/a", "x")
	p.AddErr(&program.FieldError{Parameter: "now", Detail: "y"})
	p.AddErr(nil)
	assert.Equal(t, 2, p.Len())
	assert.Equal(t, []string{"/a", "now"}, program.Locations(p.Err()))
	assert.True(t, slices.Equal(program.Locations(program.Within("/set", p.Err())), []string{"/set/a", "now"}), "a parameter's problem stays a parameter's")
	assert.Nil(t, program.Within("/set", nil))
	assert.Equal(t, "now: y", (&program.FieldError{Parameter: "now", Detail: "y"}).Error())
	assert.Equal(t, "whole", (&program.FieldError{Detail: "whole"}).Error())
}
