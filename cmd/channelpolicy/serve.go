package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/channelpolicy/channelpolicy"
)

// The HTTP mode answers the same operations as eval, one JSON input per
// request, with channelpolicy.NewHandler; this file only wires flags,
// signals and logging. The policy set is loaded once at start; no request
// changes it.

// serveHelp is serve's --help beyond its summary.
const serveHelp = `
Serves POST /v1/PACKAGE/OPERATION for every operation, with GET /healthz,
/readyz and /metrics; SIGINT or SIGTERM drains and stops it.

With --decision-log FILE (- for standard output), every decision served is
appended to FILE as one JSON line: decision_id (the SHA-256 of operation,
compact input, now and policy digest: the same decision has the same ID),
served_at, operation, now, policy_version, policy_digest, input, outcome,
rules and latency_ms. --decision-log-mask /end_user/email,/partner/id drops
those values from the logged input, or with --decision-log-hash replaces
each by "sha256:" and the hash of its JSON; such a record says
"masked": true and cannot be replayed. Records wait in a bounded queue: a
decision never waits for the log, a record that finds the queue full is
dropped and counted (channelpolicy_decision_log_dropped_total), and
shutdown writes every queued record before serve exits. Replay a log with
'channelpolicy diff --new POLICY --log FILE' or check it still reproduces
with 'channelpolicy diff --check --log FILE'.
`

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
	drainDelay := fs.Duration("drain-delay", 0, "time to go on serving after SIGINT or SIGTERM with /readyz answering 503, so that a load balancer stops sending requests before the listener closes (set it above the readiness probe's period)")
	quiet := fs.Bool("quiet", false, "log only warnings and errors (no request or start-up lines)")
	logPath := fs.String("decision-log", "", "write a record of every decision served to `FILE` (- for standard output), one JSON line each; flushed on shutdown")
	logMask := fs.String("decision-log-mask", "", "comma-separated JSON `POINTERS` (such as /end_user/email) whose values are dropped from logged inputs")
	logHash := fs.Bool("decision-log-hash", false, "replace masked values by the SHA-256 of their JSON instead of dropping them")
	corsOrigins := fs.String("cors-origins", "", "comma-separated `ORIGINS` whose browser pages may call the API (such as https://crm.example.com, or *); off when empty")
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
	if *drainDelay < 0 {
		fmt.Fprintf(e.stderr, "channelpolicy serve: --drain-delay: %v is negative\n", *drainDelay)
		return exitBadCall
	}
	set, err := policySet(*policyFile)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	level := slog.LevelInfo
	if *quiet {
		level = slog.LevelWarn
	}
	logger := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	served := &drainingHandler{delay: *drainDelay}
	dlog, closeLog, err := openDecisionLog(*logPath, *logMask, *logHash, e)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	h, err := channelpolicy.NewHandler(channelpolicy.Options{Policies: set, MaxBody: int64(maxBody), Timeout: *read, Logger: logger, CORS: cors(*corsOrigins), Draining: served.draining.Load, DecisionLog: dlog})
	if err != nil {
		closeLog()
		return fail(e, exitFailed, err)
	}
	served.Handler = h
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		closeLog()
		return fail(e, exitBadCall, err)
	}
	srv := &http.Server{
		Handler:           served,
		ReadHeaderTimeout: *readHeader,
		ReadTimeout:       *read,
		WriteTimeout:      *write,
		IdleTimeout:       *idle,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger.Info("listening", "addr", ln.Addr().String(), "policy", *policyFile, "max_body", int64(maxBody))
	served2 := serveUntil(ctx, stop, srv, ln, *shutdown, logger)
	if err := closeLog(); err != nil { // after the last request: flushes every record
		logger.Error("decision log", "error", err.Error())
	}
	if served2 != nil {
		return fail(e, exitFailed, served2)
	}
	return exitOK
}

// openDecisionLog opens the --decision-log file (or standard output for
// -); closeLog flushes and closes it, and is a no-op without one.
func openDecisionLog(path, masks string, hash bool, e env) (*channelpolicy.DecisionLog, func() error, error) {
	if path == "" {
		return nil, func() error { return nil }, nil
	}
	mask, err := decisionLogMask(masks)
	if err != nil {
		return nil, nil, err
	}
	w, closeFile := e.stdout, func() error { return nil }
	if path != "-" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, err
		}
		w, closeFile = f, f.Close
	}
	l := channelpolicy.NewDecisionLog(w, channelpolicy.DecisionLogOptions{Mask: mask, Hash: hash})
	return l, func() error {
		err := l.Close()
		if cerr := closeFile(); err == nil {
			err = cerr
		}
		return err
	}, nil
}

// decisionLogMask reads --decision-log-mask: comma-separated JSON Pointers.
func decisionLogMask(masks string) ([]string, error) {
	var mask []string
	for _, m := range strings.Split(masks, ",") {
		if m = strings.TrimSpace(m); m != "" {
			if !strings.HasPrefix(m, "/") {
				return nil, fmt.Errorf("--decision-log-mask: %q is not a JSON Pointer such as /end_user/email", m)
			}
			mask = append(mask, m)
		}
	}
	return mask, nil
}

// serveUntil serves on ln until ctx is done, then shuts srv down, giving
// requests in flight up to grace to finish. stop is called once ctx is done
// so that a second signal ends the process at once. When srv's handler is a
// drainingHandler it is set draining first (its /readyz answers 503) and
// served on for its delay before the shutdown begins.
func serveUntil(ctx context.Context, stop func(), srv *http.Server, ln net.Listener, grace time.Duration, logger *slog.Logger) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err // Serve never returns nil
	case <-ctx.Done():
	}
	stop()
	if d, ok := srv.Handler.(*drainingHandler); ok {
		d.draining.Store(true)
		if d.delay > 0 {
			logger.Info("draining", "delay", d.delay.String())
			select {
			case <-time.After(d.delay):
			case err := <-served:
				return err
			}
		}
	}
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

// drainingHandler is the handler serve serves: the API, with the flag its
// /readyz reads ([channelpolicy.Options].Draining), which serveUntil sets
// when shutdown begins, and the time to go on serving after that.
type drainingHandler struct {
	http.Handler
	draining atomic.Bool
	delay    time.Duration
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

// cors turns --cors-origins into the handler's option; empty is off.
func cors(origins string) *channelpolicy.CORS {
	var list []string
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			list = append(list, o)
		}
	}
	if len(list) == 0 {
		return nil
	}
	return &channelpolicy.CORS{AllowedOrigins: list}
}
