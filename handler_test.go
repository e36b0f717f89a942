package channelpolicy_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// handlerClock is the instant the test handlers decide at when a request
// names none.
var handlerClock = time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)

// Inputs of the handler tests. The registration: ESM approved 03-03 14:30,
// the ASM did not answer by 03-13 14:30, so Ecosystem Ops approved then;
// under the handbook's 90 days it is active until 06-11.
const (
	registrationJSON = `{
  "id": "DR-2026-0042",
  "partner": {"id": "acme-devops", "agreement_signed": true, "track": "open", "standing": "good",
    "employees": {"foundations_trained": 2}, "country": "DE"},
  "scope": "single_opportunity",
  "program": "resale",
  "opportunity": {"id": "006-ACME-42", "kind": "new_customer", "stage": 2},
  "submitted_at": "2026-03-02T09:00:00Z",
  "esm": {"decision": "approved", "at": "2026-03-03T14:30:00Z"}
}`
	unknownMemberJSON = `{"partner": {"agreement_signed": true, "track": "open", "standing": "good", "employees": {"foundations_trained": 1}},
 "scope": "single_opportunity", "program": "resale", "opportunity": {"kind": "new_customer", "stage": 2, "owner": "sam"},
 "submitted_at": "2026-03-02T09:00:00Z"}`
	malformedJSON = `{"partner": {"agreement_signed": true, "track": "open",,}}`
	nfrJSON       = `{"partner": {"id": "P-select", "agreement_signed": true, "track": "select", "standing": "good",
		"employees": {"foundations_trained": 2, "certified_solution_architects": 1, "certified_professional_services_engineers": 0}},
		"seats": [{"license": "ultimate_saas", "held": 0, "asked": 5}],
		"uses": ["internal_training"], "submitted_at": "2026-03-19T10:00:00Z"}`
	sixtyDaysJSON = `{"dealreg": {"version": "expiry-60", "expiry_days": 60}}`
)

// testHandler returns the API with its request log in a buffer, deciding
// at handlerClock unless opts says otherwise.
func testHandler(t testing.TB, opts channelpolicy.Options) (http.Handler, *bytes.Buffer) {
	t.Helper()
	logs := &syncBuffer{}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return handlerClock }
	}
	h, err := channelpolicy.NewHandler(opts)
	if err != nil {
		t.Fatal(err)
	}
	return h, &logs.buf
}

// syncBuffer is a log buffer a server's goroutines may share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// apiCall is one request: its body is text, read afresh on every do, or,
// when set, body (read once).
type apiCall struct {
	method, target, contentType string
	text                        string
	body                        io.Reader
	header                      http.Header
}

func apiPost(target, body string) apiCall {
	return apiCall{method: http.MethodPost, target: target, contentType: "application/json", text: body}
}

func apiGet(target string) apiCall { return apiCall{method: http.MethodGet, target: target} }

func (c apiCall) do(h http.Handler) *httptest.ResponseRecorder {
	body := c.body
	if body == nil {
		body = strings.NewReader(c.text)
	}
	r := httptest.NewRequest(c.method, c.target, body)
	if c.contentType != "" {
		r.Header.Set("Content-Type", c.contentType)
	}
	for k, vs := range c.header {
		r.Header[k] = vs
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// wantJSONBody checks a 200 answer whose body is want, compared as JSON
// values.
func wantJSONBody(t *testing.T, w *httptest.ResponseRecorder, want []byte) {
	t.Helper()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200; body %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var got, exp bytes.Buffer
	if err := json.Compact(&got, w.Body.Bytes()); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, w.Body)
	}
	if err := json.Compact(&exp, want); err != nil {
		t.Fatal(err)
	}
	if got.String() != exp.String() {
		t.Errorf("body\n%s\nwant\n%s", got.String(), exp.String())
	}
}

// wantProblem checks an RFC 9457 answer and returns it.
func wantProblem(t *testing.T, w *httptest.ResponseRecorder, status int, slug, instance string) channelpolicy.Problem {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var p channelpolicy.Problem
	dec := json.NewDecoder(w.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("body is not a problem document: %v", err)
	}
	if p.Type != channelpolicy.ProblemBase+slug || p.Status != status || p.Title == "" || p.Detail == "" || p.Instance != instance {
		t.Errorf("problem %+v, want type %s, status %d, instance %s, a title and a detail", p, channelpolicy.ProblemBase+slug, status, instance)
	}
	return p
}

// located lists where each problem of p is: its pointer, or for a
// parameter's problem the parameter's name.
func located(p channelpolicy.Problem) []string {
	var out []string
	for _, fe := range p.Errors {
		if fe.Parameter != "" {
			out = append(out, fe.Parameter)
		} else {
			out = append(out, fe.Pointer)
		}
	}
	return out
}

// decisionJSON is the decision the policy set makes for op on input at now,
// as eval prints it.
func decisionJSON(t testing.TB, set channelpolicy.PolicySet, op, input string, now time.Time) []byte {
	t.Helper()
	res, err := set.Evaluate(op, []byte(input), now)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(res.Decision, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func compactJSON(t testing.TB, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestHandlerHealthz(t *testing.T) {
	h, _ := testHandler(t, channelpolicy.Options{})
	wantJSONBody(t, apiGet("/healthz").do(h), []byte(`{"status":"ok"}`))
	if w := (apiCall{method: http.MethodHead, target: "/healthz"}).do(h); w.Code != http.StatusOK {
		t.Errorf("HEAD /healthz: %d", w.Code)
	}
}

func TestHandlerZeroOptionsServeTheDefaults(t *testing.T) {
	h, err := channelpolicy.NewHandler(channelpolicy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := channelpolicy.Default().Policies().JSON()
	wantJSONBody(t, apiGet("/v1/policy").do(h), want)
	// With no clock given, the handler decides at the current time.
	w := apiPost("/v1/dealreg/route", registrationJSON).do(h)
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	at, err := time.Parse(time.RFC3339Nano, w.Header().Get("Channelpolicy-Now"))
	if err != nil || time.Since(at) > time.Minute || at.Location() != time.UTC {
		t.Errorf("Channelpolicy-Now %q: want the current time in UTC", w.Header().Get("Channelpolicy-Now"))
	}
}

func TestHandlerPolicy(t *testing.T) {
	set := channelpolicy.Default().Policies()
	want, _ := set.JSON()
	h, _ := testHandler(t, channelpolicy.Options{Policies: set})
	wantJSONBody(t, apiGet("/v1/policy").do(h), want)

	// An edited policy set is served, and decides.
	edited, err := set.Load([]byte(sixtyDaysJSON))
	if err != nil {
		t.Fatal(err)
	}
	h, _ = testHandler(t, channelpolicy.Options{Policies: edited})
	w := apiGet("/v1/policy").do(h)
	if !strings.Contains(w.Body.String(), `"version": "expiry-60"`) {
		t.Errorf("GET /v1/policy does not show the edited policy:\n%s", w.Body)
	}
	w = apiPost("/v1/dealreg/route", registrationJSON).do(h)
	if !strings.Contains(w.Body.String(), `"expires_at":"2026-05-12T14:30:00Z"`) {
		t.Errorf("the edited policy does not decide: %s", w.Body)
	}
	// Serving requests never changes it.
	after, _ := edited.JSON()
	wantJSONBody(t, apiGet("/v1/policy").do(h), after)
	if !bytes.Contains(after, []byte(`"expiry-60"`)) {
		t.Errorf("the policy set changed under the handler")
	}
}

type operationList struct {
	Operations []struct {
		Name, Package, Summary, Path, Schema string
		NeedsNow                             bool `json:"needs_now"`
	}
}

func TestHandlerOperations(t *testing.T) {
	reg := channelpolicy.Default()
	h, _ := testHandler(t, channelpolicy.Options{})
	w := apiGet("/v1/operations").do(h)
	var list operationList
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || w.Code != http.StatusOK {
		t.Fatalf("%d %v: %s", w.Code, err, w.Body)
	}
	var want []string
	for _, op := range reg.Operations() {
		want = append(want, op.Name())
	}
	var got []string
	for _, op := range list.Operations {
		got = append(got, op.Name)
		o, _ := reg.Lookup(op.Name)
		if op.Summary == "" || op.Path != "/v1/"+strings.Replace(op.Name, ".", "/", 1) || op.Schema != "/v1/schema/"+op.Name ||
			!strings.HasPrefix(op.Name, op.Package+".") || op.NeedsNow != o.NeedsNow() {
			t.Errorf("operation %+v", op)
		}
		// Every listed path and schema is served.
		if w := apiGet(op.Schema).do(h); w.Code != http.StatusOK {
			t.Errorf("GET %s: %d", op.Schema, w.Code)
		}
		if w := apiPost(op.Path, `{}`).do(h); w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Errorf("POST %s {}: %d, want a decision or an input error", op.Path, w.Code)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("operations %v, want %v", got, want)
	}
}

func TestHandlerSchema(t *testing.T) {
	reg := channelpolicy.Default()
	h, _ := testHandler(t, channelpolicy.Options{})
	for _, name := range []string{"dealreg.route", "nfr.decide", "incumbency.tender"} {
		op, _ := reg.Lookup(name)
		want, err := op.InputSchema()
		if err != nil {
			t.Fatal(err)
		}
		wantJSONBody(t, apiGet("/v1/schema/"+name).do(h), want)
	}
	wantProblem(t, apiGet("/v1/schema/dealreg.nothing").do(h), 404, "unknown-operation", "/v1/schema/dealreg.nothing")
	wantProblem(t, apiGet("/v1/schema/route").do(h), 404, "unknown-operation", "/v1/schema/route")
}

func TestHandlerOpenAPI(t *testing.T) {
	h, _ := testHandler(t, channelpolicy.Options{})
	want, err := channelpolicy.Default().OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	wantJSONBody(t, apiGet("/v1/openapi.json").do(h), want)
}

func TestHandlerDecisions(t *testing.T) {
	set := channelpolicy.Default().Policies()
	h, logs := testHandler(t, channelpolicy.Options{})

	// The same decision eval prints, at the instant the query names.
	at := time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)
	w := apiPost("/v1/dealreg/route?now=2026-03-11T09:00:00Z", registrationJSON).do(h)
	wantJSONBody(t, w, decisionJSON(t, set, "dealreg.route", registrationJSON, at))
	if got := w.Header().Get("Channelpolicy-Now"); got != "2026-03-11T09:00:00Z" {
		t.Errorf("Channelpolicy-Now %q", got)
	}
	// Without now, at the handler's clock; an offset is kept as given.
	w = apiPost("/v1/dealreg/route", registrationJSON).do(h)
	wantJSONBody(t, w, decisionJSON(t, set, "dealreg.route", registrationJSON, handlerClock))
	if !strings.Contains(w.Body.String(), `"outcome":"approved"`) || w.Header().Get("Channelpolicy-Now") != "2026-03-20T09:00:00Z" {
		t.Errorf("default now: %s %v", w.Body, w.Header())
	}
	berlin := time.Date(2026, 3, 20, 10, 0, 0, 0, time.FixedZone("", 3600))
	wantJSONBody(t, apiPost("/v1/dealreg/route?now=2026-03-20T10:00:00%2B01:00", registrationJSON).do(h), decisionJSON(t, set, "dealreg.route", registrationJSON, berlin))

	// Another package, with a charset in the media type.
	c := apiPost("/v1/nfr/decide", nfrJSON)
	c.contentType = "application/json; charset=UTF-8"
	w = c.do(h)
	wantJSONBody(t, w, decisionJSON(t, set, "nfr.decide", nfrJSON, handlerClock))
	var d struct{ Outcome string }
	json.Unmarshal(w.Body.Bytes(), &d)
	if d.Outcome == "" {
		t.Errorf("nfr.decide: no outcome in %s", w.Body)
	}
	if !strings.Contains(logs.String(), `"outcome":"`+d.Outcome+`"`) {
		t.Errorf("the log lacks the nfr outcome:\n%s", logs)
	}
}

// TestHandlerCaseBooks replays every case-book case over HTTP: each
// decision is byte for byte the one the policy set makes, and each bad
// input is a 400 whose errors are the ones the policy set reports, pointers
// and all. Cases with a policy run on a handler made under that policy.
func TestHandlerCaseBooks(t *testing.T) {
	t.Parallel() // long, and reads only what it makes: it overlaps the others
	cases, err := casebook.LoadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	cases = sampleCases(cases)
	reg := channelpolicy.Default()
	handlers := map[string]http.Handler{}
	ops := map[string]int{}
	for _, c := range cases {
		op, ok := reg.Lookup(c.Operation)
		if !ok {
			t.Fatalf("case %s: unknown operation %s", c.ID, c.Operation)
		}
		if op.NeedsNow() && c.Now.IsZero() {
			continue // the handler always has an instant
		}
		set := reg.Policies()
		if len(c.Policy) > 0 {
			if set, err = set.With(op.Package(), c.Policy); err != nil {
				continue // a case about a bad policy: no handler is made under it
			}
		}
		key := op.Package() + string(c.Policy)
		h, ok := handlers[key]
		if !ok {
			h, _ = testHandler(t, channelpolicy.Options{Policies: set, Logger: slog.New(slog.DiscardHandler)})
			handlers[key] = h
		}
		now := c.Now
		if now.IsZero() {
			now = handlerClock
		}
		path := "/v1/" + op.Package() + "/" + op.Short()
		w := apiPost(path+"?now="+url.QueryEscape(now.Format(time.RFC3339Nano)), string(c.Input)).do(h)
		res, err := set.Evaluate(c.Operation, c.Input, now)
		if err != nil {
			p := wantProblem(t, w, 400, "invalid-input", path)
			want := program.FieldErrors(err)
			if !slices.EqualFunc(p.Errors, want, func(a, b *program.FieldError) bool { return *a == *b }) {
				t.Errorf("case %s: errors %v, want %v", c.ID, p.Errors, want)
			}
			continue
		}
		want, _ := json.Marshal(res.Decision)
		if w.Code != http.StatusOK || !bytes.Equal(bytes.TrimSpace(w.Body.Bytes()), want) {
			t.Errorf("case %s: %d %s\nwant %s", c.ID, w.Code, w.Body, want)
		}
		ops[c.Operation]++
	}
	for _, op := range reg.Operations() {
		if ops[op.Name()] == 0 {
			t.Errorf("no case decided %s over HTTP", op.Name())
		}
	}
	t.Logf("decisions per operation: %v", ops)
}

func TestHandlerErrors(t *testing.T) {
	set := channelpolicy.Default().Policies()
	h, _ := testHandler(t, channelpolicy.Options{MaxBody: 4096})
	good := registrationJSON
	big := `{"id": "` + strings.Repeat("x", 5000) + `"}`
	const route = "/v1/dealreg/route"
	tests := []struct {
		name     string
		call     apiCall
		status   int
		slug     string
		located  []string
		allow    string
		instance string
	}{
		{name: "malformed JSON", call: apiPost(route, malformedJSON), status: 400, slug: "invalid-input", located: []string{"/partner"}},
		{name: "unknown member", call: apiPost(route, unknownMemberJSON), status: 400, slug: "invalid-input", located: []string{"/opportunity/owner"}},
		{name: "empty body", call: apiPost(route, ""), status: 400, slug: "invalid-input", located: []string{""}},
		{name: "two values", call: apiPost(route, good+good), status: 400, slug: "invalid-input", located: []string{""}},
		{name: "a bad value", call: apiPost(route, strings.Replace(good, `"single_opportunity"`, `"everything"`, 1)), status: 400, slug: "invalid-input", located: []string{"/scope"}},
		{name: "over the limit, length known", call: apiPost(route, big), status: 413, slug: "body-too-large"},
		{name: "over the limit, chunked", call: apiCall{method: http.MethodPost, target: route, contentType: "application/json", body: io.MultiReader(strings.NewReader(big))}, status: 413, slug: "body-too-large"},
		{name: "GET on a decision", call: apiGet(route), status: 405, slug: "method-not-allowed", allow: "POST"},
		{name: "PUT on a decision", call: apiCall{method: http.MethodPut, target: route, contentType: "application/json", text: good}, status: 405, slug: "method-not-allowed", allow: "POST"},
		{name: "POST on the policy", call: apiPost("/v1/policy", good), status: 405, slug: "method-not-allowed", allow: "GET, HEAD"},
		{name: "DELETE on healthz", call: apiCall{method: http.MethodDelete, target: "/healthz"}, status: 405, slug: "method-not-allowed", allow: "GET, HEAD"},
		{name: "OPTIONS without CORS", call: apiCall{method: http.MethodOptions, target: route}, status: 405, slug: "method-not-allowed", allow: "POST"},
		{name: "text/plain", call: apiCall{method: http.MethodPost, target: route, contentType: "text/plain", text: good}, status: 415, slug: "unsupported-media-type"},
		{name: "form", call: apiCall{method: http.MethodPost, target: route, contentType: "application/x-www-form-urlencoded", text: good}, status: 415, slug: "unsupported-media-type"},
		{name: "no content type", call: apiCall{method: http.MethodPost, target: route, text: good}, status: 415, slug: "unsupported-media-type"},
		{name: "latin-1", call: apiCall{method: http.MethodPost, target: route, contentType: "application/json; charset=latin1", text: good}, status: 415, slug: "unsupported-media-type"},
		{name: "malformed media type", call: apiCall{method: http.MethodPost, target: route, contentType: "application/json; charset", text: good}, status: 415, slug: "unsupported-media-type"},
		{name: "unknown operation", call: apiPost("/v1/dealreg/nothing", good), status: 404, slug: "unknown-operation"},
		{name: "unknown package", call: apiPost("/v1/billing/route", good), status: 404, slug: "unknown-operation"},
		{name: "dotted operation", call: apiPost("/v1/dealreg/route.x", good), status: 404, slug: "unknown-operation"},
		{name: "unknown path", call: apiGet("/v2/dealreg/route"), status: 404, slug: "not-found"},
		{name: "root", call: apiGet("/"), status: 404, slug: "not-found"},
		{name: "too deep", call: apiPost("/v1/dealreg/route/x", good), status: 404, slug: "not-found"},
		{name: "bad now", call: apiPost(route+"?now=tomorrow", good), status: 400, slug: "invalid-parameter", located: []string{"now"}, instance: route},
		{name: "now with an unencoded +", call: apiPost(route+"?now=2026-03-20T10:00:00+01:00", good), status: 400, slug: "invalid-parameter", located: []string{"now"}, instance: route},
		{name: "empty now", call: apiPost(route+"?now=", good), status: 400, slug: "invalid-parameter", located: []string{"now"}, instance: route},
		{name: "now twice", call: apiPost(route+"?now=2026-03-20T09:00:00Z&now=2026-03-21T09:00:00Z", good), status: 400, slug: "invalid-parameter", located: []string{"now"}, instance: route},
		{name: "unknown parameter", call: apiPost(route+"?policy=x", good), status: 400, slug: "invalid-parameter", located: []string{"policy"}, instance: route},
		{name: "malformed query", call: apiPost(route+"?now=%zz", good), status: 400, slug: "invalid-parameter", located: []string{"query"}, instance: route},
		{name: "parameter without a name", call: apiPost(route+"?=2026-03-20T09:00:00Z", good), status: 400, slug: "invalid-parameter", located: []string{"query"}, instance: route},
		{name: "unnamed parameter beside now", call: apiPost(route+"?now=2026-03-20T09:00:00Z&=x", good), status: 400, slug: "invalid-parameter", located: []string{"query"}, instance: route},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			instance := tt.instance
			if instance == "" {
				instance = tt.call.target
			}
			w := tt.call.do(h)
			p := wantProblem(t, w, tt.status, tt.slug, instance)
			if got := located(p); !slices.Equal(got, tt.located) {
				t.Errorf("errors located at %q, want %q (%s)", got, tt.located, p.Detail)
			}
			for _, fe := range p.Errors {
				if fe.Detail == "" {
					t.Errorf("error without a detail: %+v", fe)
				}
			}
			if got := w.Header().Get("Allow"); got != tt.allow {
				t.Errorf("Allow %q, want %q", got, tt.allow)
			}
			if tt.status == 415 && w.Header().Get("Accept-Post") != "application/json" {
				t.Errorf("415 without Accept-Post")
			}
		})
	}

	// Several problems at once are all listed, each with its pointer: two
	// bad list items are both named.
	bad := strings.Replace(strings.Replace(nfrJSON, `"license": "ultimate_saas"`, `"license": "platinum"`, 1),
		`"seats": [`, `"seats": [{"license": "gold", "held": 0, "asked": 1}, `, 1)
	w := apiPost("/v1/nfr/decide", bad).do(h)
	p := wantProblem(t, w, 400, "invalid-input", "/v1/nfr/decide")
	if got := located(p); !slices.Equal(got, []string{"/seats/0/license", "/seats/1/license"}) || !strings.Contains(p.Detail, "2 problems") {
		t.Errorf("want both seats named: %q %s", got, p.Detail)
	}
	raw := apiPost("/v1/nfr/decide", bad).do(h).Body.String()
	if !strings.Contains(raw, `"errors":[{"pointer":"/seats/0/license","detail":"`) {
		t.Errorf("errors are not {pointer, detail}: %s", raw)
	}
	// A parameter's problem is {parameter, detail}.
	w = apiPost(route+"?now=tomorrow", good).do(h)
	if !strings.Contains(w.Body.String(), `"errors":[{"parameter":"now","detail":"`) {
		t.Errorf("a parameter's problem: %s", w.Body)
	}
	// A body exactly at the limit is read.
	at := good + strings.Repeat(" ", 4096-len(good))
	wantJSONBody(t, apiPost(route, at).do(h), decisionJSON(t, set, "dealreg.route", good, handlerClock))
}

// boom is a package whose operation fails the ways the library promises
// never to: a panic, an error that is not the input's fault, a decision
// that cannot be written.
func boom() channelpolicy.Package {
	return channelpolicy.Declare("boom", "fails on purpose", nil, nil,
		channelpolicy.Policy[boomPolicy]{
			Default: func() boomPolicy { return boomPolicy{} },
			Parse: func(base boomPolicy, data []byte) (boomPolicy, error) {
				err := program.DecodeJSON(data, &base)
				return base, err
			},
		},
		channelpolicy.Timeless("boom.fail", "fails", boomFail))
}

type boomPolicy struct {
	Version string `json:"version"`
}

type boomInput struct {
	Kind string `json:"kind"`
}

type boomDecision struct {
	Outcome string `json:"outcome"`
}

func (d boomDecision) OutcomeRules() (string, []program.RuleID) { return d.Outcome, nil }

func (d boomDecision) MarshalJSON() ([]byte, error) {
	if d.Outcome == "unencodable" {
		return nil, errors.New("disk on fire")
	}
	return json.Marshal(struct {
		Outcome string `json:"outcome"`
	}{d.Outcome})
}

func boomFail(_ boomPolicy, in boomInput) (boomDecision, error) {
	switch in.Kind {
	case "panic":
		panic("boom")
	case "unencodable":
		return boomDecision{Outcome: "unencodable"}, nil
	case "fine":
		return boomDecision{Outcome: "fine"}, nil
	}
	return boomDecision{}, errors.New("disk on fire")
}

func TestHandlerFailuresAre500(t *testing.T) {
	var logs syncBuffer
	set := channelpolicy.NewRegistry(boom()).Policies()
	h, _ := testHandler(t, channelpolicy.Options{Policies: set, Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	wantJSONBody(t, apiPost("/v1/boom/fail", `{"kind": "fine"}`).do(h), []byte(`{"outcome":"fine"}`))
	for _, kind := range []string{"panic", "error", "unencodable"} {
		w := apiPost("/v1/boom/fail", `{"kind": "`+kind+`"}`).do(h)
		p := wantProblem(t, w, 500, "internal-error", "/v1/boom/fail")
		if strings.Contains(p.Detail, "disk on fire") || strings.Contains(p.Detail, "boom") {
			t.Errorf("%s: the detail shows the server's failure to the caller: %s", kind, p.Detail)
		}
		if !strings.Contains(p.Detail, "logged") {
			t.Errorf("%s: the detail does not say the failure is logged: %s", kind, p.Detail)
		}
	}
	log := logs.buf.String()
	for _, s := range []string{`"msg":"handler panicked"`, `"panic":"boom"`, `"msg":"decision failed"`, `"error":"disk on fire"`,
		`"msg":"decision not encodable"`, `"level":"ERROR","msg":"request"`, `"status":500`} {
		if !strings.Contains(log, s) {
			t.Errorf("the log lacks %s:\n%s", s, log)
		}
	}
}

type handlerLogLine struct {
	Level     string `json:"level"`
	Msg       string `json:"msg"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	Status    int    `json:"status"`
	Duration  *int64 `json:"duration"`
	Bytes     *int64 `json:"bytes"`
	Outcome   string `json:"outcome"`
	Operation string `json:"operation"`
	Problem   string `json:"problem"`
}

func parseHandlerLogs(t *testing.T, data []byte) []handlerLogLine {
	t.Helper()
	var out []handlerLogLine
	for line := range bytes.Lines(data) {
		var l handlerLogLine
		if err := json.Unmarshal(line, &l); err != nil {
			t.Fatalf("log line is not JSON: %v\n%s", err, line)
		}
		out = append(out, l)
	}
	return out
}

func TestHandlerLogs(t *testing.T) {
	h, logs := testHandler(t, channelpolicy.Options{})
	apiPost("/v1/dealreg/route", registrationJSON).do(h)
	apiPost("/v1/dealreg/route", unknownMemberJSON).do(h)
	apiGet("/healthz").do(h)
	apiCall{method: http.MethodDelete, target: "/v1/policy"}.do(h)
	lines := parseHandlerLogs(t, logs.Bytes())
	want := []handlerLogLine{
		{Level: "INFO", Msg: "request", Method: "POST", Path: "/v1/dealreg/route", Status: 200, Operation: "dealreg.route", Outcome: "approved"},
		{Level: "INFO", Msg: "request", Method: "POST", Path: "/v1/dealreg/route", Status: 400, Operation: "dealreg.route", Problem: "invalid-input"},
		{Level: "INFO", Msg: "request", Method: "GET", Path: "/healthz", Status: 200},
		{Level: "INFO", Msg: "request", Method: "DELETE", Path: "/v1/policy", Status: 405, Problem: "method-not-allowed"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d log lines, want %d:\n%s", len(lines), len(want), logs)
	}
	for i, l := range lines {
		if l.Duration == nil || *l.Duration < 0 || l.Bytes == nil || *l.Bytes <= 0 {
			t.Errorf("line %d has no duration or size: %+v", i, l)
		}
		l.Duration, l.Bytes = nil, nil
		if l != want[i] {
			t.Errorf("line %d = %+v\nwant %+v", i, l, want[i])
		}
	}
}

// TestHandlerUnderAPrefix mounts the handler in an existing mux under
// /policy/: decisions, descriptions and problems answer there, the problem's
// instance and the listed paths are the ones the client uses, and the
// mux's own routes are untouched.
func TestHandlerUnderAPrefix(t *testing.T) {
	set := channelpolicy.Default().Policies()
	h, logs := testHandler(t, channelpolicy.Options{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ping", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "pong") })
	mux.Handle("/policy/", http.StripPrefix("/policy", h))

	w := apiPost("/policy/v1/dealreg/route", registrationJSON).do(mux)
	wantJSONBody(t, w, decisionJSON(t, set, "dealreg.route", registrationJSON, handlerClock))
	wantJSONBody(t, apiGet("/policy/healthz").do(mux), []byte(`{"status":"ok"}`))
	want, _ := set.JSON()
	wantJSONBody(t, apiGet("/policy/v1/policy").do(mux), want)

	w = apiGet("/policy/v1/operations").do(mux)
	var list operationList
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || w.Code != 200 || len(list.Operations) == 0 {
		t.Fatalf("%d %v: %s", w.Code, err, w.Body)
	}
	for _, op := range list.Operations {
		if !strings.HasPrefix(op.Path, "/policy/v1/") || !strings.HasPrefix(op.Schema, "/policy/v1/schema/") {
			t.Errorf("operation %+v: want its paths under /policy", op)
		}
		if w := apiGet(op.Schema).do(mux); w.Code != http.StatusOK {
			t.Errorf("GET %s: %d", op.Schema, w.Code)
		}
	}

	p := wantProblem(t, apiPost("/policy/v1/dealreg/route?now=tomorrow", registrationJSON).do(mux), 400, "invalid-parameter", "/policy/v1/dealreg/route")
	if got := located(p); !slices.Equal(got, []string{"now"}) {
		t.Errorf("errors %v", got)
	}
	wantProblem(t, apiPost("/policy/v1/dealreg/route", unknownMemberJSON).do(mux), 400, "invalid-input", "/policy/v1/dealreg/route")
	p = wantProblem(t, apiGet("/policy/v2").do(mux), 404, "not-found", "/policy/v2")
	if !strings.Contains(p.Detail, "/policy/v2") || !strings.Contains(p.Detail, "GET /policy/v1/operations") {
		t.Errorf("the 404 detail names the handler's paths, not the client's: %s", p.Detail)
	}
	w = apiGet("/policy/v1/dealreg/route").do(mux)
	wantProblem(t, w, 405, "method-not-allowed", "/policy/v1/dealreg/route")
	if w.Header().Get("Allow") != "POST" {
		t.Errorf("Allow %q", w.Header().Get("Allow"))
	}

	if w := apiGet("/ping").do(mux); w.Code != 200 || w.Body.String() != "pong" {
		t.Errorf("the mux's own route: %d %s", w.Code, w.Body)
	}
	if w := apiGet("/v1/operations").do(mux); w.Code != http.StatusNotFound {
		t.Errorf("the API answers outside its prefix: %d", w.Code)
	}
	if !strings.Contains(logs.String(), `"path":"/policy/v1/dealreg/route"`) {
		t.Errorf("the log does not name the client's path:\n%s", logs)
	}
}

func TestHandlerCORS(t *testing.T) {
	const origin = "https://crm.example.com"
	preflight := apiCall{method: http.MethodOptions, target: "/v1/dealreg/route", header: http.Header{
		"Origin": {origin}, "Access-Control-Request-Method": {"POST"}, "Access-Control-Request-Headers": {"content-type"},
	}}
	simple := apiPost("/v1/dealreg/route", registrationJSON)
	simple.header = http.Header{"Origin": {origin}}
	corsHeaders := func(w *httptest.ResponseRecorder) []string {
		var out []string
		for k := range w.Header() {
			if strings.HasPrefix(k, "Access-Control-") {
				out = append(out, k)
			}
		}
		slices.Sort(out)
		return out
	}

	t.Run("off by default", func(t *testing.T) {
		h, _ := testHandler(t, channelpolicy.Options{})
		w := preflight.do(h)
		wantProblem(t, w, 405, "method-not-allowed", "/v1/dealreg/route")
		if got := corsHeaders(w); len(got) > 0 {
			t.Errorf("preflight without CORS: %v", got)
		}
		w = simple.do(h)
		if w.Code != 200 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		if got := corsHeaders(w); len(got) > 0 {
			t.Errorf("request without CORS: %v", got)
		}
	})

	t.Run("an allowed origin", func(t *testing.T) {
		h, _ := testHandler(t, channelpolicy.Options{CORS: &channelpolicy.CORS{AllowedOrigins: []string{"https://other.example.com", origin}}})
		w := preflight.do(h)
		if w.Code != http.StatusNoContent || w.Body.Len() != 0 {
			t.Fatalf("preflight: %d %s", w.Code, w.Body)
		}
		for k, want := range map[string]string{
			"Access-Control-Allow-Origin":  origin,
			"Access-Control-Allow-Methods": "GET, POST",
			"Access-Control-Allow-Headers": "Content-Type",
			"Access-Control-Max-Age":       "600",
			"Vary":                         "Origin",
		} {
			if got := w.Header().Get(k); got != want {
				t.Errorf("preflight %s = %q, want %q", k, got, want)
			}
		}
		w = simple.do(h)
		if w.Code != 200 || w.Header().Get("Access-Control-Allow-Origin") != origin || w.Header().Get("Vary") != "Origin" {
			t.Errorf("simple request: %d %v", w.Code, w.Header())
		}
		if got := w.Header().Get("Access-Control-Expose-Headers"); got != "Channelpolicy-Now" {
			t.Errorf("Access-Control-Expose-Headers %q", got)
		}
		// A problem reaches the page too.
		bad := apiPost("/v1/dealreg/route", unknownMemberJSON)
		bad.header = http.Header{"Origin": {origin}}
		w = bad.do(h)
		if w.Code != 400 || w.Header().Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("problem: %d %v", w.Code, w.Header())
		}
		// Without an Origin, a request is not a cross-origin one.
		if got := corsHeaders(apiPost("/v1/dealreg/route", registrationJSON).do(h)); len(got) > 0 {
			t.Errorf("a request without Origin: %v", got)
		}
	})

	t.Run("a disallowed origin", func(t *testing.T) {
		h, _ := testHandler(t, channelpolicy.Options{CORS: &channelpolicy.CORS{AllowedOrigins: []string{"https://other.example.com"}}})
		w := preflight.do(h)
		if w.Code == http.StatusNoContent {
			t.Errorf("preflight of a disallowed origin answered 204")
		}
		if got := corsHeaders(w); len(got) > 0 {
			t.Errorf("preflight of a disallowed origin: %v", got)
		}
		w = simple.do(h)
		if got := corsHeaders(w); len(got) > 0 {
			t.Errorf("request of a disallowed origin: %v", got)
		}
	})

	t.Run("any origin, with a max age", func(t *testing.T) {
		h, _ := testHandler(t, channelpolicy.Options{CORS: &channelpolicy.CORS{AllowedOrigins: []string{"*"}, MaxAge: time.Hour}})
		w := preflight.do(h)
		if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "*" || w.Header().Get("Access-Control-Max-Age") != "3600" {
			t.Errorf("preflight: %d %v", w.Code, w.Header())
		}
	})
}

// stalledBody is a request body that sends nothing until released.
type stalledBody struct{ release chan struct{} }

func (b stalledBody) Read(p []byte) (int, error) {
	<-b.release
	return 0, io.EOF
}

// TestHandlerTimeout sends a body that does not arrive within the handler's
// time limit: the answer is a 503 problem at the limit, not when the body
// ends.
func TestHandlerTimeout(t *testing.T) {
	// Long enough that the prompt request below is decided within it on a
	// loaded machine; the stalled one waits it out.
	h, logs := testHandler(t, channelpolicy.Options{Timeout: time.Second})
	body := stalledBody{release: make(chan struct{})}
	defer close(body.release)
	start := time.Now()
	w := apiCall{method: http.MethodPost, target: "/v1/dealreg/route", contentType: "application/json", body: body}.do(h)
	wantProblem(t, w, 503, "timeout", "/v1/dealreg/route")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("answered after %v", d)
	}
	if !strings.Contains(logs.String(), `"problem":"timeout"`) {
		t.Errorf("log:\n%s", logs)
	}
	// A request within the limit is decided.
	if w := apiPost("/v1/dealreg/route", registrationJSON).do(h); w.Code != 200 {
		t.Errorf("a prompt request: %d %s", w.Code, w.Body)
	}
}

// TestHandlerTimeoutOverTCP stalls a real connection half-way through its
// body: the server answers 503 at the time limit.
func TestHandlerTimeoutOverTCP(t *testing.T) {
	h, _ := testHandler(t, channelpolicy.Options{Timeout: 100 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	srv := httptest.NewServer(h)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/dealreg/route HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		len(registrationJSON), registrationJSON[:20])
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p channelpolicy.Problem
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || resp.StatusCode != 503 || p.Type != channelpolicy.ProblemBase+"timeout" {
		t.Errorf("%d %v %+v", resp.StatusCode, err, p)
	}
}

func TestHandlerConcurrent(t *testing.T) {
	set := channelpolicy.Default().Policies()
	h, logs := testHandler(t, channelpolicy.Options{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	type req struct {
		path string
		body string
		want []byte // a compact decision, or nil for a 400
	}
	nfrIn := `{"partner": {"id": "p", "agreement_signed": true, "track": "open", "standing": "good",
		"employees": {"foundations_trained": 2, "certified_solution_architects": 0, "certified_professional_services_engineers": 0}},
		"seats": [{"license": "ultimate_self_managed", "held": 0, "asked": 2}], "uses": ["demonstrations"], "submitted_at": "2026-03-19T10:00:00Z"}`
	reqs := []req{
		{"/v1/dealreg/route", registrationJSON, compactJSON(t, decisionJSON(t, set, "dealreg.route", registrationJSON, handlerClock))},
		{"/v1/nfr/decide", nfrIn, compactJSON(t, decisionJSON(t, set, "nfr.decide", nfrIn, handlerClock))},
		{"/v1/dealreg/route", unknownMemberJSON, nil},
	}
	const workers, each = 64, 8
	client := srv.Client()
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for g := range workers {
		wg.Go(func() {
			for i := range each {
				rq := reqs[(g+i)%len(reqs)]
				resp, err := client.Post(srv.URL+rq.path, "application/json", strings.NewReader(rq.body))
				if err != nil {
					errs <- err
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case rq.want == nil && resp.StatusCode != 400:
					errs <- fmt.Errorf("%s: %d, want 400", rq.path, resp.StatusCode)
				case rq.want != nil && (resp.StatusCode != 200 || !bytes.Equal(bytes.TrimSpace(body), rq.want)):
					errs <- fmt.Errorf("%s: %d %s", rq.path, resp.StatusCode, body)
				}
				if resp, err := client.Get(srv.URL + "/v1/policy"); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	srv.Close() // waits for the handlers, and their log lines
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(parseHandlerLogs(t, logs.Bytes())); n != 2*workers*each {
		t.Errorf("%d log lines for %d requests", n, 2*workers*each)
	}
}

// sampleCases is the case books a test that serves each case through a
// handler runs: all of them, or every sample().cases-th case of each
// operation from its first, so that a sample still serves every
// operation, its policies and its errors.
func sampleCases(cases []casebook.Case) []casebook.Case {
	step := sample().cases
	if step == 1 {
		return cases
	}
	seen := map[string]int{}
	var out []casebook.Case
	for _, c := range cases {
		if seen[c.Operation]%step == 0 {
			out = append(out, c)
		}
		seen[c.Operation]++
	}
	return out
}

// sampling is how much of their inputs the long single-goroutine contract
// tests take: every cases-th case book case (through the handler and the
// OpenAPI validator), every inputs-th deciding input of each operation and
// at most mutations mutations of each (the schema against the decoder; 0
// keeps -schema.mutations).
type sampling struct{ cases, inputs, mutations int }

// sample is the sampling of this run: everything under go test ./...; a
// third of the cases and half the inputs under the race detector, which
// finds nothing in these tests and costs ten times the time (CI's run: it
// keeps them within its budget); a seventh and a quarter under -short, the
// quick suite.
func sample() sampling {
	switch {
	case testing.Short():
		return sampling{cases: 7, inputs: 4, mutations: 15}
	case raceEnabled:
		return sampling{cases: 3, inputs: 2, mutations: 35}
	}
	return sampling{cases: 1, inputs: 1}
}

// TestHandlerLoad sends 20,000 deal registrations (4,000 under the race
// detector) from 32 goroutines to the API over loopback TCP and reports
// requests per second and latency percentiles. It fails on errors only (a transport error, a status other
// than 200, a wrong decision), never on timing: the figures depend on the
// machine and are for the reader.
func TestHandlerLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 requests over loopback; run without -short")
	}
	const workers = 32
	requests := int64(20000)
	if raceEnabled {
		requests = 4000 // the race detector makes each request ten times the work
	}
	set := channelpolicy.Default().Policies()
	h, _ := testHandler(t, channelpolicy.Options{Logger: slog.New(slog.DiscardHandler)})
	srv := httptest.NewServer(h) // listens on 127.0.0.1
	defer srv.Close()

	body := []byte(registrationJSON)
	want := compactJSON(t, decisionJSON(t, set, "dealreg.route", registrationJSON, handlerClock))
	// One kept-alive connection per worker, so that the test measures the
	// server rather than connection set-up (and leaves no TIME_WAIT pile).
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConns: workers, MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers},
		Timeout:   30 * time.Second,
	}
	defer client.CloseIdleConnections()
	target := srv.URL + "/v1/dealreg/route"

	var (
		next      atomic.Int64
		failures  atomic.Int64
		wg        sync.WaitGroup
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, requests)
		firstErr  error
	)
	start := time.Now()
	for range workers {
		wg.Go(func() {
			mine := make([]time.Duration, 0, requests/workers+1)
			var buf bytes.Buffer
			var err error
			for next.Add(1) <= requests {
				t0 := time.Now()
				err = postOnce(client, target, body, &buf, want)
				mine = append(mine, time.Since(t0))
				if err != nil {
					failures.Add(1)
					break
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			if err != nil && firstErr == nil {
				firstErr = err
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d of %d workers stopped on an error; the first: %v", n, workers, firstErr)
	}
	if int64(len(latencies)) != requests {
		t.Fatalf("%d requests answered, want %d", len(latencies), requests)
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%d POST /v1/dealreg/route from %d goroutines over loopback in %v: %.0f requests/s; latency p50 %v, p99 %v, max %v",
		requests, workers, elapsed.Round(time.Millisecond), float64(requests)/elapsed.Seconds(),
		pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), latencies[len(latencies)-1].Round(time.Microsecond))
}

// postOnce sends one registration and checks the answer is the expected
// decision.
func postOnce(client *http.Client, target string, body []byte, buf *bytes.Buffer, want []byte) error {
	resp, err := client.Post(target, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	buf.Reset()
	if _, err := io.Copy(buf, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, buf.Bytes())
	}
	if got := bytes.TrimSpace(buf.Bytes()); !bytes.Equal(got, want) {
		return fmt.Errorf("decision %s, want %s", got, want)
	}
	return nil
}
