package casetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// Requirement is one member an operation's input requires, in a rules
// package's table for [Requirements]: a member is required exactly when the
// decision reads it and its absence means nothing the rules can decide (an
// optional member left out reads as false, none, or a fact not recorded,
// which the rules decide).
type Requirement struct {
	// Op is the operation, such as "dealreg.route".
	Op string
	// Pointer locates the member in the operation's input, as an RFC 6901
	// JSON Pointer in which "*" stands for any list index:
	// "/registrations/*/id".
	Pointer string
	// Schema: the published input schema requires the member (a
	// jsonschema:"required" or require tag), so the decoder refuses the
	// input without it. Otherwise the package's own check requires it,
	// whenever its parent is present or, with When, in some situations
	// only (a rule the schema cannot state).
	Schema bool
	// Form: the schema requires the member by the form of an optional
	// value the caller may give, not because a rule reads it: an amount of
	// money is nothing without its currency, so a Net ARR given without
	// one is malformed even to a package that never reads a Net ARR. A
	// form entry needs no rule and is not held to be read; it is left out
	// of every case that gives its parent, and a case need not give it.
	Form bool
	// When, for a member the package's check requires, says whether it is
	// required in situation s; nil means whenever its parent is present.
	When func(s Situation) bool
	// At is where the input error is reported when the member is left out,
	// if not at the member itself: a pointer pattern whose "*" take the
	// member's list indices in order. A cross-field rule reports there: an
	// ASM decision needs the ESM approval before it, and its absence is
	// reported at "/asm".
	At string
	// Rules are the rules that read the member; Why says how.
	Rules []program.RuleID
	Why   string
	// Values are other values (JSON texts) to give the member in each
	// deciding case, beside those [Requirements] derives from the value
	// and the schema, to show that the decision reads it. A member that
	// holds other required members needs none.
	Values []string
	// Probes are edits of named cases, to show the decision reads a member
	// when no change of the member alone does (it must agree with
	// another).
	Probes []Probe
}

// Required is the entry for a member of op's input that the schema
// requires, at pointer, read by rules as why says.
func Required(op, pointer, why string, rules ...program.RuleID) Requirement {
	return Requirement{Op: op, Pointer: pointer, Schema: true, Rules: rules, Why: why}
}

// Probe edits a deciding case's input: Set maps JSON Pointers to the JSON
// texts to put there ("" leaves the member out).
type Probe struct {
	Case string
	Set  map[string]string
}

// Edit returns a copy of the case named from in cases, named id, with its
// input edited and no expectations: for a table test that needs a
// situation the case book lacks. Edits are pairs of a JSON Pointer and the
// JSON text to put there, "" to leave the member out.
func Edit(t testing.TB, cases []casebook.Case, from, id string, edits ...string) casebook.Case {
	t.Helper()
	i := slices.IndexFunc(cases, func(c casebook.Case) bool { return c.ID == from })
	if i < 0 || len(edits)%2 != 0 {
		t.Fatalf("Edit: no case %q, or edits %q are not pointer and value pairs", from, edits)
	}
	set := map[string]string{}
	for j := 0; j < len(edits); j += 2 {
		set[edits[j]] = edits[j+1]
	}
	c := cases[i]
	c.ID, c.Want = id, casebook.Want{}
	c.Input = encode(t, edit(t, decode(t, c.Input), set))
	return c
}

// Situation is what a [Requirement.When] condition sees: one deciding
// case's input, decoded (numbers as json.Number), the pointer of the member
// being left out, and the decision on the whole input.
type Situation struct {
	Input    any
	Pointer  string
	Decision program.Decision
}

// Get returns the value at pointer in the input, or nil.
func (s Situation) Get(pointer string) any {
	v, _ := casebook.Resolve(s.Input, pointer)
	return v
}

// Parent returns the object holding the member.
func (s Situation) Parent() map[string]any {
	m, _ := s.Get(s.Pointer[:strings.LastIndex(s.Pointer, "/")]).(map[string]any)
	return m
}

// Requirements holds package pkg to its table of required members, on
// every case of cases that decides (expects no input error):
//
//   - the table: each entry names an operation of pkg, a rule pkg declares
//     and why; a schema entry has no condition;
//   - the schema: the members each operation's published input schema
//     requires are exactly the table's schema entries, so tagging a member
//     required that no rule reads fails;
//   - leaving out a member: a schema entry is refused by the decoder as
//     "required" at that member and only there; an entry the package
//     checks is an input error at the member (or its At) and only there,
//     when its situation applies; any other member left out still
//     decides;
//   - every entry (but a form entry) is left out of some case where it is
//     required, and an entry with a condition also of some case where it
//     is not;
//   - every entry (but a form entry) is read: changing it (to values
//     derived from its value and its schema, its Values, its Probes)
//     changes some case's decision, or it holds other entries.
func Requirements(t *testing.T, pkg channelpolicy.Package, cases []casebook.Case, table []Requirement) {
	t.Helper()
	rt := newReqTable(t, pkg, table)
	t.Run("table", func(t *testing.T) { rt.checkTable(t) })
	t.Run("schema", func(t *testing.T) { rt.checkSchema(t) })
	t.Run("left_out", func(t *testing.T) { rt.checkLeftOut(t, cases) })
	t.Run("read", func(t *testing.T) { rt.checkRead(t, cases) })
}

// GoRequirements holds pkg's Go entry points to the same table: decide
// decides input (a pointer to the operation's input type, decoded from
// c.Input) as the package's Go function for c.Operation does, under c's
// policy. For every member of every deciding case, zeroing the member's Go
// field is an input error at or below it for a schema entry, exactly at
// the member (or its At) for an entry the package checks when it applies,
// and no error otherwise.
func GoRequirements(t *testing.T, pkg channelpolicy.Package, cases []casebook.Case, table []Requirement, decide func(c casebook.Case, input any) error) {
	t.Helper()
	rt := newReqTable(t, pkg, table)
	for _, c := range rt.deciding(t, cases) {
		for _, m := range members(c.doc, "") {
			q, listed := rt.find(c.Operation, m.ptr)
			v := reflect.New(rt.ops[c.Operation].Input())
			if err := program.DecodeJSON(c.Input, v.Interface()); err != nil {
				t.Fatalf("%s: %v", c.ID, err)
			}
			zero(t, v.Elem(), m.ptr)
			err := decide(c.Case, v.Interface())
			value, _ := casebook.Resolve(c.doc, m.ptr)
			_, isBool := value.(bool)
			switch {
			case listed && q.Schema && isBool:
				// A Go bool cannot tell false from absent: the decoder
				// requires the member, the Go entry point reads false.
			case listed && q.Schema:
				if !slices.ContainsFunc(pointers(err), func(p string) bool { return p == m.ptr || strings.HasPrefix(p, m.ptr+"/") }) {
					t.Errorf("%s: the Go entry point with %s zeroed gives %v; want an input error at or below it, as the decoder's", c.ID, m.ptr, err)
				}
			case listed && q.applies(c.situation(m.ptr)):
				if want := q.errorAt(m.ptr); !slices.Equal(pointers(err), []string{want}) {
					t.Errorf("%s: the Go entry point with %s zeroed gives %v; want an input error at %s (%s)", c.ID, m.ptr, err, want, q.Why)
				}
			case err != nil:
				t.Errorf("%s: the Go entry point with the optional member %s zeroed gives an input error: %v", c.ID, m.ptr, err)
			}
		}
	}
}

// reqTable is a package's table with what its schemas say.
type reqTable struct {
	pkg      channelpolicy.Package
	set      channelpolicy.PolicySet
	ops      map[string]channelpolicy.Operation
	table    []Requirement
	required map[string]map[string]bool // per operation, the schema's required patterns
	enums    map[string]map[string][]any
}

func newReqTable(t *testing.T, pkg channelpolicy.Package, table []Requirement) *reqTable {
	t.Helper()
	rt := &reqTable{
		pkg: pkg, set: channelpolicy.NewRegistry(pkg).Policies(), table: table,
		ops: map[string]channelpolicy.Operation{}, required: map[string]map[string]bool{}, enums: map[string]map[string][]any{},
	}
	for _, op := range pkg.Operations() {
		rt.ops[op.Name()] = op
		data, err := op.InputSchema()
		if err != nil {
			t.Fatal(err)
		}
		var schema map[string]any
		if err := json.Unmarshal(data, &schema); err != nil {
			t.Fatal(err)
		}
		rt.required[op.Name()], rt.enums[op.Name()] = map[string]bool{}, map[string][]any{}
		walkSchema(t, schema, schema, "", rt.required[op.Name()], rt.enums[op.Name()], 0)
	}
	return rt
}

func (rt *reqTable) checkTable(t *testing.T) {
	declared := map[program.RuleID]bool{}
	for _, r := range rt.pkg.Rules() {
		declared[r.ID] = true
	}
	seen := map[string]bool{}
	for _, q := range rt.table {
		name := q.Op + " " + q.Pointer
		switch {
		case rt.ops[q.Op].Name() == "":
			t.Errorf("%s: package %s has no operation %s", name, rt.pkg.Name(), q.Op)
		case seen[name]:
			t.Errorf("%s is listed twice", name)
		case !strings.HasPrefix(q.Pointer, "/") || strings.HasSuffix(q.Pointer, "/*"):
			t.Errorf("%s: not the JSON Pointer pattern of an object member", name)
		case q.Schema && (q.When != nil || q.At != ""):
			t.Errorf("%s: the schema requires it wherever its parent is; it has no condition and is reported where it is", name)
		case q.Form && !q.Schema:
			t.Errorf("%s: a member the form of a value requires is required by the schema", name)
		case q.Why == "" || len(q.Rules) == 0 && !q.Form:
			t.Errorf("%s: no rule that reads it, or no word on how", name)
		}
		seen[name] = true
		for _, id := range q.Rules {
			if !declared[id] {
				t.Errorf("%s: rule %s is not declared by package %s", name, id, rt.pkg.Name())
			}
		}
		for _, v := range q.Values {
			if !json.Valid([]byte(v)) {
				t.Errorf("%s: value %s is not JSON", name, v)
			}
		}
	}
}

func (rt *reqTable) checkSchema(t *testing.T) {
	for _, op := range rt.pkg.Operations() {
		want := map[string]bool{}
		for _, q := range rt.table {
			if q.Op == op.Name() && q.Schema {
				want[q.Pointer] = true
			}
		}
		got := rt.required[op.Name()]
		for _, p := range slices.Sorted(maps.Keys(got)) {
			if !want[p] {
				t.Errorf("%s: the schema requires %s, which the table does not list as read by the decision: list the rules that read it, or leave it optional", op.Name(), p)
			}
		}
		for _, p := range slices.Sorted(maps.Keys(want)) {
			if !got[p] {
				t.Errorf("%s: the table says the schema requires %s; it does not", op.Name(), p)
			}
		}
	}
}

func (rt *reqTable) checkLeftOut(t *testing.T, cases []casebook.Case) {
	required, optional := map[*Requirement]int{}, map[*Requirement]int{}
	for _, c := range rt.deciding(t, cases) {
		for _, m := range members(c.doc, "") {
			q, listed := rt.find(c.Operation, m.ptr)
			rest := without(t, c.doc, m)
			in := reflect.New(rt.ops[c.Operation].Input()).Interface()
			if err := program.DecodeJSON(rest, in); err != nil {
				switch {
				case !listed || !q.Schema:
					t.Errorf("%s: the decoder refuses the input without %s (%v), which the table does not list as required by the schema", c.ID, m.ptr, err)
				case !requiredAt(err, m.ptr):
					t.Errorf("%s: without %s the decoder gives %v; want the one problem \"required\" at %s", c.ID, m.ptr, err, m.ptr)
				}
				if listed {
					required[q]++
				}
				continue
			}
			if listed && q.Schema {
				t.Errorf("%s: the table says the schema requires %s (%s), but the decoder accepts the input without it", c.ID, m.ptr, q.Why)
				continue
			}
			c2 := c.Case
			c2.Input = rest
			_, err := casebook.Run(rt.set, c2)
			switch {
			case listed && q.applies(c.situation(m.ptr)):
				required[q]++
				if want := q.errorAt(m.ptr); !errors.Is(err, program.ErrInvalidInput) || !slices.Equal(pointers(err), []string{want}) {
					t.Errorf("%s: without %s, which %s reads here (%s): got %v; want an input error at %s only", c.ID, m.ptr, c.Operation, q.Why, err, want)
				}
			case err != nil:
				t.Errorf("%s: without %s, which no decision requires here: %v", c.ID, m.ptr, err)
			case listed:
				optional[q]++
			}
		}
		// A member the input lacks: the case decides, so the table must
		// not say it is required here.
		for _, o := range objects(c.doc, "") {
			for i := range rt.table {
				q := &rt.table[i]
				tok := q.Pointer[strings.LastIndex(q.Pointer, "/")+1:]
				ptr := o.ptr + "/" + tok
				if _, has := o.value[unescape(tok)]; has || q.Op != c.Operation || !matches(q.Pointer, ptr) {
					continue
				}
				if q.applies(c.situation(ptr)) {
					t.Errorf("%s decides without %s, which the table says %s requires here (%s)", c.ID, ptr, c.Operation, q.Why)
				} else {
					optional[q]++
				}
			}
		}
	}
	for i := range rt.table {
		q := &rt.table[i]
		if required[q] == 0 && !q.Form {
			t.Errorf("%s: no deciding case has %s where it is required, to leave it out: the table entry is not shown to hold", q.Op, q.Pointer)
		}
		if q.When != nil && optional[q] == 0 {
			t.Errorf("%s: no deciding case has %s where it is not required, to leave it out: the condition is not shown to matter", q.Op, q.Pointer)
		}
	}
}

func (rt *reqTable) checkRead(t *testing.T, cases []casebook.Case) {
	read := map[*Requirement]bool{}
	byID := map[string]decidingCase{}
	for _, c := range rt.deciding(t, cases) {
		byID[c.ID] = c
		for _, m := range members(c.doc, "") {
			q, listed := rt.find(c.Operation, m.ptr)
			if !listed || read[q] {
				continue
			}
			for _, v := range rt.otherValues(c.Operation, m, q) {
				if rt.changes(t, c, with(t, c.doc, m, v)) {
					read[q] = true
					break
				}
			}
		}
	}
	for i := range rt.table {
		q := &rt.table[i]
		for _, p := range q.Probes {
			c, ok := byID[p.Case]
			if !ok || c.Operation != q.Op {
				t.Errorf("%s %s: probe case %q is not a deciding case of %s", q.Op, q.Pointer, p.Case, q.Op)
				continue
			}
			if rt.changes(t, c, encode(t, edit(t, decode(t, c.Input), p.Set))) {
				read[q] = true
			}
		}
	}
	for i := range rt.table {
		q := &rt.table[i]
		if !read[q] && !rt.holds(q) && !q.Form {
			t.Errorf("%s: %s is required, but no change of it changes any case's decision: is it read? (%s)", q.Op, q.Pointer, q.Why)
		}
	}
}

// holds reports whether q holds another entry of its operation.
func (rt *reqTable) holds(q *Requirement) bool {
	return slices.ContainsFunc(rt.table, func(r Requirement) bool {
		return r.Op == q.Op && strings.HasPrefix(r.Pointer, q.Pointer+"/")
	})
}

// changes reports whether c with input decides, and other than c.
func (rt *reqTable) changes(t *testing.T, c decidingCase, input []byte) bool {
	c2 := c.Case
	c2.Input = input
	res, err := casebook.Run(rt.set, c2)
	return err == nil && summary(res) != summary(c.result)
}

// find returns the table's entry for the member at ptr in op's input.
func (rt *reqTable) find(op, ptr string) (*Requirement, bool) {
	for i := range rt.table {
		if q := &rt.table[i]; q.Op == op && matches(q.Pointer, ptr) {
			return q, true
		}
	}
	return nil, false
}

func (q *Requirement) applies(s Situation) bool {
	return q.Schema || q.When == nil || q.When(s)
}

// errorAt is where leaving out the member at ptr is reported.
func (q *Requirement) errorAt(ptr string) string {
	if q.At == "" {
		return ptr
	}
	idx := slices.DeleteFunc(strings.Split(ptr, "/"), func(tok string) bool { return !isIndex(tok) })
	parts := strings.Split(q.At, "/")
	for i, p := range parts {
		if p == "*" && len(idx) > 0 {
			parts[i], idx = idx[0], idx[1:]
		}
	}
	return strings.Join(parts, "/")
}

// decidingCase is a case that decides, with its input and decision.
type decidingCase struct {
	casebook.Case
	doc    any
	result channelpolicy.Result
}

func (c decidingCase) situation(ptr string) Situation {
	return Situation{Input: c.doc, Pointer: ptr, Decision: c.result.Decision}
}

// deciding returns the cases that expect a decision, decided.
func (rt *reqTable) deciding(t *testing.T, cases []casebook.Case) []decidingCase {
	t.Helper()
	var out []decidingCase
	for _, c := range cases {
		if len(c.Want.ErrorFields) > 0 {
			continue
		}
		if _, ok := rt.ops[c.Operation]; !ok {
			t.Fatalf("%s: package %s has no operation %s", c.ID, rt.pkg.Name(), c.Operation)
		}
		res, err := casebook.Run(rt.set, c)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		out = append(out, decidingCase{c, decode(t, c.Input), res})
	}
	if len(out) == 0 {
		t.Fatalf("no case of package %s decides", rt.pkg.Name())
	}
	return out
}

// otherValues are values the member m of op's input might take instead of
// its own, to see whether the decision reads it: the other boolean, other
// counts, instants and dates a second to a year away, amounts, the other
// values of its enum (or lists of one value of its items' enum), another
// string, and q's Values.
func (rt *reqTable) otherValues(op string, m member, q *Requirement) []any {
	var out []any
	pattern := indexless(m.ptr)
	switch v := m.parent[m.name].(type) {
	case bool:
		out = append(out, !v)
	case json.Number:
		if n, err := v.Int64(); err == nil {
			for _, x := range []int64{n - 1, n + 1, 0, 1, 2, 5, 7, 10, 100} {
				if x != n {
					out = append(out, json.Number(strconv.FormatInt(x, 10)))
				}
			}
		}
	case string:
		enum, isEnum := rt.enums[op][pattern]
		if isEnum {
			out = append(out, slices.DeleteFunc(slices.Clone(enum), func(e any) bool { return e == v })...)
		} else if at, err := time.Parse(time.RFC3339Nano, v); err == nil {
			for _, d := range []time.Duration{time.Second, time.Hour, 24 * time.Hour, 11 * 24 * time.Hour, 30 * 24 * time.Hour, 365 * 24 * time.Hour} {
				out = append(out, at.Add(-d).Format(time.RFC3339Nano), at.Add(d).Format(time.RFC3339Nano))
			}
		} else if day, err := time.Parse(time.DateOnly, v); err == nil {
			for _, n := range []int{1, 30, 365, 400} {
				out = append(out, day.AddDate(0, 0, -n).Format(time.DateOnly), day.AddDate(0, 0, n).Format(time.DateOnly))
			}
		} else if decimal.MatchString(v) {
			out = append(out, "0", "1", "100000", "100000000")
		} else {
			out = append(out, v+"-other")
		}
	case []any:
		out = append(out, []any{})
		for _, e := range rt.enums[op][pattern+"/*"] {
			out = append(out, []any{e})
		}
	}
	for _, s := range q.Values {
		var v any
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		if d.Decode(&v) == nil {
			out = append(out, v)
		}
	}
	return out
}

var decimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// walkSchema collects, as pointer patterns, the members that the schema
// node s (at pattern at) and the schemas below it require, and the enums
// of the values there.
func walkSchema(t *testing.T, root, s map[string]any, at string, required map[string]bool, enums map[string][]any, depth int) {
	if depth > 40 {
		t.Fatalf("the schema nests deeper than 40 at %s", at)
	}
	if ref, ok := s["$ref"].(string); ok {
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		defs, _ := root["$defs"].(map[string]any)
		def, found := defs[name].(map[string]any)
		if !ok || !found {
			t.Fatalf("cannot follow $ref %q at %s", ref, at)
		}
		walkSchema(t, root, def, at, required, enums, depth+1)
	}
	for _, key := range []string{"allOf", "anyOf", "oneOf"} {
		list, _ := s[key].([]any)
		for _, x := range list {
			if sub, ok := x.(map[string]any); ok {
				walkSchema(t, root, sub, at, required, enums, depth+1)
			}
		}
	}
	if enum, ok := s["enum"].([]any); ok {
		enums[at] = append(enums[at], enum...)
	}
	if req, ok := s["required"].([]any); ok {
		for _, name := range req {
			required[program.Path(at, name.(string))] = true
		}
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for name, sub := range props {
			if sub, ok := sub.(map[string]any); ok {
				walkSchema(t, root, sub, program.Path(at, name), required, enums, depth+1)
			}
		}
	}
	if items, ok := s["items"].(map[string]any); ok {
		walkSchema(t, root, items, at+"/*", required, enums, depth+1)
	}
}

// member is one object member of a decoded JSON document: its pointer, the
// object holding it and its name there.
type member struct {
	ptr    string
	parent map[string]any
	name   string
}

// members lists every object member of v, depth first, in name order.
func members(v any, at string) []member {
	var out []member
	switch x := v.(type) {
	case map[string]any:
		for _, name := range slices.Sorted(maps.Keys(x)) {
			p := program.Path(at, name)
			out = append(out, member{p, x, name})
			out = append(out, members(x[name], p)...)
		}
	case []any:
		for i, e := range x {
			out = append(out, members(e, program.Index(at, i))...)
		}
	}
	return out
}

// object is one object of a decoded JSON document, at pointer ptr.
type object struct {
	ptr   string
	value map[string]any
}

// objects lists every object of v, depth first, in name order.
func objects(v any, at string) []object {
	var out []object
	switch x := v.(type) {
	case map[string]any:
		out = append(out, object{at, x})
		for _, name := range slices.Sorted(maps.Keys(x)) {
			out = append(out, objects(x[name], program.Path(at, name))...)
		}
	case []any:
		for i, e := range x {
			out = append(out, objects(e, program.Index(at, i))...)
		}
	}
	return out
}

// without is doc without m, as JSON; doc is left as it was.
func without(t *testing.T, doc any, m member) []byte {
	v := m.parent[m.name]
	delete(m.parent, m.name)
	defer func() { m.parent[m.name] = v }()
	return encode(t, doc)
}

// with is doc with m set to v, as JSON; doc is left as it was.
func with(t *testing.T, doc any, m member, v any) []byte {
	old := m.parent[m.name]
	m.parent[m.name] = v
	defer func() { m.parent[m.name] = old }()
	return encode(t, doc)
}

// edit sets the member at each pointer of set to the JSON text there, or
// leaves it out for "", and returns doc. Each member's parent must exist.
func edit(t testing.TB, doc any, set map[string]string) any {
	t.Helper()
	for _, ptr := range slices.Sorted(maps.Keys(set)) {
		i := strings.LastIndex(ptr, "/")
		parent, _ := casebook.Resolve(doc, ptr[:i])
		name := unescape(ptr[i+1:])
		n, err := strconv.Atoi(name)
		switch x := parent.(type) {
		case map[string]any:
			if set[ptr] == "" {
				delete(x, name)
			} else {
				x[name] = decode(t, []byte(set[ptr]))
			}
		case []any:
			if err != nil || n < 0 || n >= len(x) || set[ptr] == "" {
				t.Fatalf("cannot set %s", ptr)
			}
			x[n] = decode(t, []byte(set[ptr]))
		default:
			t.Fatalf("cannot set %s: no object or list holds it", ptr)
		}
	}
	return doc
}

// decode decodes JSON, keeping numbers as written.
func decode(t testing.TB, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func encode(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// unescape is the member name a JSON Pointer token stands for.
func unescape(tok string) string { return strings.NewReplacer("~1", "/", "~0", "~").Replace(tok) }

// matches reports whether the concrete pointer ptr fits pattern, whose "*"
// stands for any list index.
func matches(pattern, ptr string) bool {
	want, got := strings.Split(pattern, "/"), strings.Split(ptr, "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if want[i] != got[i] && (want[i] != "*" || !isIndex(got[i])) {
			return false
		}
	}
	return true
}

// indexless writes a pointer's list indices as "*".
func indexless(ptr string) string {
	parts := strings.Split(ptr, "/")
	for i, p := range parts {
		if isIndex(p) {
			parts[i] = "*"
		}
	}
	return strings.Join(parts, "/")
}

func isIndex(tok string) bool {
	_, err := strconv.Atoi(tok)
	return err == nil && tok != "" && tok[0] != '-' && tok[0] != '+'
}

// requiredAt reports whether err is the one problem "required" at ptr.
func requiredAt(err error, ptr string) bool {
	fes := program.FieldErrors(err)
	return len(fes) == 1 && fes[0].Pointer == ptr && strings.HasPrefix(fes[0].Detail, "required")
}

func pointers(err error) []string {
	var out []string
	for _, fe := range program.FieldErrors(err) {
		out = append(out, fe.Pointer)
	}
	return out
}

// zero sets the Go value below v at the JSON Pointer ptr to its zero
// value, following struct fields by their JSON names, list indices, map
// keys and pointers.
func zero(t *testing.T, v reflect.Value, ptr string) {
	t.Helper()
	toks := strings.Split(ptr, "/")[1:]
	for i, tok := range toks {
		tok = unescape(tok)
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		if !v.IsValid() {
			t.Fatalf("cannot follow %s through a nil value", ptr)
		}
		last := i == len(toks)-1
		switch v.Kind() {
		case reflect.Struct:
			f, ok := fieldByJSONName(v.Type(), tok)
			if !ok {
				t.Fatalf("no Go field for %s in %s", ptr, v.Type())
			}
			v = v.FieldByIndex(f.Index)
		case reflect.Slice, reflect.Array:
			n, err := strconv.Atoi(tok)
			if err != nil || n >= v.Len() {
				t.Fatalf("no element %q of %s for %s", tok, v.Type(), ptr)
			}
			v = v.Index(n)
		case reflect.Map:
			key := reflect.ValueOf(tok).Convert(v.Type().Key())
			if !last {
				t.Fatalf("cannot zero %s below the map value at %q", ptr, tok)
			}
			v.SetMapIndex(key, reflect.Zero(v.Type().Elem()))
			return
		default:
			t.Fatalf("cannot follow %s into %s", ptr, v.Type())
		}
	}
	v.SetZero()
}

func fieldByJSONName(typ reflect.Type, name string) (reflect.StructField, bool) {
	for _, f := range reflect.VisibleFields(typ) {
		if !f.IsExported() || f.Anonymous && f.Tag.Get("json") == "" {
			continue
		}
		n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if n == "" {
			n = f.Name
		}
		if n == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}
