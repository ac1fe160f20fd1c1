package telemetry_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/trace/noop"

	"kgrag/service/telemetry"
)

func TestTracingEnabled(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		want    bool
		wantErr bool
	}{
		{"nothing set: off", nil, false, false},
		{"endpoint", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, true, false},
		{"traces endpoint", map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, true, false},
		{"exporter otlp, default endpoint", map[string]string{"OTEL_TRACES_EXPORTER": "otlp"}, true, false},
		{"exporter none wins", map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, false, false},
		{"sdk disabled wins", map[string]string{"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, false, false},
		{"other exporter", map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := telemetry.TracingEnabled(func(k string) string { return tc.env[k] })
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Errorf("TracingEnabled(%v) = %v, %v; want %v, error %v", tc.env, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

// TestNewTracingOff: without the variables the provider is a no-op.
func TestNewTracingOff(t *testing.T) {
	tp, stop, err := telemetry.NewTracing(context.Background(), func(string) string { return "" }, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer stop(context.Background())
	if _, ok := tp.(noop.TracerProvider); !ok {
		t.Errorf("provider = %T, want the no-op one", tp)
	}
	if _, _, err := telemetry.NewTracing(context.Background(), env(map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}), "test"); err == nil {
		t.Error("protocol http/json: no error, want one")
	}
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// TestNewTracingExportsOTLP: OTEL_EXPORTER_OTLP_ENDPOINT switches export on,
// and a span reaches the collector over OTLP/HTTP when the provider stops.
func TestNewTracingExportsOTLP(t *testing.T) {
	var mu sync.Mutex
	var got []string
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.Path+" "+r.Header.Get("Content-Type")+" "+string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer collector.Close()
	// The exporter reads the OTEL_* variables from the process environment.
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	t.Setenv("OTEL_SERVICE_NAME", "kgrag-test")
	tp, stop, err := telemetry.NewTracing(context.Background(), os.Getenv, "v9.9.9")
	if err != nil {
		t.Fatal(err)
	}
	_, span := tp.Tracer("test").Start(context.Background(), "answer.ask")
	span.End()
	if err := stop(context.Background()); err != nil {
		t.Fatalf("shutdown = %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || !strings.HasPrefix(got[0], "POST /v1/traces application/x-protobuf") ||
		!strings.Contains(got[0], "answer.ask") || !strings.Contains(got[0], "kgrag-test") || !strings.Contains(got[0], "v9.9.9") {
		t.Errorf("collector got %q, want one OTLP/HTTP export with the span, service name and version", got)
	}
}
