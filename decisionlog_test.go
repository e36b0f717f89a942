package channelpolicy_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
)

const orderInput = `{"kind":"new_subscription","end_user":{"email":"it@customer.example","shipping_address":"1 Harbour Road","postal_code":"12345"},"partner_invoice_contact":"billing@partner.example"}`

func logRecords(t *testing.T, b []byte) []channelpolicy.DecisionRecord {
	t.Helper()
	var out []channelpolicy.DecisionRecord
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var r channelpolicy.DecisionRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

// TestDecisionLogRecordsEachServedDecisionOnce: one record per decision,
// none for a refused input, with masked values hashed and the ID stable.
func TestDecisionLogRecordsEachServedDecisionOnce(t *testing.T) {
	var buf bytes.Buffer
	dlog := channelpolicy.NewDecisionLog(&buf, channelpolicy.DecisionLogOptions{Mask: []string{"/end_user/email", "/nothing/here"}, Hash: true})
	h, _ := testHandler(t, channelpolicy.Options{DecisionLog: dlog})
	if w := apiPost("/v1/distribution/order?now=2026-11-20T10:00:00Z", orderInput).do(h); w.Code != 200 {
		t.Fatalf("order: %d %s", w.Code, w.Body)
	}
	apiPost(expiryNow, expiryInput).do(h)
	apiPost(expiryNow, `{"approved_at":"soon"}`).do(h) // refused: no decision, no record
	if err := dlog.Close(); err != nil {
		t.Fatal(err)
	}
	recs := logRecords(t, buf.Bytes())
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2:\n%s", len(recs), buf.Bytes())
	}
	order := recs[0]
	if order.Operation != "distribution.order" || order.Outcome == "" || len(order.Rules) == 0 || !order.Masked ||
		order.PolicyVersion == "" || order.PolicyDigest != channelpolicy.Default().Policies().Digest() {
		t.Errorf("order record: %+v", order)
	}
	if bytes.Contains(order.Input, []byte("it@customer.example")) || !bytes.Contains(order.Input, []byte(`"email":"sha256:`)) {
		t.Errorf("the masked email is not hashed: %s", order.Input)
	}
	if !bytes.Contains(order.Input, []byte("billing@partner.example")) {
		t.Errorf("a member not masked is missing: %s", order.Input)
	}
	want := channelpolicy.DecisionID("distribution.order", []byte(orderInput), time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), order.PolicyDigest)
	if order.DecisionID != want {
		t.Errorf("decision_id %s, want %s (from the unmasked input)", order.DecisionID, want)
	}
	if recs[1].Operation != "dealreg.expiry" || recs[1].Masked || string(recs[1].Input) != expiryInput {
		t.Errorf("expiry record: %+v", recs[1])
	}
}

// blockedWriter blocks every write until released, then keeps what is
// written.
type blockedWriter struct {
	release chan struct{}
	got     *bytes.Buffer
}

func (w blockedWriter) Write(p []byte) (int, error) {
	<-w.release
	return w.got.Write(p)
}

// TestDecisionLogNeverBlocksDecisions: with the writer stuck, decisions go
// on at full speed, the queue's overflow is dropped and counted, and the
// count shows in /metrics.
func TestDecisionLogNeverBlocksDecisions(t *testing.T) {
	w := blockedWriter{release: make(chan struct{}), got: &bytes.Buffer{}}
	dlog := channelpolicy.NewDecisionLog(w, channelpolicy.DecisionLogOptions{Queue: 2})
	h, _ := testHandler(t, channelpolicy.Options{DecisionLog: dlog})
	start := time.Now()
	for range 50 {
		if code := apiPost(expiryNow, expiryInput).do(h).Code; code != 200 {
			t.Fatalf("decision: %d", code)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("50 decisions took %v with the log's writer blocked", d)
	}
	dropped := dlog.Dropped()
	if dropped < 40 { // the queue holds two; the writer took a few before it stuck
		t.Errorf("dropped %d of 50, want most of them", dropped)
	}
	if got := scrape(t, h)["channelpolicy_decision_log_dropped_total"]; got != float64(dropped) {
		t.Errorf("metrics show %v drops, the log %d", got, dropped)
	}
	close(w.release)
	if err := dlog.Close(); err != nil {
		t.Fatal(err)
	}
	if written := len(logRecords(t, w.got.Bytes())); uint64(written)+dropped != 50 {
		t.Errorf("%d written + %d dropped, want every one of 50 accounted for", written, dropped)
	}
}

// slowWriter takes a while over every write, so that records are still
// queued when Close is called.
type slowWriter struct{ got *bytes.Buffer }

func (w slowWriter) Write(p []byte) (int, error) {
	time.Sleep(time.Millisecond)
	return w.got.Write(p)
}

// TestDecisionLogCloseFlushes: every record queued before Close is written,
// and a record after Close is counted as dropped, not a panic.
func TestDecisionLogCloseFlushes(t *testing.T) {
	w := slowWriter{got: &bytes.Buffer{}}
	dlog := channelpolicy.NewDecisionLog(w, channelpolicy.DecisionLogOptions{Queue: 200})
	for i := range 100 {
		dlog.Record(channelpolicy.DecisionRecord{Operation: "dealreg.expiry", Input: json.RawMessage(expiryInput), Outcome: "active", LatencyMS: float64(i)})
	}
	if err := dlog.Close(); err != nil {
		t.Fatal(err)
	}
	got := logRecords(t, w.got.Bytes())
	if len(got) != 100 || got[0].DecisionID == "" || got[99].LatencyMS != 99 {
		t.Fatalf("%d records written, want 100 with IDs, in order", len(got))
	}
	if dlog.Dropped() != 0 {
		t.Errorf("%d dropped before Close", dlog.Dropped())
	}
	dlog.Record(channelpolicy.DecisionRecord{Operation: "dealreg.expiry"})
	if dlog.Dropped() != 1 {
		t.Errorf("a record after Close: %d dropped, want 1", dlog.Dropped())
	}
	if err := dlog.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
}

// TestOnDecisionHook: an embedder's hook sees each served decision once,
// with its ID and unmasked input, alongside the log.
func TestOnDecisionHook(t *testing.T) {
	var mu sync.Mutex
	var got []channelpolicy.DecisionRecord
	h, _ := testHandler(t, channelpolicy.Options{OnDecision: func(r channelpolicy.DecisionRecord) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
	}})
	apiPost(expiryNow, expiryInput).do(h)
	apiPost(expiryNow, `{"approved_at":"soon"}`).do(h) // refused: no decision
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 {
		t.Fatalf("%d calls, want 1", len(got))
	}
	r := got[0]
	if r.Operation != "dealreg.expiry" || r.Outcome == "" || string(r.Input) != expiryInput ||
		r.DecisionID != channelpolicy.DecisionID(r.Operation, r.Input, r.Now, channelpolicy.Default().Policies().Digest()) {
		t.Errorf("hook record: %+v", r)
	}
}

// TestReplayDecisionLog replays a served log: under the same policy every
// decision reproduces; under a 60-day expiry the decisions it moves are
// listed; masked records are skipped.
func TestReplayDecisionLog(t *testing.T) {
	var buf bytes.Buffer
	dlog := channelpolicy.NewDecisionLog(&buf, channelpolicy.DecisionLogOptions{Mask: []string{"/end_user/email"}})
	h, _ := testHandler(t, channelpolicy.Options{DecisionLog: dlog})
	// Approved 1 January: on 1 February active under 90 and 60 days; on 15
	// March active under 90 days (expires 1 April), expired under 60 (2
	// March).
	for _, now := range []string{"2026-02-01T00:00:00Z", "2026-03-15T00:00:00Z", "2026-03-20T00:00:00Z"} {
		if w := apiPost("/v1/dealreg/expiry?now="+now, expiryInput).do(h); w.Code != 200 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	}
	apiPost("/v1/distribution/order?now=2026-11-20T10:00:00Z", orderInput).do(h)
	dlog.Close()
	log := buf.String()

	set := channelpolicy.Default().Policies()
	same, err := casebook.CheckLog(set, strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	if same.Records != 4 || same.Skipped != 1 || len(same.Moved) != 0 {
		t.Errorf("replay under the logged policy: %+v", same)
	}

	sixty, err := set.Load([]byte(`{"dealreg": {"expiry_days": 60}}`))
	if err != nil {
		t.Fatal(err)
	}
	report, seen, err := casebook.DiffLog(set, sixty, strings.NewReader(log), 5)
	if err != nil {
		t.Fatal(err)
	}
	if report.Total != 3 || report.Changed != 2 || seen.Skipped != 1 || len(report.Transitions) != 1 ||
		!reflect.DeepEqual(report.Transitions[0], casebook.Transition{From: "active", To: "expired", Count: 2, Examples: []string{"line 2", "line 3"}}) {
		t.Errorf("replay under 60 days: %+v %+v", report, seen)
	}
	moved, err := casebook.CheckLog(sixty, strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	if len(moved.Moved) != 2 || !strings.Contains(moved.Moved[0], "was active") {
		t.Errorf("check under 60 days: %+v", moved)
	}
	if _, err := casebook.CheckLog(set, strings.NewReader("not json\n")); err == nil {
		t.Error("a line that is not a record is an error")
	}
}
