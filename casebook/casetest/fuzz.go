package casetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// The contracts every fuzz target holds its inputs to, written once here:
// bad input gets an error that says where each problem is (InputError),
// good input gets a well-formed decision (Reasons, Decided), and a policy
// that parses survives a JSON round trip (ParsePolicy).

// Reasons fails unless there is at least one reason and every reason cites
// one of rules with that rule's section, a rule its package declared (so
// that the reason keeps its facts and no text was written while deciding):
// the decision contract fuzz targets hold every decision to.
func Reasons(t testing.TB, rules []program.Rule, reasons program.Reasons) {
	t.Helper()
	if reasons.Len() == 0 {
		t.Fatal("a decision without reasons")
	}
	for _, r := range reasons.All() {
		i := slices.IndexFunc(rules, func(x program.Rule) bool { return x.ID == r.Rule })
		if i < 0 || rules[i].Section != r.Section() {
			t.Fatalf("reason %+v cites an undeclared rule or the wrong section", r)
		}
		if !r.Declared() {
			t.Fatalf("reason %s was written out while deciding: its rule was not declared (program.Declare)", r.Rule)
		}
	}
}

// InputError fails unless err is the error contract's answer to the input
// document data: it matches program.ErrInvalidInput, every problem in it is
// a program.FieldError (none is an error of another kind joined or wrapped
// beside them), and each problem is located — by one of params, the
// parameters the call takes beside the document ("now"), or by an RFC 6901
// JSON Pointer that names a value of data ("" is the whole document), a
// member missing from an object of data, or, in malformed JSON, the place
// where the syntax breaks.
func InputError(t testing.TB, data []byte, err error, params ...string) {
	t.Helper()
	if msg := inputError(data, err, params); msg != "" {
		t.Fatalf("%s\ninput: %q", msg, clip(data))
	}
}

// inputError is InputError's check: "" when err keeps the contract, what is
// wrong otherwise.
func inputError(data []byte, err error, params []string) string {
	if !errors.Is(err, program.ErrInvalidInput) {
		return fmt.Sprintf("error %v does not match program.ErrInvalidInput", err)
	}
	var stray []error
	fes := fieldErrors(err, &stray)
	if len(stray) > 0 {
		return fmt.Sprintf("error %q (%T) is not a program.FieldError: it locates nothing", stray[0], stray[0])
	}
	if len(fes) == 0 {
		return "an input error with no problem in it"
	}
	var doc *locations
	for _, fe := range fes {
		if fe.Parameter != "" {
			if fe.Pointer != "" || !slices.Contains(params, fe.Parameter) {
				return fmt.Sprintf("problem %+v names a parameter the call does not take (it takes %q)", fe, params)
			}
			continue
		}
		if doc == nil {
			doc = readLocations(data)
		}
		if !doc.locates(fe.Pointer) {
			return fmt.Sprintf("problem %+v: the pointer locates nothing in the input", fe)
		}
		if strings.TrimSpace(fe.Detail) == "" {
			return fmt.Sprintf("problem at %q says nothing", fe.Pointer)
		}
	}
	return ""
}

// fieldErrors flattens err as program.FieldErrors does, but keeps the
// errors that are not field errors apart, in stray.
func fieldErrors(err error, stray *[]error) []*program.FieldError {
	switch x := err.(type) {
	case nil:
		return nil
	case *program.FieldError:
		return []*program.FieldError{x}
	case interface{ Unwrap() []error }:
		var out []*program.FieldError
		for _, e := range x.Unwrap() {
			out = append(out, fieldErrors(e, stray)...)
		}
		return out
	case interface{ Unwrap() error }:
		return fieldErrors(x.Unwrap(), stray)
	}
	*stray = append(*stray, err)
	return nil
}

// locations are the places of a JSON document: the pointer of every value
// it holds, as far as it is well formed, with the kind of each ('{', '['
// or 0 for a scalar) and the length of each list, and the pointer where its
// syntax breaks, if it does.
type locations struct {
	values map[string]byte
	length map[string]int
	broken string
	isBad  bool
}

func readLocations(data []byte) *locations {
	l := &locations{values: map[string]byte{}, length: map[string]int{}}
	dec := jsontext.NewDecoder(bytes.NewBuffer(data), jsontext.AllowDuplicateNames(true))
	fail := func(err error) *locations {
		var se *jsontext.SyntacticError
		if errors.As(err, &se) {
			l.broken, l.isBad = string(se.JSONPointer), true
		}
		return l
	}
	for {
		tok, err := dec.ReadToken()
		if err != nil {
			return fail(err)
		}
		// After a name, the stack pointer names its member; after a
		// value, the value.
		p := string(dec.StackPointer())
		if k := tok.Kind(); k == '{' || k == '[' {
			l.values[p] = byte(k)
		} else if _, seen := l.values[p]; !seen {
			l.values[p] = 0
		}
		if i := strings.LastIndexByte(p, '/'); i >= 0 && l.values[p[:i]] == '[' {
			l.length[p[:i]] = max(l.length[p[:i]], atoi(p[i+1:])+1)
		}
		if dec.StackDepth() == 0 {
			// The document is whole; what follows is not part of it,
			// but may break the syntax.
			if _, err := dec.ReadToken(); err != nil {
				return fail(err)
			}
			return l
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// locates reports whether pointer names a value of the document, a member
// missing from one of its objects, or the place its syntax breaks: where
// the tokenizer stops, or, as a decoder reading a whole value sees it, the
// element a list was about to have.
func (l *locations) locates(pointer string) bool {
	if pointer == "" {
		return true
	}
	if !strings.HasPrefix(pointer, "/") {
		return false
	}
	if _, ok := l.values[pointer]; ok || (l.isBad && pointer == l.broken) {
		return true
	}
	i := strings.LastIndexByte(pointer, '/')
	parent, last := pointer[:i], pointer[i+1:]
	switch kind, ok := l.values[parent]; {
	case !ok:
		return false
	case kind == '{':
		return true
	case kind == '[':
		return l.isBad && last == strconv.Itoa(l.length[parent])
	}
	return false
}

func clip(b []byte) []byte {
	if len(b) > 600 {
		return append(b[:600:600], "..."...)
	}
	return b
}

// Decided fails unless res, what reg's operation op decided through the
// front door, keeps the decision contract: it names the operation, its
// outcome and rules are the decision's own, it has reasons, every reason in
// it (top level, per entry, per line) cites a rule op's package declares,
// with that rule's section and a text, and its JSON is valid under op's
// decision schema (which lists the outcomes op can give).
func Decided(t testing.TB, reg *channelpolicy.Registry, op string, res channelpolicy.Result) {
	t.Helper()
	raw, err := json.Marshal(res.Decision)
	if err != nil {
		t.Fatalf("%s: the decision is not JSON: %v", op, err)
	}
	if msg := decided(reg, op, res, raw); msg != "" {
		t.Fatalf("%s: %s\ndecision: %s", op, msg, clip(raw))
	}
}

// DecisionJSON fails unless raw, the JSON an answer carries for operation
// op of reg (an HTTP response body, a JSON Lines record's decision), is a
// decision keeping the contract of [Decided].
func DecisionJSON(t testing.TB, reg *channelpolicy.Registry, op string, raw []byte) {
	t.Helper()
	var head struct {
		Outcome string `json:"outcome"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		t.Fatalf("%s: the decision is not a JSON object: %v\n%s", op, err, clip(raw))
	}
	res := channelpolicy.Result{Operation: op, Outcome: head.Outcome}
	if msg := decided(reg, op, res, raw); msg != "" {
		t.Fatalf("%s: %s\ndecision: %s", op, msg, clip(raw))
	}
}

func decided(reg *channelpolicy.Registry, op string, res channelpolicy.Result, raw []byte) string {
	o, ok := reg.Lookup(op)
	if !ok {
		return "not an operation of the registry"
	}
	pkg, _ := reg.Package(o.Package())
	if res.Operation != op {
		return fmt.Sprintf("the result names operation %q", res.Operation)
	}
	schema, err := decisionSchema(o)
	if err != nil {
		return err.Error()
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return "the decision's JSON does not read back: " + err.Error()
	}
	if err := schema.Validate(doc); err != nil {
		return "the decision does not match its schema: " + err.Error()
	}
	obj, _ := doc.(map[string]any)
	if got, ok := obj["outcome"].(string); ok && got != res.Outcome {
		return fmt.Sprintf("the result's outcome %q is not the decision's %q", res.Outcome, got)
	}
	if res.Decision != nil {
		outcome, rules := res.Decision.OutcomeRules()
		if outcome != res.Outcome || !slices.Equal(rules, res.Rules) {
			return fmt.Sprintf("the result says %s %v, the decision %s %v", res.Outcome, res.Rules, outcome, rules)
		}
		if len(rules) == 0 {
			return "a decision without reasons"
		}
	}
	sections := map[program.RuleID]string{}
	for _, r := range pkg.Rules() {
		sections[r.ID] = r.Section
	}
	for _, id := range res.Rules {
		if _, ok := sections[id]; !ok {
			return fmt.Sprintf("rule %s is not one package %s declares", id, pkg.Name())
		}
	}
	n := 0
	if msg := reasonsIn(doc, "", sections, &n); msg != "" {
		return msg
	}
	if n == 0 {
		return "a decision without reasons"
	}
	return ""
}

// reasonsIn checks every reason in a decoded decision: an object with a
// rule and a section, counting them in n.
func reasonsIn(v any, at string, sections map[program.RuleID]string, n *int) string {
	switch x := v.(type) {
	case map[string]any:
		rule, isRule := x["rule"].(string)
		section, hasSection := x["section"].(string)
		if isRule && hasSection {
			*n++
			want, ok := sections[program.RuleID(rule)]
			if !ok || want != section {
				return fmt.Sprintf("the reason at %s cites rule %q under section %q: undeclared, or not its section", at, rule, section)
			}
			if text, _ := x["text"].(string); strings.TrimSpace(text) == "" {
				return fmt.Sprintf("the reason at %s has no text", at)
			}
		}
		for k, e := range x {
			if msg := reasonsIn(e, program.Path(at, k), sections, n); msg != "" {
				return msg
			}
		}
	case []any:
		for i, e := range x {
			if msg := reasonsIn(e, program.Index(at, i), sections, n); msg != "" {
				return msg
			}
		}
	}
	return ""
}

var decisionSchemas sync.Map // operation name -> *jsonschema.Schema or error

func decisionSchema(op channelpolicy.Operation) (*jsonschema.Schema, error) {
	if v, ok := decisionSchemas.Load(op.Name()); ok {
		if err, bad := v.(error); bad {
			return nil, err
		}
		return v.(*jsonschema.Schema), nil
	}
	s, err := compileDecisionSchema(op)
	if err != nil {
		decisionSchemas.Store(op.Name(), err)
		return nil, err
	}
	decisionSchemas.Store(op.Name(), s)
	return s, nil
}

func compileDecisionSchema(op channelpolicy.Operation) (*jsonschema.Schema, error) {
	raw, err := op.DecisionSchema()
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	loc := "mem://" + op.Name() + ".decision.json"
	if err := c.AddResource(loc, doc); err != nil {
		return nil, err
	}
	return c.Compile(loc)
}

// ParsePolicy holds a package's policy parser to the policy contract on
// the document data, read over a fresh base: parse either fails with an
// input error locating every problem in data, or returns a policy that
// re-encodes as JSON and parses again, over a fresh base, to the same JSON.
// The base given is never written through, nor is the package's default.
// It returns the policy and whether data parsed.
func ParsePolicy[P any](t testing.TB, base func() P, parse func(P, []byte) (P, error), data []byte) (P, bool) {
	t.Helper()
	b := base()
	before := mustJSON(t, b)
	p, err := parse(b, data)
	if after := mustJSON(t, b); !bytes.Equal(before, after) {
		t.Fatalf("parsing wrote into its base:\nbefore %s\nafter  %s", before, after)
	}
	if fresh := mustJSON(t, base()); !bytes.Equal(before, fresh) {
		t.Fatalf("parsing changed the default policy:\nbefore %s\nafter  %s", before, fresh)
	}
	if err != nil {
		InputError(t, data, err)
		return p, false
	}
	enc := mustJSON(t, p)
	q, err := parse(base(), enc)
	if err != nil {
		t.Fatalf("a policy that parsed does not parse again from its own JSON: %v\npolicy: %s\nfrom: %q", err, enc, clip(data))
	}
	if again := mustJSON(t, q); !bytes.Equal(enc, again) {
		t.Fatalf("a policy changed over a JSON round trip:\nfirst  %s\nsecond %s\nfrom: %q", enc, again, clip(data))
	}
	return p, true
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%T is not JSON: %v", v, err)
	}
	return b
}

// Seeds adds to f, through add, the input and evaluation instant of every
// case under dir whose operation is one of ops (every operation when none
// is named). A target seeded from the case books starts where the handbook
// is: at every path the cases take.
func Seeds(f *testing.F, dir string, add func(c casebook.Case), ops ...string) {
	f.Helper()
	for _, c := range Load(f, dir) {
		if len(ops) == 0 || slices.Contains(ops, c.Operation) {
			add(c)
		}
	}
}
