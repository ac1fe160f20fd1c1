// Package ingest loads a brand's sources into the knowledge graph and the
// chunk index: it parses them (package parse), turns their structure into
// entities and relations (products, categories, series, ingredients,
// channels, policies, FAQ), cuts their text into chunks (package chunk),
// links chunks to the entities they mention (package link), optionally asks
// an LLM to propose more facts (package extract), and keeps a registry of
// sources (package registry) so that re-ingesting is idempotent and
// incremental, removed sources retire what only they supported, and a crash
// mid-ingest is completed by the next run.
//
// # Validity of ingested facts
//
// An entity or relation that ingest creates holds from kg.Always: a catalog
// states what is true without saying since when, and questions are asked
// "as of" dates before the day of the ingest. A later change to an existing
// fact (a changed record, a retirement) takes effect at ingest time, so the
// history shows when the knowledge base learned it. The business validity
// of a policy (effective_from/effective_to) is a property of the policy, not
// of our knowledge of it: it is stored as DATE attributes on the Policy
// entity and as ValidFrom/ValidTo on the policy's chunks, where search
// filters on it. Putting it into the entity version's validity instead would
// make the policy invisible to a question about it asked before it starts
// ("what will change on 2025-07-01?") and would conflate "the policy is in
// force" with "we knew about the policy".
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"kgrag/ingest/chunk"
	"kgrag/ingest/extract"
	"kgrag/ingest/parse"
	"kgrag/ingest/registry"
	"kgrag/kg"
	"kgrag/retrieval"
)

// ErrInvalid wraps every rejection of bad input (parse.ErrInvalid and
// parse.ErrUnsupported match it too).
var ErrInvalid = errors.New("ingest: invalid input")

// Graph is what ingest needs of the knowledge graph; kg.Store has it.
type Graph interface {
	Apply(ctx context.Context, kb string, b kg.Batch) (kg.Applied, error)
	Entity(ctx context.Context, kb, id string, asOf time.Time) (kg.Entity, error)
	History(ctx context.Context, kb, id string) (kg.History, error)
	Lookup(ctx context.Context, kb, name string) ([]kg.Entity, error)
	Names(ctx context.Context, kb string, fn func(id, name string) error) error
}

// Index is what ingest needs of the chunk index; retrieval.Indexer has it.
type Index interface {
	// IndexChunks embeds and stores chunks, replacing those with the same (KB, ID).
	IndexChunks(ctx context.Context, chunks []retrieval.Chunk) error
	// DeleteSource removes every chunk of a source.
	DeleteSource(ctx context.Context, kb, sourceID string) (int, error)
}

// ChunkDeleter is an optional capability of an Index: deleting chunks by
// id, so that a changed source re-embeds only its changed chunks. Without
// it, a changed source's chunks are all deleted and indexed again.
type ChunkDeleter interface {
	DeleteChunks(ctx context.Context, kb string, ids []string) (int, error)
}

// ChunkLoss is an optional capability of an Index: reporting that a
// knowledge base's chunks were lost from under the registry (a Qdrant
// collection dropped under a running service). An ingest run that finds
// them lost indexes the chunks of its unchanged sources again, and once a
// run has re-indexed every source of the knowledge base that has chunks it
// calls ChunksReindexed.
type ChunkLoss interface {
	ChunksLost(ctx context.Context, kb string) (bool, error)
	ChunksReindexed(kb string)
}

// Registry keeps what ingest knows about each source; *registry.Docs
// keeps it in the graph store (the service's), *registry.Registry in a
// bbolt file.
type Registry interface {
	// Source returns a source or an error wrapping registry.ErrNotFound.
	Source(ctx context.Context, kb, id string) (registry.Source, error)
	PutSource(ctx context.Context, s registry.Source) error
	Sources(ctx context.Context, kb string) ([]registry.Source, error)
}

// Extractor proposes entities and relations found in unstructured text;
// *extract.LLM is one.
type Extractor interface {
	Extract(ctx context.Context, text string) (extract.Result, error)
}

// Options configure an Ingester; the zero value works.
type Options struct {
	Chunk        chunk.Options
	MaxFileBytes int64 // per source; 0: parse.DefaultMaxBytes
	// Columns maps CSV/JSON column names to record fields (see parse.Input).
	Columns map[string]string
	// Extractor, when set, runs on policy and document text.
	Extractor Extractor
	// Corrections, when set, keeps approved corrections over records a
	// changed source writes again (feedback.Service does).
	Corrections CorrectionKeeper
	// Lexicon, when set, rebuilds the knowledge base's lexicon after a
	// run that changed anything (lexicon.Service does).
	Lexicon LexiconBuilder
	// Auditor, when set, records every ingest and delete run in the audit
	// log (feedback.Service does).
	Auditor Auditor
	// Lease, when set, serialises the runs on a knowledge base across the
	// instances sharing a graph store (registry.Lease); within one
	// Ingester they are serialised anyway.
	Lease KBLease
	// MinConfidence drops extracted proposals below it; default 0.6.
	MinConfidence float64
	// Now is the clock (tests).
	Now func() time.Time
}

// CorrectionKeeper applies approved corrections to an entity record before
// it is written, so a re-ingested source never undoes one; notes go into
// the source's warnings.
type CorrectionKeeper interface {
	Keep(ctx context.Context, kb, source string, u kg.EntityUpsert) (kg.EntityUpsert, []string, error)
}

// LexiconBuilder rebuilds a knowledge base's lexicon (its names, attribute
// keys, units, groups and channels) from the graph.
type LexiconBuilder interface {
	Rebuild(ctx context.Context, kb string) (*kg.Lexicon, error)
}

// Ingester ingests sources into one store and index. Safe for concurrent
// use: runs on the same knowledge base are serialised.
type Ingester struct {
	g   Graph
	idx Index
	reg Registry
	opt Options

	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// New returns an Ingester.
func New(g Graph, idx Index, reg Registry, opt Options) *Ingester {
	opt.Chunk = opt.Chunk.WithDefaults()
	if opt.MaxFileBytes <= 0 {
		opt.MaxFileBytes = parse.DefaultMaxBytes
	}
	if opt.MinConfidence <= 0 {
		opt.MinConfidence = 0.6
	}
	return &Ingester{g: g, idx: idx, reg: reg, opt: opt, locks: map[string]*sync.Mutex{}}
}

func (in *Ingester) now() time.Time {
	if in.opt.Now != nil {
		return in.opt.Now().UTC()
	}
	return time.Now().UTC()
}

// KBLease serialises the runs on a knowledge base across instances;
// *registry.Lease is one.
type KBLease interface {
	// Acquire waits for the knowledge base's lease until ctx ends, and
	// returns the function that releases it.
	Acquire(ctx context.Context, kb string) (release func(), err error)
}

// lock serialises the runs on kb: in this Ingester, and with
// Options.Lease across instances.
func (in *Ingester) lock(ctx context.Context, kb string) (func(), error) {
	in.mu.Lock()
	l, ok := in.locks[kb]
	if !ok {
		l = &sync.Mutex{}
		in.locks[kb] = l
	}
	in.mu.Unlock()
	l.Lock()
	if in.opt.Lease == nil {
		return l.Unlock, nil
	}
	release, err := in.opt.Lease.Acquire(ctx, kb)
	if err != nil {
		l.Unlock()
		return nil, fmt.Errorf("ingest: %w", err)
	}
	return func() { release(); l.Unlock() }, nil
}

// Input is one source to ingest.
type Input struct {
	// ID is the source id, stable across runs: the path relative to the
	// directory given ("policies/lj-returns-2025.md") or the upload's name.
	ID string
	// Origin is where it was read from (an absolute path, "upload", "inline").
	Origin string
	Data   []byte
	// Format, Encoding and Kind are declared values; "" detects.
	Format   parse.Format
	Encoding string
	Kind     parse.Kind
	// Err, when set, is why the source could not be read; it is reported
	// as the source's failure.
	Err error
}

// RunOptions tune one run.
type RunOptions struct {
	// SkipBad skips malformed records instead of rejecting their source.
	SkipBad bool
	// Actor is recorded in the provenance of what the run writes.
	Actor string
	// Progress, when set, is called as sources complete.
	Progress func(Event)
}

// Event reports progress: Done of Total sources are finished.
type Event struct {
	Source string
	Action Action
	Done   int
	Total  int
}

// hashOf identifies what a source produces: its bytes and every option
// that changes the output. pipelineVersion changes when the output of the
// same bytes does.
const pipelineVersion = "ingest/1"

func (in *Ingester) hashOf(src Input, skipBad bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%d/%d\x00%v\x00%v\x00%v\x00", pipelineVersion, src.Format, src.Encoding, src.Kind,
		in.opt.Chunk.Size, in.opt.Chunk.Overlap, skipBad, sortedPairs(in.opt.Columns), in.opt.Extractor != nil)
	h.Write(src.Data)
	return hex.EncodeToString(h.Sum(nil))
}

func sortedPairs(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	sortStrings(out)
	return out
}
