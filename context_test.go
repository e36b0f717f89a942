package channelpolicy_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/program"
)

// probePolicy, probeDecision and the probe inputs make a rules package of
// the test's own, to watch what EvaluateContext and the handler do
// around a decision.
type probePolicy struct{}

type probeDecision struct {
	Outcome string `json:"outcome"`
}

func (d probeDecision) OutcomeRules() (string, []program.RuleID) { return d.Outcome, nil }

// cancelOnDecode cancels probeCancel when it is decoded: a request whose
// context ends while its input is read.
type cancelOnDecode struct{}

var probeCancel atomic.Pointer[context.CancelFunc]

func (*cancelOnDecode) UnmarshalJSON([]byte) error {
	if c := probeCancel.Load(); c != nil {
		(*c)()
	}
	return nil
}

type cancelInput struct {
	X cancelOnDecode `json:"x"`
}

type slowInput struct {
	Wait int `json:"wait_ms"`
}

// probeRegistry has probe.cancel, whose input cancels probeCancel, and
// probe.slow, which decides after wait_ms milliseconds; the handler only
// serves the second, for it has no schema of the first's input.
func probeRegistry(decided *atomic.Int32, withCancel bool) *channelpolicy.Registry {
	decide := func(_ probePolicy, _ cancelInput) (probeDecision, error) {
		decided.Add(1)
		return probeDecision{"done"}, nil
	}
	slow := func(_ probePolicy, in slowInput) (probeDecision, error) {
		time.Sleep(time.Duration(in.Wait) * time.Millisecond)
		decided.Add(1)
		return probeDecision{"done"}, nil
	}
	ops := []channelpolicy.Operation{channelpolicy.Timeless("probe.slow", "decides after wait_ms milliseconds", slow)}
	if withCancel {
		ops = append(ops, channelpolicy.Timeless("probe.cancel", "cancels the request while its input is decoded", decide))
	}
	return channelpolicy.NewRegistry(channelpolicy.Declare("probe", "a package of the test's own", nil, nil,
		channelpolicy.Policy[probePolicy]{
			Default: func() probePolicy { return probePolicy{} },
			Parse: func(base probePolicy, data []byte) (probePolicy, error) {
				return base, program.DecodeJSON(data, &struct{}{})
			},
		}, ops...))
}

// TestEvaluateContextStopsWhenTheRequestEnds: a context that has ended
// before the input is read, or while it is read, gets no decision: the
// error says the context ended, is not an input error, and its problem
// document is a timeout.
func TestEvaluateContextStopsWhenTheRequestEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := channelpolicy.Default().Policies().EvaluateContext(ctx, "dealreg.expiry", []byte(`{"approved_at":"2026-01-01T00:00:00Z"}`), time.Now())
	if !errors.Is(err, context.Canceled) || errors.Is(err, program.ErrInvalidInput) {
		t.Fatalf("an ended context: %v; want context.Canceled, not an input error", err)
	}
	if p := channelpolicy.EvaluationProblem("dealreg.expiry", err, ""); p.Status != http.StatusServiceUnavailable {
		t.Errorf("problem %d %s, want the timeout problem", p.Status, p.Type)
	}

	var decided atomic.Int32
	set := probeRegistry(&decided, true).Policies()
	if _, err := set.Evaluate("probe.cancel", []byte(`{"x":1}`), time.Time{}); err != nil || decided.Load() != 1 {
		t.Fatalf("without a context: %v, %d decisions; want one", err, decided.Load())
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	probeCancel.Store(&cancel)
	defer probeCancel.Store(nil)
	_, err = set.EvaluateContext(ctx, "probe.cancel", []byte(`{"x":1}`), time.Time{})
	if !errors.Is(err, context.Canceled) || decided.Load() != 1 {
		t.Errorf("a context that ends while the input is decoded: %v, %d decisions; want context.Canceled and no new decision", err, decided.Load())
	}
}

// TestHandlerDoesNotSendALateDecision: a decision made after the
// request's deadline is not sent; the client gets the timeout problem.
func TestHandlerDoesNotSendALateDecision(t *testing.T) {
	var decided atomic.Int32
	h, err := channelpolicy.NewHandler(channelpolicy.Options{Policies: probeRegistry(&decided, false).Policies(), Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		wait   string
		status int
	}{{"0", http.StatusOK}, {"400", http.StatusServiceUnavailable}} {
		req := httptest.NewRequest(http.MethodPost, "/v1/probe/slow", strings.NewReader(`{"wait_ms":`+tc.wait+`}`))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Errorf("a decision taking %s ms under a 100 ms timeout: %d %s; want %d", tc.wait, rec.Code, rec.Body, tc.status)
		}
		if tc.status != http.StatusOK && (strings.Contains(rec.Body.String(), `"outcome"`) || !strings.Contains(rec.Body.String(), "timeout")) {
			t.Errorf("a late decision was sent, or not as the timeout problem: %s", rec.Body)
		}
	}
}
