package retrieval_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"kgrag/retrieval"
	"kgrag/retrieval/embed"
	"kgrag/retrieval/memvec"
	"kgrag/retrieval/sparse"
)

type parts struct {
	idx *memvec.Index
	ix  *retrieval.Indexer
	s   *retrieval.Searcher
	emb *countingEmbedder
}

// countingEmbedder counts Embed calls, and fails when told to.
type countingEmbedder struct {
	retrieval.Embedder
	calls, texts int
	fail         error
}

func (c *countingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	c.calls++
	c.texts += len(texts)
	if c.fail != nil {
		return nil, c.fail
	}
	return c.Embedder.Embed(ctx, texts)
}

func newParts(t *testing.T, batch int) *parts {
	t.Helper()
	h, err := embed.New(embed.Options{Dim: 128})
	if err != nil {
		t.Fatal(err)
	}
	emb := &countingEmbedder{Embedder: h}
	idx, err := memvec.Open(t.TempDir(), memvec.Options{Dim: 128, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	sp := sparse.New(nil, sparse.Options{})
	return &parts{idx: idx, emb: emb,
		ix: retrieval.NewIndexer(idx, emb, sp, retrieval.IndexerOptions{BatchSize: batch}),
		s:  retrieval.NewSearcher(idx, emb, sp)}
}

var corpus = []retrieval.Chunk{
	{KB: "kb", ID: "ship", SourceID: "policies/shipping.md", Kind: "policy", Title: "配送与运费说明", Text: "普通地区单笔实付满99元包邮，未满收取运费8元。"},
	{KB: "kb", ID: "ret", SourceID: "policies/returns.md", Kind: "policy", Title: "退换货政策", HeadingPath: []string{"退换货政策", "三、退货运费"}, Text: "非质量问题退货，退货运费由顾客承担。"},
	{KB: "kb", ID: "p1", SourceID: "products.jsonl", Kind: "product", Title: "澜肌A醇紧致精华", Text: "澜肌A醇紧致精华，视黄醇浓度0.3%，价格399元。", Channels: []string{"tmall"}},
	{KB: "kb", ID: "p2", SourceID: "products.jsonl", Kind: "product", Title: "清透防晒乳", Text: "Clear Sunscreen Fluid, SPF50+ PA++++, 50ml."},
	{KB: "kb", ID: "f1", SourceID: "faq.csv", Kind: "faq", Title: "客服时间", Text: "客服热线的服务时间为每天9:00-21:00。"},
}

func TestIndexerAndSearcher(t *testing.T) {
	p := newParts(t, 2)
	ctx := context.Background()
	if err := p.ix.IndexChunks(ctx, corpus); err != nil {
		t.Fatalf("IndexChunks = %v", err)
	}
	if p.emb.calls != 3 || p.emb.texts != 5 {
		t.Errorf("Embed called %d times with %d texts, want 3 batches of ≤2 and 5 texts", p.emb.calls, p.emb.texts)
	}
	tests := []struct {
		q    string
		f    retrieval.Filter
		mode retrieval.Mode
		want string
	}{
		{"买多少钱包邮？", retrieval.Filter{KB: "kb"}, retrieval.Hybrid, "ship"},
		{"退货的运费谁出", retrieval.Filter{KB: "kb"}, retrieval.Hybrid, "ret"},
		{"A醇精华的视黄醇浓度", retrieval.Filter{KB: "kb"}, retrieval.DenseOnly, "p1"},
		{"A醇精华的视黄醇浓度", retrieval.Filter{KB: "kb"}, retrieval.SparseOnly, "p1"},
		{"what SPF is the sunscreen", retrieval.Filter{KB: "kb"}, retrieval.Hybrid, "p2"},
		{"客服几点上班", retrieval.Filter{KB: "kb", Kinds: []string{"faq"}}, retrieval.Hybrid, "f1"},
	}
	for _, tc := range tests {
		hits, err := p.s.Search(ctx, tc.q, tc.f, retrieval.SearchOptions{Limit: 3, Mode: tc.mode})
		if err != nil {
			t.Fatalf("Search(%q) = %v", tc.q, err)
		}
		if len(hits) == 0 || hits[0].Chunk.ID != tc.want {
			var got []string
			for _, h := range hits {
				got = append(got, h.Chunk.ID)
			}
			t.Errorf("Search(%q, %v) = %v, want %s first", tc.q, tc.mode, got, tc.want)
		}
	}
	// The heading path is searchable through EmbedText.
	hits, _ := p.s.Search(ctx, "三、退货运费", retrieval.Filter{KB: "kb"}, retrieval.SearchOptions{Mode: retrieval.SparseOnly, Limit: 1})
	if len(hits) != 1 || hits[0].Chunk.ID != "ret" {
		t.Errorf("Search(heading) = %v, want ret", hits)
	}
	// Channel filter: the tmall-only product is hidden from douyin.
	hits, _ = p.s.Search(ctx, "A醇紧致精华", retrieval.Filter{KB: "kb", Channel: "douyin"}, retrieval.SearchOptions{})
	for _, h := range hits {
		if h.Chunk.ID == "p1" {
			t.Errorf("Search on douyin returned the tmall-only chunk")
		}
	}
	if _, err := p.s.Search(ctx, "  ", retrieval.Filter{KB: "kb"}, retrieval.SearchOptions{}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("Search(blank) = %v, want ErrInvalid", err)
	}
	if hits, err := p.s.Search(ctx, "？？", retrieval.Filter{KB: "kb"}, retrieval.SearchOptions{Mode: retrieval.SparseOnly}); err != nil || len(hits) != 0 {
		t.Errorf("sparse Search(no terms) = %v, %v; want nothing", hits, err)
	}
	if _, err := p.s.Search(ctx, "包邮", retrieval.Filter{}, retrieval.SearchOptions{}); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("Search(no kb) = %v, want ErrInvalid", err)
	}

	// Re-indexing replaces; DeleteSource removes one source only.
	if err := p.ix.IndexChunks(ctx, corpus); err != nil {
		t.Fatal(err)
	}
	if n, _ := p.idx.Count(ctx, retrieval.Filter{KB: "kb"}); n != len(corpus) {
		t.Errorf("Count after re-index = %d, want %d", n, len(corpus))
	}
	n, err := p.ix.DeleteSource(ctx, "kb", "products.jsonl")
	if err != nil || n != 2 {
		t.Errorf("DeleteSource = %d, %v; want 2", n, err)
	}
	if n, _ := p.idx.Count(ctx, retrieval.Filter{KB: "kb"}); n != len(corpus)-2 {
		t.Errorf("Count after DeleteSource = %d, want %d", n, len(corpus)-2)
	}
	if _, err := p.ix.DeleteSource(ctx, "", "x"); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("DeleteSource(no kb) = %v, want ErrInvalid", err)
	}
}

func TestIndexChunksErrors(t *testing.T) {
	ctx := context.Background()
	p := newParts(t, 2)
	bad := slices.Clone(corpus)
	bad[3].ID = ""
	if err := p.ix.IndexChunks(ctx, bad); !errors.Is(err, retrieval.ErrInvalid) {
		t.Errorf("IndexChunks(chunk without id) = %v, want ErrInvalid", err)
	}
	if p.emb.calls != 0 {
		t.Errorf("IndexChunks embedded %d batches before rejecting bad input, want 0", p.emb.calls)
	}
	p.emb.fail = fmt.Errorf("endpoint down: %w", retrieval.ErrUnavailable)
	if err := p.ix.IndexChunks(ctx, corpus); !errors.Is(err, retrieval.ErrUnavailable) {
		t.Errorf("IndexChunks with a failing embedder = %v, want ErrUnavailable", err)
	}
	if n, _ := p.idx.Count(ctx, retrieval.Filter{KB: "kb"}); n != 0 {
		t.Errorf("Count after a failed IndexChunks = %d, want 0", n)
	}
}

func TestEmbedText(t *testing.T) {
	tests := []struct {
		c    retrieval.Chunk
		want string
	}{
		{retrieval.Chunk{Text: "body"}, "body"},
		{retrieval.Chunk{Title: "T", Text: "body"}, "T\nbody"},
		{retrieval.Chunk{Title: "T", HeadingPath: []string{"T", "H2"}, Text: "body"}, "T / H2\nbody"},
		{retrieval.Chunk{Title: "Q?", Text: "Q?\nanswer"}, "Q?\nanswer"},
	}
	for _, tc := range tests {
		if got := retrieval.EmbedText(&tc.c); got != tc.want {
			t.Errorf("EmbedText(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}
