package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// clock is the instant the test servers decide at when a request names none.
var clock = time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)

// testServer returns the API over reg with its request log in a buffer.
func testServer(t *testing.T, reg *casebook.Registry, opts serverOptions) (http.Handler, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return clock }
	}
	h, err := newServer(reg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return h, &logs
}

type call struct {
	method, target, contentType string
	body                        io.Reader
}

func post(target string, body []byte) call {
	return call{http.MethodPost, target, "application/json", bytes.NewReader(body)}
}

func get(target string) call { return call{http.MethodGet, target, "", nil} }

func (c call) do(h http.Handler) *httptest.ResponseRecorder {
	r := httptest.NewRequest(c.method, c.target, c.body)
	if c.contentType != "" {
		r.Header.Set("Content-Type", c.contentType)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// wantJSON checks a 200 answer whose body is want, compared as JSON values.
func wantJSON(t *testing.T, w *httptest.ResponseRecorder, want []byte) {
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
func wantProblem(t *testing.T, w *httptest.ResponseRecorder, status int, slug, instance string) problem {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var p problem
	dec := json.NewDecoder(w.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("body is not a problem document: %v", err)
	}
	if p.Type != problemBase+slug || p.Status != status || p.Title == "" || p.Detail == "" || p.Instance != instance {
		t.Errorf("problem %+v, want type %s, status %d, instance %s, a title and a detail", p, problemBase+slug, status, instance)
	}
	return p
}

func fields(p problem) []string {
	var out []string
	for _, fe := range p.Errors {
		out = append(out, fe.Field)
	}
	return out
}

// decision is what eval prints for op on input at now, compacted.
func decision(t *testing.T, reg *casebook.Registry, op string, input []byte, now time.Time) []byte {
	t.Helper()
	res, err := reg.Evaluate(op, nil, input, now)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(res.Decision, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestServeHealthz(t *testing.T) {
	h, _ := testServer(t, casebook.Default(), serverOptions{})
	wantJSON(t, get("/healthz").do(h), []byte(`{"status":"ok"}`))
	if w := (call{method: http.MethodHead, target: "/healthz"}).do(h); w.Code != http.StatusOK {
		t.Errorf("HEAD /healthz: %d", w.Code)
	}
}

func TestServePolicy(t *testing.T) {
	reg := casebook.Default()
	want, _ := reg.PoliciesJSON()
	h, _ := testServer(t, reg, serverOptions{})
	wantJSON(t, get("/v1/policy").do(h), want)

	// An edited policy set is served, and decides.
	edited := casebook.Default()
	if err := edited.LoadPolicies(readFile(t, "testdata/policies-60.json")); err != nil {
		t.Fatal(err)
	}
	h, _ = testServer(t, edited, serverOptions{})
	w := get("/v1/policy").do(h)
	if !strings.Contains(w.Body.String(), `"version": "expiry-60"`) {
		t.Errorf("GET /v1/policy does not show the edited policy:\n%s", w.Body)
	}
	w = post("/v1/dealreg/route", readFile(t, "testdata/registration.json")).do(h)
	if !strings.Contains(w.Body.String(), `"expires_at":"2026-05-12T14:30:00Z"`) {
		t.Errorf("the edited policy does not decide: %s", w.Body)
	}
	// Serving requests never changes it.
	after, _ := edited.PoliciesJSON()
	wantJSON(t, get("/v1/policy").do(h), after)
	if !bytes.Contains(after, []byte(`"expiry-60"`)) {
		t.Errorf("the registry changed under the server")
	}
}

func TestServeOperations(t *testing.T) {
	reg := casebook.Default()
	h, _ := testServer(t, reg, serverOptions{})
	w := get("/v1/operations").do(h)
	var list struct {
		Operations []struct {
			Name, Package, Summary, Path, Schema string
			NeedsNow                             bool `json:"needs_now"`
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || w.Code != http.StatusOK {
		t.Fatalf("%d %v: %s", w.Code, err, w.Body)
	}
	var want []string
	for _, p := range reg.Packages() {
		for _, op := range p.Operations {
			want = append(want, op.Name)
		}
	}
	var got []string
	for _, op := range list.Operations {
		got = append(got, op.Name)
		if op.Summary == "" || op.Path != "/v1/"+strings.Replace(op.Name, ".", "/", 1) || op.Schema != "/v1/schema/"+op.Name || !strings.HasPrefix(op.Name, op.Package+".") {
			t.Errorf("operation %+v", op)
		}
		// Every listed path and schema is served.
		if w := get(op.Schema).do(h); w.Code != http.StatusOK {
			t.Errorf("GET %s: %d", op.Schema, w.Code)
		}
		if w := post(op.Path, []byte(`{}`)).do(h); w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Errorf("POST %s {}: %d, want a decision or an input error", op.Path, w.Code)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("operations %v, want %v", got, want)
	}
}

func TestServeSchema(t *testing.T) {
	reg := casebook.Default()
	h, _ := testServer(t, reg, serverOptions{})
	for _, op := range []string{"dealreg.route", "nfr.decide", "incumbency.tender"} {
		s, err := inputSchema(reg, op)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(s)
		wantJSON(t, get("/v1/schema/"+op).do(h), want)
	}
	wantProblem(t, get("/v1/schema/dealreg.nothing").do(h), 404, "unknown-operation", "/v1/schema/dealreg.nothing")
	wantProblem(t, get("/v1/schema/route").do(h), 404, "unknown-operation", "/v1/schema/route")
}

func TestServeDecisions(t *testing.T) {
	reg := casebook.Default()
	h, logs := testServer(t, reg, serverOptions{})
	reg1 := readFile(t, "testdata/registration.json")

	// The same decision eval prints, at the instant the query names.
	at := time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)
	w := post("/v1/dealreg/route?now=2026-03-11T09:00:00Z", reg1).do(h)
	wantJSON(t, w, decision(t, reg, "dealreg.route", reg1, at))
	if got := w.Header().Get("Channelpolicy-Now"); got != "2026-03-11T09:00:00Z" {
		t.Errorf("Channelpolicy-Now %q", got)
	}
	// Without now, at the server's clock; an offset is kept as given.
	w = post("/v1/dealreg/route", reg1).do(h)
	wantJSON(t, w, decision(t, reg, "dealreg.route", reg1, clock))
	if !strings.Contains(w.Body.String(), `"outcome":"approved"`) || w.Header().Get("Channelpolicy-Now") != "2026-03-20T09:00:00Z" {
		t.Errorf("default now: %s %v", w.Body, w.Header())
	}
	berlin := time.Date(2026, 3, 20, 10, 0, 0, 0, time.FixedZone("", 3600))
	wantJSON(t, post("/v1/dealreg/route?now=2026-03-20T10:00:00%2B01:00", reg1).do(h), decision(t, reg, "dealreg.route", reg1, berlin))

	// Another package, with a charset in the media type.
	nfrIn := []byte(`{"partner": {"id": "P-select", "agreement_signed": true, "track": "select", "standing": "good",
		"employees": {"foundations_trained": 2, "certified_solution_architects": 1}},
		"seats": [{"license": "ultimate_saas", "held": 0, "asked": 5}],
		"uses": ["internal_training"], "submitted_at": "2026-03-19T10:00:00Z"}`)
	c := post("/v1/nfr/decide", nfrIn)
	c.contentType = "application/json; charset=UTF-8"
	w = c.do(h)
	wantJSON(t, w, decision(t, reg, "nfr.decide", nfrIn, clock))
	var d struct{ Outcome string }
	json.Unmarshal(w.Body.Bytes(), &d)
	if d.Outcome == "" {
		t.Errorf("nfr.decide: no outcome in %s", w.Body)
	}
	if !strings.Contains(logs.String(), `"outcome":"`+d.Outcome+`"`) {
		t.Errorf("the log lacks the nfr outcome:\n%s", logs)
	}
}

// TestServeCaseBooks replays every case book case over HTTP: each decision
// is byte for byte the one the registry makes, and each bad input is a 400
// naming the fields the registry names. Cases with a policy run on a server
// started under that policy.
func TestServeCaseBooks(t *testing.T) {
	cases, err := casebook.LoadDir("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	servers := map[string]http.Handler{}
	ops := map[string]int{}
	for _, c := range cases {
		reg := casebook.Default()
		p, op, ok := reg.Lookup(c.Operation)
		if !ok {
			t.Fatalf("case %s: unknown operation %s", c.ID, c.Operation)
		}
		if op.NeedsNow && c.Now.IsZero() {
			continue // the server always has an instant
		}
		key := p.Name + string(c.Policy)
		if len(c.Policy) > 0 {
			if err := reg.SetPolicy(p.Name, c.Policy); err != nil {
				continue // a case about a bad policy: no server starts under it
			}
		}
		h, ok := servers[key]
		if !ok {
			h, _ = testServer(t, reg, serverOptions{Logger: slog.New(slog.DiscardHandler)})
			servers[key] = h
		}
		now := c.Now
		if now.IsZero() {
			now = clock
		}
		target := "/v1/" + strings.Replace(c.Operation, ".", "/", 1) + "?now=" + now.Format(time.RFC3339Nano)
		w := post(target, c.Input).do(h)
		res, err := reg.Evaluate(c.Operation, nil, c.Input, now)
		if err != nil {
			p := wantProblem(t, w, 400, "invalid-input", target[:strings.Index(target, "?")])
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
	for _, p := range casebook.Default().Packages() {
		for _, op := range p.Operations {
			if ops[op.Name] == 0 {
				t.Errorf("no case decided %s over HTTP", op.Name)
			}
		}
	}
	t.Logf("decisions per operation: %v", ops)
}

func TestServeErrors(t *testing.T) {
	reg := casebook.Default()
	h, _ := testServer(t, reg, serverOptions{MaxBody: 4096})
	good := readFile(t, "testdata/registration.json")
	big := append(append([]byte(`{"id": "`), bytes.Repeat([]byte("x"), 5000)...), `"}`...)
	const route = "/v1/dealreg/route"
	tests := []struct {
		name     string
		call     call
		status   int
		slug     string
		fields   []string
		allow    string
		instance string
	}{
		{name: "malformed JSON", call: post(route, readFile(t, "testdata/malformed.json")), status: 400, slug: "invalid-input", fields: []string{"registration"}},
		{name: "unknown field", call: post(route, readFile(t, "testdata/unknown-field.json")), status: 400, slug: "invalid-input", fields: []string{"registration.opportunity.owner"}},
		{name: "empty body", call: post(route, nil), status: 400, slug: "invalid-input", fields: []string{"registration"}},
		{name: "two values", call: post(route, append(slices.Clone(good), good...)), status: 400, slug: "invalid-input", fields: []string{"registration"}},
		{name: "bad values", call: post(route, []byte(`{"scope": "everything"}`)), status: 400, slug: "invalid-input", fields: []string{"registration.scope"}},
		{name: "over the limit, length known", call: post(route, big), status: 413, slug: "body-too-large"},
		{name: "over the limit, chunked", call: call{http.MethodPost, route, "application/json", io.MultiReader(bytes.NewReader(big))}, status: 413, slug: "body-too-large"},
		{name: "GET on a decision", call: get(route), status: 405, slug: "method-not-allowed", allow: "POST"},
		{name: "PUT on a decision", call: call{http.MethodPut, route, "application/json", bytes.NewReader(good)}, status: 405, slug: "method-not-allowed", allow: "POST"},
		{name: "POST on the policy", call: post("/v1/policy", good), status: 405, slug: "method-not-allowed", allow: "GET, HEAD"},
		{name: "DELETE on healthz", call: call{method: http.MethodDelete, target: "/healthz"}, status: 405, slug: "method-not-allowed", allow: "GET, HEAD"},
		{name: "text/plain", call: call{http.MethodPost, route, "text/plain", bytes.NewReader(good)}, status: 415, slug: "unsupported-media-type"},
		{name: "form", call: call{http.MethodPost, route, "application/x-www-form-urlencoded", bytes.NewReader(good)}, status: 415, slug: "unsupported-media-type"},
		{name: "no content type", call: call{http.MethodPost, route, "", bytes.NewReader(good)}, status: 415, slug: "unsupported-media-type"},
		{name: "latin-1", call: call{http.MethodPost, route, "application/json; charset=latin1", bytes.NewReader(good)}, status: 415, slug: "unsupported-media-type"},
		{name: "malformed media type", call: call{http.MethodPost, route, "application/json; charset", bytes.NewReader(good)}, status: 415, slug: "unsupported-media-type"},
		{name: "unknown operation", call: post("/v1/dealreg/nothing", good), status: 404, slug: "unknown-operation"},
		{name: "unknown package", call: post("/v1/billing/route", good), status: 404, slug: "unknown-operation"},
		{name: "dotted operation", call: post("/v1/dealreg/route.x", good), status: 404, slug: "unknown-operation"},
		{name: "unknown path", call: get("/v2/dealreg/route"), status: 404, slug: "not-found"},
		{name: "root", call: get("/"), status: 404, slug: "not-found"},
		{name: "too deep", call: post("/v1/dealreg/route/x", good), status: 404, slug: "not-found"},
		{name: "bad now", call: post(route+"?now=tomorrow", good), status: 400, slug: "invalid-parameter", fields: []string{"now"}, instance: route},
		{name: "now with an unencoded +", call: post(route+"?now=2026-03-20T10:00:00+01:00", good), status: 400, slug: "invalid-parameter", fields: []string{"now"}, instance: route},
		{name: "empty now", call: post(route+"?now=", good), status: 400, slug: "invalid-parameter", fields: []string{"now"}, instance: route},
		{name: "now twice", call: post(route+"?now=2026-03-20T09:00:00Z&now=2026-03-21T09:00:00Z", good), status: 400, slug: "invalid-parameter", fields: []string{"now"}, instance: route},
		{name: "unknown parameter", call: post(route+"?policy=x", good), status: 400, slug: "invalid-parameter", fields: []string{"policy"}, instance: route},
		{name: "malformed query", call: post(route+"?now=%zz", good), status: 400, slug: "invalid-parameter", fields: []string{"query"}, instance: route},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			instance := tt.instance
			if instance == "" {
				instance = tt.call.target
			}
			w := tt.call.do(h)
			p := wantProblem(t, w, tt.status, tt.slug, instance)
			if got := fields(p); !slices.Equal(got, tt.fields) {
				t.Errorf("errors name %v, want %v (%s)", got, tt.fields, p.Detail)
			}
			for _, fe := range p.Errors {
				if fe.Problem == "" {
					t.Errorf("error without a problem: %+v", fe)
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

	// Several problems at once are all listed.
	w := post(route, []byte(`{"partner": {"id": "p"}, "scope": "single_opportunity", "program": "resale", "opportunity": {"id": "o", "kind": "new_customer", "stage": 2}}`)).do(h)
	p := wantProblem(t, w, 400, "invalid-input", route)
	if len(p.Errors) < 2 || !strings.Contains(p.Detail, "problems") {
		t.Errorf("want every problem listed: %+v", p)
	}
	// A body exactly at the limit is read.
	at := append(slices.Clone(good), bytes.Repeat([]byte(" "), 4096-len(good))...)
	wantJSON(t, post(route, at).do(h), decision(t, reg, "dealreg.route", good, clock))
}

// boom is a package whose operations fail the ways the library promises
// never to: a panic and an error that is not the input's fault.
func boom() casebook.Package {
	type in struct {
		Kind string `json:"kind"`
	}
	return casebook.Package{
		Name:          "boom",
		DefaultPolicy: func() any { return &struct{}{} },
		Operations: []casebook.Operation{{
			Name: "boom.fail", Summary: "fails", NewInput: func() any { return &in{} },
			Eval: func(_, input any, _ time.Time) (casebook.Result, error) {
				if input.(*in).Kind == "panic" {
					panic("boom")
				}
				return casebook.Result{}, errors.New("disk on fire")
			},
		}},
	}
}

func TestServeFailuresAre500(t *testing.T) {
	var logs bytes.Buffer
	h, _ := testServer(t, casebook.NewRegistry(boom()), serverOptions{Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	for _, kind := range []string{"panic", "error"} {
		w := post("/v1/boom/fail", []byte(`{"kind": "`+kind+`"}`)).do(h)
		p := wantProblem(t, w, 500, "internal-error", "/v1/boom/fail")
		if strings.Contains(p.Detail, "disk on fire") || strings.Contains(p.Detail, "boom") {
			t.Errorf("the detail shows the server's failure to the caller: %s", p.Detail)
		}
	}
	log := logs.String()
	for _, s := range []string{`"msg":"handler panicked"`, `"panic":"boom"`, `"error":"disk on fire"`, `"level":"ERROR","msg":"request"`, `"status":500`} {
		if !strings.Contains(log, s) {
			t.Errorf("the log lacks %s:\n%s", s, log)
		}
	}
}

type logLine struct {
	Level     string `json:"level"`
	Msg       string `json:"msg"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	Status    int    `json:"status"`
	Duration  *int64 `json:"duration"`
	Outcome   string `json:"outcome"`
	Operation string `json:"operation"`
	Problem   string `json:"problem"`
}

func parseLogs(t *testing.T, data []byte) []logLine {
	t.Helper()
	var out []logLine
	for line := range bytes.Lines(data) {
		var l logLine
		if err := json.Unmarshal(line, &l); err != nil {
			t.Fatalf("log line is not JSON: %v\n%s", err, line)
		}
		out = append(out, l)
	}
	return out
}

func TestServeLogs(t *testing.T) {
	h, logs := testServer(t, casebook.Default(), serverOptions{})
	post("/v1/dealreg/route", readFile(t, "testdata/registration.json")).do(h)
	post("/v1/dealreg/route", readFile(t, "testdata/unknown-field.json")).do(h)
	get("/healthz").do(h)
	call{method: http.MethodDelete, target: "/v1/policy"}.do(h)
	lines := parseLogs(t, logs.Bytes())
	want := []logLine{
		{Level: "INFO", Msg: "request", Method: "POST", Path: "/v1/dealreg/route", Status: 200, Operation: "dealreg.route", Outcome: "approved"},
		{Level: "INFO", Msg: "request", Method: "POST", Path: "/v1/dealreg/route", Status: 400, Operation: "dealreg.route", Problem: "invalid-input"},
		{Level: "INFO", Msg: "request", Method: "GET", Path: "/healthz", Status: 200},
		{Level: "INFO", Msg: "request", Method: "DELETE", Path: "/v1/policy", Status: 405, Problem: "method-not-allowed"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d log lines, want %d:\n%s", len(lines), len(want), logs)
	}
	for i, l := range lines {
		if l.Duration == nil || *l.Duration < 0 {
			t.Errorf("line %d has no duration: %+v", i, l)
		}
		l.Duration = nil
		if l != want[i] {
			t.Errorf("line %d = %+v\nwant %+v", i, l, want[i])
		}
	}
}

func TestServeConcurrent(t *testing.T) {
	reg := casebook.Default()
	h, logs := testServer(t, reg, serverOptions{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	type req struct {
		path string
		body []byte
		want []byte // a compact decision, or nil for a 400
	}
	route := readFile(t, "testdata/registration.json")
	nfrIn := []byte(`{"partner": {"id": "p", "agreement_signed": true, "track": "open", "standing": "good", "employees": {"foundations_trained": 2}},
		"seats": [{"license": "ultimate_self_managed", "held": 0, "asked": 2}], "uses": ["demonstrations"], "submitted_at": "2026-03-19T10:00:00Z"}`)
	compact := func(op string, in []byte) []byte {
		var b bytes.Buffer
		json.Compact(&b, decision(t, reg, op, in, clock))
		return b.Bytes()
	}
	reqs := []req{
		{"/v1/dealreg/route", route, compact("dealreg.route", route)},
		{"/v1/nfr/decide", nfrIn, compact("nfr.decide", nfrIn)},
		{"/v1/dealreg/route", readFile(t, "testdata/unknown-field.json"), nil},
	}
	const workers, each = 64, 8
	client := srv.Client()
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for g := range workers {
		wg.Go(func() {
			for i := range each {
				rq := reqs[(g+i)%len(reqs)]
				resp, err := client.Post(srv.URL+rq.path, "application/json", bytes.NewReader(rq.body))
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
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(parseLogs(t, logs.Bytes())); n != 2*workers*each {
		t.Errorf("%d log lines for %d requests", n, 2*workers*each)
	}
}

// TestServeUntilDrains shuts the server down while a request is in flight:
// the request is answered and serveUntil returns without error.
func TestServeUntilDrains(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		w.Write([]byte("done"))
	}), ReadHeaderTimeout: time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- serveUntil(ctx, cancel, srv, ln, 5*time.Second, slog.New(slog.DiscardHandler)) }()

	answered := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			answered <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		answered <- string(b)
	}()
	<-entered
	cancel()
	time.Sleep(50 * time.Millisecond) // let Shutdown close the listener
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("the listener still accepts connections during shutdown")
	}
	close(release)
	if got := <-answered; got != "done" {
		t.Errorf("the request in flight got %q", got)
	}
	if err := <-stopped; err != nil {
		t.Errorf("serveUntil: %v", err)
	}
}

func TestServeUntilGivesUp(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
	}), ReadHeaderTimeout: time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() {
		stopped <- serveUntil(ctx, cancel, srv, ln, 100*time.Millisecond, slog.New(slog.DiscardHandler))
	}()
	go http.Get("http://" + ln.Addr().String() + "/")
	<-entered
	cancel()
	select {
	case err := <-stopped:
		if err == nil || !strings.Contains(err.Error(), "still in flight") {
			t.Errorf("serveUntil: %v, want a timeout", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serveUntil did not give up after its grace period")
	}
}

func TestByteSize(t *testing.T) {
	for in, want := range map[string]int64{"1MiB": 1 << 20, "512KiB": 512 << 10, "65536": 65536, "2mb": 2e6, "10 KB": 1e4, "1GiB": 1 << 30, "7B": 7} {
		var b byteSize
		if err := b.Set(in); err != nil || int64(b) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "MiB", "1.5MiB", "1XB", "9999999999GiB", "1 MiB MiB"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("Set(%q) = %d, want an error", in, b)
		}
	}
	for n, want := range map[int64]string{1 << 20: "1MiB", 4096: "4KiB", 1000: "1000", 3 << 30: "3GiB", 1536 << 10: "1536KiB"} {
		b := byteSize(n)
		if got := b.String(); got != want {
			t.Errorf("String(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestServeCommandFlags(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"serve", "dealreg.route"}, "takes no arguments"},
		{[]string{"serve", "--max-body", "0"}, "not a positive size"},
		{[]string{"serve", "--max-body", "lots"}, "not a positive size"},
		{[]string{"serve", "--read-timeout", "0s"}, "--read-timeout"},
		{[]string{"serve", "--shutdown-timeout", "-1s"}, "--shutdown-timeout"},
		{[]string{"serve", "--policy", "testdata/bad-policy.json"}, "dealreg.policy.expiry_days"},
		{[]string{"serve", "--addr", "127.0.0.1:99999"}, "channelpolicy: "},
	} {
		expect(t, cli(t, nil, tt.args...), 2, nil, []string{tt.stderr})
	}
}

// TestServeCommand runs the built command on a free loopback port, asks it
// for its health and a decision, and stops it with SIGTERM.
func TestServeCommand(t *testing.T) {
	cmd := exec.Command(binaryPath(t), "serve", "--addr", "127.0.0.1:0", "--policy", "testdata/policies-60.json")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan []byte)
	var all bytes.Buffer
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- slices.Clone(sc.Bytes())
		}
	}()
	next := func() []byte {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the command ended early:\n%s", all.String())
			}
			all.Write(l)
			all.WriteByte('\n')
			return l
		case <-time.After(10 * time.Second):
			t.Fatalf("no log line within 10s:\n%s", all.String())
		}
		return nil
	}
	var start struct{ Msg, Addr string }
	if err := json.Unmarshal(next(), &start); err != nil || start.Msg != "listening" || start.Addr == "" {
		t.Fatalf("first log line %+v (%v); want listening with its address", start, err)
	}
	base := "http://" + start.Addr

	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "{\"status\":\"ok\"}\n" {
		t.Errorf("healthz: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Post(base+"/v1/dealreg/route?now="+now, "application/json", bytes.NewReader(readFile(t, "testdata/registration.json")))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	// Under the 60-day policy of --policy: approved 13 March, expires 12 May.
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"expires_at":"2026-05-12T14:30:00Z"`)) {
		t.Errorf("decision: %d %s", resp.StatusCode, body)
	}
	for range 2 {
		var l logLine
		json.Unmarshal(next(), &l)
		if l.Msg != "request" || l.Status != 200 || l.Duration == nil {
			t.Errorf("request log line %+v", l)
		}
		if l.Path == "/v1/dealreg/route" && l.Outcome != "approved" {
			t.Errorf("request log line %+v lacks the outcome", l)
		}
	}

	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for {
		l := next()
		if bytes.Contains(l, []byte(`"msg":"stopped"`)) {
			break
		}
	}
	for range lines {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGTERM: %v\n%s", err, all.String())
	}
	if d := time.Since(sent); d > 5*time.Second {
		t.Errorf("took %v to stop", d)
	}
	if strings.Contains(all.String(), "panic") {
		t.Errorf("stderr:\n%s", all.String())
	}
}

// FuzzServe sends arbitrary methods, paths, queries, media types and bodies:
// the answer is always a known status with a JSON or problem body, never a
// panic.
func FuzzServe(f *testing.F) {
	reg := casebook.Default()
	h, err := newServer(reg, serverOptions{MaxBody: 2048, Now: func() time.Time { return clock }})
	if err != nil {
		f.Fatal(err)
	}
	good, _ := os.ReadFile("testdata/registration.json")
	f.Add("POST", "/v1/dealreg/route", "now=2026-03-20T09:00:00Z", "application/json", good)
	f.Add("POST", "/v1/nfr/decide", "", "application/json; charset=utf-8", []byte(`{"seats": [{"asked": -1}]}`))
	f.Add("GET", "/v1/schema/dealreg.route", "", "", []byte(nil))
	f.Add("PATCH", "/v1/policy", "x=%", "text/plain", []byte("{"))
	f.Add("POST", "/v1/dealreg/resolve", "now=0000-01-01T00:00:00Z", "application/json", []byte(`{"registrations": [{}]}`))
	f.Fuzz(func(t *testing.T, method, path, query, ctype string, body []byte) {
		if method == "" || strings.ContainsAny(method, " \t\r\n") {
			method = "POST"
		}
		r := &http.Request{
			Method: method, URL: &url.URL{Path: path, RawQuery: query}, RequestURI: path,
			Header: http.Header{"Content-Type": {ctype}}, Body: io.NopCloser(bytes.NewReader(body)),
			ContentLength: int64(len(body)), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		}
		r = r.WithContext(context.Background())
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case 200, 301, 307, 308, 400, 404, 405, 413, 415:
		default:
			t.Fatalf("%s %q: status %d: %s", method, path, w.Code, w.Body)
		}
		if w.Code >= 300 && w.Code < 400 {
			return // the mux's redirect to a clean path
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("%s %q: %d body is not JSON: %s", method, path, w.Code, w.Body)
		}
	})
}
