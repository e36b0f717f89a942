package casebook_test

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
)

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
	return p
}

const okCase = `{"id": "%s", "section": "Key Guidelines", "note": "n", "operation": "dealreg.expiry",
  "now": "2026-03-01T00:00:00Z", "input": {"approved_at": "2026-01-01T00:00:00Z"},
  "want": {"outcome": "active", "rules": ["dealreg.expiry.active"], "fields": {"/expires_at": "2026-04-01T00:00:00Z"}}}`

func TestLoadNamesTheFileAndCase(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ body, want string }{
		{`{"cases": [{"id": "a", "operation": "dealreg.route", "input": {}, "want": {"outcome": "approved"}}]}`,
			`bad.json: case 0 ("a"): /cases/0/section: required`},
		{`{"cases": [{"id": "a", "section": "s", "note": "n", "operation": "o", "input": {}, "want": {}}]}`,
			`/cases/0/want: set outcome (with rules) or error_fields`},
		{`{"cases": [{"id": "a", "section": "s", "note": "n", "operation": "o", "input": {}, "want": {"outcome": "x", "rules": ["r"], "error_fields": ["f"]}}]}`,
			`/cases/0/want: outcome and error_fields exclude each other`},
		{`{"cases": [], "extra": 1}`, `bad.json: /extra: unknown member`},
		{`{"cases": []}`, `bad.json: /cases: no cases`},
		{`{"cases": [`, `bad.json: /cases: truncated JSON`},
	}
	for _, tt := range tests {
		_, err := casebook.LoadFile(write(t, dir, "bad.json", tt.body))
		require.Error(t, err, tt.body)
		assert.Contains(t, err.Error(), tt.want)
	}
}

func TestLoadDirRejectsDuplicateIDs(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.json", `{"cases": [`+strings.Replace(okCase, "%s", "same", 1)+`]}`)
	write(t, dir, "b.json", `{"cases": [`+strings.Replace(okCase, "%s", "same", 1)+`]}`)
	_, err := casebook.LoadDir(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `case "same": ID already used in`)

	_, err = casebook.LoadDir(t.TempDir())
	assert.ErrorContains(t, err, "no case books")
}

// TestInputFiles: a member named in input_files gets its file's text, the
// rest of the input kept; a file the input already names, one outside the
// case book's folder, a missing one and an input that is not an object
// are errors naming the case.
func TestInputFiles(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "pages"), 0o700))
	write(t, filepath.Join(dir, "pages"), "p.html", "<p class=\"x\">caf\u00e9 &amp; \\ </p>\n")
	book := func(input, files string) string {
		return `{"cases": [{"id": "f", "section": "s", "note": "n", "operation": "o", "input": ` + input +
			`, "input_files": ` + files + `, "want": {"outcome": "x", "rules": ["r"]}}]}`
	}
	cases, err := casebook.LoadFile(write(t, dir, "ok.json", book(`{"country": "DE"}`, `{"html": "pages/p.html"}`)))
	require.NoError(t, err)
	var in map[string]string
	require.NoError(t, json.Unmarshal(cases[0].Input, &in))
	assert.Equal(t, map[string]string{"country": "DE", "html": "<p class=\"x\">caf\u00e9 &amp; \\ </p>\n"}, in)
	assert.Nil(t, cases[0].InputFiles)

	cases, err = casebook.LoadFile(write(t, dir, "empty.json", book(`{}`, `{"html": "pages/p.html"}`)))
	require.NoError(t, err)
	require.True(t, json.Valid(cases[0].Input), string(cases[0].Input))

	for _, tt := range []struct{ input, files, want string }{
		{`{"html": "x"}`, `{"html": "pages/p.html"}`, `input_files: the input already has member "html"`},
		{`{}`, `{"html": "../p.html"}`, `input_files: "../p.html" is not a path inside the case book's folder`},
		{`{}`, `{"html": "pages/none.html"}`, `input_files: open`},
		{`[1]`, `{"html": "pages/p.html"}`, `input_files: the input is not a JSON object`},
	} {
		_, err := casebook.LoadFile(write(t, dir, "bad.json", book(tt.input, tt.files)))
		require.Error(t, err, tt.input)
		assert.Contains(t, err.Error(), `bad.json: case 0 ("f"): `+tt.want)
	}
}

func TestCheckReportsEachMismatch(t *testing.T) {
	dir := t.TempDir()
	cases, err := casebook.LoadFile(write(t, dir, "c.json", `{"cases": [`+strings.Replace(okCase, "%s", "c1", 1)+`]}`))
	require.NoError(t, err)
	c := cases[0]
	res, err := casebook.Run(channelpolicy.Default().Policies(), c)
	require.NoError(t, err)
	assert.Empty(t, casebook.Check(c, res, err), "the case passes as written")

	c.Want.Outcome = "expired"
	c.Want.Rules = nil
	c.Want.Fields = map[string]json.RawMessage{"/expires_at": json.RawMessage(`"2026-04-02T00:00:00+00:00"`), "/missing/path": json.RawMessage(`1`)}
	got := casebook.Check(c, res, nil)
	var what []string
	for _, m := range got {
		what = append(what, m.What)
	}
	assert.Equal(t, []string{"outcome", "rules", "/expires_at", "/missing/path"}, what)

	c.Want = casebook.Want{ErrorFields: []string{"/approved_at"}}
	mm := casebook.Check(c, res, nil)
	require.Len(t, mm, 1)
	assert.Equal(t, "error", mm[0].What)
}

func TestCheckComparesInstantsAsInstants(t *testing.T) {
	dir := t.TempDir()
	body := strings.Replace(okCase, "%s", "c1", 1)
	body = strings.Replace(body, `"2026-04-01T00:00:00Z"`, `"2026-04-01T02:00:00+02:00"`, 1)
	cases, err := casebook.LoadFile(write(t, dir, "c.json", `{"cases": [`+body+`]}`))
	require.NoError(t, err)
	res, err := casebook.Run(channelpolicy.Default().Policies(), cases[0])
	assert.Empty(t, casebook.Check(cases[0], res, err))
}

func TestDiffGroupsTransitions(t *testing.T) {
	dir := t.TempDir()
	var books []string
	for i, approved := range []string{"2026-01-01", "2026-01-10", "2026-02-20"} {
		books = append(books, strings.NewReplacer("%s", "c"+string(rune('1'+i)), "2026-01-01T00:00:00Z", approved+"T00:00:00Z").Replace(okCase))
	}
	cases, err := casebook.LoadFile(write(t, dir, "d.json", `{"cases": [`+strings.Join(books, ",")+`]}`))
	require.NoError(t, err)
	old := channelpolicy.Default().Policies()
	next, err := old.Load([]byte(`{"dealreg": {"expiry_days": 45}}`))
	require.NoError(t, err)
	// At 2026-03-01: approvals of 1 and 10 January are more than 45 days
	// old (59 and 50 days), the one of 20 February is not (9 days).
	r := casebook.Diff(old, next, cases, 1)
	assert.Equal(t, 3, r.Total)
	assert.Equal(t, 2, r.Changed)
	require.Len(t, r.Transitions, 1)
	assert.Equal(t, casebook.Transition{From: "active", To: "expired", Count: 2, Examples: []string{"c1"}}, r.Transitions[0])
	assert.Contains(t, r.Summary(), "active -> expired: 2 (e.g. c1)")

	stream := strings.NewReader(`{"approved_at": "2026-01-01T00:00:00Z"}` + "\n\n" + `{"approved_at": "nope"}` + "\n")
	sr, err := casebook.DiffStream(old, next, "dealreg.expiry", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), stream, 5)
	require.NoError(t, err)
	assert.Equal(t, 2, sr.Total)
	assert.Equal(t, []casebook.Transition{{From: "active", To: "expired", Count: 1, Examples: []string{"line 1"}}}, sr.Transitions)
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", casebook.MaxLine)
	tests := []struct {
		name  string
		input string
		want  []string // "LONG" for an over-long line
	}{
		{"newline at the end", "a\nb\n", []string{"a", "b"}},
		{"no newline at the end", "a\nb", []string{"a", "b"}},
		{"CRLF", "a\r\nb\r\n", []string{"a", "b"}},
		{"blank lines count", "a\n\nb\n", []string{"a", "", "b"}},
		{"exactly MaxLine", long + "\n" + "z", []string{long, "z"}},
		{"one over MaxLine, with newline", long + "x\n" + "z\n", []string{"LONG", "z"}},
		{"one over MaxLine, at EOF", long + "x", []string{"LONG"}},
		{"far over MaxLine", long + long + long + "\nz", []string{"LONG", "z"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := casebook.NewLineReader(strings.NewReader(tt.input))
			var got []string
			for {
				line, n, tooLong, err := lr.Next()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				require.Equal(t, len(got)+1, n)
				if tooLong {
					require.Nil(t, line)
					got = append(got, "LONG")
				} else {
					got = append(got, string(line))
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDiffStreamGoesOnPastAnOverlongLine(t *testing.T) {
	old := channelpolicy.Default().Policies()
	next, err := old.Load([]byte(`{"dealreg": {"expiry_days": 45}}`))
	require.NoError(t, err)
	stream := strings.NewReader(strings.Repeat("x", casebook.MaxLine+1) + "\n" + `{"approved_at": "2026-01-01T00:00:00Z"}` + "\n")
	r, err := casebook.DiffStream(old, next, "dealreg.expiry", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), stream, 5)
	require.NoError(t, err)
	assert.Equal(t, 2, r.Total)
	assert.Equal(t, []casebook.Transition{{From: "active", To: "expired", Count: 1, Examples: []string{"line 2"}}}, r.Transitions)
}
