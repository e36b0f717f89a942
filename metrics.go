package channelpolicy

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// The handler's numbers, served as GET /metrics in the Prometheus text
// format. Every handler has a registry of its own, never the process's
// default one, so that two handlers in one process (two policy sets behind
// one mux, or a test's) count apart; an embedder that gathers metrics
// itself passes a prometheus.Registerer in [Options].Metrics as well.
//
// Labels take only bounded values: operation is a name of the registry
// (a request for an unknown operation is counted nowhere), outcome a value
// of the decision's schema and problem the slug of a [ProblemKind].

// latencyBuckets are the upper bounds, in seconds, of the latency
// histogram: a decision takes well under a millisecond, a slow client's
// body up to the request timeout.
var latencyBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// metrics are one handler's collectors and the registry /metrics serves.
type metrics struct {
	reg         *prometheus.Registry
	decisions   *prometheus.CounterVec
	inputErrors *prometheus.CounterVec
	failures    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	inFlight    prometheus.Gauge
	logDropped  prometheus.CounterFunc
}

// newMetrics makes the handler's collectors over the operations of ops
// and registers them with a registry of their own and, when extra is not
// nil, with extra too. dropped reads the decision log's count of dropped
// records.
func newMetrics(ops []Operation, extra prometheus.Registerer, dropped func() uint64) (*metrics, error) {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "channelpolicy", Name: "decisions_total",
			Help: "Decisions answered, by operation and outcome.",
		}, []string{"operation", "outcome"}),
		inputErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "channelpolicy", Name: "input_errors_total",
			Help: "Requests for an operation answered with a 4xx problem document (invalid input, bad body or parameter, too large, wrong media type), by operation and problem type.",
		}, []string{"operation", "problem"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "channelpolicy", Name: "failures_total",
			Help: "Requests for an operation answered with a 5xx problem document (timeout, internal error), by operation and problem type.",
		}, []string{"operation", "problem"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "channelpolicy", Name: "request_duration_seconds",
			Help:    "Time from the start of a request for an operation to the end of its answer, whatever the answer, by operation.",
			Buckets: latencyBuckets,
		}, []string{"operation"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "channelpolicy", Name: "requests_in_flight",
			Help: "Requests being answered, on any path.",
		}),
		logDropped: prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: "channelpolicy", Name: "decision_log_dropped_total",
			Help: "Decision-log records dropped because the log's queue was full.",
		}, func() float64 { return float64(dropped()) }),
	}
	// Every operation's series exist from the start, at zero, so that a
	// rate over them is defined before the first request.
	for _, op := range ops {
		m.latency.WithLabelValues(op.name)
	}
	own := []prometheus.Collector{m.decisions, m.inputErrors, m.failures, m.latency, m.inFlight, m.logDropped}
	for _, c := range own {
		if err := m.reg.Register(c); err != nil {
			return nil, err
		}
		if extra != nil {
			if err := extra.Register(c); err != nil {
				return nil, err
			}
		}
	}
	// The process's own numbers, on the handler's /metrics only: an
	// embedder's registry has its own.
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m, nil
}

// handler serves GET /metrics.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// begin counts a request in flight; done, deferred by ServeHTTP, counts
// it out and records its answer.
func (m *metrics) begin() { m.inFlight.Inc() }

func (m *metrics) done(info *requestInfo, sw *statusWriter, start time.Time) {
	m.inFlight.Dec()
	if info.operation == "" { // not a decision, or an unknown operation
		return
	}
	m.latency.WithLabelValues(info.operation).Observe(time.Since(start).Seconds())
	switch {
	case info.outcome != "":
		m.decisions.WithLabelValues(info.operation, info.outcome).Inc()
	case info.problem != "" && sw.status >= 500:
		m.failures.WithLabelValues(info.operation, info.problem).Inc()
	case info.problem != "":
		m.inputErrors.WithLabelValues(info.operation, info.problem).Inc()
	}
}

// decisionLogDropped is what the dropped-records counter reads: the
// decision log's drops, or 0 without a log.
func (s *server) decisionLogDropped() uint64 {
	if s.dlog == nil {
		return 0
	}
	return s.dlog.Dropped()
}

// readyz answers GET /readyz: 200 while the handler takes traffic, 503
// once [Options].Draining says the server is shutting down.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.draining != nil && s.draining() {
		writeJSON(w, http.StatusServiceUnavailable, []byte(`{"status":"draining"}`))
		return
	}
	writeJSON(w, http.StatusOK, []byte(`{"status":"ok"}`))
}
