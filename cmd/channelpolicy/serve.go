package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

// The HTTP mode answers the same operations as eval, one JSON input per
// request. The policy set is loaded once at start; no request changes it, so
// every handler reads the registry without locks.

func runServe(args []string, e env) int {
	fs := newFlags("serve", e)
	addr := fs.String("addr", "127.0.0.1:8080", "the `HOST:PORT` to listen on; port 0 picks a free port (the \"listening\" log line names it)")
	policyFile := fs.String("policy", "", "a policy set `FILE` (see 'channelpolicy policy') laid over the defaults, read once at start")
	maxBody := byteSize(1 << 20)
	fs.Var(&maxBody, "max-body", "the largest request body accepted: a `SIZE` in bytes or with a unit (KiB, MiB, KB, MB); larger bodies get 413")
	readHeader := fs.Duration("read-header-timeout", 5*time.Second, "time allowed to read a request's headers")
	read := fs.Duration("read-timeout", 30*time.Second, "time allowed to read a whole request, body included")
	write := fs.Duration("write-timeout", 30*time.Second, "time allowed from the end of the request headers to the end of the response")
	idle := fs.Duration("idle-timeout", 2*time.Minute, "time a kept-alive connection may wait for its next request")
	shutdown := fs.Duration("shutdown-timeout", 10*time.Second, "time requests in flight get to finish after SIGINT or SIGTERM")
	quiet := fs.Bool("quiet", false, "log only warnings and errors (no request or start-up lines)")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "channelpolicy serve: takes no arguments, got %q; operations are chosen by the request path\n", pos[0])
		return exitBadCall
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"read-header-timeout", *readHeader}, {"read-timeout", *read}, {"write-timeout", *write}, {"idle-timeout", *idle}, {"shutdown-timeout", *shutdown}} {
		if d.v <= 0 {
			fmt.Fprintf(e.stderr, "channelpolicy serve: --%s: %v is not a positive duration such as 5s\n", d.name, d.v)
			return exitBadCall
		}
	}
	reg, err := registry(*policyFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	level := slog.LevelInfo
	if *quiet {
		level = slog.LevelWarn
	}
	logger := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	h, err := newServer(reg, serverOptions{MaxBody: int64(maxBody), Logger: logger})
	if err != nil {
		return fail(e, exitFailed, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: *readHeader,
		ReadTimeout:       *read,
		WriteTimeout:      *write,
		IdleTimeout:       *idle,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger.Info("listening", "addr", ln.Addr().String(), "policy", *policyFile, "max_body", int64(maxBody))
	if err := serveUntil(ctx, stop, srv, ln, *shutdown, logger); err != nil {
		return fail(e, exitFailed, err)
	}
	return exitOK
}

// serveUntil serves on ln until ctx is done, then shuts srv down, giving
// requests in flight up to grace to finish. stop is called once ctx is done
// so that a second signal ends the process at once.
func serveUntil(ctx context.Context, stop func(), srv *http.Server, ln net.Listener, grace time.Duration, logger *slog.Logger) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err // Serve never returns nil
	case <-ctx.Done():
	}
	stop()
	logger.Info("shutting down", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		<-served
		return fmt.Errorf("requests still in flight after %v: %w", grace, err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// byteSize is a --max-body value: a count of bytes, optionally with a unit.
type byteSize int64

var byteUnits = []struct {
	suffix string
	n      int64
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}

func (b *byteSize) String() string {
	n := int64(*b)
	for i := 2; i >= 0; i-- { // GiB, MiB, KiB: the largest that divides
		if u := byteUnits[i]; n >= u.n && n%u.n == 0 {
			return fmt.Sprintf("%d%s", n/u.n, u.suffix)
		}
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(s string) error {
	digits, unit := strings.TrimSpace(s), int64(1)
	for _, u := range byteUnits {
		if len(digits) > len(u.suffix) && strings.EqualFold(digits[len(digits)-len(u.suffix):], u.suffix) {
			digits, unit = strings.TrimSpace(digits[:len(digits)-len(u.suffix)]), u.n
			break
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/unit {
		return fmt.Errorf("%q is not a positive size such as 1MiB, 512KiB or 65536", s)
	}
	*b = byteSize(n * unit)
	return nil
}

// serverOptions configure newServer.
type serverOptions struct {
	// MaxBody is the largest request body accepted; 0 means 1 MiB.
	MaxBody int64
	// Logger receives one line per request, and panics; nil logs nothing.
	Logger *slog.Logger
	// Now is the instant a decision is made at when the request gives
	// none; nil means the current time in UTC.
	Now func() time.Time
}

// server answers the HTTP API over one registry that it never changes.
type server struct {
	reg     *casebook.Registry
	mux     *http.ServeMux
	maxBody int64
	log     *slog.Logger
	now     func() time.Time

	// Documents that depend only on the registry, made once.
	policy     []byte
	operations []byte
	schemas    map[string][]byte
}

// newServer returns the handler of the HTTP API over reg. reg must not be
// changed afterwards: handlers read it from many goroutines at once.
func newServer(reg *casebook.Registry, opts serverOptions) (http.Handler, error) {
	s := &server{reg: reg, mux: http.NewServeMux(), maxBody: opts.MaxBody, log: opts.Logger, now: opts.Now, schemas: map[string][]byte{}}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = func() time.Time { return time.Now().UTC() }
	}
	var err error
	if s.policy, err = reg.PoliciesJSON(); err != nil {
		return nil, err
	}
	type opInfo struct {
		Name     string `json:"name"`
		Package  string `json:"package"`
		Summary  string `json:"summary"`
		NeedsNow bool   `json:"needs_now"`
		Path     string `json:"path"`
		Schema   string `json:"schema"`
	}
	ops := []opInfo{}
	for _, p := range reg.Packages() {
		for _, op := range p.Operations {
			short := strings.TrimPrefix(op.Name, p.Name+".")
			ops = append(ops, opInfo{op.Name, p.Name, op.Summary, op.NeedsNow, "/v1/" + p.Name + "/" + short, "/v1/schema/" + op.Name})
			schema, err := inputSchema(reg, op.Name)
			if err != nil {
				return nil, err
			}
			if s.schemas[op.Name], err = json.Marshal(schema); err != nil {
				return nil, fmt.Errorf("schema of %s: %w", op.Name, err)
			}
		}
	}
	if s.operations, err = json.Marshal(struct {
		Operations []opInfo `json:"operations"`
	}{ops}); err != nil {
		return nil, err
	}

	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, []byte(`{"status":"ok"}`))
	})
	s.mux.HandleFunc("GET /v1/policy", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.policy)
	})
	s.mux.HandleFunc("GET /v1/operations", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.operations)
	})
	s.mux.HandleFunc("GET /v1/schema/{operation}", s.schema)
	s.mux.HandleFunc("POST /v1/{package}/{operation}", s.decide)
	return s, nil
}

// ServeHTTP logs every request and answers the mux's own 404 and 405 with
// problem documents.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	info := &requestInfo{}
	sw := &statusWriter{ResponseWriter: w}
	r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("handler panicked", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if sw.status == 0 {
				writeProblem(sw, r, probInternal, "the server failed to answer; the failure is logged", nil)
			}
		}
		s.logRequest(r, sw, info, time.Since(start))
	}()
	if h, pattern := s.mux.Handler(r); pattern == "" {
		s.noRoute(sw, r, h)
		return
	}
	s.mux.ServeHTTP(sw, r)
}

// noRoute answers a request no pattern matches: the mux decides between
// 404 and 405 (and the Allow header), and the answer becomes a problem.
func (s *server) noRoute(w http.ResponseWriter, r *http.Request, h http.Handler) {
	rec := &discardWriter{header: http.Header{}}
	h.ServeHTTP(rec, r)
	if rec.status == http.StatusMethodNotAllowed {
		allow := rec.header.Get("Allow")
		w.Header().Set("Allow", allow)
		writeProblem(w, r, probMethod, fmt.Sprintf("%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, allow), nil)
		return
	}
	writeProblem(w, r, probNotFound, fmt.Sprintf("nothing is served at %s; GET /v1/operations lists the operations", r.URL.Path), nil)
}

func (s *server) schema(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("operation")
	doc, ok := s.schemas[name]
	if !ok {
		writeProblem(w, r, probUnknownOperation, fmt.Sprintf("%q is not an operation; GET /v1/operations lists them", name), nil)
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

// decide answers POST /v1/{package}/{operation}: the request body is the
// operation's input, as eval reads it, and the answer is its decision.
func (s *server) decide(w http.ResponseWriter, r *http.Request) {
	pkg, name := r.PathValue("package"), r.PathValue("package")+"."+r.PathValue("operation")
	info := infoOf(r)
	if _, ok := s.reg.Package(pkg); !ok {
		writeProblem(w, r, probUnknownOperation, fmt.Sprintf("%q is not a package; GET /v1/operations lists the operations", pkg), nil)
		return
	}
	if _, _, ok := s.reg.Lookup(name); !ok {
		writeProblem(w, r, probUnknownOperation, fmt.Sprintf("%q is not an operation; GET /v1/operations lists them", name), nil)
		return
	}
	info.operation = name
	if problem := checkContentType(r.Header.Get("Content-Type")); problem != "" {
		w.Header().Set("Accept-Post", "application/json")
		writeProblem(w, r, probMediaType, problem, nil)
		return
	}
	now, fe := s.instant(r.URL.RawQuery)
	if fe != nil {
		writeProblem(w, r, probParameter, fe.Field+": "+fe.Problem, []*program.FieldError{fe})
		return
	}
	if r.ContentLength > s.maxBody {
		writeProblem(w, r, probTooLarge, fmt.Sprintf("the body has %d bytes; the limit is %d", r.ContentLength, s.maxBody), nil)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeProblem(w, r, probTooLarge, fmt.Sprintf("the body is longer than the limit of %d bytes", s.maxBody), nil)
			return
		}
		writeProblem(w, r, probBadBody, "the request body could not be read: "+err.Error(), nil)
		return
	}
	res, err := s.reg.Evaluate(name, nil, body, now)
	if err != nil {
		if errors.Is(err, program.ErrInvalidInput) {
			fes := program.FieldErrors(err)
			writeProblem(w, r, probInvalidInput, inputDetail(name, fes), fes)
			return
		}
		s.log.Error("decision failed", "operation", name, "error", err.Error())
		writeProblem(w, r, probInternal, "the decision failed for a reason that is not the input's; the failure is logged", nil)
		return
	}
	out, err := json.Marshal(res.Decision)
	if err != nil {
		s.log.Error("decision not encodable", "operation", name, "error", err.Error())
		writeProblem(w, r, probInternal, "the decision could not be written as JSON; the failure is logged", nil)
		return
	}
	info.outcome = res.Outcome
	w.Header().Set("Channelpolicy-Now", now.Format(time.RFC3339Nano))
	writeJSON(w, http.StatusOK, out)
}

func inputDetail(op string, fes []*program.FieldError) string {
	if len(fes) == 1 {
		return fes[0].Error()
	}
	return fmt.Sprintf("the input of %s has %d problems, listed in errors", op, len(fes))
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
		return time.Time{}, &program.FieldError{Field: "query", Problem: "malformed query string: " + err.Error()}
	}
	for _, k := range slices.Sorted(maps.Keys(q)) { // sorted: the same request gets the same answer
		if k != "now" {
			return time.Time{}, &program.FieldError{Field: k, Problem: "not a query parameter; the only one is now"}
		}
	}
	vs, ok := q["now"]
	if !ok {
		return s.now(), nil
	}
	if len(vs) != 1 {
		return time.Time{}, &program.FieldError{Field: "now", Problem: "given more than once"}
	}
	t, err := time.Parse(time.RFC3339Nano, vs[0])
	if err != nil {
		problem := fmt.Sprintf("%q is not an RFC 3339 instant such as 2026-03-20T09:00:00Z", vs[0])
		if strings.Contains(vs[0], " ") {
			problem += " (a + in a query string means a space: write it as %2B)"
		}
		return time.Time{}, &program.FieldError{Field: "now", Problem: problem}
	}
	return t, nil
}

// Problem details (RFC 9457).

const problemBase = "https://github.com/channelpolicy/channelpolicy/problems/"

type problemKind struct {
	slug   string
	title  string
	status int
}

var (
	probInvalidInput     = problemKind{"invalid-input", "The input is not valid for this operation", http.StatusBadRequest}
	probBadBody          = problemKind{"unreadable-body", "The request body could not be read", http.StatusBadRequest}
	probParameter        = problemKind{"invalid-parameter", "A query parameter is not valid", http.StatusBadRequest}
	probNotFound         = problemKind{"not-found", "Nothing is served at this path", http.StatusNotFound}
	probUnknownOperation = problemKind{"unknown-operation", "No such operation", http.StatusNotFound}
	probMethod           = problemKind{"method-not-allowed", "The method is not allowed on this path", http.StatusMethodNotAllowed}
	probTooLarge         = problemKind{"body-too-large", "The request body is too large", http.StatusRequestEntityTooLarge}
	probMediaType        = problemKind{"unsupported-media-type", "The request body must be JSON", http.StatusUnsupportedMediaType}
	probInternal         = problemKind{"internal-error", "The server failed", http.StatusInternalServerError}
)

type problem struct {
	Type     string                `json:"type"`
	Title    string                `json:"title"`
	Status   int                   `json:"status"`
	Detail   string                `json:"detail"`
	Instance string                `json:"instance"`
	Errors   []*program.FieldError `json:"errors,omitempty"`
}

func writeProblem(w http.ResponseWriter, r *http.Request, k problemKind, detail string, errs []*program.FieldError) {
	infoOf(r).problem = k.slug
	out, err := json.Marshal(problem{problemBase + k.slug, k.title, k.status, detail, r.URL.EscapedPath(), errs})
	if err != nil { // only strings and ints: cannot happen, but never answer nothing
		out = []byte(`{"type":"` + problemBase + `internal-error","status":500}`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(k.status)
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
		slog.String("path", r.URL.Path),
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
	if status >= 500 {
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
