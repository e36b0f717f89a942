package channelpolicy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/channelpolicy/channelpolicy/program"
)

// Options configure [NewHandler]. The zero value serves every operation of
// the default registry under its default policies.
type Options struct {
	// Policies is the policy set decisions are made under; the zero value
	// means Default().Policies(). The handler reads it and never changes it.
	Policies PolicySet
	// MaxBody is the largest request body accepted; 0 means 1 MiB. A larger
	// body is answered 413.
	MaxBody int64
	// Timeout bounds the time from the start of a request to its decision;
	// a request whose body has not all arrived by then, or that is not
	// decided by then, is answered 503, without waiting for the rest of the
	// body, and without deciding an input decoded too late or writing a
	// decision made too late. 0 means 30s.
	Timeout time.Duration
	// Logger receives one line per request, and panics; nil logs nothing.
	Logger *slog.Logger
	// Now is the instant a decision is made at when the request gives
	// none; nil means the current time in UTC.
	Now func() time.Time
	// CORS, when not nil, lets pages on the listed origins call the API
	// from a browser. Off by default.
	CORS *CORS

	// Operating the service (issue 17, metrics and readiness).

	// Metrics, when not nil, is a Prometheus registry that receives the
	// handler's channelpolicy_* metrics too, for an embedder that gathers
	// them with its own. GET /metrics always serves the handler's own
	// registry, never the process's default one, so two handlers in one
	// process count apart; two handlers registering with one Registerer
	// must tell themselves apart, e.g. with prometheus.WrapRegistererWith.
	Metrics prometheus.Registerer
	// Draining, when not nil, says whether the server is shutting down:
	// while it returns true GET /readyz answers 503, so that a load
	// balancer stops sending requests, and every other path is served as
	// usual. nil means never draining.
	Draining func() bool
	// DecisionLog, when not nil, receives a record of every decision
	// served (see [DecisionLog]); the caller closes it after the server
	// stops, to flush it.
	DecisionLog *DecisionLog
	// OnDecision, when not nil, is called with the record of every
	// decision served (its DecisionID set, its input not masked), on the
	// request's goroutine after the answer is written: an embedder's own
	// sink. It must be quick, and must not change the record's Input or
	// Rules, which DecisionLog shares.
	OnDecision func(DecisionRecord)
}

// CORS lists the origins whose browser pages may call the API.
type CORS struct {
	// AllowedOrigins are origins such as "https://crm.example.com", or "*"
	// for any origin.
	AllowedOrigins []string
	// MaxAge is how long a browser may cache a preflight answer; 0 means 10
	// minutes.
	MaxAge time.Duration
}

func (c *CORS) allows(origin string) (string, bool) {
	for _, o := range c.AllowedOrigins {
		if o == "*" {
			return "*", true
		}
		if strings.EqualFold(o, origin) {
			return origin, true
		}
	}
	return "", false
}

// server answers the HTTP API over one policy set that it never changes.
type server struct {
	set     PolicySet
	mux     *http.ServeMux
	maxBody int64
	timeout time.Duration
	log     *slog.Logger
	now     func() time.Time
	cors    *CORS
	// metrics and readiness (metrics.go)
	metrics  *metrics
	draining func() bool
	// the decision log (decisionlog.go), and what its records say of the
	// policy set, worked out once
	dlog         *DecisionLog
	onDecision   func(DecisionRecord)
	policyDigest string
	versions     map[string]string

	// Documents that depend only on the policy set, made once.
	policy     []byte
	operations []byte // with paths from the handler's root
	opList     []opInfo
	schemas    map[string][]byte
	openapi    []byte
}

// opInfo is one entry of GET /v1/operations.
type opInfo struct {
	Name     string `json:"name"`
	Package  string `json:"package"`
	Summary  string `json:"summary"`
	NeedsNow bool   `json:"needs_now"`
	Path     string `json:"path"`
	Schema   string `json:"schema"`
}

// NewHandler returns the HTTP API: POST /v1/{package}/{operation} decides
// the JSON body at the query's now (or the server's clock); GET /healthz,
// /v1/operations, /v1/policy, /v1/schema/{operation} and /v1/openapi.json
// describe it, GET /readyz says whether it takes traffic ([Options].Draining)
// and GET /metrics serves its Prometheus metrics ([Options].Metrics).
// Errors are RFC 9457 problem documents ([Problem]).
//
// The handler serves paths from the root. To mount it under a prefix of an
// existing mux, strip the prefix:
//
//	mux.Handle("/policy/", http.StripPrefix("/policy", h))
//
// It still speaks in the paths the client used: a problem's instance, the
// paths GET /v1/operations lists and the request log carry the prefix
// (taken from the request line, which StripPrefix leaves as it was).
func NewHandler(opts Options) (http.Handler, error) {
	if opts.Policies.reg == nil {
		opts.Policies = Default().Policies()
	}
	s := &server{set: opts.Policies, mux: http.NewServeMux(), maxBody: opts.MaxBody, timeout: opts.Timeout, log: opts.Logger, now: opts.Now, cors: opts.CORS, schemas: map[string][]byte{}}
	if opts.DecisionLog != nil || opts.OnDecision != nil {
		s.dlog, s.onDecision, s.policyDigest, s.versions = opts.DecisionLog, opts.OnDecision, s.set.Digest(), map[string]string{}
		for _, p := range s.set.reg.pkgs {
			s.versions[p.name] = s.set.Version(p.name)
		}
	}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	if s.timeout <= 0 {
		s.timeout = 30 * time.Second
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = func() time.Time { return time.Now().UTC() }
	}
	var err error
	if s.policy, err = s.set.JSON(); err != nil {
		return nil, err
	}
	s.opList = []opInfo{}
	for _, op := range s.set.reg.ops {
		s.opList = append(s.opList, opInfo{op.name, op.pkg, op.summary, op.needsNow, "/v1/" + op.pkg + "/" + op.Short(), "/v1/schema/" + op.name})
		if s.schemas[op.name], err = op.InputSchema(); err != nil {
			return nil, fmt.Errorf("schema of %s: %w", op.name, err)
		}
	}
	if s.operations, err = operationsJSON(s.opList, ""); err != nil {
		return nil, err
	}
	if s.openapi, err = s.set.reg.OpenAPI(); err != nil {
		return nil, err
	}

	s.draining = opts.Draining
	if s.metrics, err = newMetrics(s.set.reg.ops, opts.Metrics, s.decisionLogDropped); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, []byte(`{"status":"ok"}`))
	})
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metrics.handler())
	s.mux.HandleFunc("GET /v1/policy", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.policy)
	})
	s.mux.HandleFunc("GET /v1/operations", s.listOperations)
	s.mux.HandleFunc("GET /v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.openapi)
	})
	s.mux.HandleFunc("GET /v1/schema/{operation}", s.schema)
	s.mux.HandleFunc("POST /v1/{package}/{operation}", s.decide)
	return s, nil
}

// ServeHTTP logs every request and answers the mux's own 404 and 405 with
// problem documents.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	info := &requestInfo{start: start}
	sw := &statusWriter{ResponseWriter: w}
	s.metrics.begin()
	defer s.metrics.done(info, sw, start) // after the log, panics included
	r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("handler panicked", "method", r.Method, "path", requestPath(r), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if sw.status == 0 {
				writeProblem(sw, r, ProblemInternal, "the server failed to answer; the failure is logged", nil)
			}
		}
		s.logRequest(r, sw, info, time.Since(start))
	}()
	if s.cors != nil && s.corsHeaders(sw, r) {
		return
	}
	if h, pattern := s.mux.Handler(r); pattern == "" {
		s.noRoute(sw, r, h)
		return
	}
	s.mux.ServeHTTP(sw, r)
}

// corsHeaders adds the CORS headers for an allowed origin, and answers a
// preflight request (OPTIONS with Access-Control-Request-Method) itself,
// returning true when it did.
func (s *server) corsHeaders(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	w.Header().Add("Vary", "Origin")
	allowed, ok := s.cors.allows(origin)
	if !ok {
		return false
	}
	w.Header().Set("Access-Control-Allow-Origin", allowed)
	w.Header().Set("Access-Control-Expose-Headers", "Channelpolicy-Now")
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	maxAge := s.cors.MaxAge
	if maxAge <= 0 {
		maxAge = 10 * time.Minute
	}
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
	w.Header().Set("Access-Control-Max-Age", fmt.Sprint(int(maxAge.Seconds())))
	w.WriteHeader(http.StatusNoContent)
	return true
}

// noRoute answers a request no pattern matches: the mux decides between
// 404 and 405 (and the Allow header), and the answer becomes a problem.
func (s *server) noRoute(w http.ResponseWriter, r *http.Request, h http.Handler) {
	rec := &discardWriter{header: http.Header{}}
	h.ServeHTTP(rec, r)
	if rec.status == http.StatusMethodNotAllowed {
		allow := rec.header.Get("Allow")
		w.Header().Set("Allow", allow)
		writeProblem(w, r, ProblemMethod, fmt.Sprintf("%s is not allowed on %s; allowed: %s", r.Method, requestPath(r), allow), nil)
		return
	}
	writeProblem(w, r, ProblemNotFound, fmt.Sprintf("nothing is served at %s; GET %s/v1/operations lists the operations", requestPath(r), pathPrefix(r)), nil)
}

// listOperations answers GET /v1/operations. Under a path prefix (the
// handler mounted with http.StripPrefix) the paths it lists carry the
// prefix, so that a client can follow them.
func (s *server) listOperations(w http.ResponseWriter, r *http.Request) {
	prefix := pathPrefix(r)
	if prefix == "" {
		writeJSON(w, http.StatusOK, s.operations)
		return
	}
	out, err := operationsJSON(s.opList, prefix)
	if err != nil { // only strings and bools: cannot happen
		writeProblem(w, r, ProblemInternal, "the operations could not be listed; the failure is logged", nil)
		s.log.Error("operations not encodable", "error", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func operationsJSON(ops []opInfo, prefix string) ([]byte, error) {
	if prefix != "" {
		ops = slices.Clone(ops)
		for i := range ops {
			ops[i].Path = prefix + ops[i].Path
			ops[i].Schema = prefix + ops[i].Schema
		}
	}
	return json.Marshal(struct {
		Operations []opInfo `json:"operations"`
	}{ops})
}

// requestPath is the path the client asked for, escaped. Under
// http.StripPrefix r.URL has lost the prefix, but r.RequestURI, as the
// client sent it, has not; a request made in-process without one falls back
// to r.URL.
func requestPath(r *http.Request) string {
	if r.RequestURI != "" && r.RequestURI != "*" {
		if u, err := url.ParseRequestURI(r.RequestURI); err == nil && u.Path != "" {
			return u.EscapedPath()
		}
	}
	return r.URL.EscapedPath()
}

// pathPrefix is the part of the client's path that a mux in front of the
// handler stripped ("/policy" for /policy/v1/operations), or "".
func pathPrefix(r *http.Request) string {
	full, own := requestPath(r), r.URL.EscapedPath()
	if len(full) > len(own) && strings.HasSuffix(full, own) {
		return full[:len(full)-len(own)]
	}
	return ""
}

func (s *server) schema(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("operation")
	doc, ok := s.schemas[name]
	if !ok {
		writeProblem(w, r, ProblemUnknownOperation, fmt.Sprintf("%q is not an operation; GET %s/v1/operations lists them", name, pathPrefix(r)), nil)
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

// decide answers POST /v1/{package}/{operation}: the request body is the
// operation's input, as eval reads it, and the answer is its decision.
func (s *server) decide(w http.ResponseWriter, r *http.Request) {
	pkg, name := r.PathValue("package"), r.PathValue("package")+"."+r.PathValue("operation")
	info := infoOf(r)
	if _, ok := s.set.reg.Package(pkg); !ok {
		writeProblem(w, r, ProblemUnknownOperation, fmt.Sprintf("%q is not a package; GET %s/v1/operations lists the operations", pkg, pathPrefix(r)), nil)
		return
	}
	if _, ok := s.set.reg.Lookup(name); !ok {
		writeProblem(w, r, ProblemUnknownOperation, fmt.Sprintf("%q is not an operation; GET %s/v1/operations lists them", name, pathPrefix(r)), nil)
		return
	}
	info.operation = name
	if problem := checkContentType(r.Header.Get("Content-Type")); problem != "" {
		w.Header().Set("Accept-Post", "application/json")
		writeProblem(w, r, ProblemMediaType, problem, nil)
		return
	}
	now, fe := s.instant(r.URL.RawQuery)
	if fe != nil {
		writeProblem(w, r, ProblemParameter, fe.Error(), []*program.FieldError{fe})
		return
	}
	if r.ContentLength > s.maxBody {
		writeProblem(w, r, ProblemTooLarge, fmt.Sprintf("the body has %d bytes; the limit is %d", r.ContentLength, s.maxBody), nil)
		return
	}
	deadline := time.Now().Add(s.timeout)
	ctx, cancel := context.WithDeadline(r.Context(), deadline)
	defer cancel()
	body, err := s.readBody(ctx, w, r)
	// The connection's read deadline and the context's end at the same
	// instant, and the server cancels the request's own context when the
	// connection's read fails: any of the three may be seen first.
	if errors.Is(err, os.ErrDeadlineExceeded) || ctx.Err() != nil {
		s.ended(ctx, w, r, deadline, errors.Is(err, os.ErrDeadlineExceeded))
		return
	}
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeProblem(w, r, ProblemTooLarge, fmt.Sprintf("the body is longer than the limit of %d bytes", s.maxBody), nil)
			return
		}
		writeProblem(w, r, ProblemBadBody, "the request body could not be read: "+err.Error(), nil)
		return
	}
	res, err := s.set.EvaluateContext(ctx, name, body, now)
	if ctx.Err() != nil {
		// The deadline passed, or the client left, while the input was
		// decoded or decided: the decision, if one was made, is not sent.
		s.ended(ctx, w, r, deadline, false)
		return
	}
	if err != nil {
		p := EvaluationProblem(name, err, requestPath(r))
		if p.Status >= 500 {
			s.log.Error("decision failed", "operation", name, "error", err.Error())
			p.Detail += "; the failure is logged"
		}
		writeProblemDoc(w, r, p)
		return
	}
	out, err := appendMarshal(make([]byte, 0, 1024), res.Decision)
	if err != nil {
		s.log.Error("decision not encodable", "operation", name, "error", err.Error())
		writeProblem(w, r, ProblemInternal, "the decision could not be written as JSON; the failure is logged", nil)
		return
	}
	info.outcome = res.Outcome
	w.Header().Set("Channelpolicy-Now", now.Format(time.RFC3339Nano))
	writeJSON(w, http.StatusOK, out)
	if s.dlog != nil || s.onDecision != nil {
		var latency time.Duration
		if !info.start.IsZero() {
			latency = time.Since(info.start)
		}
		rec := DecisionRecord{
			ServedAt: time.Now().UTC(), Operation: name, Now: now,
			PolicyVersion: s.versions[pkg], PolicyDigest: s.policyDigest,
			Input: body, Outcome: res.Outcome, Rules: res.Rules,
			LatencyMS: float64(latency.Microseconds()) / 1000,
		}
		if s.onDecision != nil {
			rec.DecisionID = DecisionID(name, body, now, s.policyDigest)
			s.onDecision(rec)
		}
		if s.dlog != nil {
			s.dlog.Record(rec)
		}
	}
}

// ended answers a request whose context ended before its decision: 503
// when the deadline passed (the connection's read deadline, the context's
// and the server's cancelling of the request's own context all fall at
// that instant, and any may be seen first), and otherwise, the client
// having gone away, an answer for the log.
func (s *server) ended(ctx context.Context, w http.ResponseWriter, r *http.Request, deadline time.Time, readTimedOut bool) {
	if readTimedOut || errors.Is(ctx.Err(), context.DeadlineExceeded) || !time.Now().Before(deadline) {
		writeProblem(w, r, ProblemTimeout, fmt.Sprintf("the request was not read and decided within %v", s.timeout), nil)
		return
	}
	writeProblem(w, r, ProblemBadBody, "the request was cancelled before it was decided", nil)
}

// readBody reads the request body up to the size limit, giving up when ctx
// is done. On a connection that takes a read deadline (HTTP/1 and HTTP/2 of
// net/http) a body that trickles in is cut off at the deadline; elsewhere
// (a ResponseWriter that hides its connection, a handler called
// in-process) the read is left to finish on its own and the request is
// answered at once.
func (s *server) readBody(ctx context.Context, w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if deadline, ok := ctx.Deadline(); ok {
		_ = http.NewResponseController(w).SetReadDeadline(deadline)
	}
	type read struct {
		body []byte
		err  error
	}
	done := make(chan read, 1)
	go func() {
		// w is not given to MaxBytesReader: the read may outlive the
		// handler, and must not touch the response then. A body that says
		// its length is read into one buffer of that length.
		buf := bytes.NewBuffer(make([]byte, 0, min(max(r.ContentLength, 0), s.maxBody)+1))
		_, err := buf.ReadFrom(http.MaxBytesReader(nil, r.Body, s.maxBody))
		done <- read{buf.Bytes(), err}
	}()
	select {
	case res := <-done:
		return res.body, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// checkContentType returns why v is not a JSON media type, or "" when it
// is one: application/json, with no charset or charset utf-8.
func checkContentType(v string) string {
	if v == "" {
		return "the request has no Content-Type; send the input as application/json"
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil || mt != "application/json" {
		return fmt.Sprintf("Content-Type %q is not application/json", v)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return fmt.Sprintf("charset %q is not supported; send UTF-8", cs)
	}
	return ""
}

// instant reads the decision instant from the query: now=RFC 3339, or the
// server's clock when absent. Any other parameter is an error, so that a
// misspelt one is not silently ignored.
func (s *server) instant(rawQuery string) (time.Time, *program.FieldError) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return time.Time{}, &program.FieldError{Parameter: "query", Detail: "malformed query string: " + err.Error()}
	}
	for _, k := range slices.Sorted(maps.Keys(q)) { // sorted: the same request gets the same answer
		switch k {
		case "now":
		case "": // "?=x": a parameter has no name to be located by
			return time.Time{}, &program.FieldError{Parameter: "query", Detail: "a parameter without a name; the only one is now"}
		default:
			return time.Time{}, &program.FieldError{Parameter: k, Detail: "not a query parameter; the only one is now"}
		}
	}
	vs, ok := q["now"]
	if !ok {
		return s.now(), nil
	}
	if len(vs) != 1 {
		return time.Time{}, &program.FieldError{Parameter: "now", Detail: "given more than once"}
	}
	t, err := program.ParseInstant(vs[0])
	if err != nil {
		problem := fmt.Sprintf("%q is not an RFC 3339 instant such as 2026-03-20T09:00:00Z", vs[0])
		if strings.Contains(vs[0], " ") {
			problem += " (a + in a query string means a space: write it as %2B)"
		}
		return time.Time{}, &program.FieldError{Parameter: "now", Detail: problem}
	}
	return t, nil
}

func writeProblem(w http.ResponseWriter, r *http.Request, k ProblemKind, detail string, errs []*program.FieldError) {
	writeProblemDoc(w, r, NewProblem(k, detail, requestPath(r), errs))
}

func writeProblemDoc(w http.ResponseWriter, r *http.Request, p Problem) {
	infoOf(r).problem = strings.TrimPrefix(p.Type, ProblemBase)
	out, err := json.Marshal(p)
	if err != nil { // only strings and ints: cannot happen, but never answer nothing
		out = []byte(`{"type":"` + ProblemBase + `internal-error","status":500}`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	w.Write(append(out, '\n'))
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(body)
	if len(body) > 0 && body[len(body)-1] != '\n' {
		w.Write([]byte{'\n'})
	}
}

// Request logs.

type requestInfoKey struct{}

// requestInfo is what a handler tells the request log.
type requestInfo struct {
	operation, outcome, problem string
	start                       time.Time
}

// infoOf returns the request's log record; a request that did not come
// through server.ServeHTTP gets one nobody reads.
func infoOf(r *http.Request) *requestInfo {
	if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{}
}

func (s *server) logRequest(r *http.Request, sw *statusWriter, info *requestInfo, d time.Duration) {
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", requestPath(r)),
		slog.Int("status", status),
		slog.Duration("duration", d),
		slog.Int64("bytes", sw.bytes),
	}
	if info.operation != "" {
		attrs = append(attrs, slog.String("operation", info.operation))
	}
	if info.outcome != "" {
		attrs = append(attrs, slog.String("outcome", info.outcome))
	}
	if info.problem != "" {
		attrs = append(attrs, slog.String("problem", info.problem))
	}
	level := slog.LevelInfo
	// A 5xx is an error, except /readyz saying the server is draining: that
	// is the answer a load balancer is meant to get.
	if status >= 500 && !(status == http.StatusServiceUnavailable && strings.HasSuffix(r.URL.Path, "/readyz")) {
		level = slog.LevelError
	}
	s.log.LogAttrs(r.Context(), level, "request", attrs...)
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// discardWriter keeps the status and headers of the mux's own error
// answers and drops their plain-text bodies.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *discardWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(b), nil
}
