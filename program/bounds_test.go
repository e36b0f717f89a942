package program_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

// TestProblemsKeepTheFirstAndCountTheRest: past MaxProblems a problem is
// counted, not kept, and the error says how many were left out.
func TestProblemsKeepTheFirstAndCountTheRest(t *testing.T) {
	var p program.Problems
	for i := range program.MaxProblems + 7 {
		p.Add(program.Index("/list", i), "bad")
	}
	assert.Equal(t, program.MaxProblems+7, p.Len(), "Len counts the omitted problems too")
	err := p.Err()
	require.ErrorIs(t, err, program.ErrInvalidInput)
	fes := program.FieldErrors(err)
	require.Len(t, fes, program.MaxProblems)
	assert.Equal(t, "/list/0", fes[0].Pointer)
	assert.Equal(t, program.Index("/list", program.MaxProblems-1), fes[len(fes)-1].Pointer, "the first ones are kept, in order")
	assert.Equal(t, 7, program.Omitted(err))
	assert.True(t, strings.HasSuffix(err.Error(), "\nand 7 more problems, not listed"), "the Go error tells the count: %q", lastLine(err))

	// The count survives being placed below a member, wrapped and joined
	// into another collection, which keeps counting.
	within := program.Within("/dealreg", fmt.Errorf("policy: %w", err))
	assert.Equal(t, 7, program.Omitted(within))
	assert.Equal(t, "/dealreg/list/0", program.FieldErrors(within)[0].Pointer)
	var q program.Problems
	q.Add("/first", "bad")
	q.AddErr(within)
	assert.Equal(t, program.MaxProblems+8, q.Len())
	assert.Equal(t, 8, program.Omitted(q.Err()), "one of within's kept problems no longer fits")
	assert.Equal(t, "/first", program.Locations(q.Err())[0])

	var none program.Problems
	assert.NoError(t, none.Err())
	assert.Equal(t, 0, program.Omitted(errors.New("disk full")))
}

func lastLine(err error) string {
	s := err.Error()
	return s[strings.LastIndexByte(s, '\n')+1:]
}

type bounded struct {
	Items []struct {
		At time.Time `json:"at" jsonschema:"required"`
	} `json:"items" jsonschema:"required,maxItems=3"`
	Tags []string `json:"tags,omitempty" jsonschema:"maxItems=2"`
}

// TestDecodeJSONEnforcesMaxItems: a list holds at most its tag's maxItems
// elements; exactly that many is fine, one more is an error at the list,
// listed before its elements' problems, with the count of what was sent.
func TestDecodeJSONEnforcesMaxItems(t *testing.T) {
	items := func(n int, item string) string {
		return `{"items":[` + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + `]}`
	}
	good := `{"at":"2026-01-01T00:00:00Z"}`
	var v bounded
	require.NoError(t, program.DecodeJSON([]byte(items(3, good)), &v))
	assert.Len(t, v.Items, 3)

	err := program.DecodeJSON([]byte(items(4, good)), &v)
	require.ErrorIs(t, err, program.ErrInvalidInput)
	assert.Equal(t, []string{"/items: 4 items; the most this list may hold is 3"}, errorLines(err))

	// The elements' own problems come after the list's, and the elements
	// past the limit are not read at all.
	err = program.DecodeJSON([]byte(items(1000, `{}`)), &v)
	assert.Equal(t, []string{
		"/items: 1000 items; the most this list may hold is 3",
		"/items/0/at: required: want an RFC 3339 instant such as \"2026-11-25T09:30:00Z\"",
		"/items/1/at: required: want an RFC 3339 instant such as \"2026-11-25T09:30:00Z\"",
		"/items/2/at: required: want an RFC 3339 instant such as \"2026-11-25T09:30:00Z\"",
	}, errorLines(err))

	err = program.DecodeJSON([]byte(`{"items":[],"tags":["a","b","c"]}`), &v)
	assert.Equal(t, []string{"/tags: 3 items; the most this list may hold is 2"}, errorLines(err))
	err = program.DecodeJSON([]byte(`{"items":{}}`), &v)
	assert.Equal(t, []string{"/items: got an object, want a list of at most 3 items"}, errorLines(err))
}

// TestDecodeJSONMaxItemsOnNotAList: maxItems on a member that is
// not a list is a programming error, found when the type is first decoded.
func TestDecodeJSONMaxItemsOnNotAList(t *testing.T) {
	var v struct {
		N int `json:"n" jsonschema:"maxItems=2"`
	}
	assert.Panics(t, func() { _ = program.DecodeJSON([]byte(`{"n":1}`), &v) })
}

func errorLines(err error) []string {
	var out []string
	for _, fe := range program.FieldErrors(err) {
		out = append(out, fe.Error())
	}
	if n := program.Omitted(err); n > 0 {
		out = append(out, fmt.Sprintf("(%d omitted)", n))
	}
	return out
}

// TestDecodeJSONCapsProblems: an input with a problem in every one of
// thousands of values gets MaxProblems of them listed and the rest
// counted; a syntax error after them still says why decoding stopped.
func TestDecodeJSONCapsProblems(t *testing.T) {
	var v struct {
		List []struct {
			N int `json:"n" jsonschema:"required"`
		} `json:"list"`
	}
	const n = 5000
	body := `{"list":[` + strings.TrimSuffix(strings.Repeat(`{"x":1},`, n), ",") + `]}`
	err := program.DecodeJSON([]byte(body), &v)
	require.ErrorIs(t, err, program.ErrInvalidInput)
	fes := program.FieldErrors(err)
	require.Len(t, fes, program.MaxProblems)
	assert.Equal(t, "/list/0/x", fes[0].Pointer)
	assert.Equal(t, "/list/0/n", fes[1].Pointer)
	assert.Equal(t, 2*n-program.MaxProblems, program.Omitted(err), "every problem is counted: an unknown and a missing member per element")

	err = program.DecodeJSON([]byte(strings.TrimSuffix(body, "]}")+`,{"n":`), &v)
	fes = program.FieldErrors(err)
	require.Len(t, fes, program.MaxProblems)
	assert.Contains(t, fes[len(fes)-1].Detail, "truncated JSON", "the syntax error takes the last place")
	assert.Equal(t, 2*n-program.MaxProblems+1, program.Omitted(err))
}

// TestDecodeJSONWholeDocumentOfAnotherKind: a document that is not the
// object (or list) the input is gets one problem at the root pointer "",
// saying what it is and what is wanted.
func TestDecodeJSONWholeDocumentOfAnotherKind(t *testing.T) {
	var obj struct {
		ApprovedAt time.Time `json:"approved_at" jsonschema:"required"`
	}
	var list []int
	var m map[string]int
	for _, tc := range []struct {
		in   string
		v    any
		want string
	}{
		{`[]`, &obj, "the document is a list; want an object (this object has: approved_at)"},
		{`"2026-01-01T00:00:00Z"`, &obj, "the document is a string; want an object (this object has: approved_at)"},
		{`12`, &obj, "the document is a number; want an object (this object has: approved_at)"},
		{`true`, &obj, "the document is a boolean; want an object (this object has: approved_at)"},
		{`null`, &obj, "the document is null; want an object (this object has: approved_at)"},
		{`{}`, &list, "the document is an object; want a list"},
		{`[1]`, &m, "the document is a list; want an object"},
	} {
		err := program.DecodeJSON([]byte(tc.in), tc.v)
		require.ErrorIs(t, err, program.ErrInvalidInput, tc.in)
		fes := program.FieldErrors(err)
		require.Len(t, fes, 1, tc.in)
		assert.Equal(t, "", fes[0].Pointer, tc.in)
		assert.Equal(t, tc.want, fes[0].Detail, tc.in)
	}
}

// TestLongValuesAreNamedShort: a problem with a long value names its
// start and its length rather than echo it whole, and a decimal string
// longer than MaxDecimalLength is refused before it is converted.
func TestLongValuesAreNamedShort(t *testing.T) {
	var v struct {
		At    time.Time     `json:"at"`
		N     int           `json:"n"`
		Track program.Track `json:"track"`
		M     program.Money `json:"m"`
	}
	long := strings.Repeat("é", 50_000)
	digits := strings.Repeat("9", 100_000)
	err := program.DecodeJSON([]byte(`{"at":"`+long+`","n":`+digits+`,"track":"`+long+`","m":{"amount":"`+digits+`","currency":"USD"}}`), &v)
	assert.Equal(t, []string{
		`/at: "` + strings.Repeat("é", 16) + `…" (100000 bytes) is not an RFC 3339 instant such as "2026-11-25T09:30:00Z"`,
		"/n: " + strings.Repeat("9", 32) + "… (100000 bytes) is out of range: want a whole number within ±9007199254740992",
		`/track: "` + strings.Repeat("é", 16) + `…" (100000 bytes) is not a track (select, open)`,
		`/m/amount: "` + strings.Repeat("9", 32) + `…" (100000 bytes) is longer than 64 characters: not a decimal number such as "12.50"`,
	}, errorLines(err))

	d, err := program.ParseDecimal("-" + strings.Repeat("9", program.MaxDecimalLength-3) + ".5")
	require.NoError(t, err, "MaxDecimalLength characters are a decimal")
	assert.True(t, d.IsNegative())
	_, err = program.ParseDecimal(strings.Repeat("9", program.MaxDecimalLength+1))
	assert.Error(t, err)
}
