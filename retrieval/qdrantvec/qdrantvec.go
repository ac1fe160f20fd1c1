// Package qdrantvec is the Qdrant retrieval.Index (qdrant/go-client, gRPC,
// Qdrant 1.15+), for deployments where many kgrag instances share one
// (distributed) Qdrant and keep no state of their own.
//
// # Collections
//
// Each knowledge base has a collection of its own, named
// <Config.Collection>__<kb>. One collection per brand rather than one shared
// collection is deliberate: Qdrant computes the IDF of sparse vectors over
// every point of the shard queried, whatever the filter (before 1.19, which
// added per-tenant statistics), so in a shared collection one brand's
// vocabulary would change another's keyword scores. A separate collection
// keeps term statistics, and everything else, inside the knowledge base.
//
// Each point has a named cosine dense vector "dense" of the embedder's
// dimension, a named sparse vector "sparse" with Qdrant's IDF modifier
// (document values carry BM25's term-frequency part, Qdrant multiplies by
// IDF at query time), and the chunk as payload under the JSON names of
// retrieval.Chunk, with payload indexes on every field a Filter tests.
// Point ids are UUID v5 of (kb, chunk id), see PointID; the chunk id is in
// the payload. Validity dates are RFC 3339 strings under a datetime index.
//
// Ensure (called by the first operation if the caller did not) checks the
// server and every existing collection of the prefix; a knowledge base's
// collection is created with its indexes by its first upsert, and checked
// by the first use in each process. A collection whose vectors, sparse
// modifier, embedding model or payload index types differ from the
// configuration is an ErrMismatch with the way out, unless Config.Recreate
// says to drop and recreate it: data made for another configuration is
// never mixed in.
//
// # Search
//
// A hybrid query is one Query API request: a dense and a sparse prefetch
// under the same filter, fused on the server with reciprocal rank fusion
// (k = retrieval.RRFK + 1 on Qdrant 1.16+, which makes the fused scores
// memvec's; Qdrant's fixed k = 2 before). The same QueryBatch carries the
// two prefetches again as plain queries, which give each hit its dense and
// sparse ranks and scores.
//
// # Failures
//
// Qdrant unreachable, overloaded or timing out is ErrUnavailable, its
// rejection of a request ErrInvalid. Writes that must survive an outage go
// through an Outbox (see NewOutbox).
package qdrantvec

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/qdrant/go-client/qdrant"

	"kgrag/retrieval"
)

// Defaults of Config.
const (
	DefaultCollection = "kgrag_chunks"
	DefaultPort       = 6334 // Qdrant's gRPC port (6333 is REST)
	DefaultBatchSize  = 256
	DefaultTimeout    = 30 * time.Second
	MaxHNSWEf         = 100_000 // bound of Config.HNSWEf
)

// Config says how to reach Qdrant and what the collections must look like.
// cmd fills it from KGRAG_QDRANT_* (see README.md).
type Config struct {
	// Addr is host:port of Qdrant's gRPC API; the port defaults to 6334.
	// An "https://" prefix turns TLS on, "http://" is dropped.
	Addr   string
	APIKey string // Qdrant Cloud or a server with service.api_key; empty: none
	TLS    bool   // Qdrant Cloud needs it
	// Collection prefixes the collection names: <Collection>__<kb>. Default
	// DefaultCollection.
	Collection string
	Dim        int // the embedder's dimension; required
	// Model names what made the vectors (e.g. the embedder's and the sparse
	// encoder's Name()). It is stored in each collection's metadata (Qdrant
	// 1.16+), and a collection made by another model is an ErrMismatch.
	Model string
	// Recreate drops and recreates a collection that does not match, with
	// all its points, instead of refusing it. Its chunks must then be
	// re-ingested.
	Recreate bool
	// Shards and Replicas set a new collection's shard number and
	// replication factor in a Qdrant cluster; 0: the server's default. More
	// than one shard makes IDF statistics per shard, not per knowledge base.
	Shards, Replicas int
	// HNSWEf is the size of the candidate list of Qdrant's HNSW dense
	// search (hnsw_ef): higher is closer to exact search and slower; 0:
	// the collection's ef_construct (Qdrant's default, 100).
	HNSWEf int
	// Exact makes dense search exact (a full scan) instead of HNSW:
	// recall 1, cost linear in the knowledge base's points. Qdrant scans
	// exactly by itself where a segment's vectors are below the collection's
	// full_scan_threshold (10,000 KB by default) or a filter leaves few
	// points. Sparse search is always exact (an inverted index).
	Exact     bool
	BatchSize int           // points per upsert request; default DefaultBatchSize
	Timeout   time.Duration // per request; default DefaultTimeout
}

// Index is the Qdrant retrieval.Index. It is safe for concurrent use.
type Index struct {
	cfg    Config
	client *qdrant.Client

	mu     sync.Mutex      // guards the fields below
	server bool            // Ensure has succeeded
	paramK bool            // the server takes RRF's k (1.16+)
	ready  map[string]bool // knowledge bases whose collection exists and matches
	had    map[string]bool // knowledge bases whose collection existed (see lost.go)
	gone   map[string]bool // of had, those whose collection was then found missing
	lost   map[string]bool // of had, those whose chunks were lost and not re-indexed since

	slow sync.Mutex // serialises checking and creating collections
}

var _ retrieval.Index = (*Index)(nil)

// New validates cfg and returns an Index. It does not contact Qdrant: the
// gRPC connection is made on first use, and the server and collections are
// checked by Ensure (or the first operation), so a process can start while
// Qdrant is down. Returns ErrInvalid for a bad configuration.
func New(cfg Config) (*Index, error) {
	if cfg.Dim <= 0 {
		return nil, fmt.Errorf("qdrantvec: dimension %d: %w", cfg.Dim, retrieval.ErrInvalid)
	}
	if cfg.Collection == "" {
		cfg.Collection = DefaultCollection
	}
	if !validName(cfg.Collection, 128) {
		return nil, fmt.Errorf("qdrantvec: collection prefix %q: want 1-128 of a-z, A-Z, 0-9, '_' and '-': %w", cfg.Collection, retrieval.ErrInvalid)
	}
	if cfg.HNSWEf < 0 || cfg.HNSWEf > MaxHNSWEf {
		return nil, fmt.Errorf("qdrantvec: hnsw_ef %d outside 0..%d: %w", cfg.HNSWEf, MaxHNSWEf, retrieval.ErrInvalid)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	host, port, tls, err := parseAddr(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("qdrantvec: address %q: %v: %w", cfg.Addr, err, retrieval.ErrInvalid)
	}
	client, err := qdrant.NewClient(&qdrant.Config{
		Host:   host,
		Port:   port,
		APIKey: cfg.APIKey,
		UseTLS: cfg.TLS || tls,
		// The built-in check blocks New on a network call and logs through
		// slog; Ensure reads the version itself.
		SkipCompatibilityCheck: true,
	})
	if err != nil {
		return nil, fmt.Errorf("qdrantvec: client for %s: %v", cfg.Addr, err)
	}
	return &Index{cfg: cfg, client: client, ready: map[string]bool{},
		had: map[string]bool{}, gone: map[string]bool{}, lost: map[string]bool{}}, nil
}

// parseAddr splits host[:port], with an optional http(s):// prefix.
func parseAddr(addr string) (host string, port int, tls bool, err error) {
	switch {
	case strings.HasPrefix(addr, "https://"):
		addr, tls = strings.TrimPrefix(addr, "https://"), true
	case strings.HasPrefix(addr, "http://"):
		addr = strings.TrimPrefix(addr, "http://")
	}
	addr = strings.TrimSuffix(addr, "/")
	if addr == "" {
		return "", 0, false, errors.New("empty")
	}
	h, p, splitErr := net.SplitHostPort(addr)
	if splitErr != nil {
		// No port (or a bare IPv6 address).
		return strings.Trim(addr, "[]"), DefaultPort, tls, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n <= 0 || n > 65535 {
		return "", 0, false, fmt.Errorf("bad port %q", p)
	}
	if h == "" {
		return "", 0, false, errors.New("no host")
	}
	return h, n, tls, nil
}

// validName reports whether s is 1-max of a-z, A-Z, 0-9, '_' and '-': safe
// in a Qdrant collection name.
func validName(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// CollectionName returns the name of the knowledge base's collection:
// <Config.Collection>__<kb>. Returns ErrInvalid for a knowledge base name
// a collection name cannot carry (kg.ValidKB names always can).
func (ix *Index) CollectionName(kb string) (string, error) {
	if !validName(kb, 64) {
		return "", fmt.Errorf("knowledge base %q: want 1-64 of a-z, A-Z, 0-9, '_' and '-': %w", kb, retrieval.ErrInvalid)
	}
	return ix.cfg.Collection + collectionSep + kb, nil
}

// collectionSep separates the prefix from the knowledge base.
const collectionSep = "__"

// Close closes the gRPC connections.
func (ix *Index) Close() error {
	if err := ix.client.Close(); err != nil {
		return fmt.Errorf("qdrantvec: close: %v", err)
	}
	return nil
}

// Ping reports whether Qdrant answers (ErrUnavailable if not) and still
// has the collection of every knowledge base this process has seen one of
// (ErrCollectionLost naming those that are gone, logged at error level once
// per finding). It makes one request, two once a collection is known.
func (ix *Index) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, ix.cfg.Timeout)
	defer cancel()
	if _, err := ix.client.HealthCheck(ctx); err != nil {
		return wrap("ping", err)
	}
	ix.mu.Lock()
	known := len(ix.had) > 0
	ix.mu.Unlock()
	if !known {
		return nil
	}
	names, err := ix.client.ListCollections(ctx)
	if err != nil {
		return wrap("ping: list collections", err)
	}
	return ix.checkCollections(ctx, names)
}

// do runs one request with the per-request timeout and translates its
// error. A collection gone from under us (dropped by an operator) is
// checked again by the next operation on its knowledge base.
func (ix *Index) do(ctx context.Context, op, kb string, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, ix.cfg.Timeout)
	defer cancel()
	err := wrap(op, fn(ctx))
	if errors.Is(err, retrieval.ErrNotFound) {
		ix.missingCollection(ctx, kb)
	}
	return err
}

// Validate checks points as Upsert does, without writing them: ErrInvalid
// for a point without KB or ID (or a KB no collection name can carry), with
// an empty validity interval, with a dense vector of another dimension or
// with a non-finite value, or a malformed sparse vector. The Outbox calls
// it before queueing.
func (ix *Index) Validate(points []retrieval.Point) error {
	for i := range points {
		p := &points[i]
		c := &p.Chunk
		if c.KB == "" || c.ID == "" {
			return fmt.Errorf("qdrantvec: upsert point %d: missing kb or id: %w", i, retrieval.ErrInvalid)
		}
		if _, err := ix.CollectionName(c.KB); err != nil {
			return fmt.Errorf("qdrantvec: upsert %q: %w", c.ID, err)
		}
		if c.ValidFrom != nil && c.ValidTo != nil && !c.ValidFrom.Before(*c.ValidTo) {
			return fmt.Errorf("qdrantvec: upsert %q: validity %v..%v is empty: %w", c.ID, *c.ValidFrom, *c.ValidTo, retrieval.ErrInvalid)
		}
		if err := validDense(p.Dense, ix.cfg.Dim); err != nil {
			return fmt.Errorf("qdrantvec: upsert %q: %w", c.ID, err)
		}
		if err := validSparse(p.Sparse); err != nil {
			return fmt.Errorf("qdrantvec: upsert %q: %w", c.ID, err)
		}
	}
	return nil
}

func validDense(v []float32, dim int) error {
	if len(v) != dim {
		return fmt.Errorf("dense vector has %d dimensions, want %d: %w", len(v), dim, retrieval.ErrInvalid)
	}
	for _, f := range v {
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return fmt.Errorf("dense vector has a non-finite value: %w", retrieval.ErrInvalid)
		}
	}
	return nil
}

// Upsert stores the points, validated first (see Validate: a bad point
// fails the call before anything is written). Points go to their knowledge
// base's collection, created on first use, in batches of Config.BatchSize,
// each written with wait (applied before the call returns) and medium write
// ordering (replicas of a cluster apply writes to a point in one order). A
// later point replaces an earlier one with the same (KB, ID), also within
// points. On error the batches before it stay stored; repeating the call
// completes the work.
func (ix *Index) Upsert(ctx context.Context, points []retrieval.Point) error {
	return ix.upsertPoints(ctx, points, nil)
}

// UpsertAt is Upsert as write number seq of an ordered stream of writes
// (the Outbox's queue): each point keeps seq in its payload, and a point
// already stored by a later write (a higher number) is left as it is
// (Qdrant's conditional update, update_filter). Points stored without a
// number are always replaced. A point that does not exist is inserted.
func (ix *Index) UpsertAt(ctx context.Context, points []retrieval.Point, seq uint64) error {
	return ix.upsertPoints(ctx, points, &seq)
}

func (ix *Index) upsertPoints(ctx context.Context, points []retrieval.Point, seq *uint64) error {
	if err := ix.Validate(points); err != nil {
		return err
	}
	// Group by knowledge base, in order of first appearance; the last
	// version of a chunk wins.
	last := make(map[[2]string]int, len(points))
	var kbs []string
	byKB := map[string][]int{}
	for i := range points {
		c := &points[i].Chunk
		last[[2]string{c.KB, c.ID}] = i
		if _, ok := byKB[c.KB]; !ok {
			kbs = append(kbs, c.KB)
		}
		byKB[c.KB] = append(byKB[c.KB], i)
	}
	for _, kb := range kbs {
		var batch []*qdrant.PointStruct
		for _, i := range byKB[kb] {
			if last[[2]string{kb, points[i].Chunk.ID}] == i {
				p := toPoint(&points[i])
				if seq != nil {
					p.Payload[fSeq] = qdrant.NewValueInt(int64(*seq))
				}
				batch = append(batch, p)
			}
		}
		for start := 0; start < len(batch); start += ix.cfg.BatchSize {
			if err := ix.upsert(ctx, kb, batch[start:min(start+ix.cfg.BatchSize, len(batch))], seq); err != nil {
				return err
			}
		}
	}
	return nil
}

// upsert writes one batch, creating the collection if needed, and once
// more if the collection vanished in between.
func (ix *Index) upsert(ctx context.Context, kb string, batch []*qdrant.PointStruct, seq *uint64) error {
	for attempt := 0; ; attempt++ {
		name, _, err := ix.kbCollection(ctx, kb, true)
		if err != nil {
			return err
		}
		err = ix.do(ctx, "upsert", kb, func(ctx context.Context) error {
			_, err := ix.client.Upsert(ctx, upsertRequest(name, batch, seq))
			return err
		})
		if errors.Is(err, retrieval.ErrNotFound) && attempt == 0 {
			continue
		}
		return err
	}
}

// upsertRequest is the request writing batch to collection name: applied
// before the call returns (wait), replicas applying writes to a point in
// one order (medium ordering), and, for write number seq of an ordered
// stream, only over points stored by an earlier write or by none.
func upsertRequest(name string, batch []*qdrant.PointStruct, seq *uint64) *qdrant.UpsertPoints {
	req := &qdrant.UpsertPoints{
		CollectionName: name,
		Wait:           qdrant.PtrOf(true),
		Ordering:       &qdrant.WriteOrdering{Type: qdrant.WriteOrderingType_Medium},
		Points:         batch,
	}
	if seq != nil {
		req.UpdateFilter = olderThan(*seq)
	}
	return req
}

// olderThan matches the points stored by a write numbered below seq, or
// stored without a number.
func olderThan(seq uint64) *qdrant.Filter {
	return &qdrant.Filter{Should: []*qdrant.Condition{
		qdrant.NewIsEmpty(fSeq),
		qdrant.NewRange(fSeq, &qdrant.Range{Lt: qdrant.PtrOf(float64(seq))}),
	}}
}

// Delete removes the points matching f and reports how many matched just
// before (Qdrant's delete does not count; a point written between the count
// and the delete may be removed without being counted).
func (ix *Index) Delete(ctx context.Context, f retrieval.Filter) (int, error) {
	return ix.deletePoints(ctx, f, nil)
}

// DeleteAt is Delete as write number seq of an ordered stream of writes:
// a point stored by a later write (a higher number) is kept.
func (ix *Index) DeleteAt(ctx context.Context, f retrieval.Filter, seq uint64) (int, error) {
	return ix.deletePoints(ctx, f, &seq)
}

func (ix *Index) deletePoints(ctx context.Context, f retrieval.Filter, seq *uint64) (int, error) {
	filter, err := buildFilter(f)
	if err != nil {
		return 0, fmt.Errorf("qdrantvec: delete: %w", err)
	}
	if seq != nil {
		filter.Must = append(filter.Must, qdrant.NewFilterAsCondition(olderThan(*seq)))
	}
	name, ok, err := ix.kbCollection(ctx, f.KB, false)
	if err != nil || !ok {
		return 0, err
	}
	n, err := ix.count(ctx, "delete", f.KB, name, filter)
	if err != nil || n == 0 {
		return 0, err
	}
	err = ix.do(ctx, "delete", f.KB, func(ctx context.Context) error {
		_, err := ix.client.Delete(ctx, &qdrant.DeletePoints{
			CollectionName: name,
			Wait:           qdrant.PtrOf(true),
			Ordering:       &qdrant.WriteOrdering{Type: qdrant.WriteOrderingType_Medium},
			Points:         qdrant.NewPointsSelectorFilter(filter),
		})
		return err
	})
	if errors.Is(err, retrieval.ErrNotFound) {
		return 0, nil // the collection is gone, and its points with it
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Count counts the points matching f exactly.
func (ix *Index) Count(ctx context.Context, f retrieval.Filter) (int, error) {
	filter, err := buildFilter(f)
	if err != nil {
		return 0, fmt.Errorf("qdrantvec: count: %w", err)
	}
	name, ok, err := ix.kbCollection(ctx, f.KB, false)
	if err != nil || !ok {
		return 0, err
	}
	return ix.count(ctx, "count", f.KB, name, filter)
}

func (ix *Index) count(ctx context.Context, op, kb, name string, filter *qdrant.Filter) (int, error) {
	var n uint64
	err := ix.do(ctx, op, kb, func(ctx context.Context) (err error) {
		n, err = ix.client.Count(ctx, &qdrant.CountPoints{
			CollectionName: name,
			Filter:         filter,
			Exact:          qdrant.PtrOf(true),
		})
		return err
	})
	if errors.Is(err, retrieval.ErrNotFound) {
		return 0, nil
	}
	return int(n), err
}

// Get returns the chunks of the knowledge base with the ids, in the order
// of ids (each once); missing ids are skipped.
func (ix *Index) Get(ctx context.Context, kb string, ids []string) ([]retrieval.Chunk, error) {
	if kb == "" {
		return nil, fmt.Errorf("qdrantvec: get: no knowledge base: %w", retrieval.ErrInvalid)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	name, ok, err := ix.kbCollection(ctx, kb, false)
	if err != nil || !ok {
		return nil, err
	}
	pids := make([]*qdrant.PointId, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			pids = append(pids, qdrant.NewIDUUID(PointID(kb, id)))
		}
	}
	var got []*qdrant.RetrievedPoint
	err = ix.do(ctx, "get", kb, func(ctx context.Context) (err error) {
		got, err = ix.client.Get(ctx, &qdrant.GetPoints{
			CollectionName: name,
			Ids:            pids,
			WithPayload:    qdrant.NewWithPayload(true),
		})
		return err
	})
	if errors.Is(err, retrieval.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	byID := make(map[string]retrieval.Chunk, len(got))
	for _, p := range got {
		c, err := chunkFrom(p.GetPayload())
		if err != nil {
			return nil, fmt.Errorf("qdrantvec: get: point %s: %w", p.GetId().GetUuid(), err)
		}
		if c.KB == kb { // always, by construction of the id; checked all the same
			byID[c.ID] = c
		}
	}
	out := make([]retrieval.Chunk, 0, len(byID))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
			delete(byID, id)
		}
	}
	return out, nil
}

// plan is the requests of a search of collection name: buildPlan's, with
// the configured search parameters (Config.HNSWEf, Config.Exact).
func (ix *Index) plan(name string, q retrieval.Query, paramK bool) (*plan, error) {
	p, err := buildPlan(name, ix.cfg.Dim, q, paramK)
	if err != nil {
		return nil, err
	}
	p.withParams(searchParams(&ix.cfg))
	return p, nil
}

// Search runs a dense, sparse or hybrid query (see the package doc).
// Returns ErrInvalid for a query without vectors or KB, with limits outside
// retrieval's bounds, a dense vector of another dimension or with a
// non-finite value, or a malformed sparse vector, whether or not Qdrant is
// up.
func (ix *Index) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	if _, err := buildPlan("", ix.cfg.Dim, q, false); err != nil {
		return nil, fmt.Errorf("qdrantvec: search: %w", err)
	}
	name, ok, err := ix.kbCollection(ctx, q.Filter.KB, false)
	if err != nil {
		return nil, err
	}
	if !ok {
		return []retrieval.Hit{}, nil
	}
	ix.mu.Lock()
	paramK := ix.paramK
	ix.mu.Unlock()
	p, err := ix.plan(name, q, paramK)
	if err != nil {
		return nil, fmt.Errorf("qdrantvec: search: %w", err)
	}
	var results [][]*qdrant.ScoredPoint
	err = ix.do(ctx, "search", q.Filter.KB, func(ctx context.Context) error {
		if len(p.Queries) == 1 {
			r, err := ix.client.Query(ctx, p.Queries[0])
			results = [][]*qdrant.ScoredPoint{r}
			return err
		}
		batch, err := ix.client.QueryBatch(ctx, &qdrant.QueryBatchPoints{
			CollectionName: name,
			QueryPoints:    p.Queries,
		})
		for _, b := range batch {
			results = append(results, b.GetResult())
		}
		return err
	})
	if errors.Is(err, retrieval.ErrNotFound) {
		return []retrieval.Hit{}, nil
	}
	if err != nil {
		return nil, err
	}
	hits, err := p.hits(results)
	if err != nil {
		return nil, fmt.Errorf("qdrantvec: search: %w", err)
	}
	return hits, nil
}
