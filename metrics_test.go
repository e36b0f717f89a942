package channelpolicy_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/channelpolicy/channelpolicy"
)

const (
	expiryNow   = "/v1/dealreg/expiry?now=2026-02-01T00:00:00Z"
	expiryInput = `{"approved_at":"2026-01-01T00:00:00Z"}`
)

// scrape answers GET /metrics and returns its series, keyed by the series
// as the text format writes it: name{label="value",...}, labels sorted.
func scrape(t *testing.T, h http.Handler) map[string]float64 {
	t.Helper()
	w := apiGet("/metrics").do(h)
	if w.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("GET /metrics: Content-Type %q, want the Prometheus text format", ct)
	}
	series := map[string]float64{}
	sc := bufio.NewScanner(w.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("GET /metrics: line %q: %v", line, err)
		}
		series[line[:i]] = v
	}
	return series
}

// outcomeOfBody is the outcome member of a decision.
func outcomeOfBody(t *testing.T, body []byte) string {
	t.Helper()
	var d struct {
		Outcome string `json:"outcome"`
	}
	if err := json.Unmarshal(body, &d); err != nil || d.Outcome == "" {
		t.Fatalf("not a decision with an outcome: %s", body)
	}
	return d.Outcome
}

// TestMetricsMoveWithRequests serves decisions, input errors and requests
// that name no operation, and reads the counters, the latency histogram
// and the in-flight gauge back from GET /metrics.
func TestMetricsMoveWithRequests(t *testing.T) {
	h, _ := testHandler(t, channelpolicy.Options{})
	before := scrape(t, h)
	for _, name := range []string{
		`channelpolicy_request_duration_seconds_count{operation="dealreg.expiry"}`,
		`channelpolicy_request_duration_seconds_count{operation="incumbency.tender"}`,
		`channelpolicy_decision_log_dropped_total`,
		`channelpolicy_requests_in_flight`,
	} {
		if v, ok := before[name]; !ok || (v != 0 && name != "channelpolicy_requests_in_flight") {
			t.Errorf("before any request: %s = %v (present %v), want 0", name, v, ok)
		}
	}
	if _, ok := before["go_goroutines"]; !ok {
		t.Error("the Go runtime's metrics are not served")
	}

	w := apiPost(expiryNow, expiryInput).do(h)
	if w.Code != http.StatusOK {
		t.Fatalf("decision: %d %s", w.Code, w.Body)
	}
	outcome := outcomeOfBody(t, w.Body.Bytes())
	apiPost(expiryNow, expiryInput).do(h)
	wantProblem(t, apiPost(expiryNow, `{"approved_at":"soon"}`).do(h), 400, "invalid-input", "/v1/dealreg/expiry")
	wantProblem(t, apiPost("/v1/dealreg/expiry?now=yesterday", expiryInput).do(h), 400, "invalid-parameter", "/v1/dealreg/expiry")
	apiPost("/v1/dealreg/nothing", expiryInput).do(h) // no operation: counted nowhere
	apiGet("/healthz").do(h)

	after := scrape(t, h)
	for name, want := range map[string]float64{
		`channelpolicy_decisions_total{operation="dealreg.expiry",outcome="` + outcome + `"}`:      2,
		`channelpolicy_input_errors_total{operation="dealreg.expiry",problem="invalid-input"}`:     1,
		`channelpolicy_input_errors_total{operation="dealreg.expiry",problem="invalid-parameter"}`: 1,
		`channelpolicy_request_duration_seconds_count{operation="dealreg.expiry"}`:                 4,
		`channelpolicy_request_duration_seconds_bucket{operation="dealreg.expiry",le="+Inf"}`:      4,
		`channelpolicy_request_duration_seconds_count{operation="incumbency.tender"}`:              0,
		`channelpolicy_requests_in_flight`:                                                         1, // the scrape itself
		`channelpolicy_decision_log_dropped_total`:                                                 0,
	} {
		if got, ok := after[name]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", name, got, ok, want)
		}
	}
	if sum := after[`channelpolicy_request_duration_seconds_sum{operation="dealreg.expiry"}`]; sum <= 0 {
		t.Errorf("latency sum %v, want the time the requests took", sum)
	}
	for name := range after {
		if strings.Contains(name, "dealreg.nothing") || strings.Contains(name, `operation=""`) {
			t.Errorf("a request for no operation made a series: %s", name)
		}
	}
}

// TestMetricsFailuresAndInFlight counts a request while it waits for its
// body, and a 503 answer as a failure, not an input error.
func TestMetricsFailuresAndInFlight(t *testing.T) {
	// The stalled request is in flight until its time limit: long enough
	// for a scrape on a loaded machine to see it.
	h, _ := testHandler(t, channelpolicy.Options{Timeout: 500 * time.Millisecond})
	body := stalledBody{release: make(chan struct{})}
	defer close(body.release)
	answered := make(chan int, 1)
	go func() {
		req := httptest.NewRequest(http.MethodPost, expiryNow, body)
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		answered <- w.Code
	}()
	seen, code := false, 0
	for code == 0 && !seen {
		select {
		case code = <-answered:
		default:
			seen = scrape(t, h)["channelpolicy_requests_in_flight"] == 2
		}
	}
	if !seen {
		t.Error("the waiting request was never counted in flight")
	}
	if code == 0 {
		code = <-answered
	}
	if code != http.StatusServiceUnavailable {
		t.Fatalf("stalled request: %d, want 503", code)
	}
	after := scrape(t, h)
	if got := after["channelpolicy_requests_in_flight"]; got != 1 {
		t.Errorf("in flight after the answer: %v, want 1 (the scrape)", got)
	}
	if got := after[`channelpolicy_failures_total{operation="dealreg.expiry",problem="timeout"}`]; got != 1 {
		t.Errorf("failures: %v, want 1", got)
	}
	for name := range after {
		if strings.HasPrefix(name, "channelpolicy_input_errors_total{") {
			t.Errorf("a timeout counted as an input error: %s", name)
		}
	}
}

// TestMetricsPerHandler makes two handlers in one process: neither
// registration collides, and each counts only its own requests.
func TestMetricsPerHandler(t *testing.T) {
	a, _ := testHandler(t, channelpolicy.Options{})
	b, _ := testHandler(t, channelpolicy.Options{})
	apiPost(expiryNow, expiryInput).do(a)
	count := `channelpolicy_request_duration_seconds_count{operation="dealreg.expiry"}`
	if got := scrape(t, a)[count]; got != 1 {
		t.Errorf("first handler: %v requests, want 1", got)
	}
	if got := scrape(t, b)[count]; got != 0 {
		t.Errorf("second handler: %v requests, want 0: it counts the first's", got)
	}
}

// TestMetricsRegisterer gives the handlers an embedder's registry: the
// metrics are gathered there too, two handlers tell themselves apart with
// a label, and one registered twice without is refused.
func TestMetricsRegisterer(t *testing.T) {
	reg := prometheus.NewRegistry()
	eu, err := channelpolicy.NewHandler(channelpolicy.Options{Metrics: prometheus.WrapRegistererWith(prometheus.Labels{"region": "eu"}, reg)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := channelpolicy.NewHandler(channelpolicy.Options{Metrics: prometheus.WrapRegistererWith(prometheus.Labels{"region": "us"}, reg)}); err != nil {
		t.Fatalf("a second handler with its own label: %v", err)
	}
	if _, err := channelpolicy.NewHandler(channelpolicy.Options{Metrics: prometheus.WrapRegistererWith(prometheus.Labels{"region": "eu"}, reg)}); err == nil {
		t.Error("a second handler registered under the same labels was accepted")
	}
	w := apiPost(expiryNow, expiryInput).do(eu)
	outcome := outcomeOfBody(t, w.Body.Bytes())
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "channelpolicy_decisions_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			got[labels["region"]+" "+labels["operation"]+" "+labels["outcome"]] = m.GetCounter().GetValue()
		}
	}
	if want := map[string]float64{"eu dealreg.expiry " + outcome: 1}; len(got) != 1 || got["eu dealreg.expiry "+outcome] != 1 {
		t.Errorf("the embedder's registry has decisions %v, want %v", got, want)
	}
	for _, f := range families {
		if strings.HasPrefix(f.GetName(), "go_") || strings.HasPrefix(f.GetName(), "process_") {
			t.Errorf("the handler put %s in the embedder's registry, which has its own", f.GetName())
		}
	}
	// The handler's own /metrics serves the same counts.
	if v := scrape(t, eu)[`channelpolicy_decisions_total{operation="dealreg.expiry",outcome="`+outcome+`"}`]; v != 1 {
		t.Errorf("the handler's /metrics: %v decisions, want 1", v)
	}
}

// TestReadyz turns the readiness probe to 503 while the server drains;
// everything else is still served.
func TestReadyz(t *testing.T) {
	h, _ := testHandler(t, channelpolicy.Options{})
	wantJSONBody(t, apiGet("/readyz").do(h), []byte(`{"status":"ok"}`))

	var draining atomic.Bool
	h, logs := testHandler(t, channelpolicy.Options{Draining: draining.Load})
	wantJSONBody(t, apiGet("/readyz").do(h), []byte(`{"status":"ok"}`))
	draining.Store(true)
	w := apiGet("/readyz").do(h)
	if w.Code != http.StatusServiceUnavailable || strings.TrimSpace(w.Body.String()) != `{"status":"draining"}` {
		t.Errorf("GET /readyz while draining: %d %s, want 503 draining", w.Code, w.Body)
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("a draining /readyz was logged as an error:\n%s", logs)
	}
	wantJSONBody(t, apiGet("/healthz").do(h), []byte(`{"status":"ok"}`))
	if w := apiPost(expiryNow, expiryInput).do(h); w.Code != http.StatusOK {
		t.Errorf("a decision while draining: %d, want 200", w.Code)
	}
	draining.Store(false)
	if w := apiGet("/readyz").do(h); w.Code != http.StatusOK {
		t.Errorf("GET /readyz after draining stopped: %d", w.Code)
	}
}

// TestOperatingEndpointsMatchOpenAPI validates /readyz (both answers) and
// /metrics against the OpenAPI document.
func TestOperatingEndpointsMatchOpenAPI(t *testing.T) {
	t.Parallel() // long, and reads only what it makes: it overlaps the others
	v, _ := openAPIValidator(t)
	var draining atomic.Bool
	h, _ := testHandler(t, channelpolicy.Options{Draining: draining.Load})
	for _, tc := range []struct {
		target string
		drain  bool
		status int
	}{{"/readyz", false, 200}, {"/readyz", true, 503}, {"/metrics", false, 200}} {
		draining.Store(tc.drain)
		req := httptest.NewRequest(http.MethodGet, tc.target, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		resp := rec.Result()
		if resp.StatusCode != tc.status {
			t.Fatalf("GET %s: %d, want %d", tc.target, resp.StatusCode, tc.status)
		}
		if ok, errs := v.ValidateHttpRequestSync(req); !ok {
			t.Errorf("GET %s: the request does not validate:\n%s", tc.target, describe(errs))
		}
		resp.Body = readCloser(rec.Body.Bytes())
		if ok, errs := v.ValidateHttpResponse(req, resp); !ok {
			t.Errorf("GET %s (draining %v): the answer does not validate:\n%s", tc.target, tc.drain, describe(errs))
		}
	}
}
