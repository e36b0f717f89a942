package channelpolicy_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	. "github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

var fastAppend = FastAppend

// encodingJSON is what encoding/json writes for v, HTML characters escaped
// or not, without the trailing newline.
// fastAndEncodingJSON is v as the fast encoder writes it, unless it gave
// up (ok false), and as encoding/json writes it.
func fastAndEncodingJSON(t *testing.T, v any, html bool) (got []byte, want string, ok bool) {
	t.Helper()
	want, err := encodingJSON(t, v, html)
	if err != nil {
		t.Fatal(err)
	}
	got, ok = fastAppend(nil, v, html)
	return got, want, ok
}

func encodingJSON(t *testing.T, v any, html bool) (string, error) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	err := enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n"), err
}

// TestFastEncoderWritesWhatEncodingJSONWrites: the fast encoder writes
// every case-book decision of every package byte for byte as encoding/json
// does, with HTML escaping and without, and it is the one that wrote them
// (it did not give up and leave them to the slower encoder).
func TestFastEncoderWritesWhatEncodingJSONWrites(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*")
	set := Default().Policies()
	n, fast := 0, map[string]int{}
	for _, dir := range dirs {
		if filepath.Base(dir) == "fuzz" {
			continue
		}
		cases, err := casebook.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			res, err := casebook.Run(set, c)
			if err != nil {
				continue
			}
			for _, html := range []bool{false, true} {
				want, err := encodingJSON(t, res.Decision, html)
				if err != nil {
					t.Fatalf("%s: %v", c.ID, err)
				}
				got, ok := fastAppend([]byte("prefix"), res.Decision, html)
				if !ok {
					if string(got) != "prefix" {
						t.Errorf("%s: gave up, leaving %q", c.ID, got)
					}
					continue
				}
				if string(got) != "prefix"+want {
					t.Errorf("%s (html %v):\n got %s\nwant %s", c.ID, html, got[len("prefix"):], want)
				}
				fast[c.Operation]++
			}
			n++
		}
	}
	if n < 400 {
		t.Fatalf("compared %d decisions; want every case book's", n)
	}
	// Every operation's decisions are written by the fast encoder: a type
	// in a decision that it leaves to the slower one (as a pointer to a
	// reason once was) costs that operation five times the time.
	for _, op := range Default().Operations() {
		if fast[op.Name()] == 0 {
			t.Errorf("the fast encoder wrote no decision of %s", op.Name())
		}
	}
	t.Logf("fast encoder wrote: %v", fast)
}

// TestFastEncoderStrings: strings of every awkward kind (quotes, control
// characters, HTML, U+2028, invalid UTF-8) are written as encoding/json
// writes them, in members, lists and reasons' texts.
func TestFastEncoderStrings(t *testing.T) {
	type inner struct {
		S    string           `json:"s"`
		L    []string         `json:"l,omitempty"`
		P    *string          `json:"p"`
		N    int              `json:"n,omitempty"`
		U    uint8            `json:"u"`
		B    bool             `json:"b"`
		Z    time.Time        `json:"z,omitzero"`
		T    time.Time        `json:"t"`
		D    decimal.Decimal  `json:"d"`
		M    program.Money    `json:"m"`
		E    program.Effect   `json:"e"`
		A    program.Action   `json:"a,omitzero"`
		R    []program.Reason `json:"r"`
		I    any              `json:"i"`
		Skip string           `json:"-"`
		hid  string
		Def  string
		// Left out when empty, or written, by kind.
		OP  *int8          `json:"op,omitempty"`
		OI  any            `json:"oi,omitempty"`
		OB  bool           `json:"ob,omitempty"`
		OU  uint32         `json:"ou,omitempty"`
		O16 int16          `json:"o16,omitempty"`
		OM  map[string]int `json:"om,omitempty"`
		OA  [0]int         `json:"oa,omitempty"`
		OZ  *time.Time     `json:"oz,omitzero"`
	}
	for _, s := range []string{"", "plain", `q"b\s/`, "ctl\x00\x01\b\f\n\r\t\x1f\x7f", "<a href='x'>&amp;</a>", "line\u2028sep\u2029", "bad\xffutf8\xe2\x80", "é漢字🙂", strings.Repeat("x", 300)} {
		in := inner{S: s, L: []string{s, "b"}, P: &s, N: -3, U: 200, B: true,
			T: time.Date(2026, 3, 2, 9, 0, 0, 5000, time.FixedZone("", 5*3600+1800)),
			D: decimal.RequireFromString("12.50"), M: program.Money{Amount: decimal.RequireFromString("7"), Currency: "EUR"},
			E: program.Unmet, A: program.Action{Actor: program.ActorASM, What: s},
			R: []program.Reason{program.NewReason("r.x", "Sec <1>", program.Met, s)}, I: []any{s, 1, nil}, hid: s, Def: s,
			OP: new(int8(-128)), OI: s, OB: true, OU: 4294967295, O16: -32768, OZ: &time.Time{}}
		for _, v := range []any{in, &in, []inner{in, {}}, s, nil} {
			for _, html := range []bool{false, true} {
				got, want, ok := fastAndEncodingJSON(t, v, html)
				if !ok {
					// Only a reason whose text is not UTF-8 is left to the
					// slower encoder.
					if !strings.Contains(s, "\xff") {
						t.Errorf("%q: gave up", s)
					}
					continue
				}
				if string(got) != want {
					t.Errorf("%q (html %v):\n got %s\nwant %s", s, html, got, want)
				}
			}
		}
	}
}

// FuzzFastEncoderStrings: any string, as a member and as a reason's
// text, is written as encoding/json writes it, HTML characters escaped or
// not.
func FuzzFastEncoderStrings(f *testing.F) {
	for _, s := range []string{"", "plain", `q"b\s/`, "ctl\x00\x1f\x7f", "<a>&amp;</a>", "line\u2028sep\u2029", "bad\xffutf8\xe2\x80", "é漢字🙂", "abcdefgh\"ijklmnop<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		type doc struct {
			S string           `json:"s"`
			R []program.Reason `json:"r"`
		}
		v := doc{S: s, R: []program.Reason{program.NewReason("r.x", "Sec", program.Met, s)}}
		for _, html := range []bool{false, true} {
			got, want, ok := fastAndEncodingJSON(t, v, html)
			if !ok {
				if utf8.ValidString(s) {
					t.Fatalf("%q: gave up on valid UTF-8", s)
				}
				continue
			}
			if string(got) != want {
				t.Fatalf("%q (html %v):\n got %s\nwant %s", s, html, got, want)
			}
		}
	})
}

// TestFastEncoderGivesUp: what the fast encoder does not write (maps,
// floats, instants out of JSON's range) still comes out of AppendJSON as
// encoding/json writes it, errors included.
func TestFastEncoderGivesUp(t *testing.T) {
	for _, v := range []any{
		map[string]int{"b": 1, "a": 2},
		struct{ F float64 }{1e21},
		[]byte("bytes"),
		struct{ T time.Time }{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		want, wantErr := encodingJSON(t, v, false)
		got, err := AppendJSON(nil, v)
		if (err != nil) != (wantErr != nil) || err == nil && string(got) != want {
			t.Errorf("%#v: got %s, %v; want %s, %v", v, got, err, want, wantErr)
		}
	}
}
