package main

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	validator "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/channelpolicy/channelpolicy/casebook"
)

// TestSchemasAcceptEveryValidCaseInput validates the input of every case
// book case that decides (not the bad-input ones) against the generated
// schema of its operation: a caller who validates first must never be turned
// away from an input the library accepts.
func TestSchemasAcceptEveryValidCaseInput(t *testing.T) {
	reg := casebook.Default()
	cases, err := casebook.LoadDir("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	schemas := map[string]*validator.Schema{}
	for _, p := range reg.Packages() {
		for _, op := range p.Operations {
			s, err := inputSchema(reg, op.Name)
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := json.Marshal(s)
			parsed, err := validator.UnmarshalJSON(bytes.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			c := validator.NewCompiler()
			c.AssertFormat()
			if err := c.AddResource(op.Name+".json", parsed); err != nil {
				t.Fatal(err)
			}
			if schemas[op.Name], err = c.Compile(op.Name + ".json"); err != nil {
				t.Fatalf("%s: the generated schema does not compile: %v", op.Name, err)
			}
		}
	}
	checked := map[string]int{}
	for _, c := range cases {
		if len(c.Want.ErrorFields) > 0 {
			continue
		}
		inst, err := validator.UnmarshalJSON(bytes.NewReader(c.Input))
		if err != nil {
			t.Fatal(err)
		}
		if err := schemas[c.Operation].Validate(inst); err != nil {
			t.Errorf("case %s: the schema of %s rejects an input the library decides:\n%v", c.ID, c.Operation, err)
		}
		checked[c.Operation]++
	}
	for name := range schemas {
		if checked[name] == 0 {
			t.Errorf("no case book input exercised the schema of %s", name)
		}
	}
}

// TestSchemasRejectUnknownEnumValues checks that a schema is more than
// "any object": an unknown enum value and an unknown field are refused.
func TestSchemasRejectUnknownEnumValues(t *testing.T) {
	s, err := inputSchema(casebook.Default(), "dealreg.route")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(s)
	parsed, _ := validator.UnmarshalJSON(bytes.NewReader(doc))
	c := validator.NewCompiler()
	c.AddResource("s.json", parsed)
	sch, err := c.Compile("s.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{
		`{"partner":{"track":"gold","standing":"good"},"scope":"single_opportunity","program":"resale","opportunity":{"kind":"add_on","stage":2},"submitted_at":"2026-03-02T09:00:00Z"}`,
		`{"partner":{"track":"open","standing":"good"},"scope":"single_opportunity","program":"resale","opportunity":{"kind":"add_on","stage":9},"submitted_at":"2026-03-02T09:00:00Z"}`,
		`{"partner":{"track":"open","standing":"good"},"scope":"single_opportunity","program":"resale","opportunity":{"kind":"add_on","stage":2},"submitted_at":"2026-03-02T09:00:00Z","colour":"red"}`,
		`{"partner":{"track":"open","standing":"good"},"scope":"single_opportunity","program":"resale","opportunity":{"kind":"add_on","stage":2}}`,
	} {
		inst, _ := validator.UnmarshalJSON(strings.NewReader(in))
		if sch.Validate(inst) == nil {
			t.Errorf("schema accepts %s", in)
		}
	}
}

// TestEveryCustomTypeHasASchema walks each operation's input type and fails
// on a type with its own JSON or text decoding that the schema mapper does
// not know: reflecting its Go shape would describe the wrong JSON.
func TestEveryCustomTypeHasASchema(t *testing.T) {
	textU := reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonU := reflect.TypeFor[json.Unmarshaler]()
	seen := map[reflect.Type]bool{}
	var walk func(op string, t reflect.Type)
	walk = func(op string, typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if seen[typ] {
			return
		}
		seen[typ] = true
		ptr := reflect.PointerTo(typ)
		if ptr.Implements(textU) || ptr.Implements(jsonU) {
			if mapType(typ) == nil {
				t.Errorf("%s: type %v decodes its own JSON but has no schema mapping", op, typ)
			}
			return
		}
		if typ.Kind() == reflect.Struct {
			for f := range typ.Fields() {
				if f.IsExported() {
					walk(op, f.Type)
				}
			}
		}
	}
	for _, p := range casebook.Default().Packages() {
		for _, op := range p.Operations {
			walk(op.Name, reflect.TypeOf(op.NewInput()))
		}
	}
}
