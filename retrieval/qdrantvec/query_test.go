package qdrantvec

import (
	"errors"
	"math"
	"testing"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"kgrag/retrieval"
)

const testDim = 4

var (
	qDense  = []float32{1, 0, 0, 0}
	qSparse = retrieval.Sparse{Indices: []uint32{3, 7}, Values: []float32{1, 1}}
)

func TestBuildPlanDenseOnly(t *testing.T) {
	p, err := buildPlan("c__lj", testDim, retrieval.Query{Dense: qDense, Filter: retrieval.Filter{KB: "lj"}, Limit: 5, Prefetch: 1}, true)
	if err != nil {
		t.Fatal(err)
	}
	filter, _ := buildFilter(retrieval.Filter{KB: "lj"})
	want := &qdrant.QueryPoints{
		CollectionName: "c__lj",
		Query:          qdrant.NewQueryNearest(qdrant.NewVectorInputDense(qDense)),
		Using:          qdrant.PtrOf("dense"),
		Filter:         filter,
		Limit:          qdrant.PtrOf(uint64(5)), // Prefetch plays no part on one side
		WithPayload:    qdrant.NewWithPayload(true),
	}
	if len(p.Queries) != 1 || !proto.Equal(p.Queries[0], want) {
		t.Fatalf("dense plan = %v, want one query\n%s", p.Queries, prototext.Format(want))
	}
	if p.Hybrid || p.Dense != 0 || p.Sparse != -1 || p.Limit != 5 {
		t.Errorf("dense plan = %+v, want dense side 0, no sparse side, limit 5", p)
	}
}

func TestBuildPlanSparseOnly(t *testing.T) {
	p, err := buildPlan("c__lj", testDim, retrieval.Query{Sparse: qSparse, Filter: retrieval.Filter{KB: "lj", Channel: "web"}}, false)
	if err != nil {
		t.Fatal(err)
	}
	filter, _ := buildFilter(retrieval.Filter{KB: "lj", Channel: "web"})
	want := &qdrant.QueryPoints{
		CollectionName: "c__lj",
		Query:          qdrant.NewQueryNearest(qdrant.NewVectorInputSparse(qSparse.Indices, qSparse.Values)),
		Using:          qdrant.PtrOf("sparse"),
		Filter:         filter,
		Limit:          qdrant.PtrOf(uint64(retrieval.DefaultLimit)),
		WithPayload:    qdrant.NewWithPayload(true),
	}
	if len(p.Queries) != 1 || !proto.Equal(p.Queries[0], want) {
		t.Fatalf("sparse plan = %v, want\n%s", p.Queries, prototext.Format(want))
	}
	if p.Dense != -1 || p.Sparse != 0 {
		t.Errorf("sparse plan sides = %d/%d, want -1/0", p.Dense, p.Sparse)
	}
}

func TestBuildPlanHybrid(t *testing.T) {
	f := retrieval.Filter{KB: "lj", Kinds: []string{"policy"}}
	filter, _ := buildFilter(f)
	densePre := &qdrant.PrefetchQuery{
		Query:  qdrant.NewQueryNearest(qdrant.NewVectorInputDense(qDense)),
		Using:  qdrant.PtrOf("dense"),
		Filter: filter,
		Limit:  qdrant.PtrOf(uint64(12)),
	}
	sparsePre := &qdrant.PrefetchQuery{
		Query:  qdrant.NewQueryNearest(qdrant.NewVectorInputSparse(qSparse.Indices, qSparse.Values)),
		Using:  qdrant.PtrOf("sparse"),
		Filter: filter,
		Limit:  qdrant.PtrOf(uint64(12)),
	}
	side := func(pre *qdrant.PrefetchQuery) *qdrant.QueryPoints {
		return &qdrant.QueryPoints{CollectionName: "c__lj", Query: pre.Query, Using: pre.Using, Filter: filter,
			Limit: pre.Limit, WithPayload: qdrant.NewWithPayload(false)}
	}
	tests := []struct {
		name   string
		paramK bool
		fusion *qdrant.Query
	}{
		// k = 61 with zero-based ranks is retrieval.RRFK = 60 with one-based ones.
		{"Qdrant 1.16+", true, &qdrant.Query{Variant: &qdrant.Query_Rrf{Rrf: &qdrant.Rrf{K: qdrant.PtrOf(uint32(61))}}}},
		{"Qdrant 1.15", false, &qdrant.Query{Variant: &qdrant.Query_Fusion{Fusion: qdrant.Fusion_RRF}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := buildPlan("c__lj", testDim, retrieval.Query{Dense: qDense, Sparse: qSparse, Filter: f, Limit: 3}, tc.paramK)
			if err != nil {
				t.Fatal(err)
			}
			fused := &qdrant.QueryPoints{
				CollectionName: "c__lj",
				Prefetch:       []*qdrant.PrefetchQuery{densePre, sparsePre}, // Prefetch defaults to 4×Limit
				Query:          tc.fusion,
				Filter:         filter,
				Limit:          qdrant.PtrOf(uint64(3)),
				WithPayload:    qdrant.NewWithPayload(true),
			}
			want := []*qdrant.QueryPoints{fused, side(densePre), side(sparsePre)}
			if len(p.Queries) != 3 {
				t.Fatalf("hybrid plan has %d queries, want 3", len(p.Queries))
			}
			for i := range want {
				if !proto.Equal(p.Queries[i], want[i]) {
					t.Errorf("hybrid query %d =\n%s\nwant\n%s", i, prototext.Format(p.Queries[i]), prototext.Format(want[i]))
				}
			}
			if !p.Hybrid || p.Dense != 1 || p.Sparse != 2 || p.Limit != 3 {
				t.Errorf("hybrid plan = %+v, want sides 1 and 2, limit 3", p)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	tests := []struct {
		name                    string
		limit, prefetch         int
		wantLimit, wantPrefetch int
		wantErr                 bool
	}{
		{"defaults", 0, 0, retrieval.DefaultLimit, 4 * retrieval.DefaultLimit, false},
		{"prefetch from limit", 7, 0, 7, 28, false},
		{"prefetch capped", retrieval.MaxLimit, 0, retrieval.MaxLimit, min(4*retrieval.MaxLimit, retrieval.MaxPrefetch), false},
		{"prefetch below limit kept", 5, 1, 5, 1, false},
		{"explicit", 3, 50, 3, 50, false},
		{"negative limit", -1, 0, 0, 0, true},
		{"limit too big", retrieval.MaxLimit + 1, 0, 0, 0, true},
		{"negative prefetch", 3, -1, 0, 0, true},
		{"prefetch too big", 3, retrieval.MaxPrefetch + 1, 0, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, p, err := limits(retrieval.Query{Limit: tc.limit, Prefetch: tc.prefetch})
			if tc.wantErr {
				if !errors.Is(err, retrieval.ErrInvalid) {
					t.Errorf("limits(%d, %d) = %v, want ErrInvalid", tc.limit, tc.prefetch, err)
				}
				return
			}
			if err != nil || l != tc.wantLimit || p != tc.wantPrefetch {
				t.Errorf("limits(%d, %d) = %d, %d, %v; want %d, %d", tc.limit, tc.prefetch, l, p, err, tc.wantLimit, tc.wantPrefetch)
			}
		})
	}
}

func TestBuildPlanInvalid(t *testing.T) {
	good := retrieval.Filter{KB: "lj"}
	nan := []float32{1, float32(math.NaN()), 0, 0}
	tests := []struct {
		name string
		q    retrieval.Query
	}{
		{"no kb", retrieval.Query{Dense: qDense}},
		{"no vectors", retrieval.Query{Filter: good}},
		{"empty sparse only", retrieval.Query{Sparse: retrieval.Sparse{}, Filter: good}},
		{"short dense", retrieval.Query{Dense: qDense[:3], Filter: good}},
		{"NaN dense", retrieval.Query{Dense: nan, Filter: good}},
		{"sparse lengths", retrieval.Query{Sparse: retrieval.Sparse{Indices: []uint32{1}}, Filter: good}},
		{"sparse unsorted", retrieval.Query{Sparse: retrieval.Sparse{Indices: []uint32{2, 1}, Values: []float32{1, 1}}, Filter: good}},
		{"sparse infinite", retrieval.Query{Sparse: retrieval.Sparse{Indices: []uint32{1}, Values: []float32{float32(math.Inf(1))}}, Filter: good}},
		{"limit", retrieval.Query{Dense: qDense, Filter: good, Limit: -2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := buildPlan("c", testDim, tc.q, true); !errors.Is(err, retrieval.ErrInvalid) {
				t.Errorf("buildPlan(%s) = %v, want ErrInvalid", tc.name, err)
			}
		})
	}
}

func scored(kb, id string, score float32, withPayload bool) *qdrant.ScoredPoint {
	sp := &qdrant.ScoredPoint{Id: qdrant.NewIDUUID(PointID(kb, id)), Score: score}
	if withPayload {
		c := retrieval.Chunk{KB: kb, ID: id, Text: "text of " + id}
		sp.Payload = payload(&c)
	}
	return sp
}

func TestPlanHits(t *testing.T) {
	q := retrieval.Query{Dense: qDense, Sparse: qSparse, Filter: retrieval.Filter{KB: "lj"}, Limit: 2}
	p, err := buildPlan("c__lj", testDim, q, true)
	if err != nil {
		t.Fatal(err)
	}
	results := [][]*qdrant.ScoredPoint{
		{scored("lj", "both", 0.032, true), scored("lj", "d", 0.016, true), scored("lj", "s", 0.0159, true)},
		{scored("lj", "d", 0.9, false), scored("lj", "both", 0.7, false)},
		{scored("lj", "s", 3.5, false), scored("lj", "both", 2.5, false), scored("lj", "x", 1, false)},
	}
	hits, err := p.hits(results)
	if err != nil {
		t.Fatal(err)
	}
	want := []retrieval.Hit{
		{Score: float64(float32(0.032)), DenseRank: 2, DenseScore: float64(float32(0.7)), SparseRank: 2, SparseScore: 2.5},
		{Score: float64(float32(0.016)), DenseRank: 1, DenseScore: float64(float32(0.9))},
	}
	if len(hits) != len(want) {
		t.Fatalf("hits = %d, want %d (the limit)", len(hits), len(want))
	}
	for i, h := range hits {
		w := want[i]
		if h.Score != w.Score || h.DenseRank != w.DenseRank || h.DenseScore != w.DenseScore || h.SparseRank != w.SparseRank || h.SparseScore != w.SparseScore {
			t.Errorf("hit %d = %+v, want %+v", i, h, w)
		}
	}
	if hits[0].Chunk.ID != "both" || hits[0].Chunk.Text != "text of both" || hits[1].Chunk.ID != "d" {
		t.Errorf("hit chunks = %q, %q; want both (with its payload), d", hits[0].Chunk.ID, hits[1].Chunk.ID)
	}

	// One side: the side's score is the score, ranks count from 1.
	p, _ = buildPlan("c__lj", testDim, retrieval.Query{Sparse: qSparse, Filter: retrieval.Filter{KB: "lj"}}, true)
	hits, err = p.hits([][]*qdrant.ScoredPoint{{scored("lj", "a", 2, true), scored("lj", "b", 1, true)}})
	if err != nil || len(hits) != 2 || hits[1].SparseRank != 2 || hits[1].SparseScore != 1 || hits[1].Score != 1 || hits[1].DenseRank != 0 {
		t.Errorf("sparse hits = %+v, %v; want b second with SparseRank 2, SparseScore = Score = 1", hits, err)
	}

	if _, err := p.hits(nil); err == nil {
		t.Error("hits with no result lists = nil error, want one")
	}
	foreign := &qdrant.ScoredPoint{Id: qdrant.NewIDNum(1), Payload: qdrant.NewValueMap(map[string]any{"city": "Berlin"})}
	if _, err := p.hits([][]*qdrant.ScoredPoint{{foreign}}); err == nil {
		t.Error("hits with a foreign point = nil error, want one")
	}
}

// TestSearchParams: the configured hnsw_ef and exact go on every dense
// search of a plan (the dense query, a hybrid query's dense prefetch and
// its dense side query), none on the sparse ones, and nothing without a
// setting.
func TestSearchParams(t *testing.T) {
	f := retrieval.Filter{KB: "lj"}
	queries := map[string]retrieval.Query{
		"dense":  {Dense: qDense, Filter: f},
		"sparse": {Sparse: qSparse, Filter: f},
		"hybrid": {Dense: qDense, Sparse: qSparse, Filter: f},
	}
	tests := []struct {
		name  string
		ef    int
		exact bool
		want  *qdrant.SearchParams
	}{
		{"defaults", 0, false, nil},
		{"hnsw_ef", 256, false, &qdrant.SearchParams{HnswEf: qdrant.PtrOf(uint64(256))}},
		{"exact", 0, true, &qdrant.SearchParams{Exact: qdrant.PtrOf(true)}},
		{"both", 64, true, &qdrant.SearchParams{HnswEf: qdrant.PtrOf(uint64(64)), Exact: qdrant.PtrOf(true)}},
	}
	for _, tc := range tests {
		ix, err := New(Config{Addr: "localhost", Dim: testDim, HNSWEf: tc.ef, Exact: tc.exact})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		for qname, q := range queries {
			p, err := ix.plan("c__lj", q, true)
			if err != nil {
				t.Fatal(err)
			}
			check := func(where string, got *qdrant.SearchParams, dense bool) {
				t.Helper()
				want := tc.want
				if !dense {
					want = nil
				}
				if (got == nil) != (want == nil) || (got != nil && !proto.Equal(got, want)) {
					t.Errorf("%s, %s query, %s: params %v, want %v", tc.name, qname, where, got, want)
				}
			}
			switch qname {
			case "dense":
				check("query", p.Queries[0].GetParams(), true)
			case "sparse":
				check("query", p.Queries[0].GetParams(), false)
			case "hybrid":
				check("fused query", p.Queries[0].GetParams(), false) // fusion searches nothing itself
				check("dense prefetch", p.Queries[0].Prefetch[0].GetParams(), true)
				check("sparse prefetch", p.Queries[0].Prefetch[1].GetParams(), false)
				check("dense side", p.Queries[p.Dense].GetParams(), true)
				check("sparse side", p.Queries[p.Sparse].GetParams(), false)
			}
		}
	}
	if _, err := New(Config{Addr: "localhost", Dim: testDim, HNSWEf: -1}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("New with hnsw_ef -1 = %v, want ErrInvalid", err)
	}
	if _, err := New(Config{Addr: "localhost", Dim: testDim, HNSWEf: MaxHNSWEf + 1}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("New with hnsw_ef above the bound = %v, want ErrInvalid", err)
	}
}
