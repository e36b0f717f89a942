package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
)

// The form's last-activity date is a date; a malformed one is located in
// the form, a well-formed one decides.
func TestLastActivityDateIsReadAsADate(t *testing.T) {
	srv := newTestServer(t)
	var p channelpolicy.Problem
	if code := post(t, srv, "application/json", form(t, map[string]any{"stage": "2", "lastActivityDate": "2026-02-30"}), &p); code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", code)
	}
	if len(p.Errors) != 1 || p.Errors[0].Pointer != "/lastActivityDate" || !strings.Contains(p.Errors[0].Detail, `"2026-02-30" is not a date`) {
		t.Errorf("problem %+v", p)
	}
	var a DealAnswer
	if code := post(t, srv, "application/json", form(t, map[string]any{"stage": "2", "lastActivityDate": "2026-03-01"}), &a); code != http.StatusOK {
		t.Fatalf("status %d, want 200 (%+v)", code, a)
	}
}

// A decision without the instant it was made at is a problem of the form's
// decided-at member, not a decision made at the zero instant.
func TestAReviewWithoutItsInstantIsLocated(t *testing.T) {
	srv := newTestServer(t)
	var p channelpolicy.Problem
	if code := post(t, srv, "application/json", form(t, map[string]any{"stage": "1", "esmDecision": "approved"}), &p); code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400 (%+v)", code, p)
	}
	var got []string
	for _, fe := range p.Errors {
		got = append(got, fe.Pointer)
	}
	if !slices.Equal(got, []string{"/esmDecidedAt"}) {
		t.Errorf("pointers %v, want [/esmDecidedAt] (%+v)", got, p)
	}
}

// lockedBuffer is a log both the server and the test use.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// run serves both routes until its context ends, then shuts down and
// returns without an error.
func TestRunServesUntilItsContextEnds(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var log lockedBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, &log, addr) }()
	var resp *http.Response
	for deadline := time.Now().Add(10 * time.Second); ; {
		if resp, err = http.Get("http://" + addr + "/policy/v1/operations"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the service did not answer: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /policy/v1/operations: %d", resp.StatusCode)
	}
	if !strings.Contains(log.String(), "listening on http://"+addr+"/deals/decision") {
		t.Errorf("log: %s", log.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after its context ended: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after its context ended")
	}
}
