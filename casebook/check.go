package casebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/program"
)

// Mismatch is one way a result differs from what its case expects.
type Mismatch struct {
	What string `json:"what"` // "outcome", "rules", "error", or a field path
	Want string `json:"want"`
	Got  string `json:"got"`
}

func (m Mismatch) String() string { return fmt.Sprintf("%s: want %s, got %s", m.What, m.Want, m.Got) }

// Check compares the result of running c (res, or err when evaluation failed)
// with c.Want and returns every mismatch; none means the case passes.
func Check(c Case, res channelpolicy.Result, err error) []Mismatch {
	w := c.Want
	if len(w.ErrorFields) > 0 {
		if err == nil {
			return []Mismatch{{What: "error", Want: "input error naming " + strings.Join(w.ErrorFields, ", "), Got: "outcome " + res.Outcome + " " + rulesString(res.Rules)}}
		}
		if !errors.Is(err, program.ErrInvalidInput) {
			// An unknown operation, a failure: no input error, whatever
			// its text would locate.
			return []Mismatch{{What: "error", Want: "input error naming " + strings.Join(w.ErrorFields, ", "), Got: err.Error()}}
		}
		got := program.Locations(err)
		if !slices.Equal(got, w.ErrorFields) {
			return []Mismatch{{What: "error", Want: strings.Join(w.ErrorFields, ", "), Got: strings.Join(got, ", ") + " (" + err.Error() + ")"}}
		}
		return nil
	}
	if err != nil {
		return []Mismatch{{What: "error", Want: "outcome " + w.Outcome, Got: err.Error()}}
	}
	var out []Mismatch
	if res.Outcome != w.Outcome {
		out = append(out, Mismatch{"outcome", w.Outcome, res.Outcome})
	}
	if !slices.Equal(res.Rules, w.Rules) {
		out = append(out, Mismatch{"rules", rulesString(w.Rules), rulesString(res.Rules)})
	}
	if len(w.Fields) > 0 {
		out = append(out, checkFields(w.Fields, res.Decision)...)
	}
	return out
}

func rulesString(r []program.RuleID) string {
	s := make([]string, len(r))
	for i, x := range r {
		s[i] = string(x)
	}
	return "[" + strings.Join(s, " ") + "]"
}

func checkFields(want map[string]json.RawMessage, decision any) []Mismatch {
	raw, err := json.Marshal(decision)
	if err != nil {
		return []Mismatch{{What: "decision", Want: "JSON", Got: err.Error()}}
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return []Mismatch{{What: "decision", Want: "JSON", Got: err.Error()}}
	}
	paths := make([]string, 0, len(want))
	for p := range want {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var out []Mismatch
	for _, p := range paths {
		var w any
		if err := json.Unmarshal(want[p], &w); err != nil {
			out = append(out, Mismatch{p, string(want[p]), "(expected value is not JSON)"})
			continue
		}
		g, ok := lookup(doc, p)
		if !ok {
			if w == nil {
				continue // expecting absence
			}
			out = append(out, Mismatch{p, compact(want[p]), "(absent)"})
			continue
		}
		if !sameValue(w, g) {
			gb, _ := json.Marshal(g)
			out = append(out, Mismatch{p, compact(want[p]), string(gb)})
		}
	}
	return out
}

func compact(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}

// sameValue compares decoded JSON values; two strings that are both RFC 3339
// instants compare as instants.
func sameValue(w, g any) bool {
	ws, ok1 := w.(string)
	gs, ok2 := g.(string)
	if ok1 && ok2 {
		wt, err1 := time.Parse(time.RFC3339Nano, ws)
		gt, err2 := time.Parse(time.RFC3339Nano, gs)
		if err1 == nil && err2 == nil {
			return wt.Equal(gt)
		}
		return ws == gs
	}
	return reflect.DeepEqual(w, g)
}

// Resolve follows an RFC 6901 JSON Pointer ("/entries/1/reasons/0/rule")
// through decoded JSON (objects as map[string]any, lists as []any) and
// returns the value there; ok is false when nothing is there. The pointer
// "" is the whole document.
func Resolve(doc any, pointer string) (v any, ok bool) { return lookup(doc, pointer) }

// lookup follows an RFC 6901 JSON Pointer ("/entries/1/reasons/0/rule")
// through decoded JSON.
func lookup(doc any, pointer string) (any, bool) {
	if pointer == "" {
		return doc, true
	}
	if !strings.HasPrefix(pointer, "/") {
		return nil, false
	}
	cur := doc
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch x := cur.(type) {
		case map[string]any:
			v, ok := x[tok]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) || (len(tok) > 1 && tok[0] == '0') {
				return nil, false
			}
			cur = x[i]
		default:
			return nil, false
		}
	}
	return cur, true
}
