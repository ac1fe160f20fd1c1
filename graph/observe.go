package graph

import (
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
)

// Telemetry is how the handler is observed (service.Service.Telemetry
// builds it); every part is optional.
type Telemetry struct {
	// Metrics is served at GET /metrics without authentication (the
	// Prometheus exposition format; it holds no secrets and no knowledge).
	Metrics http.Handler
	// Extensions are added to the GraphQL server: operation metrics and
	// spans, correction counts.
	Extensions []graphql.HandlerExtension
	// Wrap wraps the whole handler: a span per request.
	Wrap func(http.Handler) http.Handler
}

func (t Telemetry) extend(srv *handler.Server) {
	for _, x := range t.Extensions {
		srv.Use(x)
	}
}

func (t Telemetry) mount(mux *http.ServeMux) {
	if t.Metrics != nil {
		mux.Handle("GET /metrics", t.Metrics)
	}
}

func (t Telemetry) wrap(h http.Handler) http.Handler {
	if t.Wrap != nil {
		return t.Wrap(h)
	}
	return h
}
