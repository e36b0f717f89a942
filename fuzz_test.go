package channelpolicy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
)

// The front door under fuzzing: what the command and the HTTP API go
// through (PolicySet.Evaluate on raw JSON, policy sets) and the HTTP
// handler itself. Every target holds bad input to the error contract
// (casetest.InputError) and good input to the decision contract
// (casetest.Decided).

// fuzzCases are the cases of every case book, the seeds of the targets.
func fuzzCases(f *testing.F) []casebook.Case { return casetest.Load(f, "testdata") }

// fuzzOp is the operation a fuzzed number picks.
func fuzzOp(n uint8) channelpolicy.Operation {
	ops := channelpolicy.Default().Operations()
	return ops[int(n)%len(ops)]
}

func opNumber(name string) uint8 {
	return uint8(slices.IndexFunc(channelpolicy.Default().Operations(), func(o channelpolicy.Operation) bool { return o.Name() == name }))
}

// fuzzNow is the instant a fuzzed number stands for: 0 is none (an
// operation that needs one must say so), any other a second between 1970
// and 2100.
func fuzzNow(unix int64) time.Time {
	if unix == 0 {
		return time.Time{}
	}
	const span = 4102444800
	return time.Unix(((unix%span)+span)%span, 0).UTC()
}

// FuzzEvaluate feeds any bytes to every operation through
// PolicySet.Evaluate, as the command and the HTTP API do: an input error
// locating each problem (or naming the parameter now), or a decision that
// keeps the contract and is the same the second time.
func FuzzEvaluate(f *testing.F) {
	for _, c := range fuzzCases(f) {
		f.Add(opNumber(c.Operation), []byte(c.Input), c.Now.Unix())
	}
	f.Add(opNumber("dealreg.expiry"), []byte(`[]`), int64(1774000000))
	f.Add(opNumber("serviceattach.portfolio"), []byte(`"x"`), int64(0))
	reg := channelpolicy.Default()
	set := reg.Policies()
	f.Fuzz(func(t *testing.T, n uint8, data []byte, unix int64) {
		op, now := fuzzOp(n), fuzzNow(unix)
		res, err := set.Evaluate(op.Name(), data, now)
		if err != nil {
			casetest.InputError(t, data, err, "now")
			if op.NeedsNow() && now.IsZero() && !slices.Equal(program.Locations(err), []string{"now"}) {
				t.Fatalf("%s without now: %v, want the parameter now named alone", op.Name(), err)
			}
			return
		}
		if op.NeedsNow() && now.IsZero() {
			t.Fatalf("%s decided without now", op.Name())
		}
		casetest.Decided(t, reg, op.Name(), res)
		again, err := set.Evaluate(op.Name(), data, now)
		if err != nil {
			t.Fatalf("decided once, refused the second time: %v", err)
		}
		first, _ := json.Marshal(res.Decision)
		second, _ := json.Marshal(again.Decision)
		if !bytes.Equal(first, second) {
			t.Fatalf("same input, different decisions:\n%s\n%s", first, second)
		}
	})
}

// fuzzPolicySeeds are policy-set documents: the defaults, the command's
// test policies, and each case's own policy under its package's name.
func fuzzPolicySeeds(f *testing.F) [][]byte {
	def, err := channelpolicy.Default().Policies().JSON()
	if err != nil {
		f.Fatal(err)
	}
	out := [][]byte{def, []byte(`{"dealreg": {"expiry_days": 60}, "nfr": {"version": "nfr-2027"}}`), []byte(`{}`)}
	for _, name := range []string{"policies-60.json", "bad-policy.json"} {
		b, err := os.ReadFile("cmd/channelpolicy/testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	seen := map[string]bool{}
	for _, c := range fuzzCases(f) {
		pkg, _, _ := strings.Cut(c.Operation, ".")
		if doc := `{"` + pkg + `": ` + string(c.Policy) + `}`; len(c.Policy) > 0 && !seen[doc] {
			seen[doc] = true
			out = append(out, []byte(doc))
		}
	}
	return out
}

// decideUnder decides the input of one case of every operation of pkgs
// under set: an input error that keeps the contract, or a decision that
// does.
func decideUnder(t *testing.T, set channelpolicy.PolicySet, firsts map[string]casebook.Case, pkgs ...string) {
	t.Helper()
	for _, op := range slices.Sorted(maps.Keys(firsts)) {
		c := firsts[op]
		if pkg, _, _ := strings.Cut(op, "."); !slices.Contains(pkgs, pkg) {
			continue
		}
		res, err := set.Evaluate(op, c.Input, c.Now)
		if err != nil {
			casetest.InputError(t, c.Input, err, "now")
			continue
		}
		casetest.Decided(t, set.Registry(), op, res)
	}
}

// firstCases is the first deciding case of each operation.
func firstCases(f *testing.F) map[string]casebook.Case {
	out := map[string]casebook.Case{}
	for _, c := range fuzzCases(f) {
		if _, ok := out[c.Operation]; !ok && c.Want.Outcome != "" && len(c.Policy) == 0 {
			out[c.Operation] = c
		}
	}
	return out
}

// FuzzPolicySetLoad feeds any bytes to PolicySet.Load, as --policy and
// serve read a policy file: an input error locating each problem and the
// set unchanged, or a set whose JSON loads again to the same JSON, leaving
// the set it was laid over as it was, under which every operation still
// keeps its contracts.
func FuzzPolicySetLoad(f *testing.F) {
	for _, s := range fuzzPolicySeeds(f) {
		f.Add(s)
	}
	reg := channelpolicy.Default()
	firsts := firstCases(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		base := reg.Policies()
		before, err := base.JSON()
		if err != nil {
			t.Fatal(err)
		}
		next, err := base.Load(data)
		if after, _ := base.JSON(); !bytes.Equal(before, after) {
			t.Fatalf("Load changed the set it was laid over")
		}
		if err != nil {
			casetest.InputError(t, data, err)
			if got, _ := next.JSON(); !bytes.Equal(got, before) {
				t.Fatal("a failed load returned a changed set")
			}
			return
		}
		enc, err := next.JSON()
		if err != nil {
			t.Fatal(err)
		}
		again, err := reg.Policies().Load(enc)
		if err != nil {
			t.Fatalf("a loaded set does not load again from its own JSON: %v\n%s", err, enc)
		}
		if enc2, _ := again.JSON(); !bytes.Equal(enc, enc2) {
			t.Fatalf("a policy set changed over a JSON round trip:\n%s\n%s", enc, enc2)
		}
		if next.Digest() != again.Digest() {
			t.Fatal("one policy set, two digests")
		}
		var named map[string]json.RawMessage
		if err := json.Unmarshal(data, &named); err != nil {
			t.Fatalf("a policy set loaded from what is not a JSON object: %v", err)
		}
		decideUnder(t, next, firsts, slices.Collect(maps.Keys(named))...)
	})
}

// FuzzPolicySetWith feeds any bytes to PolicySet.With, as a case book's
// own policy is laid over the set in force: the same contracts as Load,
// for one package's policy document.
func FuzzPolicySetWith(f *testing.F) {
	reg := channelpolicy.Default()
	pkgNumber := func(name string) uint8 {
		return uint8(slices.IndexFunc(reg.Packages(), func(p channelpolicy.Package) bool { return p.Name() == name }))
	}
	seen := map[string]bool{}
	for _, c := range fuzzCases(f) {
		pkg, _, _ := strings.Cut(c.Operation, ".")
		if key := pkg + string(c.Policy); len(c.Policy) > 0 && !seen[key] {
			seen[key] = true
			f.Add(pkgNumber(pkg), []byte(c.Policy))
		}
	}
	for i, p := range reg.Packages() {
		b, err := json.Marshal(reg.Policies().Policy(p.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	firsts := firstCases(f)
	f.Fuzz(func(t *testing.T, n uint8, data []byte) {
		pkgs := reg.Packages()
		pkg := pkgs[int(n)%len(pkgs)].Name()
		next, err := reg.Policies().With(pkg, data)
		if err != nil {
			casetest.InputError(t, data, err)
			return
		}
		enc, err := next.JSON(pkg)
		if err != nil {
			t.Fatal(err)
		}
		again, err := reg.Policies().Load(enc)
		if err != nil {
			t.Fatalf("a policy laid over the set does not load again from its own JSON: %v\n%s", err, enc)
		}
		if enc2, _ := again.JSON(pkg); !bytes.Equal(enc, enc2) {
			t.Fatalf("a policy changed over a JSON round trip:\n%s\n%s", enc, enc2)
		}
		decideUnder(t, next, firsts, pkg)
	})
}

var fuzzClock = time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)

// FuzzHandlerAnswers sends any method, path, query, media type and body to
// the HTTP handler, most of them to an operation's path. Every answer is
// JSON; a decision keeps the operation's decision contract (its decision
// schema, its reasons); anything else is an RFC 9457 problem document of a
// known kind whose status is the answer's, and each of its errors is
// located: a pointer into the body sent, or a parameter the request gave
// or the operation takes. The Origin varies too, so preflights and CORS
// refusals keep the contract.
func FuzzHandlerAnswers(f *testing.F) {
	const maxBody = 4096
	const allowedOrigin = "https://crm.example.com"
	reg := channelpolicy.Default()
	h, err := channelpolicy.NewHandler(channelpolicy.Options{
		MaxBody: maxBody,
		Now:     func() time.Time { return fuzzClock },
		CORS:    &channelpolicy.CORS{AllowedOrigins: []string{allowedOrigin}},
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range fuzzCases(f) {
		query := ""
		if !c.Now.IsZero() {
			query = "now=" + url.QueryEscape(c.Now.Format(time.RFC3339Nano))
		}
		if len(c.Input) <= maxBody {
			f.Add("POST", "", opNumber(c.Operation), query, "application/json", allowedOrigin, []byte(c.Input))
		}
	}
	f.Add("POST", "", opNumber("dealreg.route"), "now=2026-03-20T09:00:00+01:00&x=1", "application/json; charset=utf-8", allowedOrigin, []byte(`{}`))
	f.Add("POST", "", opNumber("dealreg.expiry"), "now=2026-03-20 09:00:00Z", "application/json", allowedOrigin, []byte(`{"approved_at": "2026-03-01T00:00:00Z"}`))
	f.Add("POST", "", opNumber("nfr.decide"), "now=%zz", "application/json; charset=latin1", allowedOrigin, []byte(`[`))
	f.Add("POST", "", opNumber("locator.route"), "", "text/plain", allowedOrigin, []byte(`{}`))
	f.Add("POST", "/v1/dealreg/nothing", uint8(0), "", "application/json", allowedOrigin, []byte(`{}`))
	f.Add("GET", "/v1/schema/dealreg.route", uint8(0), "", "", allowedOrigin, []byte(nil))
	f.Add("GET", "/v1/operations", uint8(0), "", "", allowedOrigin, []byte(nil))
	f.Add("PATCH", "/v1/policy", uint8(0), "", "", allowedOrigin, []byte(nil))
	f.Add("OPTIONS", "", uint8(0), "", "", allowedOrigin, []byte(nil))
	f.Add("OPTIONS", "", uint8(1), "", "", "https://elsewhere.example", []byte(nil))
	f.Add("POST", "", opNumber("dealreg.resolve"), "now=0000-01-01T00:00:00Z", "application/json", "", []byte(`{"registrations": [{}]}`))
	f.Add("PATCH", "/v1/policy", uint8(0), "x=%", "text/plain", "", []byte("{"))
	f.Add("POST", "", uint8(2), "", "application/json", "null", []byte(`{}`))
	// A path with a character a URL escapes, sent raw and escaped.
	f.Add("POST", "/[", uint8(0), "", "application/json", allowedOrigin, []byte(`{}`))
	f.Add("POST", "/%5B", uint8(0), "", "application/json", allowedOrigin, []byte(`{}`))
	f.Fuzz(func(t *testing.T, method, path string, n uint8, query, ctype, origin string, body []byte) {
		if method == "" || strings.ContainsAny(method, " \t\r\n") {
			method = http.MethodPost
		}
		if path == "" {
			op := fuzzOp(n)
			path = "/v1/" + op.Package() + "/" + op.Short()
		}
		// The request as the server would read it from the wire: its URL
		// parsed from the request target, so that the two agree (a raw
		// "/[" keeps its raw form, as "/%5B" keeps its escape).
		u, err := url.ParseRequestURI(path)
		if err != nil || u.RawQuery != "" || u.ForceQuery || !strings.HasPrefix(path, "/") {
			return // no request line carries it as a path alone ("D7:" is a scheme)
		}
		u.RawQuery = query
		r := &http.Request{
			Method: method, URL: u, RequestURI: u.RequestURI(),
			Header: http.Header{"Content-Type": {ctype}, "Origin": {origin}, "Access-Control-Request-Method": {"POST"}},
			Body:   io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)),
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		}
		r = r.WithContext(context.Background())
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		checkAnswer(t, reg, r, query, body, w)
	})
}

// checkAnswer holds one answer of the handler to its contract.
func checkAnswer(t *testing.T, reg *channelpolicy.Registry, r *http.Request, query string, body []byte, w *httptest.ResponseRecorder) {
	t.Helper()
	got := w.Body.Bytes()
	switch {
	case w.Code == http.StatusNoContent && r.Method == http.MethodOptions:
		return // a preflight's answer
	case w.Code >= 300 && w.Code < 400:
		if w.Header().Get("Location") == "" {
			t.Fatalf("%s %q: redirect %d without a Location", r.Method, r.URL.Path, w.Code)
		}
		return // the mux's redirect to a clean path
	case w.Code == http.StatusOK:
		if ct := w.Header().Get("Content-Type"); ct != "application/json" || !json.Valid(got) {
			t.Fatalf("%s %q: 200 with %q: %s", r.Method, r.URL.Path, ct, got)
		}
		if r.Method != http.MethodPost {
			return // a description of the API
		}
		op, ok := decidedAt(reg, r.URL.Path)
		if !ok {
			t.Fatalf("POST %q decided, but that is no operation's path", r.URL.Path)
		}
		casetest.DecisionJSON(t, reg, op, got)
		return
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%s %q: %d answered with %q, not a problem document: %s", r.Method, r.URL.Path, w.Code, ct, got)
	}
	var p struct {
		channelpolicy.Problem
		Errors []map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(got, &p); err != nil {
		t.Fatalf("%d: the problem document does not read: %v\n%s", w.Code, err, got)
	}
	k := slices.IndexFunc(channelpolicy.ProblemKinds, func(k channelpolicy.ProblemKind) bool {
		return p.Type == channelpolicy.ProblemBase+k.Slug
	})
	if k < 0 {
		t.Fatalf("problem type %q is not a kind the API documents", p.Type)
	}
	kind := channelpolicy.ProblemKinds[k]
	if p.Status != w.Code || kind.Status != w.Code || p.Title != kind.Title || strings.TrimSpace(p.Detail) == "" {
		t.Fatalf("%d answered with a %s problem: %s", w.Code, kind.Slug, got)
	}
	if p.Instance != r.URL.EscapedPath() {
		t.Fatalf("problem instance %q for path %q", p.Instance, r.URL.EscapedPath())
	}
	switch kind {
	case channelpolicy.ProblemInvalidInput, channelpolicy.ProblemParameter:
		if len(p.Errors) == 0 {
			t.Fatalf("a %s problem lists no errors: %s", kind.Slug, got)
		}
	}
	if len(p.Errors) == 0 {
		return
	}
	// The errors locate what the request gave: a pointer into the body or
	// a parameter of the query (now, or one the request named).
	params := []string{"now", "query"}
	if q, err := url.ParseQuery(query); err == nil {
		for k := range q {
			// As JSON writes it: invalid UTF-8 in a name becomes U+FFFD.
			var asSent string
			b, _ := json.Marshal(k)
			json.Unmarshal(b, &asSent)
			params = append(params, asSent)
		}
	}
	var fes []error
	for _, e := range p.Errors {
		ptr, hasPtr := e["pointer"]
		param, hasParam := e["parameter"]
		if hasPtr == hasParam || len(e) != 2 || strings.TrimSpace(e["detail"]) == "" {
			t.Fatalf("error %v is not {pointer, detail} nor {parameter, detail}", e)
		}
		fes = append(fes, &program.FieldError{Pointer: ptr, Parameter: param, Detail: e["detail"]})
	}
	if kind == channelpolicy.ProblemParameter && slices.ContainsFunc(p.Errors, func(e map[string]string) bool { _, ok := e["pointer"]; return ok }) {
		t.Fatalf("a parameter problem points into the body: %s", got)
	}
	casetest.InputError(t, body, errors.Join(fes...), params...)
}

// decidedAt is the operation served at path, /v1/{package}/{operation}.
func decidedAt(reg *channelpolicy.Registry, path string) (string, bool) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(parts) != 3 || parts[0] != "v1" {
		return "", false
	}
	name := parts[1] + "." + parts[2]
	_, ok := reg.Lookup(name)
	return name, ok
}
