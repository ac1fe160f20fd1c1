package telemetry

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// tracerOf returns the provider's tracer, or a no-op one for nil.
func tracerOf(tp trace.TracerProvider, name string) trace.Tracer {
	if tp == nil {
		tp = noop.NewTracerProvider()
	}
	return tp.Tracer(name)
}

// Propagator reads and writes W3C trace context and baggage headers, so a
// caller's trace continues into kgrag's spans.
var Propagator propagation.TextMapPropagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// TracingEnabled reports whether the standard OpenTelemetry variables ask
// for OTLP trace export: OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set, or OTEL_TRACES_EXPORTER=otlp;
// never with OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none.
func TracingEnabled(getenv func(string) string) (bool, error) {
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") {
		return false, nil
	}
	switch exp := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER"))); exp {
	case "none":
		return false, nil
	case "otlp":
		return true, nil
	case "":
	default:
		return false, fmt.Errorf("OTEL_TRACES_EXPORTER=%q: kgrag exports traces over OTLP only (otlp or none)", exp)
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != "", nil
}

// NewTracing returns the tracer provider the standard OpenTelemetry
// variables ask for, and how to flush and stop it. Export is off by
// default: without OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT, or
// OTEL_TRACES_EXPORTER=otlp) the provider is a no-op and costs nothing.
// When on, spans go in batches to an OTLP exporter over
// OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL: http/protobuf (the default, port
// 4318) or grpc (port 4317). The exporters read the other
// OTEL_EXPORTER_OTLP_* variables themselves (endpoint, headers, timeout,
// compression, certificates, insecure), the SDK reads OTEL_TRACES_SAMPLER
// (default parentbased_always_on) and OTEL_BSP_*, and the resource takes
// OTEL_SERVICE_NAME (default kgrag) and OTEL_RESOURCE_ATTRIBUTES.
func NewTracing(ctx context.Context, getenv func(string) string, version string) (trace.TracerProvider, func(context.Context) error, error) {
	on, err := TracingEnabled(getenv)
	if err != nil || !on {
		return noop.NewTracerProvider(), func(context.Context) error { return nil }, err
	}
	proto := getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
	if proto == "" {
		proto = getenv("OTEL_EXPORTER_OTLP_PROTOCOL")
	}
	var exp sdktrace.SpanExporter
	switch proto {
	case "", "http/protobuf":
		exp, err = otlptracehttp.New(ctx)
	case "grpc":
		exp, err = otlptracegrpc.New(ctx)
	default:
		return nil, nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%q: want http/protobuf or grpc", proto)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("otlp trace exporter: %w", err)
	}
	// Later detectors win: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
	// override the defaults.
	res, err := resource.New(ctx, resource.WithTelemetrySDK(),
		resource.WithAttributes(attribute.String("service.name", "kgrag"), attribute.String("service.version", version)),
		resource.WithFromEnv())
	if err != nil {
		return nil, nil, fmt.Errorf("otel resource: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	return tp, tp.Shutdown, nil
}

// HTTP wraps a handler so each request runs in a server span named by its
// method and path ("POST /graphql"), continuing the caller's trace from
// its traceparent header. Health checks and scrapes get no span.
func HTTP(tp trace.TracerProvider) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return otelhttp.NewHandler(h, "kgrag",
			otelhttp.WithTracerProvider(tp),
			otelhttp.WithMeterProvider(metricnoop.NewMeterProvider()),
			otelhttp.WithPropagators(Propagator),
			otelhttp.WithFilter(func(r *http.Request) bool {
				switch r.URL.Path {
				case "/healthz", "/readyz", "/metrics":
					return false
				}
				return true
			}),
			otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
				switch r.URL.Path {
				case "/graphql", "/":
					return r.Method + " " + r.URL.Path
				}
				return r.Method // unknown paths would make a name per path
			}))
	}
}
