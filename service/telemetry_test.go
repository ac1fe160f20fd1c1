package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/rs/zerolog"

	"kgrag/graph"
	"kgrag/graph/auth"
	"kgrag/retrieval/qdrantvec"
	"kgrag/service"
)

// served is a running kgrag HTTP handler over a service with the demo
// knowledge base, as kgrag serve --demo builds it (auth off: every request
// is an admin in "default").
type served struct {
	t   *testing.T
	svc *service.Service
	srv *httptest.Server
}

func serveDemo(t *testing.T, cfg service.Config) *served {
	t.Helper()
	cfg.DataDir, cfg.NoSync = t.TempDir(), true
	svc, err := service.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("service.New = %v", err)
	}
	t.Cleanup(svc.Close)
	if _, err := svc.LoadDemo(context.Background()); err != nil {
		t.Fatalf("LoadDemo = %v", err)
	}
	keys, _ := auth.ParseKeys("")
	h := graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.New(io.Discard),
		Keys: keys, AuthOff: true, Ready: svc.Ready, Telemetry: svc.Telemetry()})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &served{t: t, svc: svc, srv: srv}
}

// gql posts a GraphQL request and returns its data and the codes of its errors.
func (s *served) gql(query string, vars map[string]any) (map[string]json.RawMessage, []string) {
	s.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(s.srv.URL+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]json.RawMessage
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		s.t.Fatalf("%s: %v", query, err)
	}
	var codes []string
	for _, e := range out.Errors {
		c, _ := e.Extensions["code"].(string)
		codes = append(codes, c)
	}
	return out.Data, codes
}

// scrape reads /metrics as a Prometheus server would.
func (s *served) scrape() map[string]*dto.MetricFamily {
	s.t.Helper()
	resp, err := http.Get(s.srv.URL + "/metrics")
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		s.t.Fatalf("GET /metrics = %d", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		s.t.Fatalf("parse /metrics: %v", err)
	}
	return mfs
}

// value is the value of the series name{labels}: a counter's or gauge's
// value, a histogram's sample count; -1 when the series is absent.
func value(mfs map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	mf, ok := mfs[name]
	if !ok {
		return -1
	}
next:
	for _, m := range mf.GetMetric() {
		for k, v := range labels {
			found := false
			for _, lp := range m.GetLabel() {
				if lp.GetName() == k && lp.GetValue() == v {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue()
		case m.Gauge != nil:
			return m.GetGauge().GetValue()
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount())
		}
	}
	return -1
}

const askDoc = `mutation($q: String!) { ask(input: {question: $q}) { id status reason } }`

type askResult struct {
	ID, Status string
	Reason     *string
}

func (s *served) ask(q string) askResult {
	s.t.Helper()
	data, codes := s.gql(askDoc, map[string]any{"q": q})
	if len(codes) > 0 {
		s.t.Fatalf("ask(%q) errors %v", q, codes)
	}
	var a askResult
	if err := json.Unmarshal(data["ask"], &a); err != nil {
		s.t.Fatal(err)
	}
	return a
}

// TestMetrics scrapes /metrics after asks, a bad document, a lookup of a
// missing entity, corrections and an ingest job, and checks each series
// counts what the responses said.
func TestMetrics(t *testing.T) {
	s := serveDemo(t, service.Config{})
	answered := s.ask("M2 Pro 咖啡机多少钱？保修几年？")
	if answered.Status != "ANSWERED" {
		t.Fatalf("demo question: %+v, want ANSWERED", answered)
	}
	s.ask("M2 Pro 功率多大")
	handoff := s.ask("我要投诉，转人工客服")
	if handoff.Status == "ANSWERED" || handoff.Reason == nil {
		t.Fatalf("complaint: %+v, want a refusal or handoff with a reason", handoff)
	}
	if _, codes := s.gql(`{ nope }`, nil); len(codes) != 1 {
		t.Fatalf("invalid document: codes %v, want one", codes)
	}
	if _, codes := s.gql(`{ entity(id: "NO-SUCH") { id } }`, nil); len(codes) != 1 || codes[0] != "NOT_FOUND" {
		t.Fatalf("missing entity: codes %v, want NOT_FOUND", codes)
	}
	const submit = `mutation($v: String!) { submitCorrection(input: {answerId: "` + "%s" + `", target: {kind: ATTRIBUTE, entityId: "ML-100", key: "功率"}, newValue: $v, reason: "spec sheet"}) { id status } }`
	var ids []string
	for _, v := range []string{"1400W", "1450W"} {
		data, codes := s.gql(strings.Replace(submit, "%s", answered.ID, 1), map[string]any{"v": v})
		var c struct{ ID, Status string }
		if err := json.Unmarshal(data["submitCorrection"], &c); err != nil || len(codes) > 0 || c.Status != "PENDING" {
			t.Fatalf("submitCorrection = %s %v %v", data["submitCorrection"], codes, err)
		}
		ids = append(ids, c.ID)
	}
	if _, codes := s.gql(`mutation($id: ID!) { rejectCorrection(id: $id, note: "no") { status } }`, map[string]any{"id": ids[0]}); len(codes) > 0 {
		t.Fatalf("rejectCorrection: %v", codes)
	}
	if _, codes := s.gql(`mutation($id: ID!) { approveCorrection(id: $id) { status } }`, map[string]any{"id": ids[1]}); len(codes) > 0 {
		t.Fatalf("approveCorrection: %v", codes)
	}
	data, codes := s.gql(`mutation { ingestSources(sources: [{id: "notes/opening.md", content: "# 营业时间\n\n门店每天 9:00 至 21:00 营业。"}], options: {waitSeconds: 20}) { status done total } }`, nil)
	if len(codes) > 0 || !strings.Contains(string(data["ingestSources"]), `"status":"DONE"`) {
		t.Fatalf("ingestSources = %s %v", data["ingestSources"], codes)
	}

	if r, err := http.Get(s.srv.URL + "/no/such/page"); err != nil || r.StatusCode != 404 {
		t.Fatalf("GET /no/such/page = %v, %v; want 404", r, err)
	}

	mfs := s.scrape()
	reason := func(a askResult) string {
		if a.Reason == nil {
			return ""
		}
		return *a.Reason
	}
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"kgrag_graphql_requests_total", map[string]string{"operation": "ask", "type": "mutation", "status": "ok"}, 3},
		{"kgrag_graphql_request_duration_seconds", map[string]string{"operation": "ask", "type": "mutation"}, 3},
		{"kgrag_graphql_requests_total", map[string]string{"operation": "invalid", "status": "error"}, 1},
		{"kgrag_graphql_requests_total", map[string]string{"operation": "entity", "type": "query", "status": "error"}, 1},
		{"kgrag_graphql_requests_total", map[string]string{"operation": "submitCorrection", "type": "mutation", "status": "ok"}, 2},
		{"kgrag_graphql_requests_total", map[string]string{"operation": "ingestSources", "type": "mutation", "status": "ok"}, 1},
		{"kgrag_graphql_errors_total", map[string]string{"code": "NOT_FOUND"}, 1},
		{"kgrag_graphql_errors_total", map[string]string{"code": "GRAPHQL_VALIDATION_FAILED"}, 1},
		{"kgrag_answers_total", map[string]string{"status": "ANSWERED", "reason": ""}, 2},
		{"kgrag_answers_total", map[string]string{"status": handoff.Status, "reason": reason(handoff)}, 1},
		{"kgrag_answer_stage_duration_seconds", map[string]string{"stage": "understand"}, 3},
		{"kgrag_answer_stage_duration_seconds", map[string]string{"stage": "compose"}, 3},
		{"kgrag_answer_stage_duration_seconds", map[string]string{"stage": "search"}, 2}, // the complaint stops after understanding
		{"kgrag_answer_stage_duration_seconds", map[string]string{"stage": "verify"}, 2},
		{"kgrag_corrections_total", map[string]string{"state": "PENDING"}, 2},
		{"kgrag_corrections_total", map[string]string{"state": "REJECTED"}, 1},
		{"kgrag_corrections_total", map[string]string{"state": "APPROVED"}, 1},
		{"kgrag_ingest_jobs", map[string]string{"status": "DONE"}, 1},
		{"kgrag_ingest_jobs", map[string]string{"status": "RUNNING"}, 0},
		{"kgrag_ingest_sources", map[string]string{"state": "total"}, 0},
		{"kgrag_http_requests_total", map[string]string{"path": "/graphql", "method": "post", "code": "200"}, 9},
		{"kgrag_http_requests_total", map[string]string{"path": "/graphql", "method": "post", "code": "422"}, 1}, // the invalid document
		{"kgrag_http_requests_total", map[string]string{"path": "other", "method": "get", "code": "404"}, 1},
		{"kgrag_store_errors_total", nil, -1}, // nothing failed
		{"kgrag_outbox_depth", nil, -1},       // no Qdrant, no outbox
	}
	for _, c := range checks {
		if got := value(mfs, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
		if _, ok := mfs[name]; !ok {
			t.Errorf("/metrics lacks %s", name)
		}
	}
}

// TestMetricsOutbox: with Qdrant down, index writes wait in the outbox;
// /metrics shows how many, and counts the failed drains as index errors.
func TestMetricsOutbox(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there: Qdrant is down
	s := serveDemo(t, service.Config{Qdrant: qdrantvec.Config{Addr: addr}})
	mfs := s.scrape()
	if got := value(mfs, "kgrag_outbox_depth", nil); got < 1 {
		t.Errorf("kgrag_outbox_depth = %v after loading the demo with Qdrant down, want ≥ 1", got)
	}
	// The graph's facts still answer (retrieval/answer degrades): the
	// failed search is counted, the request is not failed.
	if _, codes := s.gql(askDoc, map[string]any{"q": "M2 Pro 咖啡机多少钱？"}); len(codes) != 0 {
		t.Fatalf("ask with Qdrant down: codes %v, want none (answered from the graph)", codes)
	}
	mfs = s.scrape()
	if got := value(mfs, "kgrag_store_errors_total", map[string]string{"store": "index", "op": "search"}); got < 1 {
		t.Errorf(`kgrag_store_errors_total{store="index",op="search"} = %v, want ≥ 1`, got)
	}
	if got := value(mfs, "kgrag_graphql_errors_total", map[string]string{"code": "UNAVAILABLE"}); got > 0 {
		t.Errorf(`kgrag_graphql_errors_total{code="UNAVAILABLE"} = %v, want none`, got)
	}
}
