package qdrantvec

import (
	"fmt"
	"math"

	"github.com/qdrant/go-client/qdrant"

	"kgrag/retrieval"
)

// rrfK is Qdrant's RRF constant that reproduces retrieval.RRFK: Qdrant
// scores 1/(k + r) with zero-based ranks r, memvec 1/(RRFK + rank) with
// one-based ones.
const rrfK = retrieval.RRFK + 1

// plan is a search as Qdrant requests: Queries[0] gives the hits, and the
// others (a hybrid search's per-side queries) the dense and sparse ranks
// and scores of each hit, which the fused query does not report.
type plan struct {
	Queries []*qdrant.QueryPoints
	Hybrid  bool
	Dense   int // index in Queries of the dense side; -1: none
	Sparse  int // index in Queries of the sparse side; -1: none
	Limit   int
}

// buildPlan validates q and turns it into Qdrant queries. A query with both
// vectors prefetches up to Prefetch dense and Prefetch sparse candidates
// under the same filter and fuses them with RRF on the server; with one
// vector it is a plain nearest-neighbour query on that side. paramK says
// whether the server takes RRF's k (Qdrant 1.16+); older servers fuse with
// their fixed k = 2, which ranks the same candidates slightly differently.
// The side queries of a hybrid search repeat the prefetches (same vector,
// filter and limit, so the same candidates) without payloads, in the same
// QueryBatch request.
func buildPlan(collection string, dim int, q retrieval.Query, paramK bool) (*plan, error) {
	filter, err := buildFilter(q.Filter)
	if err != nil {
		return nil, err
	}
	limit, prefetch, err := limits(q)
	if err != nil {
		return nil, err
	}
	hasDense, hasSparse := len(q.Dense) > 0, len(q.Sparse.Indices) > 0
	if hasDense {
		if err := validDense(q.Dense, dim); err != nil {
			return nil, fmt.Errorf("query: %w", err)
		}
	}
	if err := validSparse(q.Sparse); err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	if !hasDense && !hasSparse {
		return nil, fmt.Errorf("query without a dense or sparse vector: %w", retrieval.ErrInvalid)
	}
	dense := func(n int) *qdrant.PrefetchQuery {
		return &qdrant.PrefetchQuery{
			Query:  qdrant.NewQueryDense(q.Dense),
			Using:  qdrant.PtrOf(denseVector),
			Filter: filter,
			Limit:  qdrant.PtrOf(uint64(n)),
		}
	}
	sparse := func(n int) *qdrant.PrefetchQuery {
		return &qdrant.PrefetchQuery{
			Query:  qdrant.NewQuerySparse(q.Sparse.Indices, q.Sparse.Values),
			Using:  qdrant.PtrOf(sparseVector),
			Filter: filter,
			Limit:  qdrant.PtrOf(uint64(n)),
		}
	}
	// side makes a top-level query of a prefetch.
	side := func(p *qdrant.PrefetchQuery, withPayload bool) *qdrant.QueryPoints {
		return &qdrant.QueryPoints{
			CollectionName: collection,
			Query:          p.Query,
			Using:          p.Using,
			Filter:         p.Filter,
			Limit:          p.Limit,
			WithPayload:    qdrant.NewWithPayload(withPayload),
		}
	}
	switch {
	case hasDense && !hasSparse:
		return &plan{Queries: []*qdrant.QueryPoints{side(dense(limit), true)}, Dense: 0, Sparse: -1, Limit: limit}, nil
	case hasSparse && !hasDense:
		return &plan{Queries: []*qdrant.QueryPoints{side(sparse(limit), true)}, Dense: -1, Sparse: 0, Limit: limit}, nil
	}
	fusion := qdrant.NewQueryFusion(qdrant.Fusion_RRF)
	if paramK {
		fusion = qdrant.NewQueryRRF(&qdrant.Rrf{K: qdrant.PtrOf(uint32(rrfK))})
	}
	fused := &qdrant.QueryPoints{
		CollectionName: collection,
		Prefetch:       []*qdrant.PrefetchQuery{dense(prefetch), sparse(prefetch)},
		Query:          fusion,
		Filter:         filter, // already on both prefetches; repeated so no fused point can escape it
		Limit:          qdrant.PtrOf(uint64(limit)),
		WithPayload:    qdrant.NewWithPayload(true),
	}
	return &plan{
		Queries: []*qdrant.QueryPoints{fused, side(dense(prefetch), false), side(sparse(prefetch), false)},
		Hybrid:  true, Dense: 1, Sparse: 2, Limit: limit,
	}, nil
}

// searchParams are the dense search parameters the configuration asks
// for (hnsw_ef, exact); nil: Qdrant's defaults.
func searchParams(cfg *Config) *qdrant.SearchParams {
	if cfg.HNSWEf <= 0 && !cfg.Exact {
		return nil
	}
	sp := &qdrant.SearchParams{}
	if cfg.HNSWEf > 0 {
		sp.HnswEf = qdrant.PtrOf(uint64(cfg.HNSWEf))
	}
	if cfg.Exact {
		sp.Exact = qdrant.PtrOf(true)
	}
	return sp
}

// withParams sets the search parameters on every dense search of the
// plan: the dense query, or a hybrid query's dense prefetch and the dense
// side query that repeats it (so both see the same candidates). Sparse
// search takes none: it is exact.
func (p *plan) withParams(sp *qdrant.SearchParams) {
	if sp == nil || p.Dense < 0 {
		return
	}
	p.Queries[p.Dense].Params = sp
	if p.Hybrid {
		p.Queries[0].Prefetch[0].Params = sp
	}
}

// limits applies retrieval's defaults and bounds to a query's Limit and
// Prefetch. A Prefetch below Limit is kept, as memvec keeps it: fusion
// then sees at most 2×Prefetch candidates.
func limits(q retrieval.Query) (limit, prefetch int, err error) {
	limit, prefetch = q.Limit, q.Prefetch
	if limit < 0 || limit > retrieval.MaxLimit {
		return 0, 0, fmt.Errorf("limit %d outside 0..%d: %w", limit, retrieval.MaxLimit, retrieval.ErrInvalid)
	}
	if prefetch < 0 || prefetch > retrieval.MaxPrefetch {
		return 0, 0, fmt.Errorf("prefetch %d outside 0..%d: %w", prefetch, retrieval.MaxPrefetch, retrieval.ErrInvalid)
	}
	if limit == 0 {
		limit = retrieval.DefaultLimit
	}
	if prefetch == 0 {
		prefetch = min(4*limit, retrieval.MaxPrefetch)
	}
	return limit, prefetch, nil
}

// validSparse checks what Qdrant would reject less clearly: one finite
// value per index, indices strictly ascending (so unique).
func validSparse(s retrieval.Sparse) error {
	if len(s.Indices) != len(s.Values) {
		return fmt.Errorf("sparse vector with %d indices and %d values: %w", len(s.Indices), len(s.Values), retrieval.ErrInvalid)
	}
	for i, v := range s.Values {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("sparse vector has a non-finite value: %w", retrieval.ErrInvalid)
		}
		if i > 0 && s.Indices[i] <= s.Indices[i-1] {
			return fmt.Errorf("sparse vector indices not strictly ascending at %d: %w", i, retrieval.ErrInvalid)
		}
	}
	return nil
}

// hits turns the answers to a plan's queries (one result list per query,
// in order) into retrieval hits, with one-based per-side ranks.
func (p *plan) hits(results [][]*qdrant.ScoredPoint) ([]retrieval.Hit, error) {
	if len(results) != len(p.Queries) {
		return nil, fmt.Errorf("%d results for %d queries", len(results), len(p.Queries))
	}
	type sideHit struct {
		rank  int
		score float64
	}
	rank := func(i int) map[string]sideHit {
		if i < 0 {
			return nil
		}
		m := make(map[string]sideHit, len(results[i]))
		for r, sp := range results[i] {
			m[sp.GetId().GetUuid()] = sideHit{rank: r + 1, score: float64(sp.GetScore())}
		}
		return m
	}
	dense, sparse := rank(p.Dense), rank(p.Sparse)
	main := results[0]
	if len(main) > p.Limit {
		main = main[:p.Limit]
	}
	out := make([]retrieval.Hit, 0, len(main))
	for _, sp := range main {
		c, err := chunkFrom(sp.GetPayload())
		if err != nil {
			return nil, fmt.Errorf("point %s: %w", sp.GetId().GetUuid(), err)
		}
		h := retrieval.Hit{Chunk: c, Score: float64(sp.GetScore())}
		id := sp.GetId().GetUuid()
		if d, ok := dense[id]; ok {
			h.DenseRank, h.DenseScore = d.rank, d.score
		}
		if s, ok := sparse[id]; ok {
			h.SparseRank, h.SparseScore = s.rank, s.score
		}
		out = append(out, h)
	}
	return out, nil
}
