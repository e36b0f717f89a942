package channelpolicy_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/doc"
	"go/format"
	"go/parser"
	"go/token"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// compileInputSchema compiles op's InputSchema with format assertions on
// (date-time, date, email), as a strict client validates.
func compileInputSchema(t testing.TB, op channelpolicy.Operation) *jsonschema.Schema {
	t.Helper()
	raw, err := op.InputSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	url := doc.(map[string]any)["$id"].(string)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s: the input schema does not compile: %v", op.Name(), err)
	}
	return s
}

// crossField is a rule of the decoder or of an operation's validation that
// JSON Schema cannot say, so the schema accepts what it refuses. A problem
// is recognized by its pointer and its detail.
type crossField struct {
	name    string
	op      string // an operation, or "" for every operation
	pointer *regexp.Regexp
	detail  *regexp.Regexp
}

func rule(name, op, pointer, detail string) crossField {
	return crossField{name, op, regexp.MustCompile("^" + pointer + "$"), regexp.MustCompile(detail)}
}

// crossFieldRules are the rules outside JSON Schema, which the schema
// leaves to the decoder and the rules packages: each relates a value to
// another value, to another list element, to the evaluation instant or to
// the policy, or (the first) lies below JSON Schema's data model.
var crossFieldRules = []crossField{
	// JSON Schema validates a parsed value, in which a member given twice
	// is one member; the decoder reads the text and refuses it.
	rule("duplicate member", "", `.*`, `^member given twice$`),

	// Facts after the evaluation instant.
	rule("fact after now", "", `.*`, `is after (now|the evaluation instant)`),

	// Facts in an impossible order.
	rule("dealreg: review before the submission or the ESM approval", "", `(/registrations/\d+)?/(esm|asm)/at`, `is before (submission|the ESM approval)`),
	rule("dealreg: ASM decision without an ESM approval", "", `(/registrations/\d+)?/asm`, `^an ASM decision (needs an ESM approval|after an ESM denial)`),
	rule("opportunity: sourced growth on an opportunity that is not a renewal", "", `(/registrations/\d+)?/opportunity/sourced_growth`, `^only a renewal carries sourced growth`),
	rule("serviceattach: document signed after its submission", "", `(/registrations/\d+)?/evidence/(customer|partner)_signed`, `a document is signed before it is submitted`),
	rule("distribution: invoiced no earlier than ready to invoice", "distribution.order", `/invoiced_at`, `is before ready_to_invoice_at`),
	rule("incumbency: an approved registration carries its approval instant", "incumbency.tender", `/bidders/\d+/sourced_registration/approved_at`, `^required when the registration is approved`),
	rule("incumbency: every line in the tender's currency", "incumbency.tender", `/lines/\d+/msrp/currency`, `differs from the tender's currency`),

	// One list element against the others.
	rule("registration IDs unique in a competition or portfolio", "", `/registrations/\d+/id`, `is also the ID of`),
	rule("locator: each partner listed once", "locator.route", `/partners/\d+/partner/id`, `is listed more than once`),
	rule("locator: each location's country listed once", "", `(/partners/\d+)?/locations/\d+/country`, `is listed twice`),
	rule("dealreg: one opportunity per competition", "dealreg.resolve", `/registrations/\d+/opportunity/id`, `^".*" differs from /registrations/\d+'s`),
	rule("nfr: each license type listed once", "", `/(seats|held)/\d+/license`, `is already listed at`),
	rule("nfr: at least one seat line asks for seats", "nfr.decide", `/seats`, `^asks for no seats`),

	// A member required by the value of another.
	rule("serviceattach: opportunity ID required unless the stage is none", "serviceattach.portfolio", `/registrations/\d+/opportunity/id`, `^required: the opportunity ID`),
	rule("serviceattach: evidence ID required in a portfolio when there is evidence", "serviceattach.portfolio", `/registrations/\d+/evidence/id`, `^required: the document ID`),
	rule("distribution: requested_at required where the quote process promises a turnaround", "distribution.quote", `/requested_at`, `^required for a partner in region`),
	rule("incumbency: opened_at required when a sourced registration is approved", "incumbency.tender", `/opened_at`, `^required: the sourced registration at`),

	// marketing: the page a fetch recorded, and the MDF batch.
	rule("marketing: an absolute http(s) URL with a host name", "marketing.audit_landing_page", `/(url|final_url|redirects/\d+/url)`, `is not an absolute http or https URL`),
	rule("marketing: a redirect chain starts at the URL asked for, visits no URL twice and ends at the final URL", "marketing.audit_landing_page",
		`/(redirects/\d+/url|final_url)`, `(^the chain starts at|is visited twice|is not the URL asked for|redirected, so it did not answer)`),
	rule("marketing: final_url required after redirects", "marketing.audit_landing_page", `/final_url`, `^required: the URL the redirects ended at`),
	rule("marketing: each MDF request listed once", "marketing.prioritize_mdf", `/requests/\d+/id`, `is listed more than once`),
	rule("marketing: an MDF amount is more than zero (the schema says at least 0)", "marketing.prioritize_mdf", `/requests/\d+/amount/amount`, `is not more than zero`),
	rule("marketing: an MDF activity ends no earlier than it starts", "marketing.prioritize_mdf", `/requests/\d+/end`, `is before the activity's start`),

	// Policy data: a stage may be a CRM label that the policy maps onto a
	// stage (dealreg's stage_labels), so the schema takes any non-empty
	// string and the package refuses one that is neither.
	rule("stage: a stage or a CRM label the policy maps", "", `(/registrations/\d+)?/opportunity/stage`, `is not a stage`),
}

// pendingFix is a disagreement where the schema says the contract and the
// decoder or validation does not follow it yet: reported, to be fixed there.
// It is recognized by the mutation's label; once fixed, its entry no
// longer matches anything and the test says to remove it.
type pendingFix struct {
	name  string
	label *regexp.Regexp
}

var pendingFixes = []pendingFix{}

// TestSchemaAgreesWithDecoder is the differential test of DESIGN.md
// section 6: it takes the input of every case-book case that decides,
// mutates each in seeded ways (wrong types, null and absent members,
// letter case of keys, 2.0 for whole numbers, negative and huge numbers,
// empty, duplicated and null-holding lists, unknown enum values and codes,
// impossible dates and instants, malformed decimals, extra members) and
// requires the operation's input schema and the decoder with the
// operation's validation to agree on each: both accept or both refuse.
// The schema may accept what validation refuses only by a rule in
// crossFieldRules.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	t.Parallel() // long, and reads only what it makes: it overlaps the others
	start := time.Now()
	cases, err := casebook.LoadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	reg := channelpolicy.Default()
	schemas := map[string]*jsonschema.Schema{}
	for _, op := range reg.Operations() {
		schemas[op.Name()] = compileInputSchema(t, op)
	}
	base := reg.Policies()
	hits := map[string]int{}
	fixHits := map[string]int{}
	inputs, tried := 0, 0
	perOp := map[string]int{}
	var disagreements []string
	for _, c := range cases {
		if c.Want.Outcome == "" {
			continue
		}
		op, ok := reg.Lookup(c.Operation)
		if !ok {
			t.Fatalf("case %s: no operation %s", c.ID, c.Operation)
		}
		set := base
		if len(c.Policy) > 0 {
			if set, err = base.With(op.Package(), c.Policy); err != nil {
				t.Fatalf("case %s: %v", c.ID, err)
			}
		}
		if perOp[op.Name()]%sample().inputs != 0 {
			perOp[op.Name()]++ // a sample: see sample
			continue
		}
		doc, err := parseTree(c.Input)
		if err != nil {
			t.Fatalf("case %s: %v", c.ID, err)
		}
		n := *schemaMutations
		if n <= 0 {
			n = math.MaxInt
		} else if m := sample().mutations; m > 0 {
			n = min(n, m)
		}
		muts := sampleMutations(mutationsOf(doc, op.Input()), c.ID, n)
		if len(muts) < min(n, 30) {
			t.Errorf("case %s: only %d mutations", c.ID, len(muts))
		}
		inputs++
		perOp[op.Name()]++
		muts = append([]mutation{{kind: "none", label: "the case's own input", apply: func(v any) any { return v }}}, muts...)
		for _, m := range muts {
			data := encodeTree(m.apply(copyTree(doc)))
			tried++
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("case %s, %s: %v\n%s", c.ID, m.label, err, data)
			}
			schemaErr := schemas[op.Name()].Validate(inst)
			_, evalErr := set.Evaluate(op.Name(), data, c.Now)
			if evalErr != nil && !errors.Is(evalErr, program.ErrInvalidInput) {
				t.Fatalf("case %s, %s: not an input error: %v", c.ID, m.label, evalErr)
			}
			if (schemaErr == nil) == (evalErr == nil) {
				continue
			}
			if m.kind == "none" {
				disagreements = append(disagreements, fmt.Sprintf("%s: the case's own input: schema: %v; decoder: %v", c.ID, short(schemaErr), evalErr))
				continue
			}
			if fix := pendingFixFor(m.label); fix != "" {
				fixHits[fix]++
				continue
			}
			if schemaErr == nil {
				if names, ok := explained(op.Name(), evalErr); ok {
					for _, n := range names {
						hits[n]++
					}
					continue
				}
				disagreements = append(disagreements, fmt.Sprintf("%s, %s (%s):\n  the schema accepts, the decoder refuses: %v\n  input: %s", c.ID, m.label, op.Name(), evalErr, data))
				continue
			}
			disagreements = append(disagreements, fmt.Sprintf("%s, %s (%s):\n  the schema refuses, the decoder accepts: %s\n  input: %s", c.ID, m.label, op.Name(), short(schemaErr), data))
		}
	}
	for _, op := range reg.Operations() {
		if perOp[op.Name()] == 0 {
			t.Errorf("no deciding case-book input exercised %s", op.Name())
		}
	}
	for i, d := range disagreements {
		if i == 60 {
			t.Errorf("... and %d more disagreements", len(disagreements)-i)
			break
		}
		t.Error(d)
	}
	for _, f := range pendingFixes {
		if fixHits[f.name] == 0 && sample().inputs == 1 { // a sample may miss it
			t.Errorf("pending fix %q matched no mutation: remove it from pendingFixes", f.name)
		}
	}
	for _, r := range crossFieldRules {
		t.Logf("cross-field rule %q: %d mutations", r.name, hits[r.name])
	}
	t.Logf("%d inputs, %d mutations and inputs tried, %d disagreements, in %v", inputs, tried, len(disagreements), time.Since(start).Round(time.Millisecond))
}

// schemaMutations is how many mutations of each input the differential
// test tries: every mutation of the document's own members, then more drawn
// from every kind in turn. The default keeps the test near 4 seconds;
// -schema.mutations=0 tries every mutation (about 190,000, 12 seconds).
//
// Under the race detector (CI) the test takes every second input of each
// operation and 35 mutations of each; under -short every fourth and 15
// (see sample).
var schemaMutations = flag.Int("schema.mutations", 120, "mutations per case-book input in TestSchemaAgreesWithDecoder (0: all)")

func short(err error) string {
	if err == nil {
		return "accepted"
	}
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		var leaves []string
		var walk func(e *jsonschema.ValidationError)
		walk = func(e *jsonschema.ValidationError) {
			if len(e.Causes) == 0 {
				leaves = append(leaves, "/"+strings.Join(e.InstanceLocation, "/")+": "+fmt.Sprint(e.ErrorKind))
			}
			for _, c := range e.Causes {
				walk(c)
			}
		}
		walk(ve)
		if len(leaves) > 4 {
			leaves = append(leaves[:4], "...")
		}
		return strings.Join(leaves, "; ")
	}
	return err.Error()
}

// explained reports whether every problem of err is a cross-field rule,
// and which.
func explained(op string, err error) ([]string, bool) {
	var names []string
	for _, fe := range program.FieldErrors(err) {
		i := slices.IndexFunc(crossFieldRules, func(r crossField) bool {
			return (r.op == "" || r.op == op) && r.pointer.MatchString(fe.Pointer) && r.detail.MatchString(fe.Detail)
		})
		if i < 0 {
			return nil, false
		}
		names = append(names, crossFieldRules[i].name)
	}
	return names, len(names) > 0
}

func pendingFixFor(label string) string {
	for _, f := range pendingFixes {
		if f.label.MatchString(label) {
			return f.name
		}
	}
	return ""
}

// TestEveryCustomTypeHasASchema: a type that reads its own JSON must have
// a schema mapping, or InputSchema fails rather than describe its Go shape.
// Every registered operation's schema generates, and an operation with a
// type the mapper does not know does not.
func TestEveryCustomTypeHasASchema(t *testing.T) {
	for _, op := range channelpolicy.Default().Operations() {
		if _, err := op.InputSchema(); err != nil {
			t.Errorf("%s: %v", op.Name(), err)
		}
	}
	op := channelpolicy.Timeless("x.unmapped", "an input with an unmapped type",
		func(struct{}, unmappedInput) (unmappedDecision, error) { return unmappedDecision{}, nil })
	if _, err := op.InputSchema(); err == nil || !strings.Contains(err.Error(), "unmappedType") {
		t.Errorf("InputSchema of an input with an unmapped type: %v, want an error naming the type", err)
	}
}

type unmappedType struct{ v string }

func (u *unmappedType) UnmarshalText(b []byte) error { u.v = string(b); return nil }

type unmappedInput struct {
	List []unmappedType `json:"list"`
}

type unmappedDecision struct{}

func (unmappedDecision) OutcomeRules() (string, []program.RuleID) { return "", nil }

// TestInputSchemaExamples shows, on one input, what the schema says beyond
// the Go types: null for an optional member, the require tags of the
// member that shares a type, whole numbers written 2.0, bounded counts.
func TestInputSchemaExamples(t *testing.T) {
	op, _ := channelpolicy.Default().Lookup("dealreg.route")
	sch := compileInputSchema(t, op)
	const valid = `{"partner":{"agreement_signed":true,"employees":{"foundations_trained":2}},"scope":"single_opportunity","program":"resale","opportunity":{"kind":"add_on","stage":2},"submitted_at":"2026-03-02T09:00:00Z"}`
	for _, tc := range []struct {
		name, from, to string
		valid          bool
	}{
		{"the input", "", "", true},
		{"2.0 for a whole number", `"foundations_trained":2`, `"foundations_trained":2.0`, true},
		{"null for an optional member", `"kind":"add_on"`, `"kind":"add_on","id":null`, true},
		{"a member the require tag asks for, absent", `"agreement_signed":true,`, ``, false},
		{"a member the require tag asks for, null", `"agreement_signed":true`, `"agreement_signed":null`, false},
		{"a required member, null", `"scope":"single_opportunity"`, `"scope":null`, false},
		{"a negative count", `"foundations_trained":2`, `"foundations_trained":-1`, false},
		{"an unknown enum value", `"program":"resale"`, `"program":"Resale"`, false},
		{"an unknown member", `"scope"`, `"colour":"red","scope"`, false},
		{"a key in another letter case", `"scope"`, `"Scope"`, false},
		{"an impossible date", `"stage":2`, `"stage":2,"close_date":"2026-02-29"`, false},
		{"an unknown country", `"agreement_signed":true`, `"agreement_signed":true,"country":"UK"`, false},
	} {
		in := strings.Replace(valid, tc.from, tc.to, 1)
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		err = sch.Validate(inst)
		if (err == nil) != tc.valid {
			t.Errorf("%s: valid = %v, want %v (%v)\n%s", tc.name, err == nil, tc.valid, err, in)
		}
		_, evalErr := channelpolicy.Evaluate("dealreg.route", []byte(in), time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC))
		if (evalErr == nil) != tc.valid {
			t.Errorf("%s: the decoder says %v, want valid = %v\n%s", tc.name, evalErr, tc.valid, in)
		}
	}
}

// ---- the generated doc comments ----

var updateSchemaComments = flag.Bool("update-schema-comments", false, "rewrite schema_comments.go from the doc comments")

// TestSchemaComments requires schema_comments.go, which gives the schemas
// their descriptions, to hold the doc comments of the source: a built
// binary has no source to read them from. go generate (or this test with
// -update-schema-comments) rewrites it.
func TestSchemaComments(t *testing.T) {
	want := generateSchemaComments(t)
	if *updateSchemaComments {
		if err := os.WriteFile("schema_comments.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("schema_comments.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		var diff []string
		gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for _, l := range wantLines {
			if !slices.Contains(gotLines, l) && len(diff) < 5 {
				diff = append(diff, "want "+strings.TrimSpace(l))
			}
		}
		for _, l := range gotLines {
			if !slices.Contains(wantLines, l) && len(diff) < 10 {
				diff = append(diff, "drop "+strings.TrimSpace(l))
			}
		}
		t.Errorf("schema_comments.go does not hold the doc comments of the source: run go generate in the module root\n%s", strings.Join(diff, "\n"))
	}
}

// generateSchemaComments reads the doc comments of the module's packages
// and keeps those of the types that an operation's input, decision or
// policy reaches, and of their fields: the type's first sentence, the
// field's whole comment, as jsonschema.Reflector.AddGoComments would.
func generateSchemaComments(t *testing.T) []byte {
	t.Helper()
	reg := channelpolicy.Default()
	reached := map[reflect.Type]bool{}
	var reach func(reflect.Type)
	reach = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if reached[t] || !strings.HasPrefix(t.PkgPath(), modulePath) {
			return
		}
		reached[t] = true
		if t.Kind() == reflect.Struct {
			for f := range t.Fields() {
				if f.IsExported() || f.Anonymous {
					reach(f.Type)
				}
			}
		}
	}
	for _, op := range reg.Operations() {
		reach(op.Input())
		reach(op.Decision())
	}
	for _, p := range reg.Packages() {
		reach(p.PolicyType())
	}
	dirs := map[string]bool{}
	for t := range reached {
		dirs[t.PkgPath()] = true
	}
	comments := map[string]string{}
	for pkg := range dirs {
		dir := "." + strings.TrimPrefix(pkg, modulePath)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			collectComments(f, pkg, comments)
		}
	}
	keep := map[string]string{}
	for t := range reached {
		if t.Name() == "" {
			continue
		}
		key := t.PkgPath() + "." + t.Name()
		if c, ok := comments[key]; ok {
			keep[key] = c
		}
		if t.Kind() == reflect.Struct {
			for f := range t.Fields() {
				if c, ok := comments[key+"."+f.Name]; ok {
					keep[key+"."+f.Name] = c
				}
			}
		}
	}
	keys := make([]string, 0, len(keep))
	for k := range keep {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b bytes.Buffer
	b.WriteString(`// Code generated by "go test -run TestSchemaComments -update-schema-comments"; DO NOT EDIT.

package channelpolicy

// schemaComments holds the doc comments of the types and fields of every
// operation's input, decision and policy, keyed as
// jsonschema.Reflector.CommentMap wants them.
var schemaComments = map[string]string{
`)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s,\n", strconv.Quote(k), strconv.Quote(keep[k]))
	}
	b.WriteString("}\n")
	out, err := format.Source(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const modulePath = "github.com/channelpolicy/channelpolicy"

// collectComments records the doc comments of file f of package pkg: an
// exported type's first sentence under "pkg.Type", a field's comment under
// "pkg.Type.Field".
func collectComments(f *ast.File, pkg string, out map[string]string) {
	var p doc.Package
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, spec := range g.Specs {
			ts := spec.(*ast.TypeSpec)
			if !ts.Name.IsExported() {
				continue
			}
			text := ts.Doc.Text()
			if text == "" && len(g.Specs) == 1 {
				text = g.Doc.Text()
			}
			if s := strings.TrimSpace(p.Synopsis(text)); s != "" {
				out[pkg+"."+ts.Name.Name] = s
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, fl := range st.Fields.List {
				text := fl.Doc.Text()
				if text == "" {
					text = fl.Comment.Text()
				}
				if text = strings.TrimSpace(text); text == "" {
					continue
				}
				for _, n := range fl.Names {
					if n.IsExported() {
						out[pkg+"."+ts.Name.Name+"."+n.Name] = strings.Join(strings.Fields(text), " ")
					}
				}
			}
		}
	}
}

// ---- JSON trees that keep member order, duplicates and number literals ----

// object is a JSON object with its members in order.
type object struct {
	keys []string
	vals []any
}

func (o *object) index(key string) int { return slices.Index(o.keys, key) }

// parseTree reads data into nil, bool, json.Number, string, []any and
// *object values.
func parseTree(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var read func() (any, error)
	read = func() (any, error) {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{':
				o := &object{}
				for dec.More() {
					k, err := dec.Token()
					if err != nil {
						return nil, err
					}
					v, err := read()
					if err != nil {
						return nil, err
					}
					o.keys = append(o.keys, k.(string))
					o.vals = append(o.vals, v)
				}
				_, err := dec.Token()
				return o, err
			case '[':
				list := []any{}
				for dec.More() {
					v, err := read()
					if err != nil {
						return nil, err
					}
					list = append(list, v)
				}
				_, err := dec.Token()
				return list, err
			}
		}
		return tok, nil
	}
	v, err := read()
	if err == nil {
		if _, err := dec.Token(); err != io.EOF {
			return nil, fmt.Errorf("more than one JSON value")
		}
	}
	return v, err
}

func encodeTree(v any) []byte {
	var b bytes.Buffer
	var write func(v any)
	write = func(v any) {
		switch v := v.(type) {
		case *object:
			b.WriteByte('{')
			for i, k := range v.keys {
				if i > 0 {
					b.WriteByte(',')
				}
				kb, _ := json.Marshal(k)
				b.Write(kb)
				b.WriteByte(':')
				write(v.vals[i])
			}
			b.WriteByte('}')
		case []any:
			b.WriteByte('[')
			for i, e := range v {
				if i > 0 {
					b.WriteByte(',')
				}
				write(e)
			}
			b.WriteByte(']')
		case json.Number:
			b.WriteString(string(v))
		default:
			out, err := json.Marshal(v)
			if err != nil {
				panic(err)
			}
			b.Write(out)
		}
	}
	write(v)
	return b.Bytes()
}

func copyTree(v any) any {
	switch v := v.(type) {
	case *object:
		o := &object{keys: slices.Clone(v.keys), vals: make([]any, len(v.vals))}
		for i, e := range v.vals {
			o.vals[i] = copyTree(e)
		}
		return o
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = copyTree(e)
		}
		return out
	}
	return v
}

// step is one step of a path into a tree: a member name or a list index.
type step any

// at returns the value at path in root.
func at(root any, path []step) any {
	for _, s := range path {
		switch s := s.(type) {
		case string:
			o := root.(*object)
			root = o.vals[o.index(s)]
		case int:
			root = root.([]any)[s]
		}
	}
	return root
}

// replaced returns root with the value at path replaced by f of it.
func replaced(root any, path []step, f func(any) any) any {
	if len(path) == 0 {
		return f(root)
	}
	parent := at(root, path[:len(path)-1])
	switch s := path[len(path)-1].(type) {
	case string:
		o := parent.(*object)
		i := o.index(s)
		o.vals[i] = f(o.vals[i])
	case int:
		l := parent.([]any)
		l[s] = f(l[s])
	}
	return root
}

// ---- mutations ----

// mutation changes a copy of an input in one way.
type mutation struct {
	kind, label string
	// depth is how deep in the document the mutated value lies: 0 for the
	// document and its members.
	depth int
	apply func(root any) any
}

// A value's class decides the mutations that fit it.
type class int

const (
	classOther class = iota
	classObject
	classList
	classMap
	classString
	classEnum
	classInt
	classBool
	classInstant
	classDate
	classDecimal
	classStage
	classCountry
	classCurrency
	classEmail
	classDateOrInstant
)

var (
	typeTime            = reflect.TypeFor[time.Time]()
	typeDate            = reflect.TypeFor[program.Date]()
	typeStage           = reflect.TypeFor[program.Stage]()
	typeCountry         = reflect.TypeFor[program.Country]()
	typeCurrency        = reflect.TypeFor[program.Currency]()
	typeDecimal         = reflect.TypeFor[decimal.Decimal]()
	typeDateOrInstant   = reflect.TypeFor[program.DateOrInstant]()
	typeJSONUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	typeTextUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	typeEnumerated      = reflect.TypeFor[program.Enumerated]()
)

func classOf(t reflect.Type) class {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case typeTime:
		return classInstant
	case typeDate:
		return classDate
	case typeStage:
		return classStage
	case typeCountry:
		return classCountry
	case typeCurrency:
		return classCurrency
	case typeDecimal:
		return classDecimal
	case typeDateOrInstant:
		return classDateOrInstant
	}
	if t.Kind() == reflect.String && t.Implements(typeEnumerated) {
		return classEnum
	}
	if p := reflect.PointerTo(t); p.Implements(typeJSONUnmarshaler) || p.Implements(typeTextUnmarshaler) {
		return classOther // a form of its own this test does not know
	}
	switch t.Kind() {
	case reflect.Struct:
		return classObject
	case reflect.Slice, reflect.Array:
		return classList
	case reflect.Map:
		return classMap
	case reflect.String:
		return classString
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return classInt
	case reflect.Bool:
		return classBool
	}
	return classOther
}

// wrongTypes are values of every JSON type but the ones a class takes.
func wrongTypes(c class) []any {
	all := map[string]any{"a string": "x", "a number": json.Number("1"), "a boolean": true, "a list": []any{}, "an object": &object{}}
	takes := map[class][]string{
		classObject: {"an object"}, classMap: {"an object"}, classList: {"a list"}, classInt: {"a number"}, classBool: {"a boolean"},
		classStage: {"a number", "a string"},
	}[c]
	if takes == nil {
		takes = []string{"a string"}
	}
	var out []any
	for _, k := range []string{"a string", "a number", "a boolean", "a list", "an object"} {
		if !slices.Contains(takes, k) {
			out = append(out, all[k])
		}
	}
	return out
}

// valuesFor are the replacement values that probe the edges of a value v
// of class c and Go type t, and valid values other than v, which reach the
// rules that relate one value to another.
func valuesFor(c class, t reflect.Type, v any) []any {
	n := func(s string) any { return json.Number(s) }
	switch c {
	case classInt:
		lit, _ := v.(json.Number)
		out := []any{n("-1"), n("0"), n("-0"), n("1000000"), n("1000001"), n("1e20"), n("9007199254740992"), n("9007199254740993"), n("-9007199254740993"), n("0.5"), n("1e0"), "1"}
		if lit != "" {
			out = append(out, n(string(lit)+".0"), n(string(lit)+"e0"), n(string(lit)+".5"), n("-"+string(lit)))
		}
		return out
	case classBool:
		b, _ := v.(bool)
		return []any{!b, "true", n("1"), n("0"), "false"}
	case classString:
		s, _ := v.(string)
		return []any{"", " ", " " + s, s + " ", strings.ToUpper(s), "\u00a0" + s, s + "\t", strings.Repeat("x", 300)}
	case classEnum:
		s, _ := v.(string)
		out := []any{"", "bogus", strings.ToUpper(s), strings.ToUpper(s[:min(1, len(s))]) + s[min(1, len(s)):], s + " ", " " + s, strings.ReplaceAll(s, "_", "-")}
		for _, e := range reflect.Zero(t).Interface().(program.Enumerated).EnumValues() {
			if e != s {
				out = append(out, e)
			}
		}
		return out
	case classCountry:
		return []any{"", "de", "De", "UK", "EZ", "UN", "ZZ", "XK", "DEU", "AQ", "EU", "US ", "SU"}
	case classEmail:
		return []any{"", " ", "\u3000", "not-an-email", "a@b", "A@B.EXAMPLE", "a+b@c.example", "a@-b.example", "a@b_c.example",
			`"a b"@c.example`, "a@[IPv6:::1]", "a@[192.0.2.1]", "ü@b.example", "a@b.example.", "a..b@c.example", "a@b.example\n",
			"@b.example", "a@b'c.example", "a@b@c.example",
			strings.Repeat("a", 65) + "@b.example", "<a@b.example>", "Name <a@b.example>"}
	case classCurrency:
		return []any{"", "usd", "Usd", "XAU", "XXX", "XTS", "DEM", "VEF", "ZWG", "CLF", "JPY", "US", "USDX"}
	case classDate:
		return []any{"2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "0000-01-01", "0001-01-01", "9999-12-31",
			"2026-1-02", "2026-01-02T00:00:00Z", "20260102", n("20260102"), "2026/01/02", "+2026-01-02", " 2026-01-02"}
	case classInstant:
		s, _ := v.(string)
		out := []any{"2026-03-02T09:00:00", "2026-03-02t09:00:00Z", "2026-03-02T09:00:00z", "2026-03-02 09:00:00Z",
			"2026-03-02T24:00:00Z", "2026-03-02T23:59:60Z", "2026-02-30T09:00:00Z", "2026-03-02T09:00Z", "2026-03-02",
			"2026-03-02T09:00:00+0100", "2026-03-02T09:00:00.123456789123Z", "2026-03-02T09:00:00-00:00",
			"2026-03-02T09:00:00+24:00", "2026-03-02T09:00:00+01:60", "2026-03-02T09:00:00,5Z", "2026-03-02T9:00:00Z",
			"1990-01-01T00:00:00Z", "2126-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", n("1767225600")}
		if len(s) == 20 && strings.HasSuffix(s, "Z") {
			out = append(out, s[:19]+".5Z", s[:19]+"+05:30", s[:19]+"-08:00")
		}
		return out
	case classDateOrInstant:
		return []any{"2026-05-01", "2026-02-30", "2026-05-01T11:59:59Z", "2026-05-01T11:59:59+02:00", "2026-05-01T11:59:59",
			"2026-05-01 11:59:59Z", "2026-05-01T9:59:59Z", "2026-05-01T11:59:59,5Z", "2026-05-01T11:59:59+24:00",
			"0000-05-01", "0000-05-01T00:00:00Z", "0001-01-01T00:00:00Z", "20260501", "", n("20260501")}
	case classDecimal:
		return []any{"1e3", "+1", "1.", ".5", "-5", "-0", "-0.00", " 1", "1,5", "0x10", n("5"), "", "00012.50",
			"1000000000000000", "1000000000000000.00", "1000000000000000.01", "1000000000000001", "999999999999999.9999999999",
			"0.1234567890", "0.12345678901", "0.123456789010", "-1000000000000001",
			strings.Repeat("0", program.MaxDecimalLength-4) + "12.5", strings.Repeat("0", program.MaxDecimalLength-3) + "12.5"}
	case classStage:
		return []any{n("8"), n("-1"), n("2.5"), n("2.0"), n("2e0"), n("-0"), "8", "2.0", " 2", "Closed_Won", "closed-won", "NONE", "", n("1e400")}
	}
	return nil
}

// goField is a struct field as the decoder reads it.
type goField struct {
	name     string
	typ      reflect.Type
	required bool
	email    bool // tagged format=email
	maxItems int  // tagged maxItems=N
}

func goFields(t reflect.Type) []goField {
	var out []goField
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, goFields(f.Type)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		tags := strings.Split(f.Tag.Get("jsonschema"), ",")
		out = append(out, goField{name, f.Type, slices.Contains(tags, "required"), slices.Contains(tags, "format=email"), program.MaxItems(f.Tag)})
	}
	return out
}

func pathString(path []step) string {
	var b strings.Builder
	for _, s := range path {
		fmt.Fprintf(&b, "/%v", s)
	}
	return b.String()
}

// mutationsOf lists every mutation of doc, an input of Go type t.
func mutationsOf(doc any, t reflect.Type) []mutation {
	var out []mutation
	add := func(kind string, path []step, what string, apply func(any) any) {
		out = append(out, mutation{kind: kind, label: kind + " at " + pathString(path) + ": " + what, depth: len(path), apply: apply})
	}
	set := func(kind string, path []step, v any) {
		add(kind, path, string(encodeTree(v)), func(root any) any { return replaced(root, path, func(any) any { return copyTree(v) }) })
	}
	for _, v := range []any{nil, []any{}, "x", json.Number("1")} {
		set("document", nil, v)
	}
	var walk func(v any, t reflect.Type, path []step, email bool, maxItems int)
	walk = func(v any, t reflect.Type, path []step, email bool, maxItems int) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		c := classOf(t)
		if c == classString && email {
			c = classEmail
		}
		for _, w := range wrongTypes(c) {
			set("wrong type", path, w)
		}
		for _, r := range valuesFor(c, t, v) {
			set(map[class]string{classInt: "number", classBool: "boolean", classString: "string", classEnum: "enum",
				classCountry: "country", classCurrency: "currency", classDate: "date", classInstant: "instant",
				classDecimal: "decimal", classStage: "stage", classEmail: "email", classDateOrInstant: "date or instant"}[c], path, r)
		}
		switch c {
		case classObject:
			o, ok := v.(*object)
			if !ok {
				return
			}
			set("object", path, &object{})
			add("extra member", path, `"extra": 1`, func(root any) any {
				return replaced(root, path, func(x any) any {
					o := x.(*object)
					o.keys, o.vals = append(o.keys, "extra"), append(o.vals, json.Number("1"))
					return o
				})
			})
			for _, f := range goFields(t) {
				i := o.index(f.name)
				if i < 0 {
					for _, w := range append([]any{nil}, wrongTypes(classOf(f.typ))[:1]...) {
						kind := "absent member"
						add(kind, path, fmt.Sprintf("%q: %s", f.name, encodeTree(w)), func(root any) any {
							return replaced(root, path, func(x any) any {
								o := x.(*object)
								o.keys, o.vals = append(o.keys, f.name), append(o.vals, copyTree(w))
								return o
							})
						})
					}
					continue
				}
				member := append(slices.Clone(path), f.name)
				set("null", member, nil)
				add("missing member", path, f.name, func(root any) any {
					return replaced(root, path, func(x any) any {
						o := x.(*object)
						i := o.index(f.name)
						o.keys, o.vals = slices.Delete(o.keys, i, i+1), slices.Delete(o.vals, i, i+1)
						return o
					})
				})
				for _, name := range []string{strings.ToUpper(f.name[:1]) + f.name[1:], strings.ToUpper(f.name)} {
					if name == f.name {
						continue
					}
					add("key case", path, f.name+" as "+name, func(root any) any {
						return replaced(root, path, func(x any) any {
							o := x.(*object)
							o.keys[o.index(f.name)] = name
							return o
						})
					})
				}
				add("duplicate member", path, f.name, func(root any) any {
					return replaced(root, path, func(x any) any {
						o := x.(*object)
						i := o.index(f.name)
						o.keys, o.vals = append(o.keys, f.name), append(o.vals, copyTree(o.vals[i]))
						return o
					})
				})
				walk(o.vals[i], f.typ, member, f.email, f.maxItems)
			}
		case classList:
			l, ok := v.([]any)
			if !ok {
				return
			}
			set("list", path, []any{})
			add("list", path, "a null element", func(root any) any {
				return replaced(root, path, func(x any) any { return append(x.([]any), nil) })
			})
			add("list", path, "an element of the wrong type", func(root any) any {
				return replaced(root, path, func(x any) any { return append(x.([]any), wrongTypes(classOf(t.Elem()))[0]) })
			})
			if len(l) > 0 {
				add("list", path, "the first element twice", func(root any) any {
					return replaced(root, path, func(x any) any { l := x.([]any); return append(l, copyTree(l[0])) })
				})
				add("list", path, "without its first element", func(root any) any {
					return replaced(root, path, func(x any) any { return x.([]any)[1:] })
				})
			}
			// At its maxItems and one over, with copies of its first
			// element; long lists are left to TestEveryInputListIsBounded,
			// which costs less per length tried.
			if maxItems > 0 && maxItems <= 100 && len(l) > 0 {
				for _, n := range []int{maxItems, maxItems + 1} {
					out = append(out, mutation{kind: "list length", label: fmt.Sprintf("list length at %s: %d copies of the first element (maxItems %d)", pathString(path), n, maxItems),
						depth: len(path) + 2, apply: func(root any) any {
							return replaced(root, path, func(x any) any {
								l := x.([]any)
								for len(l) < n {
									l = append(l, copyTree(l[0]))
								}
								return l
							})
						}})
				}
			}
			for i, e := range l {
				walk(e, t.Elem(), append(slices.Clone(path), i), false, 0)
			}
		case classMap:
			o, ok := v.(*object)
			if !ok {
				return
			}
			for i, k := range o.keys {
				member := append(slices.Clone(path), k)
				set("null", member, nil)
				walk(o.vals[i], t.Elem(), member, false, 0)
			}
		}
	}
	walk(doc, t, nil, false, 0)
	return out
}

// sampleMutations draws up to n mutations, seeded by the case ID: every
// mutation of the document and its members, then one of each kind in turn,
// so that every kind is tried on every input.
func sampleMutations(all []mutation, id string, n int) []mutation {
	h := fnv.New64a()
	h.Write([]byte(id))
	rng := rand.New(rand.NewPCG(h.Sum64(), 11))
	byKind := map[string][]mutation{}
	var kinds []string
	var out []mutation
	for _, m := range all {
		if m.depth <= 1 {
			out = append(out, m)
			continue
		}
		if _, ok := byKind[m.kind]; !ok {
			kinds = append(kinds, m.kind)
		}
		byKind[m.kind] = append(byKind[m.kind], m)
	}
	for _, k := range kinds {
		ms := byKind[k]
		rng.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
	}
	for len(out) < n {
		took := false
		for _, k := range kinds {
			if ms := byKind[k]; len(ms) > 0 && len(out) < n {
				out = append(out, ms[0])
				byKind[k] = ms[1:]
				took = true
			}
		}
		if !took {
			break
		}
	}
	return out
}
