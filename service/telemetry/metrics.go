// Package telemetry is kgrag's Prometheus metrics and OpenTelemetry
// tracing: the series and spans of the GraphQL API, the answering engine,
// corrections, the Qdrant outbox, ingest jobs and the stores. The
// composition root (package service) builds one Metrics per service and
// hands its parts to the engine and the GraphQL handler; nothing here is a
// process-wide global, so several services in one process (tests) keep
// their own counts.
package telemetry

import (
	"context"
	"net/http"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every kgrag series.
const Namespace = "kgrag"

// Metrics holds the service's Prometheus series. Safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	http        *prometheus.CounterVec
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	errors      *prometheus.CounterVec
	stages      *prometheus.HistogramVec
	answers     *prometheus.CounterVec
	corrections *prometheus.CounterVec
	storeErrors *prometheus.CounterVec
}

// Latency buckets in seconds: an answer takes milliseconds without an LLM
// and seconds with one; a request is bounded by the request timeout (30 s).
var (
	requestBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
	stageBuckets   = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
)

// NewMetrics returns the series, registered in a registry of their own
// with the Go runtime and process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.http = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "http_requests_total",
		Help: "HTTP requests by path (/graphql, /, /healthz, /readyz, /metrics, other), method and status code; counts what is refused before GraphQL runs (401, 403, 413)."},
		[]string{"path", "method", "code"})
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "graphql_requests_total",
		Help: "GraphQL operations by operation (the root field they select, \"multiple\" for several, \"invalid\" when the document did not parse or validate), type (query, mutation, subscription) and status (ok, error: the response carried an error)."},
		[]string{"operation", "type", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "graphql_request_duration_seconds",
		Help: "Time from reading a GraphQL operation to its last response (a subscription: to the end of its stream), by operation and type.", Buckets: requestBuckets},
		[]string{"operation", "type"})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "graphql_errors_total",
		Help: "Errors in GraphQL responses by their extensions.code (BAD_USER_INPUT, NOT_FOUND, CONFLICT, FORBIDDEN, UNAVAILABLE, INTERNAL, GRAPHQL_VALIDATION_FAILED, …)."},
		[]string{"code"})
	m.stages = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "answer_stage_duration_seconds",
		Help: "Time of each answering stage (understand, link, graph, search, select, generate, verify, compose) per answered question; _count is how often a stage ran.", Buckets: stageBuckets},
		[]string{"stage"})
	m.answers = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "answers_total",
		Help: "Answers by status (ANSWERED, REFUSED, HANDOFF) and reason (NO_EVIDENCE, WEAK_EVIDENCE, OUT_OF_SCOPE, INJECTION, COMPLAINT, HUMAN_REQUESTED, REPEATED_REFUSAL, UNVERIFIED; empty for an answer)."},
		[]string{"status", "reason"})
	m.corrections = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "corrections_total",
		Help: "Corrections that entered a state through the API: PENDING (submitted), APPROVED (approved, or submitted by a trusted agent), REJECTED."},
		[]string{"state"})
	m.storeErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "store_errors_total",
		Help: "Failures of the graph store (store=graph) and the chunk index (store=index) by operation: connect (Neo4j connection attempts), outbox (the Qdrant outbox queue in the graph store), request (API requests that failed because the store was unavailable), upsert, delete, search, get, count (chunk index calls)."},
		[]string{"store", "op"})
	m.reg.MustRegister(m.http, m.requests, m.duration, m.errors, m.stages, m.answers, m.corrections, m.storeErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is where the series are registered (tests gather from it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the series in the Prometheus exposition format: /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, MaxRequestsInFlight: 4, Timeout: 10 * time.Second})
}

// paths are the handler's paths; any other is counted as "other", so a
// client cannot make a series per path.
var paths = []string{"/graphql", "/", "/healthz", "/readyz", "/metrics"}

// HTTP wraps a handler to count its requests (kgrag_http_requests_total).
// The ResponseWriter keeps its Flusher and Hijacker (SSE, websockets).
func (m *Metrics) HTTP(h http.Handler) http.Handler {
	byPath := map[string]http.Handler{}
	for _, p := range paths {
		byPath[p] = promhttp.InstrumentHandlerCounter(m.http.MustCurryWith(prometheus.Labels{"path": p}), h)
	}
	other := promhttp.InstrumentHandlerCounter(m.http.MustCurryWith(prometheus.Labels{"path": "other"}), h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if x, ok := byPath[r.URL.Path]; ok {
			x.ServeHTTP(w, r)
			return
		}
		other.ServeHTTP(w, r)
	})
}

// SetBuild publishes kgrag_build_info{version, revision, go_version} 1.
func (m *Metrics) SetBuild(version, revision string) {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Name: "build_info",
		Help:        "The running binary: version, VCS revision and Go version; always 1.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "go_version": runtime.Version()}})
	g.Set(1)
	m.reg.MustRegister(g)
}

// ObserveStage records the time of one answering stage.
func (m *Metrics) ObserveStage(stage string, d time.Duration) {
	m.stages.WithLabelValues(stage).Observe(d.Seconds())
}

// ObserveAnswer counts an answer by status and reason.
func (m *Metrics) ObserveAnswer(status, reason string) {
	m.answers.WithLabelValues(status, reason).Inc()
}

// StoreError counts a failure of a store: "graph" or "index", and the operation.
func (m *Metrics) StoreError(store, op string) {
	m.storeErrors.WithLabelValues(store, op).Inc()
}

// correction counts a correction entering a state.
func (m *Metrics) correction(state string) {
	m.corrections.WithLabelValues(state).Inc()
}

// WatchOutbox publishes kgrag_outbox_depth, read from depth at each scrape
// (with a 5 s limit; a failure counts as a store error and leaves the
// series out of that scrape).
func (m *Metrics) WatchOutbox(depth func(ctx context.Context) (int, error)) {
	m.reg.MustRegister(&funcCollector{
		desc: prometheus.NewDesc(Namespace+"_outbox_depth", "Index writes waiting in the Qdrant outbox (kept in the graph store while Qdrant is down or slow).", nil, nil),
		collect: func(desc *prometheus.Desc, ch chan<- prometheus.Metric) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			n, err := depth(ctx)
			if err != nil {
				m.StoreError("graph", "outbox")
				return
			}
			ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, float64(n))
		},
	})
}

// IngestStats is what WatchIngest reads: jobs by status, and the sources
// done and to do of the unfinished ones (ingest.Jobs.Stats gives it).
type IngestStats struct {
	Jobs        map[string]int
	Done, Total int
}

// WatchIngest publishes kgrag_ingest_jobs{status} and
// kgrag_ingest_sources{state="done"|"total"}, read from stats at each scrape.
func (m *Metrics) WatchIngest(stats func() IngestStats) {
	jobs := prometheus.NewDesc(Namespace+"_ingest_jobs", "Ingest jobs this instance keeps (the latest 200 finished ones and every unfinished one) by status: QUEUED, RUNNING, DONE, FAILED.", []string{"status"}, nil)
	sources := prometheus.NewDesc(Namespace+"_ingest_sources", "Progress of the unfinished ingest jobs: sources done (state=done) of all their sources (state=total).", []string{"state"}, nil)
	m.reg.MustRegister(&funcCollector{
		desc: jobs, more: []*prometheus.Desc{sources},
		collect: func(_ *prometheus.Desc, ch chan<- prometheus.Metric) {
			st := stats()
			for status, n := range st.Jobs {
				ch <- prometheus.MustNewConstMetric(jobs, prometheus.GaugeValue, float64(n), status)
			}
			ch <- prometheus.MustNewConstMetric(sources, prometheus.GaugeValue, float64(st.Done), "done")
			ch <- prometheus.MustNewConstMetric(sources, prometheus.GaugeValue, float64(st.Total), "total")
		},
	})
}

// funcCollector collects series computed at scrape time.
type funcCollector struct {
	desc    *prometheus.Desc
	more    []*prometheus.Desc
	collect func(desc *prometheus.Desc, ch chan<- prometheus.Metric)
}

func (c *funcCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.desc
	for _, d := range c.more {
		ch <- d
	}
}

func (c *funcCollector) Collect(ch chan<- prometheus.Metric) { c.collect(c.desc, ch) }
