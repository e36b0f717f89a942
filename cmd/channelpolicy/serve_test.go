package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The handler itself (decisions, problems, CORS, limits, logs) is tested in
// the root package, handler_test.go. These tests cover what serve adds:
// flags, signals, draining, and the command end to end.

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
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
		{[]string{"serve", "--policy", "testdata/bad-policy.json"}, "testdata/bad-policy.json: /dealreg/expiry_days: "},
		{[]string{"serve", "--addr", "127.0.0.1:99999"}, "channelpolicy: "},
		{[]string{"serve", "--bogus"}, "Usage: channelpolicy serve"},
	} {
		r := cli(t, nil, tt.args...)
		expect(t, r, 2, nil, []string{tt.stderr})
		if r.stdout != "" {
			t.Errorf("%v: stdout %q, want everything on stderr", tt.args, r.stdout)
		}
	}
}

func TestCORSFlag(t *testing.T) {
	if c := cors(""); c != nil {
		t.Errorf("no origins: %+v, want CORS off", c)
	}
	if c := cors(" , "); c != nil {
		t.Errorf("blank origins: %+v, want CORS off", c)
	}
	c := cors("https://a.example.com, https://b.example.com,")
	if c == nil || !slices.Equal(c.AllowedOrigins, []string{"https://a.example.com", "https://b.example.com"}) {
		t.Errorf("cors = %+v", c)
	}
}

// TestServeCommand runs the built command on a free loopback port with its
// flags, asks it for its health, a decision, a preflight and a body over
// the limit, and stops it with SIGTERM.
func TestServeCommand(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "decisions.jsonl")
	cmd := exec.Command(binaryPath(t), "serve", "--addr", "127.0.0.1:0", "--policy", "testdata/policies-60.json",
		"--max-body", "1KiB", "--cors-origins", "https://crm.example.com",
		"--decision-log", logPath, "--decision-log-mask", "/partner/id", "--decision-log-hash")
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

	// --cors-origins: a page on the origin may call the API.
	req, _ := http.NewRequest(http.MethodOptions, base+"/v1/dealreg/route", nil)
	req.Header.Set("Origin", "https://crm.example.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "https://crm.example.com" {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	next()
	// --max-body 1KiB: the registration padded past 1024 bytes is refused.
	big := append(readFile(t, "testdata/registration.json"), bytes.Repeat([]byte(" "), 1024)...)
	resp, err = http.Post(base+"/v1/dealreg/route", "application/json", bytes.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over --max-body: %d", resp.StatusCode)
	}
	var l logLine
	if json.Unmarshal(next(), &l); l.Status != 413 || l.Problem != "body-too-large" {
		t.Errorf("log line %+v", l)
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

	// --decision-log: the one decision served is in the log, flushed at
	// shutdown, with the masked partner ID hashed; replayed under the
	// policy it was served with, it reproduces — except that a masked
	// record cannot be replayed, so it is skipped and counted.
	logged := readFile(t, logPath)
	if n := bytes.Count(logged, []byte("\n")); n != 1 || !bytes.Contains(logged, []byte(`"operation":"dealreg.route"`)) ||
		!bytes.Contains(logged, []byte(`"id":"sha256:`)) || !bytes.Contains(logged, []byte(`"masked":true`)) {
		t.Errorf("decision log (%d lines):\n%s", n, logged)
	}
	r := cli(t, nil, "diff", "--check", "--old", "testdata/policies-60.json", "--log", logPath)
	expect(t, r, 0, []string{"0 decisions replayed, 0 no longer reproduce, 1 skipped (masked input)"}, nil)
	r = cli(t, nil, "diff", "--new", "testdata/policies-60.json", "--log", logPath)
	expect(t, r, 0, []string{"0 decisions", "1 of 1 logged decisions skipped: their input was masked"}, nil)
}

// TestEvalDecisionLogAndReplay: eval --decision-log records each decision;
// diff --log replays them under another policy and --check fails when a
// decision no longer reproduces.
func TestEvalDecisionLogAndReplay(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "decisions.jsonl")
	line := bytes.ReplaceAll(readFile(t, "testdata/registration.json"), []byte("\n"), nil)
	stream := bytes.Repeat(append(line, '\n'), 3)
	r := cli(t, bytes.NewReader(stream), "eval", "dealreg.route", "--jsonl", "--now", now, "--decision-log", logPath)
	expect(t, r, 0, nil, nil)
	if n := bytes.Count(readFile(t, logPath), []byte("\n")); n != 3 {
		t.Fatalf("%d records for 3 decisions", n)
	}
	expect(t, cli(t, nil, "diff", "--check", "--log", logPath), 0, []string{"3 decisions replayed, 0 no longer reproduce, 0 skipped"}, nil)
	// Approved 13 March and decided on 20 March: under a 5-day expiry the
	// decisions stay approved but have expired, so their reasons change,
	// and --check against that policy lists each.
	five := filepath.Join(t.TempDir(), "expiry-5.json")
	if err := os.WriteFile(five, []byte(`{"dealreg": {"expiry_days": 5}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	expect(t, cli(t, nil, "diff", "--new", five, "--log", logPath), 0, []string{"3 decisions, 0 changed outcome, 3 changed reasons only"}, nil)
	r = cli(t, nil, "diff", "--check", "--old", five, "--log", logPath)
	expect(t, r, 1, []string{"MOVED line 1", "3 no longer reproduce"}, nil)
	expect(t, cli(t, nil, "diff", "--old", five, "--new", five, logPath), 0, []string{"3 decisions, 0 changed outcome, 0 changed reasons only"}, nil)
	notLog := filepath.Join(t.TempDir(), "cases.json")
	os.WriteFile(notLog, []byte(`{}`), 0o644)
	expect(t, cli(t, nil, "diff", "--check", notLog), 2, nil, []string{"--check goes with a log"})
	expect(t, cli(t, nil, "diff", "--new", five, "--log", logPath, notLog), 2, nil, []string{"or --log LOG"})
}

// TestEvalDecisionLogExpiry60: single-input evals at three instants append
// to one log; replayed with the handbook's 90 days every decision
// reproduces, and under 60 days the two it moves are listed.
func TestEvalDecisionLogExpiry60(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "decisions.jsonl")
	input := []byte(`{"approved_at":"2026-01-01T00:00:00Z"}`)
	// Approved 1 January: active on 1 February under 90 and 60 days; on 15
	// and 20 March active under 90 (expires 1 April), expired under 60
	// (2 March).
	for _, at := range []string{"2026-02-01T00:00:00Z", "2026-03-15T00:00:00Z", "2026-03-20T00:00:00Z"} {
		r := cli(t, bytes.NewReader(input), "eval", "dealreg.expiry", "--now", at, "--decision-log", logPath)
		expect(t, r, 0, []string{`"outcome": "active"`}, nil)
	}
	logged := readFile(t, logPath)
	if n := bytes.Count(logged, []byte("\n")); n != 3 || !bytes.Contains(logged, []byte(`"now":"2026-03-20T00:00:00Z"`)) {
		t.Fatalf("decision log (%d lines):\n%s", n, logged)
	}
	expect(t, cli(t, nil, "diff", "--check", "--log", logPath), 0, []string{"3 decisions replayed, 0 no longer reproduce, 0 skipped"}, nil)
	r := cli(t, nil, "diff", "--new", "testdata/policies-60.json", logPath)
	expect(t, r, 0, []string{"3 decisions, 2 changed outcome", "active -> expired: 2 (e.g. line 2, line 3)"}, nil)
	r = cli(t, nil, "diff", "--check", "--old", "testdata/policies-60.json", "--log", logPath)
	expect(t, r, 1, []string{"MOVED line 2", "MOVED line 3", "2 no longer reproduce"}, []string{})
}

// TestEvalDecisionLogMask: eval masks the logged input as serve does, and
// replay skips the masked record and counts it.
func TestEvalDecisionLogMask(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "decisions.jsonl")
	input := []byte(`{"approved_at":"2026-01-01T00:00:00Z"}`)
	r := cli(t, bytes.NewReader(input), "eval", "dealreg.expiry", "--now", "2026-02-01T00:00:00Z",
		"--decision-log", logPath, "--decision-log-mask", "/approved_at", "--decision-log-hash")
	expect(t, r, 0, []string{`"outcome": "active"`}, nil)
	logged := readFile(t, logPath)
	if bytes.Contains(logged, []byte("2026-01-01T00:00:00Z")) || !bytes.Contains(logged, []byte(`"approved_at":"sha256:`)) || !bytes.Contains(logged, []byte(`"masked":true`)) {
		t.Fatalf("masked record:\n%s", logged)
	}
	expect(t, cli(t, nil, "diff", "--check", "--log", logPath), 0, []string{"0 decisions replayed, 0 no longer reproduce, 1 skipped"}, nil)
	r = cli(t, bytes.NewReader(input), "eval", "dealreg.expiry", "--decision-log", logPath, "--decision-log-mask", "approved_at")
	expect(t, r, 2, nil, []string{"not a JSON Pointer"})
}
