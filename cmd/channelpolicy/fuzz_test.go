package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
)

// fuzzRecord is an output line of eval --jsonl, read back.
type fuzzRecord struct {
	Line     int               `json:"line"`
	ID       *string           `json:"id"`
	Decision json.RawMessage   `json:"decision"`
	Errors   []json.RawMessage `json:"errors"`
}

// FuzzEvalStream runs 'eval OPERATION --jsonl' on any stream, as a batch
// would: one record per input line, in order, numbered from 1; the id of a
// line that is an object with a string id; for a line that decides, the
// decision eval gives for that input alone, keeping the decision contract;
// for any other, its errors, each located in that line; and exit 1 exactly
// when a line did not decide.
func FuzzEvalStream(f *testing.F) {
	reg := channelpolicy.Default()
	ops := reg.Operations()
	opNumber := func(name string) uint8 {
		return uint8(slices.IndexFunc(ops, func(o channelpolicy.Operation) bool { return o.Name() == name }))
	}
	for _, name := range []string{"stream.jsonl", "truncated.jsonl"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(opNumber("dealreg.route"), b)
	}
	byOp := map[string][]byte{} // the first inputs of each operation, a line each
	for _, c := range casetest.Load(f, "../../testdata") {
		if len(byOp[c.Operation]) < 2048 {
			byOp[c.Operation] = append(append(byOp[c.Operation], c.Input...), '\n')
		}
	}
	for name, lines := range byOp {
		f.Add(opNumber(name), lines)
	}
	f.Add(opNumber("dealreg.expiry"), []byte("\n \r\n{\"id\": \"A\", \"approved_at\": \"2026-01-01T00:00:00Z\"}\r\n{\"id\": 7}\n{\"id\": \"\"}\n{\"id\": \"B\", \"approved_at\": tru"))
	const at = "2026-03-20T09:00:00Z"
	instant, _ := time.Parse(time.RFC3339, at)
	set := reg.Policies()
	f.Fuzz(func(t *testing.T, n uint8, data []byte) {
		op := ops[int(n)%len(ops)].Name()
		var stdout, stderr bytes.Buffer
		code := run([]string{"eval", op, "--jsonl", "--now", at}, env{stdin: bytes.NewReader(data), stdout: &stdout, stderr: &stderr})
		var inputs [][]byte // nil for a line over the limit
		lines := casebook.NewLineReader(bytes.NewReader(data))
		for {
			line, _, tooLong, err := lines.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if tooLong {
				line = nil
			} else if line == nil {
				line = []byte{}
			}
			inputs = append(inputs, line)
		}
		out := bytes.Split(bytes.TrimSuffix(stdout.Bytes(), []byte("\n")), []byte("\n"))
		if len(inputs) == 0 {
			out = nil
			if stdout.Len() != 0 {
				t.Fatalf("no input lines, output %q", stdout.Bytes())
			}
		}
		if len(out) != len(inputs) {
			t.Fatalf("%d input lines, %d records:\n%s", len(inputs), len(out), stdout.Bytes())
		}
		bad := 0
		for i, raw := range out {
			var rec fuzzRecord
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&rec); err != nil {
				t.Fatalf("record %d is not a record: %v\n%s", i+1, err, raw)
			}
			line := inputs[i]
			if rec.Line != i+1 {
				t.Fatalf("record %d says line %d", i+1, rec.Line)
			}
			if want := lineID(line); (rec.ID == nil) != (want == "") || (rec.ID != nil && *rec.ID != want) {
				t.Fatalf("line %d: id %v, want %q\nline: %q", i+1, rec.ID, want, line)
			}
			if (rec.Decision == nil) == (rec.Errors == nil) {
				t.Fatalf("line %d: want exactly one of decision and errors: %s", i+1, raw)
			}
			if rec.Errors != nil {
				bad++
				checkLineErrors(t, set, op, instant, line, rec.Errors)
				continue
			}
			casetest.DecisionJSON(t, reg, op, rec.Decision)
			res, err := set.Evaluate(op, line, instant)
			if err != nil {
				t.Fatalf("line %d decided in the stream, alone: %v", i+1, err)
			}
			alone, _ := json.Marshal(res.Decision)
			if !sameJSON(alone, rec.Decision) {
				t.Fatalf("line %d: the stream decided\n%s\nalone\n%s", i+1, rec.Decision, alone)
			}
		}
		switch {
		case bad == 0 && code != exitOK:
			t.Fatalf("exit %d with every line decided; stderr %s", code, stderr.Bytes())
		case bad > 0 && (code != exitFailed || !strings.Contains(stderr.String(), fmt.Sprintf("%d of %d lines", bad, len(inputs)))):
			t.Fatalf("%d bad lines: exit %d, stderr %q", bad, code, stderr.Bytes())
		}
	})
}

// checkLineErrors holds the errors of a line's record to the error
// contract: located in the line (the document root for a line that is
// blank or over the limit), and, for a line with JSON in it, what eval
// reports for that input alone.
func checkLineErrors(t *testing.T, set channelpolicy.PolicySet, op string, now time.Time, line []byte, errs []json.RawMessage) {
	t.Helper()
	var fes []error
	for _, raw := range errs {
		var e struct {
			Pointer   *string `json:"pointer"`
			Parameter *string `json:"parameter"`
			Detail    string  `json:"detail"`
		}
		if err := json.Unmarshal(raw, &e); err != nil || (e.Pointer == nil) == (e.Parameter == nil) {
			t.Fatalf("error %s is not {pointer, detail} nor {parameter, detail}", raw)
		}
		fe := &program.FieldError{Detail: e.Detail}
		if e.Pointer != nil {
			fe.Pointer = *e.Pointer
		} else {
			fe.Parameter = *e.Parameter
		}
		fes = append(fes, fe)
	}
	casetest.InputError(t, line, errors.Join(fes...), "now")
	if line == nil || len(bytes.TrimSpace(line)) == 0 {
		return
	}
	_, err := set.Evaluate(op, line, now)
	if err == nil {
		t.Fatalf("line %q has errors in the stream and decides alone", line)
	}
	alone, _ := json.Marshal(program.FieldErrors(err))
	inStream, _ := json.Marshal(errs)
	if !sameJSON(alone, inStream) {
		t.Fatalf("line %q: the stream reports\n%s\nalone\n%s", line, inStream, alone)
	}
}

// lineID is the top-level "id" of a line that is a JSON object, when its
// first "id" member is a non-empty string and the object is well formed up
// to it.
func lineID(line []byte) string {
	dec := jsontext.NewDecoder(bytes.NewReader(line), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return ""
	}
	for {
		name, err := dec.ReadToken()
		if err != nil || name.Kind() != '"' {
			return ""
		}
		if name.String() != "id" {
			if dec.SkipValue() != nil {
				return ""
			}
			continue
		}
		v, err := dec.ReadToken()
		if err != nil || v.Kind() != '"' {
			return ""
		}
		return v.String()
	}
}

// sameJSON reports whether a and b are the same JSON value, however each
// escapes its strings.
func sameJSON(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}
