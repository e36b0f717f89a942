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
	// The built command stamps its own version (a pseudo-version in a
	// clean checkout), the test binary none; the version is checked
	// against the version command's, the rest byte for byte.
	printed, version := withoutVersion(t, []byte(r.stdout))
	expected, _ := withoutVersion(t, want)
	if r.code != exitOK || !bytes.Equal(printed, expected) {
		t.Errorf("openapi printed (exit %d)\n%.300s\nwant\n%.300s", r.code, r.stdout, want)
	}
	if v := cli(t, nil, "version"); !strings.HasPrefix(v.stdout, "channelpolicy "+version+" ") &&
		!(version == "devel" && strings.HasPrefix(v.stdout, "channelpolicy (devel)")) {
		t.Errorf("openapi info.version %q, but version prints %q", version, v.stdout)
	}
	var got, exp bytes.Buffer
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

// withoutVersion returns the OpenAPI document doc compacted, with its
// info.version emptied, and that version.
func withoutVersion(t *testing.T, doc []byte) ([]byte, string) {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, doc)
	}
	info, _ := d["info"].(map[string]any)
	v, _ := info["version"].(string)
	if v == "" {
		t.Fatalf("no info.version in\n%.300s", doc)
	}
	info["version"] = ""
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return out, v
}
