package channelpolicy_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// openAPIValidator returns a validator of requests and responses against
// the registry's OpenAPI document, read with libopenapi, with format
// assertions (date-time, date, uri) on, and the document. It is built once
// and shared by the tests: building it is most of their time under the
// race detector, and validating changes nothing in it.
func openAPIValidator(t *testing.T) (validator.Validator, []byte) {
	t.Helper()
	v := sharedValidator()
	if v.err != nil {
		t.Fatal(v.err)
	}
	return v.v, v.spec
}

var sharedValidator = sync.OnceValue(func() (v struct {
	v    validator.Validator
	spec []byte
	err  error
}) {
	v.spec, v.err = channelpolicy.Default().OpenAPI()
	if v.err != nil {
		return v
	}
	doc, err := libopenapi.NewDocument(v.spec)
	if err != nil {
		v.err = fmt.Errorf("libopenapi cannot read the document: %v", err)
		return v
	}
	var errs []error
	if v.v, errs = validator.NewValidator(doc, config.WithFormatAssertions()); len(errs) > 0 {
		v.err = fmt.Errorf("libopenapi cannot build the document: %v", errs)
	}
	return v
})

func TestOpenAPIDocument(t *testing.T) {
	v, spec := openAPIValidator(t)
	if ok, errs := v.ValidateDocument(); !ok {
		t.Fatalf("the document is not valid OpenAPI 3.1:\n%s", describe(errs))
	}

	again, err := channelpolicy.Default().OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(spec, again) {
		t.Error("two calls gave different documents")
	}

	var doc map[string]any
	if err := json.Unmarshal(spec, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
	// Every reference resolves within the document.
	for _, ref := range refs(doc) {
		if _, ok := lookup(doc, ref); !ok {
			t.Errorf("reference %s does not resolve", ref)
		}
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	// Types of one name in two packages are two components.
	for _, name := range []string{"DealregDecision", "NfrDecision", "ServiceattachDecision", "Money", "Partner", "Opportunity", "Reason", "Action", "Problem", "ProblemError"} {
		if _, ok := schemas[name]; !ok {
			t.Errorf("components/schemas has no %s", name)
		}
	}
	if _, ok := schemas["Decision"]; ok {
		t.Error("components/schemas has a Decision without its package")
	}

	paths := doc["paths"].(map[string]any)
	ids := map[string]string{}
	for _, op := range channelpolicy.Default().Operations() {
		path := "/v1/" + op.Package() + "/" + op.Short()
		item, ok := paths[path].(map[string]any)
		if !ok {
			t.Errorf("no path %s for %s", path, op.Name())
			continue
		}
		post := item["post"].(map[string]any)
		id := post["operationId"].(string)
		if prev, dup := ids[id]; dup {
			t.Errorf("operationId %s of %s is also %s's", id, op.Name(), prev)
		}
		ids[id] = op.Name()
		in := post["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)["$ref"]
		out := post["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)["$ref"]
		if in == nil || out == nil {
			t.Errorf("%s: request or decision schema is not a component reference: %v, %v", op.Name(), in, out)
		}
		for _, status := range []string{"400", "404", "413", "415", "500", "503"} {
			if _, ok := post["responses"].(map[string]any)[status]; !ok {
				t.Errorf("%s has no %s answer", op.Name(), status)
			}
		}
		now := post["parameters"].([]any)[0].(map[string]any)
		if now["name"] != "now" || now["in"] != "query" || now["required"] != false {
			t.Errorf("%s: the first parameter is %v, want the optional query parameter now", op.Name(), now)
		}
		if desc := now["description"].(string); op.NeedsNow() == strings.Contains(desc, "Ignored") {
			t.Errorf("%s (needs now: %v): now is described as %q", op.Name(), op.NeedsNow(), desc)
		}
	}
	if got := ids["incumbencyRenewalDiscount"]; got != "incumbency.renewal_discount" {
		t.Errorf("operationId incumbencyRenewalDiscount is %q's", got)
	}
	for _, path := range []string{"/healthz", "/v1/operations", "/v1/policy", "/v1/schema/{operation}", "/v1/openapi.json"} {
		if _, ok := paths[path].(map[string]any)["get"]; !ok {
			t.Errorf("no GET %s", path)
		}
	}
}

// caseNow is the server's clock for cases that give no instant.
var caseNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// TestOpenAPICaseBooks sends every case of every case book through the
// handler and validates the request and the answer against the document:
// the request body is the case's input, ?now= its instant, and a case with
// a policy of its own is decided by a handler serving that policy. Whether
// the decision is the one the case expects is casebook's concern; here
// every answer must be 200 or 400 and match the document.
func TestOpenAPICaseBooks(t *testing.T) {
	t.Parallel() // long, and reads only what it makes: it overlaps the others
	v, _ := openAPIValidator(t)
	cases, err := casebook.LoadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	cases = sampleCases(cases)
	// One handler serves one policy set: a case with a policy of its own
	// gets a handler whose set has it, made once per distinct policy.
	handlers := map[string]http.Handler{}
	handlerFor := func(t *testing.T, c casebook.Case) http.Handler {
		t.Helper()
		pkg, _, _ := strings.Cut(c.Operation, ".")
		key := pkg + "\x00" + string(c.Policy)
		if h, ok := handlers[key]; ok {
			return h
		}
		set := channelpolicy.Default().Policies()
		if len(c.Policy) > 0 {
			// A case about a bad policy expects the policy's error, which
			// no handler can serve: its request goes to the default one.
			if with, err := set.With(pkg, c.Policy); err == nil {
				set = with
			} else {
				key = pkg + "\x00"
			}
		}
		if h, ok := handlers[key]; ok {
			return h
		}
		h, err := channelpolicy.NewHandler(channelpolicy.Options{Policies: set, Now: func() time.Time { return caseNow }})
		if err != nil {
			t.Fatal(err)
		}
		handlers[key] = h
		return h
	}
	decisionSchemas := compileDecisionSchemas(t)

	decided := map[string]int{}
	var stats struct{ ok, invalid, schemaAccepted, schemaRefused int }
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			op, ok := channelpolicy.Default().Lookup(c.Operation)
			if !ok {
				t.Fatalf("unknown operation %q", c.Operation)
			}
			target := "/v1/" + op.Package() + "/" + op.Short()
			if !c.Now.IsZero() {
				target += "?now=" + url.QueryEscape(c.Now.Format(time.RFC3339Nano))
			}
			req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(c.Input))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			handlerFor(t, c).ServeHTTP(rec, req)
			resp := rec.Result()
			body := rec.Body.Bytes()

			// The validator reads the bodies: give it a fresh request.
			vreq := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(c.Input))
			vreq.Header.Set("Content-Type", "application/json")
			reqOK, reqErrs := v.ValidateHttpRequestSync(vreq)

			resp.Body = readCloser(body)
			if ok, errs := v.ValidateHttpResponse(vreq, resp); !ok {
				t.Errorf("the %d answer does not validate:\n%s\nbody: %s", resp.StatusCode, describe(errs), body)
			}

			switch resp.StatusCode {
			case http.StatusOK:
				stats.ok++
				decided[c.Operation]++
				// The server decided this body: the schema must accept it.
				if !reqOK {
					t.Errorf("the server decided this request but it does not validate:\n%s", describe(reqErrs))
				}
				if err := decisionSchemas[op.Name()].Validate(mustJSON(t, body)); err != nil {
					t.Errorf("the decision does not validate against DecisionSchema: %v", err)
				}
			case http.StatusBadRequest:
				stats.invalid++
				if reqOK {
					stats.schemaAccepted++ // cross-field rules, or a looser schema: the differential test's concern
				} else {
					stats.schemaRefused++
				}
				if c.Want.Outcome != "" {
					t.Logf("deciding case answered 400: %s", body)
				}
			default:
				t.Errorf("status %d, want 200 or 400; body: %s", resp.StatusCode, body)
			}
		})
	}
	t.Logf("%d cases: %d decided, %d refused (%d of them also refused by the schema)", len(cases), stats.ok, stats.invalid, stats.schemaRefused)
	for _, op := range channelpolicy.Default().Operations() {
		if decided[op.Name()] == 0 {
			t.Errorf("%s: no case got a 200 answer to validate", op.Name())
		}
	}
}

// TestOpenAPIServiceAnswers validates the GET endpoints' answers and the
// problem documents that are not about the input.
func TestOpenAPIServiceAnswers(t *testing.T) {
	v, _ := openAPIValidator(t)
	h, err := channelpolicy.NewHandler(channelpolicy.Options{Now: func() time.Time { return caseNow }, MaxBody: 64})
	if err != nil {
		t.Fatal(err)
	}
	expiry := `{"approved_at":"2026-01-01T00:00:00Z"}`
	for _, tc := range []struct {
		method, target, contentType, body string
		status                            int
		requestValid                      bool
	}{
		{"GET", "/healthz", "", "", 200, true},
		{"GET", "/v1/operations", "", "", 200, true},
		{"GET", "/v1/policy", "", "", 200, true},
		{"GET", "/v1/openapi.json", "", "", 200, true},
		{"GET", "/v1/schema/dealreg.route", "", "", 200, true},
		{"GET", "/v1/schema/incumbency.tender", "", "", 200, true},
		{"GET", "/v1/schema/dealreg.nothing", "", "", 404, false},
		{"POST", "/v1/dealreg/expiry?now=2026-02-01T00:00:00Z", "application/json", expiry, 200, true},
		{"POST", "/v1/dealreg/expiry", "application/json", expiry, 200, true},
		{"POST", "/v1/dealreg/expiry?now=yesterday", "application/json", expiry, 400, false},
		{"POST", "/v1/dealreg/expiry?now=2026-02-01T00:00:00Z", "text/plain", expiry, 415, false},
		{"POST", "/v1/dealreg/expiry?now=2026-02-01T00:00:00Z", "application/json", `{"approved_at":"2026-01-01T00:00:00Z","note":"` + strings.Repeat("x", 64) + `"}`, 413, false},
		{"POST", "/v1/dealreg/expiry?now=2026-02-01T00:00:00Z", "application/json", `{"approved_at":"soon","extra":1}`, 400, false},
	} {
		t.Run(tc.method+" "+tc.target+" "+tc.contentType, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			resp := rec.Result()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d; body: %s", resp.StatusCode, tc.status, rec.Body)
			}
			vreq := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			if tc.contentType != "" {
				vreq.Header.Set("Content-Type", tc.contentType)
			}
			if ok, errs := v.ValidateHttpRequestSync(vreq); ok != tc.requestValid {
				t.Errorf("request valid = %v, want %v:\n%s", ok, tc.requestValid, describe(errs))
			}
			resp.Body = readCloser(rec.Body.Bytes())
			if ok, errs := v.ValidateHttpResponse(vreq, resp); !ok {
				t.Errorf("the answer does not validate:\n%s\nbody: %s", describe(errs), rec.Body)
			}
		})
	}
}

// TestOpenAPIProblemWithOmittedErrors: an input with more problems than
// one answer lists gets a problem document the OpenAPI document describes:
// the first MaxProblems in errors and the count of the rest in
// errors_omitted.
func TestOpenAPIProblemWithOmittedErrors(t *testing.T) {
	v, _ := openAPIValidator(t)
	h, err := channelpolicy.NewHandler(channelpolicy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const target = "/v1/serviceattach/portfolio"
	body := `{"registrations":[` + strings.TrimSuffix(strings.Repeat(`{},`, 500), ",") + `]}`
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var p channelpolicy.Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusBadRequest || len(p.Errors) != program.MaxProblems || p.ErrorsOmitted == 0 {
		t.Fatalf("status %d, %d errors listed, %d omitted; want 400, %d listed and more omitted", rec.Code, len(p.Errors), p.ErrorsOmitted, program.MaxProblems)
	}
	resp := rec.Result()
	resp.Body = readCloser(rec.Body.Bytes())
	vreq := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	vreq.Header.Set("Content-Type", "application/json")
	if ok, errs := v.ValidateHttpResponse(vreq, resp); !ok {
		t.Errorf("the answer does not validate:\n%s", describe(errs))
	}
}

// TestOpenAPIValidatorRefuses makes sure the validation above can fail:
// answers and requests that break the document are refused.
func TestOpenAPIValidatorRefuses(t *testing.T) {
	v, _ := openAPIValidator(t)
	const target = "/v1/dealreg/expiry?now=2026-02-01T00:00:00Z"
	good := `{"outcome":"active","expires_at":"2026-04-01T00:00:00Z","reasons":[{"rule":"dealreg.expiry.active","section":"s","effect":"applied","text":"t"}],"policy_version":"v"}`
	for _, tc := range []struct {
		name, request, status, contentType, answer string
		now                                        bool
		valid                                      bool
	}{
		{"a good answer", `{"approved_at":"2026-01-01T00:00:00Z"}`, "200", "application/json", good, true, true},
		{"an answer without the instant header", `{"approved_at":"2026-01-01T00:00:00Z"}`, "200", "application/json", good, false, false},
		{"a decision missing a member", `{"approved_at":"2026-01-01T00:00:00Z"}`, "200", "application/json", strings.Replace(good, `"policy_version":"v"`, `"policy":"v"`, 1), true, false},
		{"a decision with a bad instant", `{"approved_at":"2026-01-01T00:00:00Z"}`, "200", "application/json", strings.Replace(good, "2026-04-01T00:00:00Z", "April", 1), true, false},
		{"a problem without a status", `{"approved_at":"2026-01-01T00:00:00Z"}`, "400", "application/problem+json", `{"type":"https://x/y","title":"t","detail":"d"}`, true, false},
		{"a problem error with neither pointer nor parameter", `{"approved_at":"2026-01-01T00:00:00Z"}`, "400", "application/problem+json", `{"type":"https://x/y","title":"t","status":400,"detail":"d","errors":[{"detail":"d"}]}`, true, false},
		{"a problem that counts 0 omitted errors", `{"approved_at":"x"}`, "400", "application/problem+json", `{"type":"https://x/y","title":"t","status":400,"detail":"d","errors":[{"pointer":"/approved_at","detail":"d"}],"errors_omitted":0}`, true, false},
		{"a problem listing more errors than MaxProblems", `{"approved_at":"x"}`, "400", "application/problem+json", `{"type":"https://x/y","title":"t","status":400,"detail":"d","errors":[` + strings.Repeat(`{"pointer":"/x","detail":"d"},`, program.MaxProblems) + `{"pointer":"/x","detail":"d"}]}`, true, false},
		{"a request with an unknown member", `{"approved_at":"2026-01-01T00:00:00Z","by":"me"}`, "200", "application/json", good, true, false},
		{"a request without a required member", `{}`, "200", "application/json", good, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(tc.request))
			req.Header.Set("Content-Type", "application/json")
			reqOK, reqErrs := v.ValidateHttpRequestSync(req)
			status, _ := strconv.Atoi(tc.status)
			resp := &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {tc.contentType}}, Body: readCloser([]byte(tc.answer))}
			if tc.now {
				resp.Header.Set("Channelpolicy-Now", "2026-02-01T00:00:00Z")
			}
			respOK, respErrs := v.ValidateHttpResponse(req, resp)
			if got := reqOK && respOK; got != tc.valid {
				t.Errorf("valid = %v, want %v\n%s%s", got, tc.valid, describe(reqErrs), describe(respErrs))
			}
		})
	}
}

// TestOpenAPISchemasMatch requires each operation's request and decision
// schemas in the document, with every reference resolved, to say what
// InputSchema and DecisionSchema say: refinements of the schemas reach
// OpenAPI. Annotations (descriptions, titles) may differ.
func TestOpenAPISchemasMatch(t *testing.T) {
	spec, err := channelpolicy.Default().OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(spec, &doc); err != nil {
		t.Fatal(err)
	}
	for _, op := range channelpolicy.Default().Operations() {
		post := doc["paths"].(map[string]any)["/v1/"+op.Package()+"/"+op.Short()].(map[string]any)["post"].(map[string]any)
		in := post["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
		out := post["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
		for _, side := range []struct {
			name   string
			schema func() ([]byte, error)
			got    any
		}{{"input", op.InputSchema, in}, {"decision", op.DecisionSchema, out}} {
			raw, err := side.schema()
			if err != nil {
				t.Fatalf("%s %s schema: %v", op.Name(), side.name, err)
			}
			var standalone map[string]any
			if err := json.Unmarshal(raw, &standalone); err != nil {
				t.Fatal(err)
			}
			want := inline(t, standalone, standalone, 0)
			got := inline(t, doc, side.got, 0)
			if !reflect.DeepEqual(want, got) {
				w, _ := json.MarshalIndent(want, "", " ")
				g, _ := json.MarshalIndent(got, "", " ")
				t.Errorf("%s: the OpenAPI %s schema differs from the standalone one\nstandalone: %s\nopenapi: %s", op.Name(), side.name, w, g)
			}
		}
	}
}

func TestDecisionSchema(t *testing.T) {
	for _, op := range channelpolicy.Default().Operations() {
		raw, err := op.DecisionSchema()
		if err != nil {
			t.Fatalf("%s: %v", op.Name(), err)
		}
		var s map[string]any
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" || s["$id"] == nil {
			t.Errorf("%s: DecisionSchema is not a standalone schema: $schema=%v $id=%v", op.Name(), s["$schema"], s["$id"])
		}
		root, ok := lookup(s, s["$ref"].(string))
		if !ok || root.(map[string]any)["type"] != "object" {
			t.Fatalf("%s: the decision is not an object: %s", op.Name(), raw)
		}
		req, _ := root.(map[string]any)["required"].([]any)
		if !containsAny(req, "policy_version") {
			t.Errorf("%s: policy_version is not required in %s", op.Name(), raw)
		}
	}
}

func compileDecisionSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	out := map[string]*jsonschema.Schema{}
	for _, op := range channelpolicy.Default().Operations() {
		raw, err := op.DecisionSchema()
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		loc := "mem://" + op.Name() + ".decision.json"
		if err := c.AddResource(loc, doc); err != nil {
			t.Fatal(err)
		}
		if out[op.Name()], err = c.Compile(loc); err != nil {
			t.Fatalf("%s: DecisionSchema does not compile: %v", op.Name(), err)
		}
	}
	return out
}

// inline returns schema s of document root with every reference replaced
// by what it refers to and the annotations left out, for comparison.
func inline(t *testing.T, root, s any, depth int) any {
	t.Helper()
	if depth > 50 {
		t.Fatal("references nest more than 50 deep: a recursive type?")
	}
	switch s := s.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, v := range s {
			switch k {
			case "description", "title", "$comment", "examples", "$id", "$schema", "$defs":
				continue
			case "$ref":
				target, ok := lookup(root, v.(string))
				if !ok {
					t.Fatalf("reference %s does not resolve", v)
				}
				for k2, v2 := range inline(t, root, target, depth+1).(map[string]any) {
					if _, clash := s[k2]; clash && k2 != "description" && k2 != "title" {
						t.Fatalf("keyword %s both beside %s and in it", k2, v)
					}
					out[k2] = v2
				}
				continue
			case "properties", "patternProperties", "dependentSchemas":
				props := map[string]any{}
				for name, p := range v.(map[string]any) {
					props[name] = inline(t, root, p, depth)
				}
				out[k] = props
				continue
			}
			out[k] = inline(t, root, v, depth)
		}
		return out
	case []any:
		out := make([]any, len(s))
		for i, v := range s {
			out[i] = inline(t, root, v, depth)
		}
		return out
	}
	return s
}

// refs lists every $ref in v.
func refs(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "$ref" {
				out = append(out, s)
				continue
			}
			out = append(out, refs(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, refs(x)...)
		}
	}
	return out
}

// lookup resolves a local reference ("#/components/schemas/Money") in doc.
func lookup(doc any, ref string) (any, bool) {
	ptr, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, false
	}
	return casebook.Resolve(doc, ptr)
}

func describe(errs []*verrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "  %s: %s\n", e.Message, e.Reason)
		for _, f := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "    %s at %s (%s)\n", f.Reason, f.FieldPath, f.KeywordLocation)
		}
	}
	return b.String()
}

func mustJSON(t *testing.T, b []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not JSON: %v: %s", err, b)
	}
	return v
}

func containsAny(list []any, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func readCloser(b []byte) nopCloser { return nopCloser{bytes.NewReader(b)} }
