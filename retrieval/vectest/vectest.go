// Package vectest is the contract suite for retrieval.Index: every
// implementation (memvec always, qdrantvec when a server is configured)
// runs the same tests with vectest.Run. Each test uses knowledge bases with
// unique names, so one server can host the whole suite, and the tests
// depend only on the order of scores, never on their exact values.
package vectest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kgrag/retrieval"
)

// Run runs the contract suite. newIndex returns an index with dense
// dimension dim (≥ 8), and registers its own cleanup with t.Cleanup; it may
// return the same index (or one server) to several tests.
func Run(t *testing.T, newIndex func(t *testing.T) retrieval.Index, dim int) {
	t.Helper()
	if dim < 8 {
		t.Fatalf("vectest: dim %d, want at least 8", dim)
	}
	s := &suite{newIndex: newIndex, dim: dim}
	tests := []struct {
		name string
		fn   func(t *testing.T)
	}{
		{"UpsertGetCount", s.testUpsertGetCount},
		{"Replace", s.testReplace},
		{"AtomicBatch", s.testAtomicBatch},
		{"DenseOnly", s.testDenseOnly},
		{"SparseOnly", s.testSparseOnly},
		{"SparseIDF", s.testSparseIDF},
		{"Hybrid", s.testHybrid},
		{"Limits", s.testLimits},
		{"Filters", s.testFilters},
		{"ChannelAndAsOf", s.testChannelAndAsOf},
		{"Delete", s.testDelete},
		{"Isolation", s.testIsolation},
		{"BadInput", s.testBadInput},
		{"Concurrency", s.testConcurrency},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t)
		})
	}
}

type suite struct {
	newIndex func(t *testing.T) retrieval.Index
	dim      int
}

var kbSeq atomic.Int64

// KB returns a knowledge base name unique to this process run and test.
func KB(t *testing.T) string {
	return fmt.Sprintf("vectest-%d-%d-%x", time.Now().UnixNano()%1e9, kbSeq.Add(1), rand.Uint32())
}

// unit returns the i-th basis vector.
func (s *suite) unit(i int) []float32 {
	v := make([]float32, s.dim)
	v[i%s.dim] = 1
	return v
}

// mix returns the unit vector with weight a on basis i and b on basis j.
func (s *suite) mix(i int, a float32, j int, b float32) []float32 {
	v := make([]float32, s.dim)
	v[i%s.dim] += a
	v[j%s.dim] += b
	n := float32(math.Sqrt(float64(a*a + b*b)))
	for k := range v {
		v[k] /= n
	}
	return v
}

func sp(pairs ...float32) retrieval.Sparse {
	var out retrieval.Sparse
	for i := 0; i+1 < len(pairs); i += 2 {
		out.Indices = append(out.Indices, uint32(pairs[i]))
		out.Values = append(out.Values, pairs[i+1])
	}
	return out
}

func chunk(kb, id string) retrieval.Chunk {
	return retrieval.Chunk{KB: kb, ID: id, SourceID: "src-" + id, Kind: "doc", Text: "text of " + id, Hash: "h-" + id}
}

func upsert(t *testing.T, idx retrieval.Index, pts ...retrieval.Point) {
	t.Helper()
	if err := idx.Upsert(context.Background(), pts); err != nil {
		t.Fatalf("Upsert(%d points) = %v", len(pts), err)
	}
}

func search(t *testing.T, idx retrieval.Index, q retrieval.Query) []retrieval.Hit {
	t.Helper()
	hits, err := idx.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v) = %v", q.Filter, err)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("Search: hit %d score %v > hit %d score %v: not sorted", i, hits[i].Score, i-1, hits[i-1].Score)
		}
	}
	for _, h := range hits {
		if h.Chunk.KB != q.Filter.KB {
			t.Errorf("Search in kb %q returned a chunk of kb %q", q.Filter.KB, h.Chunk.KB)
		}
	}
	return hits
}

func ids(hits []retrieval.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Chunk.ID
	}
	return out
}

func chunkIDs(cs []retrieval.Chunk) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func sorted(xs []string) []string {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs
}

func count(t *testing.T, idx retrieval.Index, f retrieval.Filter) int {
	t.Helper()
	n, err := idx.Count(context.Background(), f)
	if err != nil {
		t.Fatalf("Count(%+v) = %v", f, err)
	}
	return n
}

func date(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func (s *suite) testUpsertGetCount(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	full := retrieval.Chunk{
		KB: kb, ID: "c1", SourceID: "policies/returns.md", Kind: "policy", Title: "退换货政策",
		HeadingPath: []string{"退换货政策", "一、7天无理由退货"}, Position: 3, Text: "自签收次日起7天内可申请无理由退货。",
		Hash: "abc", Lang: "zh", Channels: []string{"web", "wechat"}, ValidFrom: date(2025, 7, 1), ValidTo: date(2026, 1, 1),
		EntityIDs: []string{"policy:lj-returns-2025"},
	}
	upsert(t, idx,
		retrieval.Point{Chunk: full, Dense: s.unit(0), Sparse: sp(1, 1, 2, 0.5)},
		retrieval.Point{Chunk: chunk(kb, "c2"), Dense: s.unit(1), Sparse: sp(2, 1)},
		retrieval.Point{Chunk: chunk(kb, "c3"), Dense: s.unit(2)},
	)
	if n := count(t, idx, retrieval.Filter{KB: kb}); n != 3 {
		t.Errorf("Count = %d, want 3", n)
	}
	got, err := idx.Get(context.Background(), kb, []string{"c3", "missing", "c1"})
	if err != nil {
		t.Fatalf("Get = %v", err)
	}
	if !slices.Equal(chunkIDs(got), []string{"c3", "c1"}) {
		t.Fatalf("Get(c3, missing, c1) = %v, want [c3 c1]", chunkIDs(got))
	}
	c := got[1]
	if c.SourceID != full.SourceID || c.Kind != full.Kind || c.Title != full.Title || c.Text != full.Text ||
		c.Hash != full.Hash || c.Lang != full.Lang || c.Position != full.Position ||
		!slices.Equal(c.HeadingPath, full.HeadingPath) || !slices.Equal(c.Channels, full.Channels) ||
		!slices.Equal(c.EntityIDs, full.EntityIDs) ||
		c.ValidFrom == nil || !c.ValidFrom.Equal(*full.ValidFrom) || c.ValidTo == nil || !c.ValidTo.Equal(*full.ValidTo) {
		t.Errorf("Get(c1) = %+v, want %+v", c, full)
	}
	if got[0].ValidFrom != nil || got[0].ValidTo != nil || len(got[0].Channels) != 0 {
		t.Errorf("Get(c3) = %+v, want no validity and no channels", got[0])
	}
	if got, err := idx.Get(context.Background(), KB(t), []string{"c1"}); err != nil || len(got) != 0 {
		t.Errorf("Get in empty kb = %v, %v; want nothing", chunkIDs(got), err)
	}
	if err := idx.Upsert(context.Background(), nil); err != nil {
		t.Errorf("Upsert(nil) = %v, want nil", err)
	}
}

func (s *suite) testReplace(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	c := chunk(kb, "a")
	upsert(t, idx,
		retrieval.Point{Chunk: c, Dense: s.unit(0), Sparse: sp(10, 1)},
		retrieval.Point{Chunk: chunk(kb, "b"), Dense: s.unit(1), Sparse: sp(11, 1)},
	)
	c.Text, c.Hash = "new text", "h2"
	upsert(t, idx, retrieval.Point{Chunk: c, Dense: s.unit(2), Sparse: sp(12, 1)})
	if n := count(t, idx, retrieval.Filter{KB: kb}); n != 2 {
		t.Errorf("Count after replace = %d, want 2", n)
	}
	got, err := idx.Get(context.Background(), kb, []string{"a"})
	if err != nil || len(got) != 1 || got[0].Text != "new text" {
		t.Fatalf("Get(a) after replace = %+v, %v; want the new text", got, err)
	}
	// The old vectors are gone with the old version.
	if hits := search(t, idx, retrieval.Query{Sparse: sp(10, 1), Filter: retrieval.Filter{KB: kb}}); len(hits) != 0 {
		t.Errorf("sparse search for the replaced term = %v, want nothing", ids(hits))
	}
	if hits := search(t, idx, retrieval.Query{Sparse: sp(12, 1), Filter: retrieval.Filter{KB: kb}}); !slices.Equal(ids(hits), []string{"a"}) {
		t.Errorf("sparse search for the new term = %v, want [a]", ids(hits))
	}
	if hits := search(t, idx, retrieval.Query{Dense: s.unit(2), Filter: retrieval.Filter{KB: kb}, Limit: 1}); !slices.Equal(ids(hits), []string{"a"}) {
		t.Errorf("dense search for the new vector = %v, want [a]", ids(hits))
	}
	// Twice in one batch: the last one wins.
	c.Text = "first"
	c2 := c
	c2.Text = "second"
	upsert(t, idx, retrieval.Point{Chunk: c, Dense: s.unit(3)}, retrieval.Point{Chunk: c2, Dense: s.unit(4)})
	if got, _ := idx.Get(context.Background(), kb, []string{"a"}); len(got) != 1 || got[0].Text != "second" {
		t.Errorf("Get(a) after a batch with two versions = %+v, want text second", got)
	}
	if n := count(t, idx, retrieval.Filter{KB: kb}); n != 2 {
		t.Errorf("Count after batch with a duplicate = %d, want 2", n)
	}
}

func (s *suite) testAtomicBatch(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	err := idx.Upsert(context.Background(), []retrieval.Point{
		{Chunk: chunk(kb, "ok"), Dense: s.unit(0)},
		{Chunk: chunk(kb, "bad"), Dense: make([]float32, s.dim+1)},
	})
	if !errors.Is(err, retrieval.ErrInvalid) {
		t.Fatalf("Upsert with one bad point = %v, want ErrInvalid", err)
	}
	if n := count(t, idx, retrieval.Filter{KB: kb}); n != 0 {
		t.Errorf("Count after a rejected batch = %d, want 0 (nothing of it written)", n)
	}
}

func (s *suite) testDenseOnly(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	upsert(t, idx,
		retrieval.Point{Chunk: chunk(kb, "e0"), Dense: s.unit(0), Sparse: sp(1, 1)},
		retrieval.Point{Chunk: chunk(kb, "near"), Dense: s.mix(0, 0.9, 1, 0.1), Sparse: sp(1, 1)},
		retrieval.Point{Chunk: chunk(kb, "mid"), Dense: s.mix(0, 0.5, 1, 0.5)},
		retrieval.Point{Chunk: chunk(kb, "e1"), Dense: s.unit(1)},
		retrieval.Point{Chunk: chunk(kb, "e2"), Dense: s.unit(2)},
	)
	hits := search(t, idx, retrieval.Query{Dense: s.unit(0), Filter: retrieval.Filter{KB: kb}, Limit: 3})
	if want := []string{"e0", "near", "mid"}; !slices.Equal(ids(hits), want) {
		t.Fatalf("dense Search(e0) = %v, want %v", ids(hits), want)
	}
	for i, h := range hits {
		if h.DenseRank != i+1 || h.SparseRank != 0 || h.DenseScore != h.Score {
			t.Errorf("dense hit %d: DenseRank %d SparseRank %d DenseScore %v Score %v; want rank %d, no sparse rank, DenseScore = Score",
				i, h.DenseRank, h.SparseRank, h.DenseScore, h.Score, i+1)
		}
	}
	// Not normalised: same direction, same ranking.
	q := s.unit(1)
	q[1%s.dim] = 7
	if hits := search(t, idx, retrieval.Query{Dense: q, Filter: retrieval.Filter{KB: kb}, Limit: 1}); !slices.Equal(ids(hits), []string{"e1"}) {
		t.Errorf("dense Search(7·e1) = %v, want [e1]", ids(hits))
	}
}

func (s *suite) testSparseOnly(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	upsert(t, idx,
		retrieval.Point{Chunk: chunk(kb, "both"), Dense: s.unit(0), Sparse: sp(100, 1, 200, 1)},
		retrieval.Point{Chunk: chunk(kb, "strong"), Dense: s.unit(1), Sparse: sp(100, 1.5)},
		retrieval.Point{Chunk: chunk(kb, "weak"), Dense: s.unit(2), Sparse: sp(100, 0.5, 300, 1)},
		retrieval.Point{Chunk: chunk(kb, "other"), Dense: s.unit(3), Sparse: sp(300, 1)},
		retrieval.Point{Chunk: chunk(kb, "none"), Dense: s.unit(4)},
	)
	hits := search(t, idx, retrieval.Query{Sparse: sp(100, 1), Filter: retrieval.Filter{KB: kb}})
	if want := []string{"strong", "both", "weak"}; !slices.Equal(ids(hits), want) {
		t.Fatalf("sparse Search(100) = %v, want %v (documents with the term, by weight)", ids(hits), want)
	}
	for i, h := range hits {
		if h.SparseRank != i+1 || h.DenseRank != 0 || h.SparseScore != h.Score || h.Score <= 0 {
			t.Errorf("sparse hit %d: %+v; want SparseRank %d, no dense rank, SparseScore = Score > 0", i, h, i+1)
		}
	}
	hits = search(t, idx, retrieval.Query{Sparse: sp(100, 1, 200, 1), Filter: retrieval.Filter{KB: kb}, Limit: 1})
	if !slices.Equal(ids(hits), []string{"both"}) {
		t.Errorf("sparse Search(100, 200) = %v, want [both] (matches both terms)", ids(hits))
	}
	if hits := search(t, idx, retrieval.Query{Sparse: sp(999, 1), Filter: retrieval.Filter{KB: kb}}); len(hits) != 0 {
		t.Errorf("sparse Search(unknown term) = %v, want nothing", ids(hits))
	}
}

// testSparseIDF checks that a rare term outweighs a common one, with
// document frequencies taken from the knowledge base alone.
func (s *suite) testSparseIDF(t *testing.T) {
	idx := s.newIndex(t)
	kb, noisy := KB(t), KB(t)
	const common, rare = 7, 8
	var pts []retrieval.Point
	for i := range 5 {
		pts = append(pts, retrieval.Point{Chunk: chunk(kb, fmt.Sprintf("c%d", i)), Dense: s.unit(i), Sparse: sp(common, 1)})
	}
	pts = append(pts, retrieval.Point{Chunk: chunk(kb, "r"), Dense: s.unit(6), Sparse: sp(rare, 1)})
	upsert(t, idx, pts...)
	// Another knowledge base where the "rare" term is everywhere.
	pts = pts[:0]
	for i := range 40 {
		pts = append(pts, retrieval.Point{Chunk: chunk(noisy, fmt.Sprintf("n%d", i)), Dense: s.unit(i), Sparse: sp(rare, 1)})
	}
	upsert(t, idx, pts...)
	hits := search(t, idx, retrieval.Query{Sparse: sp(common, 1, rare, 1), Filter: retrieval.Filter{KB: kb}})
	if len(hits) != 6 || hits[0].Chunk.ID != "r" {
		t.Errorf("sparse Search(common, rare) = %v, want r first of 6 (IDF from this kb only)", ids(hits))
	}
}

func (s *suite) testHybrid(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	// denseTop is first on the dense side only, sparseTop first on the
	// sparse side only, and both second on each: fusion puts both first.
	upsert(t, idx,
		retrieval.Point{Chunk: chunk(kb, "denseTop"), Dense: s.unit(0), Sparse: sp(50, 1)},
		retrieval.Point{Chunk: chunk(kb, "both"), Dense: s.mix(0, 0.8, 1, 0.6), Sparse: sp(40, 0.8, 41, 0.8)},
		retrieval.Point{Chunk: chunk(kb, "sparseTop"), Dense: s.unit(2), Sparse: sp(40, 1.5, 41, 1.5)},
		retrieval.Point{Chunk: chunk(kb, "neither"), Dense: s.unit(3), Sparse: sp(60, 1)},
	)
	q := retrieval.Query{Dense: s.unit(0), Sparse: sp(40, 1, 41, 1), Filter: retrieval.Filter{KB: kb}, Limit: 10, Prefetch: 2}
	hits := search(t, idx, q)
	if len(hits) < 3 || hits[0].Chunk.ID != "both" {
		t.Fatalf("hybrid Search = %v, want [both …] (second on both sides beats first on one)", ids(hits))
	}
	if got := sorted(ids(hits[1:3])); !slices.Equal(got, []string{"denseTop", "sparseTop"}) {
		t.Errorf("hybrid Search hits 2-3 = %v, want denseTop and sparseTop", ids(hits[1:3]))
	}
	if slices.Contains(ids(hits), "neither") {
		t.Errorf("hybrid Search with Prefetch 2 = %v, must not contain a chunk that is no candidate on either side", ids(hits))
	}
	b := hits[0]
	if b.DenseRank != 2 || b.SparseRank != 2 || b.DenseScore <= 0 || b.SparseScore <= 0 {
		t.Errorf("hybrid hit both = ranks %d/%d scores %v/%v, want ranks 2/2 and both scores > 0", b.DenseRank, b.SparseRank, b.DenseScore, b.SparseScore)
	}
	for _, h := range hits[1:3] {
		if (h.DenseRank == 0) == (h.SparseRank == 0) {
			t.Errorf("hybrid hit %s: ranks %d/%d, want exactly one side", h.Chunk.ID, h.DenseRank, h.SparseRank)
		}
	}
	if !(hits[0].Score > hits[1].Score) {
		t.Errorf("hybrid scores %v, %v: want the fused leader strictly ahead", hits[0].Score, hits[1].Score)
	}
}

func (s *suite) testLimits(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	var pts []retrieval.Point
	for i := range 15 {
		pts = append(pts, retrieval.Point{Chunk: chunk(kb, fmt.Sprintf("p%02d", i)), Dense: s.mix(0, 1, i+1, float32(i)/10), Sparse: sp(5, 1+float32(i)/10)})
	}
	upsert(t, idx, pts...)
	f := retrieval.Filter{KB: kb}
	tests := []struct {
		name string
		q    retrieval.Query
		want int
	}{
		{"dense default", retrieval.Query{Dense: s.unit(0), Filter: f}, retrieval.DefaultLimit},
		{"sparse default", retrieval.Query{Sparse: sp(5, 1), Filter: f}, retrieval.DefaultLimit},
		{"hybrid default", retrieval.Query{Dense: s.unit(0), Sparse: sp(5, 1), Filter: f}, retrieval.DefaultLimit},
		{"dense 3", retrieval.Query{Dense: s.unit(0), Filter: f, Limit: 3}, 3},
		{"hybrid 4", retrieval.Query{Dense: s.unit(0), Sparse: sp(5, 1), Filter: f, Limit: 4}, 4},
		{"more than stored", retrieval.Query{Dense: s.unit(0), Filter: f, Limit: 100}, 15},
		// Fusion sees Prefetch candidates per side, whatever the Limit.
		{"prefetch below limit", retrieval.Query{Dense: s.unit(14), Sparse: sp(5, 1), Filter: f, Limit: 5, Prefetch: 1}, 2},
		{"prefetch ignored by one side", retrieval.Query{Dense: s.unit(0), Filter: f, Limit: 5, Prefetch: 1}, 5},
	}
	for _, tc := range tests {
		if hits := search(t, idx, tc.q); len(hits) != tc.want {
			t.Errorf("%s: Search = %d hits, want %d", tc.name, len(hits), tc.want)
		}
	}
	if hits := search(t, idx, retrieval.Query{Dense: s.unit(0), Filter: retrieval.Filter{KB: KB(t)}}); len(hits) != 0 {
		t.Errorf("Search in an empty kb = %v, want nothing", ids(hits))
	}
}

// filterCorpus stores six chunks that differ in every filterable field.
func (s *suite) filterCorpus(t *testing.T, idx retrieval.Index, kb string) {
	t.Helper()
	mk := func(id, src, kind string, ents, chans []string, from, to *time.Time, i int) retrieval.Point {
		c := chunk(kb, id)
		c.SourceID, c.Kind, c.EntityIDs, c.Channels, c.ValidFrom, c.ValidTo = src, kind, ents, chans, from, to
		return retrieval.Point{Chunk: c, Dense: s.mix(0, 1, i+1, 0.1), Sparse: sp(9, 1, float32(20+i), 1)}
	}
	upsert(t, idx,
		mk("p1", "products.jsonl", "product", []string{"LJ-1001"}, nil, nil, nil, 1),
		mk("p2", "products.jsonl", "product", []string{"LJ-1002", "LJ-1001"}, []string{"douyin"}, nil, nil, 2),
		mk("r24", "returns-2024.md", "policy", []string{"lj-returns-2024"}, nil, date(2024, 1, 1), date(2025, 7, 1), 3),
		mk("r25", "returns-2025.md", "policy", []string{"lj-returns-2025"}, nil, date(2025, 7, 1), nil, 4),
		mk("d11", "double11.md", "policy", []string{"lj-double11-2025"}, []string{"tmall", "douyin"}, date(2025, 10, 20), date(2025, 11, 21), 5),
		mk("f1", "faq.csv", "faq", nil, []string{"web", "wechat"}, nil, nil, 6),
	)
}

func (s *suite) testFilters(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	s.filterCorpus(t, idx, kb)
	tests := []struct {
		name string
		f    retrieval.Filter
		want []string
	}{
		{"kb only", retrieval.Filter{}, []string{"d11", "f1", "p1", "p2", "r24", "r25"}},
		{"empty lists do not filter", retrieval.Filter{SourceIDs: []string{}, Kinds: []string{}}, []string{"d11", "f1", "p1", "p2", "r24", "r25"}},
		{"source", retrieval.Filter{SourceIDs: []string{"products.jsonl"}}, []string{"p1", "p2"}},
		{"sources any of", retrieval.Filter{SourceIDs: []string{"faq.csv", "double11.md", "nope"}}, []string{"d11", "f1"}},
		{"entity", retrieval.Filter{EntityIDs: []string{"LJ-1001"}}, []string{"p1", "p2"}},
		{"entities any of", retrieval.Filter{EntityIDs: []string{"LJ-1002", "lj-returns-2025"}}, []string{"p2", "r25"}},
		{"kind", retrieval.Filter{Kinds: []string{"policy"}}, []string{"d11", "r24", "r25"}},
		{"kinds any of", retrieval.Filter{Kinds: []string{"faq", "product"}}, []string{"f1", "p1", "p2"}},
		{"ids", retrieval.Filter{IDs: []string{"p1", "f1", "missing"}}, []string{"f1", "p1"}},
		{"ids and kind", retrieval.Filter{IDs: []string{"p1", "f1"}, Kinds: []string{"faq"}}, []string{"f1"}},
		{"kind and entity", retrieval.Filter{Kinds: []string{"product"}, EntityIDs: []string{"LJ-1002"}}, []string{"p2"}},
		{"nothing matches", retrieval.Filter{Kinds: []string{"product"}, SourceIDs: []string{"faq.csv"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			f.KB = kb
			s.checkFilter(t, idx, f, tc.want)
		})
	}
}

// checkFilter checks that count and every search mode select exactly want.
func (s *suite) checkFilter(t *testing.T, idx retrieval.Index, f retrieval.Filter, want []string) {
	t.Helper()
	want = sorted(want)
	if n := count(t, idx, f); n != len(want) {
		t.Errorf("Count(%+v) = %d, want %d", f, n, len(want))
	}
	for _, q := range []retrieval.Query{
		{Dense: s.unit(0), Filter: f, Limit: 100},
		{Sparse: sp(9, 1), Filter: f, Limit: 100},
		{Dense: s.unit(0), Sparse: sp(9, 1), Filter: f, Limit: 100, Prefetch: 100},
	} {
		mode := map[bool]string{true: "dense", false: "sparse"}[q.Dense != nil]
		if q.Dense != nil && q.Sparse.Indices != nil {
			mode = "hybrid"
		}
		if got := sorted(ids(search(t, idx, q))); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%s Search(%+v) = %v, want %v", mode, f, got, want)
		}
	}
}

func (s *suite) testChannelAndAsOf(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	s.filterCorpus(t, idx, kb)
	at := func(y int, m time.Month, d int) time.Time { return *date(y, m, d) }
	tests := []struct {
		name string
		f    retrieval.Filter
		want []string
	}{
		// Chunks without channels apply to every channel.
		{"douyin", retrieval.Filter{Channel: "douyin"}, []string{"d11", "p1", "p2", "r24", "r25"}},
		{"web", retrieval.Filter{Channel: "web"}, []string{"f1", "p1", "r24", "r25"}},
		{"unknown channel", retrieval.Filter{Channel: "kiosk"}, []string{"p1", "r24", "r25"}},
		// ValidFrom ≤ t < ValidTo; unbounded ends always hold.
		{"2024", retrieval.Filter{AsOf: at(2024, 6, 1)}, []string{"f1", "p1", "p2", "r24"}},
		{"first day in force", retrieval.Filter{AsOf: at(2025, 7, 1)}, []string{"f1", "p1", "p2", "r25"}},
		{"last instant of the old", retrieval.Filter{AsOf: at(2025, 7, 1).Add(-time.Nanosecond)}, []string{"f1", "p1", "p2", "r24"}},
		{"double 11", retrieval.Filter{AsOf: at(2025, 11, 11)}, []string{"d11", "f1", "p1", "p2", "r25"}},
		{"valid_to excluded", retrieval.Filter{AsOf: at(2025, 11, 21)}, []string{"f1", "p1", "p2", "r25"}},
		{"before everything", retrieval.Filter{AsOf: at(2020, 1, 1)}, []string{"f1", "p1", "p2"}},
		{"channel and date", retrieval.Filter{Channel: "tmall", AsOf: at(2025, 11, 1), Kinds: []string{"policy"}}, []string{"d11", "r25"}},
		{"other time zone", retrieval.Filter{AsOf: time.Date(2025, 7, 1, 7, 0, 0, 0, time.FixedZone("CST", 8*3600))}, []string{"f1", "p1", "p2", "r24"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			f.KB = kb
			s.checkFilter(t, idx, f, tc.want)
		})
	}
}

func (s *suite) testDelete(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	s.filterCorpus(t, idx, kb)
	ctx := context.Background()
	steps := []struct {
		name      string
		f         retrieval.Filter
		deleted   int
		remaining []string
	}{
		{"unknown source", retrieval.Filter{SourceIDs: []string{"nope"}}, 0, []string{"d11", "f1", "p1", "p2", "r24", "r25"}},
		{"by source", retrieval.Filter{SourceIDs: []string{"products.jsonl"}}, 2, []string{"d11", "f1", "r24", "r25"}},
		{"by ids", retrieval.Filter{IDs: []string{"f1", "p1"}}, 1, []string{"d11", "r24", "r25"}},
		{"by kind and date", retrieval.Filter{Kinds: []string{"policy"}, AsOf: *date(2024, 3, 1)}, 1, []string{"d11", "r25"}},
		{"by channel", retrieval.Filter{Channel: "tmall"}, 2, nil},
	}
	for _, st := range steps {
		f := st.f
		f.KB = kb
		n, err := idx.Delete(ctx, f)
		if err != nil || n != st.deleted {
			t.Fatalf("%s: Delete = %d, %v; want %d", st.name, n, err, st.deleted)
		}
		s.checkFilter(t, idx, retrieval.Filter{KB: kb}, st.remaining)
		got, err := idx.Get(ctx, kb, []string{"d11", "f1", "p1", "p2", "r24", "r25"})
		if err != nil {
			t.Fatalf("Get = %v", err)
		}
		if g := sorted(chunkIDs(got)); !slices.Equal(g, sorted(st.remaining)) && len(g)+len(st.remaining) > 0 {
			t.Errorf("%s: Get after delete = %v, want %v", st.name, g, st.remaining)
		}
	}
	// A deleted chunk can come back.
	upsert(t, idx, retrieval.Point{Chunk: chunk(kb, "p1"), Dense: s.unit(0), Sparse: sp(9, 1)})
	s.checkFilter(t, idx, retrieval.Filter{KB: kb}, []string{"p1"})
	if n, err := idx.Delete(ctx, retrieval.Filter{KB: KB(t)}); err != nil || n != 0 {
		t.Errorf("Delete in an empty kb = %d, %v; want 0, nil", n, err)
	}
}

func (s *suite) testIsolation(t *testing.T) {
	idx := s.newIndex(t)
	a, b := KB(t), KB(t)
	ctx := context.Background()
	ca, cb := chunk(a, "same"), chunk(b, "same")
	ca.Text, cb.Text = "in a", "in b"
	upsert(t, idx,
		retrieval.Point{Chunk: ca, Dense: s.unit(0), Sparse: sp(1, 1)},
		retrieval.Point{Chunk: chunk(a, "only-a"), Dense: s.unit(1), Sparse: sp(1, 1)},
	)
	upsert(t, idx, retrieval.Point{Chunk: cb, Dense: s.unit(0), Sparse: sp(1, 1)})
	if got, _ := idx.Get(ctx, b, []string{"same", "only-a"}); len(got) != 1 || got[0].Text != "in b" {
		t.Errorf("Get in b = %+v, want only b's own chunk", got)
	}
	if n := count(t, idx, retrieval.Filter{KB: b}); n != 1 {
		t.Errorf("Count(b) = %d, want 1", n)
	}
	for _, q := range []retrieval.Query{
		{Dense: s.unit(1), Filter: retrieval.Filter{KB: b}},
		{Sparse: sp(1, 1), Filter: retrieval.Filter{KB: b}},
		{Dense: s.unit(1), Sparse: sp(1, 1), Filter: retrieval.Filter{KB: b}},
	} {
		if hits := search(t, idx, q); len(hits) != 1 || hits[0].Chunk.Text != "in b" {
			t.Errorf("Search in b = %v, want only b's chunk", ids(hits))
		}
	}
	if n, err := idx.Delete(ctx, retrieval.Filter{KB: a}); err != nil || n != 2 {
		t.Errorf("Delete(all of a) = %d, %v; want 2", n, err)
	}
	if n := count(t, idx, retrieval.Filter{KB: b}); n != 1 {
		t.Errorf("Count(b) after deleting a = %d, want 1", n)
	}
}

func (s *suite) testBadInput(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	ctx := context.Background()
	upsert(t, idx, retrieval.Point{Chunk: chunk(kb, "x"), Dense: s.unit(0), Sparse: sp(1, 1)})
	good := retrieval.Filter{KB: kb}
	upserts := []struct {
		name string
		p    retrieval.Point
	}{
		{"missing kb", retrieval.Point{Chunk: chunk("", "y"), Dense: s.unit(0)}},
		{"missing id", retrieval.Point{Chunk: chunk(kb, ""), Dense: s.unit(0)}},
		{"short dense", retrieval.Point{Chunk: chunk(kb, "y"), Dense: make([]float32, s.dim-1)}},
		{"long dense", retrieval.Point{Chunk: chunk(kb, "y"), Dense: make([]float32, s.dim+1)}},
		{"no dense", retrieval.Point{Chunk: chunk(kb, "y")}},
		{"NaN", retrieval.Point{Chunk: chunk(kb, "y"), Dense: func() []float32 { v := s.unit(0); v[1] = float32(math.NaN()); return v }()}},
		{"sparse lengths", retrieval.Point{Chunk: chunk(kb, "y"), Dense: s.unit(0), Sparse: retrieval.Sparse{Indices: []uint32{1, 2}, Values: []float32{1}}}},
		{"sparse unsorted", retrieval.Point{Chunk: chunk(kb, "y"), Dense: s.unit(0), Sparse: retrieval.Sparse{Indices: []uint32{2, 1}, Values: []float32{1, 1}}}},
		{"sparse duplicate", retrieval.Point{Chunk: chunk(kb, "y"), Dense: s.unit(0), Sparse: retrieval.Sparse{Indices: []uint32{2, 2}, Values: []float32{1, 1}}}},
		{"empty validity", retrieval.Point{Chunk: func() retrieval.Chunk {
			c := chunk(kb, "y")
			c.ValidFrom, c.ValidTo = date(2025, 1, 1), date(2024, 1, 1)
			return c
		}(), Dense: s.unit(0)}},
	}
	for _, tc := range upserts {
		if err := idx.Upsert(ctx, []retrieval.Point{tc.p}); !errors.Is(err, retrieval.ErrInvalid) {
			t.Errorf("Upsert(%s) = %v, want ErrInvalid", tc.name, err)
		}
	}
	queries := []struct {
		name string
		q    retrieval.Query
	}{
		{"missing kb", retrieval.Query{Dense: s.unit(0)}},
		{"no vectors", retrieval.Query{Filter: good}},
		{"short dense", retrieval.Query{Dense: make([]float32, s.dim-1), Filter: good}},
		{"long dense", retrieval.Query{Dense: make([]float32, s.dim+1), Filter: good}},
		{"sparse lengths", retrieval.Query{Sparse: retrieval.Sparse{Indices: []uint32{1}}, Filter: good}},
		{"negative limit", retrieval.Query{Dense: s.unit(0), Filter: good, Limit: -1}},
		{"limit too big", retrieval.Query{Dense: s.unit(0), Filter: good, Limit: retrieval.MaxLimit + 1}},
		{"negative prefetch", retrieval.Query{Dense: s.unit(0), Sparse: sp(1, 1), Filter: good, Prefetch: -1}},
		{"prefetch too big", retrieval.Query{Dense: s.unit(0), Sparse: sp(1, 1), Filter: good, Prefetch: retrieval.MaxPrefetch + 1}},
	}
	for _, tc := range queries {
		if _, err := idx.Search(ctx, tc.q); !errors.Is(err, retrieval.ErrInvalid) {
			t.Errorf("Search(%s) = %v, want ErrInvalid", tc.name, err)
		}
	}
	if _, err := idx.Count(ctx, retrieval.Filter{}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("Count(no kb) = %v, want ErrInvalid", err)
	}
	if _, err := idx.Delete(ctx, retrieval.Filter{}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("Delete(no kb) = %v, want ErrInvalid", err)
	}
	if _, err := idx.Get(ctx, "", []string{"x"}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("Get(no kb) = %v, want ErrInvalid", err)
	}
	if n := count(t, idx, good); n != 1 {
		t.Errorf("Count after rejected input = %d, want 1", n)
	}
}

func (s *suite) testConcurrency(t *testing.T) {
	idx := s.newIndex(t)
	kb := KB(t)
	ctx := context.Background()
	const writers, perWriter, readers = 4, 15, 4
	var wg sync.WaitGroup
	errc := make(chan error, writers+readers)
	done := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				id := fmt.Sprintf("w%d-%d", w, i)
				p := retrieval.Point{Chunk: chunk(kb, id), Dense: s.mix(w, 1, i, 0.5), Sparse: sp(float32(w), 1, float32(100+i), 1)}
				if err := idx.Upsert(ctx, []retrieval.Point{p}); err != nil {
					errc <- fmt.Errorf("Upsert(%s) = %w", id, err)
					return
				}
				if i%5 == 4 { // and delete one again
					if _, err := idx.Delete(ctx, retrieval.Filter{KB: kb, IDs: []string{fmt.Sprintf("w%d-%d", w, i-1)}}); err != nil {
						errc <- fmt.Errorf("Delete = %w", err)
						return
					}
				}
			}
		})
	}
	var rg sync.WaitGroup
	for r := range readers {
		rg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				q := retrieval.Query{Dense: s.unit(r), Sparse: sp(float32(r), 1), Filter: retrieval.Filter{KB: kb}, Limit: 5}
				if _, err := idx.Search(ctx, q); err != nil {
					errc <- fmt.Errorf("Search = %w", err)
					return
				}
				if _, err := idx.Count(ctx, retrieval.Filter{KB: kb, Channel: "web"}); err != nil {
					errc <- fmt.Errorf("Count = %w", err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(done)
	rg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	if n, want := count(t, idx, retrieval.Filter{KB: kb}), writers*(perWriter-perWriter/5); n != want {
		t.Errorf("Count after concurrent writes = %d, want %d", n, want)
	}
}
