package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook"
)

// TestServeLoad sends 20,000 deal registrations from 32 goroutines to the
// API over loopback TCP and reports requests per second and latency
// percentiles. It fails on errors only (a transport error, a status other
// than 200, a wrong decision), never on timing: the figures depend on the
// machine and are for the reader.
func TestServeLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 requests over loopback; run without -short")
	}
	const (
		requests = 20000
		workers  = 32
	)
	reg := casebook.Default()
	h, err := newServer(reg, serverOptions{Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h) // listens on 127.0.0.1
	defer srv.Close()

	body := readFile(t, "testdata/registration.json")
	var want bytes.Buffer
	json.Compact(&want, decision(t, reg, "dealreg.route", body, clock))
	// One kept-alive connection per worker, so that the test measures the
	// server rather than connection set-up (and leaves no TIME_WAIT pile).
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConns: workers, MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers},
		Timeout:   30 * time.Second,
	}
	defer client.CloseIdleConnections()
	url := srv.URL + "/v1/dealreg/route"

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
				err = once(client, url, body, &buf, want.Bytes())
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
	if len(latencies) != requests {
		t.Fatalf("%d requests answered, want %d", len(latencies), requests)
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%d POST /v1/dealreg/route from %d goroutines over loopback in %v: %.0f requests/s; latency p50 %v, p99 %v, max %v",
		requests, workers, elapsed.Round(time.Millisecond), float64(requests)/elapsed.Seconds(),
		pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), latencies[len(latencies)-1].Round(time.Microsecond))
}

// once sends one registration and checks the answer is the expected decision.
func once(client *http.Client, url string, body []byte, buf *bytes.Buffer, want []byte) error {
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
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
