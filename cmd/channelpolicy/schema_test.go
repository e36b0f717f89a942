package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy"
)

// TestSchemaCommandPrintsTheOperationsSchema checks that the command
// prints the root package's schema, indented.
func TestSchemaCommandPrintsTheOperationsSchema(t *testing.T) {
	op, _ := channelpolicy.Default().Lookup("nfr.decide")
	want, err := op.InputSchema()
	if err != nil {
		t.Fatal(err)
	}
	r := cli(t, nil, "schema", "nfr.decide")
	var got, exp bytes.Buffer
	json.Compact(&got, []byte(r.stdout))
	json.Compact(&exp, want)
	if got.String() != exp.String() || !strings.Contains(r.stdout, "\n  \"") {
		t.Errorf("schema nfr.decide printed\n%s\nwant, indented,\n%s", r.stdout, want)
	}
}

// TestOpenAPICommand checks that the command prints the registry's OpenAPI
// document and each decision's schema, and refuses arguments.
func TestOpenAPICommand(t *testing.T) {
	want, err := channelpolicy.Default().OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	r := cli(t, nil, "openapi")
	var got, exp bytes.Buffer
	json.Compact(&got, []byte(r.stdout))
	json.Compact(&exp, want)
	if r.code != exitOK || got.String() != exp.String() {
		t.Errorf("openapi printed (exit %d)\n%.300s\nwant\n%.300s", r.code, r.stdout, want)
	}
	if r := cli(t, nil, "openapi", "extra"); r.code != exitBadCall || r.stdout != "" {
		t.Errorf("openapi extra: exit %d, stdout %q", r.code, r.stdout)
	}

	op, _ := channelpolicy.Default().Lookup("dealreg.route")
	decision, err := op.DecisionSchema()
	if err != nil {
		t.Fatal(err)
	}
	r = cli(t, nil, "schema", "--decision", "dealreg.route")
	got.Reset()
	exp.Reset()
	json.Compact(&got, []byte(r.stdout))
	json.Compact(&exp, decision)
	if got.String() != exp.String() {
		t.Errorf("schema --decision dealreg.route printed\n%.300s\nwant\n%.300s", r.stdout, decision)
	}
}
