package service

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel"

	"kgrag/graph"
	"kgrag/ingest"
	"kgrag/retrieval"
	"kgrag/service/telemetry"
)

// observe wires the metrics and the tracer into the parts New built: the
// engine's stage times, answers and spans, the ingest jobs' progress.
func (s *Service) observe(cfg Config) {
	s.Metrics, s.Tracing = cfg.Metrics, cfg.Tracing
	if s.Tracing == nil {
		s.Tracing = otel.GetTracerProvider()
	}
	s.Engine.Observer = s.Metrics
	s.Engine.Tracer = s.Tracing.Tracer("kgrag/retrieval/answer")
	if s.Jobs != nil {
		jobs := s.Jobs
		s.Metrics.WatchIngest(func() telemetry.IngestStats {
			st := jobs.Stats()
			out := telemetry.IngestStats{Jobs: map[string]int{}, Done: st.Done, Total: st.Total}
			for k, n := range st.ByStatus {
				out.Jobs[string(k)] = n
			}
			return out
		})
	}
}

// Telemetry is the GraphQL handler's view of the metrics and the tracer:
// /metrics, operation metrics and spans, a span per request.
func (s *Service) Telemetry() graph.Telemetry {
	return graph.Telemetry{
		Metrics:    s.Metrics.Handler(),
		Extensions: []graphql.HandlerExtension{telemetry.NewGraphQL(s.Metrics, s.Tracing)},
		Wrap: func(h http.Handler) http.Handler {
			return telemetry.HTTP(s.Tracing)(s.Metrics.HTTP(h))
		},
	}
}

// countedIndex counts the chunk index's failures (kgrag_store_errors_total
// {store="index"}); bad input (ErrInvalid) and missing chunks (ErrNotFound)
// are the caller's, not the index's.
type countedIndex struct {
	retrieval.Index
	m *telemetry.Metrics
}

var _ retrieval.Index = countedIndex{}

func (c countedIndex) count(op string, err error) {
	if err != nil && !errors.Is(err, retrieval.ErrInvalid) && !errors.Is(err, retrieval.ErrNotFound) &&
		!errors.Is(err, context.Canceled) {
		c.m.StoreError("index", op)
	}
}

func (c countedIndex) Upsert(ctx context.Context, points []retrieval.Point) error {
	err := c.Index.Upsert(ctx, points)
	c.count("upsert", err)
	return err
}

func (c countedIndex) Delete(ctx context.Context, f retrieval.Filter) (int, error) {
	n, err := c.Index.Delete(ctx, f)
	c.count("delete", err)
	return n, err
}

func (c countedIndex) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	hits, err := c.Index.Search(ctx, q)
	c.count("search", err)
	return hits, err
}

func (c countedIndex) Get(ctx context.Context, kb string, ids []string) ([]retrieval.Chunk, error) {
	out, err := c.Index.Get(ctx, kb, ids)
	c.count("get", err)
	return out, err
}

func (c countedIndex) Count(ctx context.Context, f retrieval.Filter) (int, error) {
	n, err := c.Index.Count(ctx, f)
	c.count("count", err)
	return n, err
}

// Ping forwards the index's health check (/readyz), if it has one.
func (c countedIndex) Ping(ctx context.Context) error {
	if p, ok := c.Index.(interface{ Ping(context.Context) error }); ok {
		return p.Ping(ctx)
	}
	return nil
}

// ChunksLost forwards the index's report of lost chunks, if it can tell.
func (c countedIndex) ChunksLost(ctx context.Context, kb string) (bool, error) {
	if l, ok := c.Index.(ingest.ChunkLoss); ok {
		return l.ChunksLost(ctx, kb)
	}
	return false, nil
}

// ChunksReindexed forwards to the index, if it tracks lost chunks.
func (c countedIndex) ChunksReindexed(kb string) {
	if l, ok := c.Index.(ingest.ChunkLoss); ok {
		l.ChunksReindexed(kb)
	}
}

// outboxLen is the optional capability of an outbox queue to count itself.
type outboxLen interface {
	Len(ctx context.Context) (int, error)
}

// Len counts the queued index writes (kgrag_outbox_depth).
func (g *graphOutbox) Len(ctx context.Context) (int, error) {
	q, err := g.get(ctx)
	if err != nil {
		return 0, err
	}
	l, ok := q.(outboxLen)
	if !ok {
		return 0, fmt.Errorf("outbox: %T cannot count its queue", q)
	}
	return l.Len(ctx)
}
