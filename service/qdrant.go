package service

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/rs/zerolog"

	"kgrag/kg"
	"kgrag/kg/memkg"
	"kgrag/kg/neo4jkg"
	"kgrag/retrieval"
	"kgrag/retrieval/qdrantvec"
	"kgrag/service/telemetry"
)

// openQdrant opens the Qdrant chunk index behind an outbox kept in the
// graph store, so index writes made while Qdrant is down are not lost and
// drain when it is back. A Qdrant that is down at start is logged and
// retried; a collection that does not match the configuration stops start-up.
func openQdrant(ctx context.Context, qc qdrantvec.Config, emb retrieval.Embedder, sp retrieval.SparseEncoder, store kg.Store, log zerolog.Logger, m *telemetry.Metrics) (retrieval.Index, func(), error) {
	qc.Dim = emb.Dim()
	qc.Model = emb.Name() + "+" + sp.Name()
	ix, err := qdrantvec.New(qc)
	if err != nil {
		return nil, nil, fmt.Errorf("qdrant: %w", err)
	}
	if err := ix.Ensure(ctx); err != nil {
		if !errors.Is(err, retrieval.ErrUnavailable) {
			ix.Close()
			return nil, nil, fmt.Errorf("qdrant: %w", err)
		}
		log.Warn().Err(err).Str("addr", qc.Addr).Msg("qdrant unavailable at start: answers come from the graph facts alone and index writes wait in the outbox until it is back")
	}
	queue := &graphOutbox{store: store, m: m}
	m.WatchOutbox(queue.Len)
	ob := qdrantvec.NewOutbox(countedIndex{ix, m}, queue, qdrantvec.OutboxOptions{})
	rctx, cancel := context.WithCancel(log.With().Str("component", "qdrant-outbox").Logger().WithContext(context.Background()))
	done := make(chan struct{})
	go func() { defer close(done); ob.Run(rctx) }()
	return ob, func() { cancel(); <-done; ob.Close() }, nil
}

// graphOutbox finds the outbox queue of the graph store, which may still
// be connecting (Neo4j): until then it is unavailable.
type graphOutbox struct {
	store kg.Store
	m     *telemetry.Metrics // counts the queue's failures
	mu    sync.Mutex
	q     qdrantvec.OutboxStore
}

func (g *graphOutbox) get(ctx context.Context) (qdrantvec.OutboxStore, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.q != nil {
		return g.q, nil
	}
	s := g.store
	if c, ok := s.(*kg.Connecting); ok {
		if s = c.Unwrap(); s == nil {
			return nil, fmt.Errorf("outbox: graph store still connecting: %w", retrieval.ErrUnavailable)
		}
	}
	var err error
	switch st := s.(type) {
	case *memkg.Store:
		g.q, err = st.Outbox(ctx, "qdrant")
	case *neo4jkg.Store:
		g.q, err = st.Outbox(ctx, "qdrant")
	default:
		err = fmt.Errorf("outbox: %T keeps no outbox", s)
	}
	if err != nil {
		if errors.Is(err, kg.ErrUnavailable) {
			err = fmt.Errorf("%w: %v", retrieval.ErrUnavailable, err)
		}
		return nil, err
	}
	return g.q, nil
}

func (g *graphOutbox) Append(ctx context.Context, op []byte) error {
	q, err := g.get(ctx)
	if err != nil {
		return g.failed(err)
	}
	return g.failed(q.Append(ctx, op))
}

func (g *graphOutbox) Pending(ctx context.Context, n int, fn func(seq uint64, op []byte) error) error {
	q, err := g.get(ctx)
	if err != nil {
		return g.failed(err)
	}
	// An error of fn (applying an op to Qdrant) is the index's, counted
	// there; only the queue's own failures count here.
	var fnErr error
	err = q.Pending(ctx, n, func(seq uint64, op []byte) error { fnErr = fn(seq, op); return fnErr })
	if err != nil && fnErr != nil && errors.Is(err, fnErr) {
		return err
	}
	return g.failed(err)
}

func (g *graphOutbox) Ack(ctx context.Context, seq uint64) error {
	q, err := g.get(ctx)
	if err != nil {
		return g.failed(err)
	}
	return g.failed(q.Ack(ctx, seq))
}

// failed counts a failure of the queue (kgrag_store_errors_total{store="graph",op="outbox"}).
func (g *graphOutbox) failed(err error) error {
	if err != nil && g.m != nil && !errors.Is(err, context.Canceled) {
		g.m.StoreError("graph", "outbox")
	}
	return err
}
