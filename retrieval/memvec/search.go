package memvec

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"
	"sync"

	"kgrag/retrieval"
	"kgrag/retrieval/sparse"
)

// Search implements retrieval.Index.
func (x *Index) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memvec: search: %w", err)
	}
	limit, prefetch, err := limits(&q)
	if err != nil {
		return nil, fmt.Errorf("memvec: search: %w", err)
	}
	m, err := newMatcher(&q.Filter)
	if err != nil {
		return nil, fmt.Errorf("memvec: search: %w", err)
	}
	hasDense, hasSparse := len(q.Dense) > 0, len(q.Sparse.Indices) > 0
	if !hasDense && !hasSparse {
		return nil, fmt.Errorf("memvec: search: query has neither a dense nor a sparse vector: %w", retrieval.ErrInvalid)
	}
	var dq []float32
	if hasDense {
		if dq, err = normalized(q.Dense, x.dim); err != nil {
			return nil, fmt.Errorf("memvec: search: %w", err)
		}
	}
	if err := checkSparse(q.Sparse); err != nil {
		return nil, fmt.Errorf("memvec: search: %w", err)
	}

	for range 3 {
		if hasDense {
			if err := x.ensureDense(q.Filter.KB); err != nil {
				return nil, fmt.Errorf("memvec: search: %w", err)
			}
		}
		hits, retry, err := x.search(ctx, &q, m, dq, limit, prefetch)
		if !retry {
			return hits, err
		}
	}
	return nil, fmt.Errorf("memvec: search: dense vectors of %q not loaded: %w", q.Filter.KB, retrieval.ErrUnavailable)
}

// search runs a validated query; retry: the kb's dense codes are not in
// memory (a kb deleted and recreated since ensureDense).
func (x *Index) search(ctx context.Context, q *retrieval.Query, m *matcher, dq []float32, limit, prefetch int) (_ []retrieval.Hit, retry bool, _ error) {
	hasDense, hasSparse := dq != nil, len(q.Sparse.Indices) > 0
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return nil, false, errClosed
	}
	k := x.kbs[q.Filter.KB]
	if k == nil {
		return []retrieval.Hit{}, false, nil
	}
	if hasDense && k.noDense {
		return nil, true, nil
	}
	n := limit
	if hasDense && hasSparse {
		n = prefetch
	}
	// Chunks and exact vectors are read from the file. It can be one write
	// ahead of memory (a writer commits, then waits for mu to apply): a
	// candidate whose point is gone there is dropped, and a chunk that was
	// replaced there is returned as stored if it still matches the filter.
	var hits []retrieval.Hit
	err := x.view(q.Filter.KB, func(st *stored) error {
		var ds, ss []scored
		var err error
		if hasDense {
			if ds, err = k.searchDense(ctx, m, dq, n, st); err != nil {
				return err
			}
		}
		if hasSparse {
			if ss, err = k.searchSparse(ctx, m, q.Sparse, n); err != nil {
				return err
			}
		}
		var c []cand
		switch {
		case !hasSparse:
			c = single(ds, true)
		case !hasDense:
			c = single(ss, false)
		default:
			c = k.fuse(ds, ss)
		}
		hits, err = k.chunks(c, limit, m, st)
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("memvec: search: %w", err)
	}
	return hits, false, nil
}

func limits(q *retrieval.Query) (limit, prefetch int, err error) {
	limit, prefetch = q.Limit, q.Prefetch
	if limit == 0 {
		limit = retrieval.DefaultLimit
	}
	if limit < 0 || limit > retrieval.MaxLimit {
		return 0, 0, fmt.Errorf("limit %d out of range [1, %d]: %w", q.Limit, retrieval.MaxLimit, retrieval.ErrInvalid)
	}
	if prefetch == 0 {
		prefetch = min(4*limit, retrieval.MaxPrefetch)
	}
	if prefetch < 0 || prefetch > retrieval.MaxPrefetch {
		return 0, 0, fmt.Errorf("prefetch %d out of range [1, %d]: %w", q.Prefetch, retrieval.MaxPrefetch, retrieval.ErrInvalid)
	}
	return limit, prefetch, nil
}

// scored is a candidate: a slot and its score on one side.
type scored struct {
	slot  int32
	score float32
}

// topK keeps the k best candidates in a min-heap (worst on top).
type topK struct {
	k    int
	h    []scored
	docs []doc
}

func (k *kbIndex) topK(n int) *topK {
	return &topK{k: n, h: make([]scored, 0, min(n, 1024)), docs: k.docs}
}

// better orders candidates: higher score first, then smaller chunk id, so
// results do not depend on insertion order, reloads or compaction.
func (t *topK) better(a, b scored) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return t.docs[a.slot].id < t.docs[b.slot].id
}

func (t *topK) Len() int           { return len(t.h) }
func (t *topK) Less(i, j int) bool { return t.better(t.h[j], t.h[i]) }
func (t *topK) Swap(i, j int)      { t.h[i], t.h[j] = t.h[j], t.h[i] }
func (t *topK) Push(x any)         { t.h = append(t.h, x.(scored)) }
func (t *topK) Pop() any           { x := t.h[len(t.h)-1]; t.h = t.h[:len(t.h)-1]; return x }

func (t *topK) offer(c scored) {
	if len(t.h) < t.k {
		heap.Push(t, c)
		return
	}
	if t.better(c, t.h[0]) {
		t.h[0] = c
		heap.Fix(t, 0)
	}
}

// sorted returns the kept candidates best first.
func (t *topK) sorted() []scored {
	slices.SortFunc(t.h, func(a, b scored) int {
		if t.better(a, b) {
			return -1
		}
		if t.better(b, a) {
			return 1
		}
		return 0
	})
	return t.h
}

const ctxEvery = 8192 // slots between context checks in a scan

// rescored is how many candidates of the int8 scan a dense search of n
// results rescores with the exact vectors.
func rescored(n int) int { return 2*n + 32 }

// searchDense scans the int8 codes of every live slot that passes the
// filter, then rescores the best rescored(n) with the stored float32
// vectors: the scores are exact, and a result is missed only if
// quantisation pushes it below that many others.
func (k *kbIndex) searchDense(ctx context.Context, m *matcher, q []float32, n int, st *stored) ([]scored, error) {
	t := k.topK(rescored(n))
	dim := k.dim
	qc, qs := quantize(make([]int8, 0, dim), q)
	if len(m.f.IDs) > 0 || !m.all() {
		i := 0
		var err error
		k.candidates(m, func(s int32) bool {
			if i++; i%ctxEvery == 0 && ctx.Err() != nil {
				err = ctx.Err()
				return false
			}
			t.offer(scored{s, qs * k.scale[s] * float32(dotI8(qc, k.dense[int(s)*dim:int(s+1)*dim]))})
			return true
		})
		if err != nil {
			return nil, err
		}
	} else {
		for s := range k.docs {
			if s%ctxEvery == ctxEvery-1 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if k.docs[s].alive {
				t.offer(scored{int32(s), qs * k.scale[s] * float32(dotI8(qc, k.dense[s*dim:(s+1)*dim]))})
			}
		}
	}
	exact := k.topK(n)
	for _, c := range t.h {
		v, err := st.dense(k.docs[c.slot].id)
		if err != nil {
			return nil, err
		}
		if v != nil {
			exact.offer(scored{c.slot, dot(q, v)})
		}
	}
	return exact.sorted(), nil
}

// accPool recycles the per-query score accumulators of sparse search.
var accPool = sync.Pool{New: func() any { return &accum{} }}

type accum struct {
	score   []float32
	touched []int32
}

// searchSparse scores the documents sharing a term with the query:
// Σ q·idf(t)·w(t,d), with idf from this knowledge base's live documents.
func (k *kbIndex) searchSparse(ctx context.Context, m *matcher, q retrieval.Sparse, n int) ([]scored, error) {
	a := accPool.Get().(*accum)
	defer accPool.Put(a)
	if cap(a.score) < len(k.docs) {
		a.score = make([]float32, len(k.docs))
	}
	a.score = a.score[:len(k.docs)]
	a.touched = a.touched[:0]
	// Terms in more than a third of the documents say little (their IDF is
	// near zero) and cost the most: in a large knowledge base, with enough
	// rarer terms in the query, they are skipped.
	common := int32(k.live / 3)
	if k.live < 20000 {
		common = int32(k.live) + 1 // small: score every term
	}
	rare := 0
	for _, term := range q.Indices {
		if df := k.df[term]; df > 0 && df <= common {
			rare++
		}
	}
	for i, term := range q.Indices {
		df := k.df[term]
		if df == 0 || (rare >= 3 && df > common) {
			continue
		}
		if i%16 == 15 && ctx.Err() != nil {
			clearTouched(a)
			return nil, ctx.Err()
		}
		wq := q.Values[i] * float32(sparse.IDF(k.live, int(df)))
		pl := k.post[term]
		for b, start := range pl.starts {
			end := len(pl.lo)
			if b+1 < len(pl.starts) {
				end = int(pl.starts[b+1])
			}
			hi := int32(b) << 16
			ws := pl.ws[start:end]
			for j, lo := range pl.lo[start:end] {
				s := hi | int32(lo)
				if a.score[s] == 0 {
					a.touched = append(a.touched, s)
				}
				a.score[s] += wq * k.weight(s, ws[j])
			}
		}
	}
	t := k.topK(n)
	all := m.all()
	cf := k.compile(m)
	var ids set
	if len(m.f.IDs) > 0 {
		ids = newSet(m.f.IDs)
	}
	for _, s := range a.touched {
		sc := a.score[s]
		a.score[s] = 0
		if sc <= 0 || !k.docs[s].alive {
			continue
		}
		if !all && (!k.ok(cf, s) || ids != nil && !ids.has(k.docs[s].id)) {
			continue
		}
		t.offer(scored{s, sc})
	}
	return t.sorted(), nil
}

func clearTouched(a *accum) {
	for _, s := range a.touched {
		a.score[s] = 0
	}
}

// cand is a result before its chunk is read: the slot and the hit's scores.
type cand struct {
	slot int32
	hit  retrieval.Hit
}

func single(c []scored, dense bool) []cand {
	out := make([]cand, len(c))
	for i, s := range c {
		h := retrieval.Hit{Score: float64(s.score)}
		if dense {
			h.DenseScore, h.DenseRank = h.Score, i+1
		} else {
			h.SparseScore, h.SparseRank = h.Score, i+1
		}
		out[i] = cand{s.slot, h}
	}
	return out
}

// chunks reads the chunks of the first limit candidates from the file,
// dropping those gone from it or that no longer match the filter there.
func (k *kbIndex) chunks(c []cand, limit int, m *matcher, st *stored) ([]retrieval.Hit, error) {
	hits := make([]retrieval.Hit, 0, min(limit, len(c)))
	for i := range c {
		if len(hits) == limit {
			break
		}
		ch, ok, err := st.chunk(k.docs[c[i].slot].id)
		if err != nil {
			return nil, err
		}
		if !ok || !m.match(&ch) {
			continue
		}
		h := c[i].hit
		h.Chunk = ch
		hits = append(hits, h)
	}
	return hits, nil
}

// fuse merges the two candidate lists with reciprocal rank fusion, best first.
func (k *kbIndex) fuse(ds, ss []scored) []cand {
	type fused = cand
	by := make(map[int32]*fused, len(ds)+len(ss))
	get := func(s int32) *fused {
		f := by[s]
		if f == nil {
			f = &fused{slot: s}
			by[s] = f
		}
		return f
	}
	for i, c := range ds {
		f := get(c.slot)
		f.hit.DenseScore, f.hit.DenseRank = float64(c.score), i+1
		f.hit.Score += 1 / float64(retrieval.RRFK+i+1)
	}
	for i, c := range ss {
		f := get(c.slot)
		f.hit.SparseScore, f.hit.SparseRank = float64(c.score), i+1
		f.hit.Score += 1 / float64(retrieval.RRFK+i+1)
	}
	all := make([]*fused, 0, len(by))
	for _, f := range by {
		all = append(all, f)
	}
	slices.SortFunc(all, func(a, b *fused) int {
		if c := cmp.Compare(b.hit.Score, a.hit.Score); c != 0 {
			return c
		}
		return cmp.Compare(k.docs[a.slot].id, k.docs[b.slot].id)
	})
	out := make([]cand, len(all))
	for i, f := range all {
		out[i] = *f
	}
	return out
}
