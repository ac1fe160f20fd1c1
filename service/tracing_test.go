package service_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"kgrag/service"
)

func attr(s sdktrace.ReadOnlySpan, key string) string {
	for _, kv := range s.Attributes() {
		if kv.Key == attribute.Key(key) {
			return kv.Value.Emit()
		}
	}
	return ""
}

// TestTracing asks a question over HTTP with a caller's traceparent and
// checks the span tree: the request continues the caller's trace, the
// operation is its child, the answer the operation's, and every answering
// stage and the trace write the answer's, all with the knowledge base and
// the answer id.
func TestTracing(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	s := serveDemo(t, service.Config{Tracing: tp})

	const caller = "4bf92f3577b34da6a3ce929d0e0e4736"
	body, _ := json.Marshal(map[string]any{"query": askDoc, "variables": map[string]any{"q": "M2 Pro 咖啡机多少钱？保修几年？"}})
	req, _ := http.NewRequest("POST", s.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("traceparent", "00-"+caller+"-00f067aa0ba902b7-01")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var out struct{ Data struct{ Ask askResult } }
	err = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if err != nil || out.Data.Ask.ID == "" {
		t.Fatalf("ask = %+v, %v", out, err)
	}
	id := out.Data.Ask.ID
	if _, err := http.Get(s.srv.URL + "/healthz"); err != nil {
		t.Fatal(err)
	}

	spans := rec.Ended()
	byName := map[string]sdktrace.ReadOnlySpan{}
	children := map[trace.SpanID][]string{}
	for _, sp := range spans {
		if sp.SpanContext().TraceID().String() != caller {
			t.Errorf("span %q is in trace %s, want the caller's %s", sp.Name(), sp.SpanContext().TraceID(), caller)
		}
		byName[sp.Name()] = sp
		children[sp.Parent().SpanID()] = append(children[sp.Parent().SpanID()], sp.Name())
	}
	must := func(name string) sdktrace.ReadOnlySpan {
		t.Helper()
		sp, ok := byName[name]
		if !ok {
			t.Fatalf("no span %q; spans: %v", name, children)
		}
		return sp
	}
	req0, op, ask := must("POST /graphql"), must("mutation ask"), must("answer.ask")
	if req0.SpanKind() != trace.SpanKindServer || req0.Parent().SpanID().String() != "00f067aa0ba902b7" || !req0.Parent().IsRemote() {
		t.Errorf("request span: kind %v, parent %v; want a server span under the caller's", req0.SpanKind(), req0.Parent())
	}
	if op.Parent().SpanID() != req0.SpanContext().SpanID() {
		t.Errorf("operation span's parent = %v, want the request span", op.Parent().SpanID())
	}
	if ask.Parent().SpanID() != op.SpanContext().SpanID() {
		t.Errorf("answer span's parent = %v, want the operation span", ask.Parent().SpanID())
	}
	if attr(op, "kgrag.kb") != "default" || attr(op, "graphql.operation.type") != "mutation" {
		t.Errorf("operation span attributes = %v", op.Attributes())
	}
	if attr(ask, "kgrag.kb") != "default" || attr(ask, "kgrag.answer_id") != id || attr(ask, "kgrag.answer.status") != "ANSWERED" {
		t.Errorf("answer span attributes = %v, want kb default, answer id %s, ANSWERED", ask.Attributes(), id)
	}
	want := []string{"answer.understand", "answer.link", "answer.graph", "answer.search", "answer.select", "answer.verify", "answer.compose", "answer.store"}
	got := children[ask.SpanContext().SpanID()]
	slices.SortFunc(got, func(a, b string) int { return byName[a].StartTime().Compare(byName[b].StartTime()) })
	if !slices.Equal(got, want) {
		t.Errorf("answer span's children = %v, want %v", got, want)
	}
	for i, name := range want {
		sp := must(name)
		if attr(sp, "kgrag.kb") != "default" || attr(sp, "kgrag.answer_id") != id {
			t.Errorf("%s attributes = %v, want kb and answer id", name, sp.Attributes())
		}
		if sp.EndTime().Before(sp.StartTime()) || sp.StartTime().Before(ask.StartTime()) || sp.EndTime().After(ask.EndTime()) {
			t.Errorf("%s runs %v–%v, outside the answer's %v–%v", name, sp.StartTime(), sp.EndTime(), ask.StartTime(), ask.EndTime())
		}
		if i > 0 && sp.StartTime().Before(byName[want[i-1]].EndTime()) {
			t.Errorf("%s starts before %s ends", name, want[i-1])
		}
	}
	for _, sp := range spans {
		if sp.Name() == "GET" || sp.Name() == "GET /healthz" {
			t.Errorf("health check got a span %q", sp.Name())
		}
	}
	if n := len(children[op.SpanContext().SpanID()]); n != 1 {
		t.Errorf("operation span has %d children, want 1 (the answer)", n)
	}
}

// TestStreamObserved: askStream over Server-Sent Events streams through the
// telemetry wrappers (the writer still flushes), and is counted and traced
// as one subscription that ends with its stream.
func TestStreamObserved(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	s := serveDemo(t, service.Config{Tracing: sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))})
	body, _ := json.Marshal(map[string]any{"query": `subscription { askStream(input: {question: "M2 Pro 咖啡机多少钱？保修几年？"}) { delta answer { id status } } }`})
	req, _ := http.NewRequest("POST", s.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(resp.Body)
	events, completed := 0, false
	for sc.Scan() {
		switch sc.Text() {
		case "event: next":
			events++
		case "event: complete":
			completed = true
		}
	}
	resp.Body.Close()
	if !completed || events < 2 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("SSE: %d events, complete %v, Content-Type %q; want deltas, the answer and complete", events, completed, resp.Header.Get("Content-Type"))
	}
	mfs := s.scrape()
	if got := value(mfs, "kgrag_graphql_requests_total", map[string]string{"operation": "askStream", "type": "subscription", "status": "ok"}); got != 1 {
		t.Errorf("kgrag_graphql_requests_total{askStream} = %v, want 1 (one stream, %d events)", got, events)
	}
	if got := value(mfs, "kgrag_answers_total", map[string]string{"status": "ANSWERED"}); got != 1 {
		t.Errorf("kgrag_answers_total{ANSWERED} = %v, want 1", got)
	}
	var op, ask sdktrace.ReadOnlySpan
	for _, sp := range rec.Ended() {
		switch sp.Name() {
		case "subscription askStream":
			op = sp
		case "answer.ask":
			ask = sp
		}
	}
	if op == nil || ask == nil || ask.Parent().SpanID() != op.SpanContext().SpanID() || op.EndTime().Before(ask.EndTime()) {
		t.Errorf("spans: subscription %v, answer %v; want the answer inside the subscription's span", op, ask)
	}
}
