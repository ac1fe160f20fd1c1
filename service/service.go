// Package service is kgrag's composition root: it builds the whole service
// — graph store, chunk index with its embedder, keyword encoder and
// searcher, source registry, ingester and ingest jobs, corrections,
// lexicon and the answering engine with its LLM — from one Config, so that
// kgrag serve, ingest, eval, eval --regressions, the benchmarks and the
// end-to-end tests of graph and retrieval/answer run the same wiring and
// search the same way.
//
// It is a top-level package because it imports every other one (kg,
// retrieval, ingest, feedback, graph) and is imported by cmd/kgrag and by
// the tests of graph and retrieval/answer; inside any of those it would
// make an import cycle or tie a domain package to the others.
package service

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/trace"

	"kgrag/feedback"
	"kgrag/graph"
	"kgrag/ingest"
	demokb "kgrag/ingest/demo"
	"kgrag/ingest/extract"
	"kgrag/ingest/registry"
	"kgrag/kg"
	"kgrag/kg/lexicon"
	"kgrag/kg/memkg"
	"kgrag/kg/neo4jkg"
	"kgrag/retrieval"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/embed"
	"kgrag/retrieval/memvec"
	"kgrag/retrieval/openaichat"
	"kgrag/retrieval/openaiembed"
	"kgrag/retrieval/qdrantvec"
	"kgrag/retrieval/sparse"
	"kgrag/service/telemetry"
)

// Config says which backends the service runs on. The zero Config is the
// embedded service in a fresh temporary directory: no server, no API key,
// no network.
type Config struct {
	// DataDir holds the embedded backends' files: the graph store, the
	// chunk index and the source registry. Empty: a fresh temporary
	// directory, removed by Close.
	DataDir string
	// Neo4j is the graph store when Neo4j.URI is set (connected in the
	// background with backoff, so the service starts while Neo4j is down);
	// else the embedded store in DataDir.
	Neo4j neo4jkg.Config
	// Store, when set, is the graph store, and Neo4j is not read. Its owner
	// closes it, not Close: tests and benchmarks share one store (and one
	// Neo4j driver) between services this way.
	Store kg.Store
	// Qdrant is the chunk index when Qdrant.Addr is set (behind an outbox in
	// the graph store); else the embedded index in DataDir.
	Qdrant qdrantvec.Config
	// Embed is the OpenAI-compatible embedder when Embed.Model is set;
	// else the offline one. It also picks how answers search: hybrid with
	// an embedding model, keyword-only with the offline embedder (which
	// retrieves as well as hybrid there, for a fraction of the cost).
	Embed openaiembed.Config
	// LLM writes the answers when LLM.Model is set; else the extractive
	// composer does.
	LLM openaichat.Config
	// Extract proposes entities and relations from policy and document
	// text at ingest when Extract.Model is set.
	Extract extract.Config
	// Ingest tunes the ingester (chunking, file size, column mapping). New
	// sets its Corrections, Lexicon and Now, and its Extractor from Extract.
	Ingest ingest.Options
	// TrustedAgents are agent key ids whose corrections are approved at once.
	TrustedAgents []string
	// AskOnly builds no source registry, ingester or jobs, so nothing is
	// opened in DataDir when the graph is in Neo4j and the chunks in Qdrant
	// (eval --regressions against a running deployment).
	AskOnly bool
	// NoSync skips fsync in the embedded chunk index: tests and benchmarks only.
	NoSync bool
	// Now is the clock of every part (eval runs at the set's date); nil:
	// the wall clock.
	Now func() time.Time
	// Log receives the backends' connection news (Neo4j, Qdrant); the zero
	// Logger discards it.
	Log zerolog.Logger
	// Metrics receives the service's series; nil: New makes a registry of
	// its own (Service.Metrics).
	Metrics *telemetry.Metrics
	// Tracing makes the spans of requests and answers; nil: the global
	// OpenTelemetry provider (a no-op unless the process set one).
	Tracing trace.TracerProvider
}

// Service is the wired service. Its parts are ready to use; Close releases
// them.
type Service struct {
	Store kg.Store
	// Index holds the chunks, embedded with Embedder and Sparse; Indexer is
	// how ingest writes to it, Searcher how answers read it, in SearchMode.
	Index      retrieval.Index
	Embedder   retrieval.Embedder
	Sparse     retrieval.SparseEncoder
	Indexer    ingest.Index
	Searcher   *retrieval.Searcher
	SearchMode retrieval.Mode
	// Ingester and Jobs load sources; nil with Config.AskOnly.
	Ingester *ingest.Ingester
	Jobs     *ingest.Jobs
	// Feedback is shared by GraphQL, ingest and the engine: an approval is
	// seen by the next ingest and the next answer at once.
	Feedback *feedback.Service
	// Lexicon is shared by ingest (which rebuilds it), GraphQL and the
	// engine, so a synonym edit is seen by the next question.
	Lexicon *lexicon.Service
	// Curator applies trainers' graph edits, records them in the audit log
	// and marks the lexicon stale.
	Curator *kg.Curator
	Engine  *answer.Engine
	// LLM writes answers; nil: extractive.
	LLM answer.Generator
	// DataDir is the directory of the embedded backends (the temporary one
	// when Config.DataDir was empty).
	DataDir string
	// Metrics and Tracing observe the service (see Telemetry).
	Metrics *telemetry.Metrics
	Tracing trace.TracerProvider

	closers []func()
}

// New builds the service. It does not wait for a Neo4j that is down (see
// WaitReady); it fails on a configuration that cannot work: a data
// directory in use by another process, a Qdrant collection of other
// vectors, an embedder without a dimension.
func New(ctx context.Context, cfg Config) (_ *Service, err error) {
	if cfg.Metrics == nil {
		cfg.Metrics = telemetry.NewMetrics()
	}
	s := &Service{DataDir: cfg.DataDir, Metrics: cfg.Metrics}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if s.DataDir == "" {
		tmp, err := os.MkdirTemp("", "kgrag-")
		if err != nil {
			return nil, fmt.Errorf("service: %w", err)
		}
		s.closers = append(s.closers, func() { os.RemoveAll(tmp) })
		s.DataDir = tmp
	}
	if s.Store = cfg.Store; s.Store == nil {
		if s.Store, err = openStore(s.DataDir, cfg); err != nil {
			return nil, err
		}
		st := s.Store
		s.closers = append(s.closers, func() { st.Close() })
	}
	if err := s.openChunks(ctx, cfg); err != nil {
		return nil, err
	}
	if s.Feedback, err = feedback.New(s.Store); err != nil {
		return nil, err
	}
	s.Feedback.Now, s.Feedback.TrustedAgents = cfg.Now, cfg.TrustedAgents
	if s.Lexicon, err = lexicon.New(s.Store); err != nil {
		return nil, err
	}
	s.Lexicon.Now, s.Lexicon.Auditor = cfg.Now, s.Feedback
	s.closers = append(s.closers, s.Lexicon.Close)
	s.Curator = &kg.Curator{Store: s.Store, Audit: s.Feedback, Changed: s.Lexicon.Stale}
	if !cfg.AskOnly {
		// The source registry lives in the graph store's documents, so
		// every instance on one Neo4j sees the same sources; a sources.db
		// of an earlier version is copied in on first use.
		docs, ok := s.Store.(kg.Docs)
		if !ok {
			return nil, fmt.Errorf("service: graph store %T keeps no documents for the source registry", s.Store)
		}
		reg := registry.NewDocs(docs).WithMigration(filepath.Join(s.DataDir, "sources.db"))
		opts := cfg.Ingest
		// A re-ingested source never undoes an approved correction, a
		// run that changed anything rebuilds the lexicon, and every run is
		// in the audit log.
		opts.Corrections, opts.Lexicon, opts.Auditor, opts.Now = s.Feedback, s.Lexicon, s.Feedback, cfg.Now
		// Runs on one knowledge base wait for each other across the
		// instances sharing the graph store.
		opts.Lease = registry.NewLease(docs)
		if cfg.Extract.Model != "" {
			x, err := extract.New(cfg.Extract)
			if err != nil {
				return nil, fmt.Errorf("service: %w", err)
			}
			opts.Extractor = x
		}
		s.Ingester = ingest.New(s.Store, s.Indexer, reg, opts)
		// Jobs are kept in the graph store too: any instance reports them.
		s.Jobs = ingest.NewJobs(cfg.Log.With().Str("component", "ingest-jobs").Logger(), time.Hour).WithDocs(docs)
		s.closers = append(s.closers, s.Jobs.Close)
	}
	if cfg.LLM.Model != "" {
		g, err := openaichat.New(cfg.LLM)
		if err != nil {
			return nil, fmt.Errorf("service: %w", err)
		}
		s.LLM = g
	}
	s.Searcher = retrieval.NewSearcher(s.Index, s.Embedder, s.Sparse)
	s.Feedback.Texts = chunkTexts{s.Searcher}
	s.Engine = answer.New(s.Store, s.Searcher, s.LLM)
	s.Engine.Review = s.Feedback
	s.Engine.Lexicon = s.Lexicon
	s.Engine.SearchMode = s.SearchMode
	s.Engine.Now = cfg.Now
	s.observe(cfg)
	return s, nil
}

// Close stops running jobs, then closes what New opened, in reverse order:
// the lexicon, the registry, the chunk index, the graph store (unless
// Config.Store gave it) and the temporary data directory.
func (s *Service) Close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
}

// Resolver is the GraphQL layer's view of the service.
func (s *Service) Resolver() *graph.Resolver {
	r := &graph.Resolver{Store: s.Store, Answering: s.Engine, Feedback: s.Feedback, Lexicons: s.Lexicon, Curator: s.Curator}
	if s.Ingester != nil {
		r.Ingest, r.Jobs = s.Ingester, s.Jobs
	}
	return r
}

// Ready reports whether the graph store and the chunk index (if it can
// tell) answer: /readyz.
func (s *Service) Ready(ctx context.Context) error {
	if err := s.Store.Ping(ctx); err != nil {
		return fmt.Errorf("graph store: %w", err)
	}
	if p, ok := s.Index.(interface{ Ping(context.Context) error }); ok {
		if err := p.Ping(ctx); err != nil {
			return fmt.Errorf("chunk index: %w", err)
		}
	}
	return nil
}

// WaitReady waits up to limit for the graph store to answer, for commands
// that cannot start without it; it returns the last error on timeout.
func (s *Service) WaitReady(ctx context.Context, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for {
		err := s.Store.Ping(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// ErrNotEmpty is LoadDemo finding knowledge in the demo's knowledge base.
var ErrNotEmpty = errors.New("service: the demo knowledge base is not empty")

// LoadDemo ingests the built-in demo knowledge base into its knowledge
// base ("default") if that holds no sources and no entities; ErrNotEmpty
// otherwise.
func (s *Service) LoadDemo(ctx context.Context) (*ingest.Report, error) {
	if s.Ingester == nil {
		return nil, errors.New("service: demo: no ingester (AskOnly)")
	}
	srcs, err := s.Ingester.Sources(ctx, demokb.KB)
	if err != nil {
		return nil, err
	}
	page, err := s.Store.Entities(ctx, demokb.KB, kg.EntityQuery{First: 1, IncludeRetired: true})
	if err != nil {
		return nil, err
	}
	if len(srcs) > 0 || page.TotalCount > 0 {
		return nil, ErrNotEmpty
	}
	files, err := demokb.Files()
	if err != nil {
		return nil, err
	}
	var in []ingest.Input
	for _, f := range files {
		in = append(in, ingest.Input{ID: f.Path, Origin: "demo", Data: f.Data})
	}
	rep, err := s.Ingester.Ingest(ctx, demokb.KB, in, ingest.RunOptions{Actor: "demo"})
	if err != nil {
		return nil, err
	}
	return rep, rep.Err()
}

// openStore opens the graph store the configuration names: Neo4j when a
// URI is set (connected in the background, retried with backoff, so the
// service starts and reports not-ready while Neo4j is down), else the
// embedded store in dir.
func openStore(dir string, cfg Config) (kg.Store, error) {
	if cfg.Neo4j.URI == "" {
		s, err := memkg.Open(dir, memkg.Options{Now: cfg.Now})
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	log := cfg.Log.With().Str("component", "neo4j").Str("uri", cfg.Neo4j.URI).Logger()
	return kg.Connect(func(ctx context.Context) (kg.Store, error) {
		s, err := neo4jkg.Open(ctx, cfg.Neo4j)
		if err != nil {
			return nil, err
		}
		log.Info().Msg("neo4j connected")
		return s, nil
	}, func(err error, wait time.Duration) {
		cfg.Metrics.StoreError("graph", "connect")
		log.Warn().Err(err).Dur("retry_in", wait).Msg("neo4j unavailable")
	}), nil
}

// openChunks opens the chunk index with its embedder and keyword encoder:
// Qdrant (behind an outbox in the graph store) when an address is set,
// else the embedded index in the data directory. Search uses the same
// embedder and encoder as indexing.
func (s *Service) openChunks(ctx context.Context, cfg Config) error {
	if cfg.Embed.Model == "" {
		emb, err := embed.New(embed.Options{})
		if err != nil {
			return err
		}
		s.Embedder, s.SearchMode = emb, retrieval.SparseOnly
	} else {
		emb, err := openaiembed.New(cfg.Embed)
		if err != nil {
			return err
		}
		s.Embedder, s.SearchMode = emb, retrieval.Hybrid
	}
	s.Sparse = sparse.New(nil, sparse.Options{})
	if cfg.Qdrant.Addr == "" {
		// Keyword-only search never reads dense vectors: keep them on disk
		// until a dense search asks.
		mv, err := memvec.Open(s.DataDir, memvec.Options{Dim: s.Embedder.Dim(), NoSync: cfg.NoSync, DenseOnDemand: s.SearchMode == retrieval.SparseOnly})
		if err != nil {
			return err
		}
		s.Index = countedIndex{mv, cfg.Metrics}
		s.closers = append(s.closers, func() { mv.Close() })
	} else {
		idx, closeIdx, err := openQdrant(ctx, cfg.Qdrant, s.Embedder, s.Sparse, s.Store, cfg.Log, cfg.Metrics)
		if err != nil {
			return err
		}
		cfg.Log.Info().Str("addr", cfg.Qdrant.Addr).Msg("chunks in qdrant")
		s.Index = idx
		s.closers = append(s.closers, closeIdx)
	}
	s.Indexer = chunkIndex{retrieval.NewIndexer(s.Index, s.Embedder, s.Sparse, retrieval.IndexerOptions{}), s.Index}
	return nil
}

// chunkIndex gives an Indexer the ingest.ChunkDeleter capability through
// its Index, so a changed source re-embeds only its changed chunks.
type chunkIndex struct {
	*retrieval.Indexer
	idx retrieval.Index
}

// ChunksLost forwards the index's report of lost chunks (ingest.ChunkLoss),
// if it can tell: a Qdrant collection dropped under the service.
func (c chunkIndex) ChunksLost(ctx context.Context, kb string) (bool, error) {
	if l, ok := c.idx.(ingest.ChunkLoss); ok {
		return l.ChunksLost(ctx, kb)
	}
	return false, nil
}

// ChunksReindexed forwards to the index, if it tracks lost chunks.
func (c chunkIndex) ChunksReindexed(kb string) {
	if l, ok := c.idx.(ingest.ChunkLoss); ok {
		l.ChunksReindexed(kb)
	}
}

// DeleteChunks removes chunks by id.
func (c chunkIndex) DeleteChunks(ctx context.Context, kb string, ids []string) (int, error) {
	return c.idx.Delete(ctx, retrieval.Filter{KB: kb, IDs: ids})
}
