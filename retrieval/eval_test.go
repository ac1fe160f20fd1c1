package retrieval_test

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"kgrag/retrieval"
	"kgrag/retrieval/embed"
	"kgrag/retrieval/internal/devset"
	"kgrag/retrieval/memvec"
	"kgrag/retrieval/sparse"
	"kgrag/retrieval/tokenize"
)

var devCompare = flag.Bool("devcompare", false, "compare tokenizers, embedders and search modes on the dev set and print the table")

// evalResult is the mean recall of gold sources among the top-k chunks.
type evalResult struct {
	r5, r10, hit5, hit10 float64
	n                    int
}

func (r evalResult) String() string {
	return fmt.Sprintf("%.3f | %.3f | %.3f | %.3f", r.r5, r.r10, r.hit5, r.hit10)
}

type devEnv struct {
	qs     []devset.Question
	chunks []retrieval.Chunk
}

func loadDev(t testing.TB) *devEnv {
	t.Helper()
	dir, ok := devset.Dir()
	if !ok {
		t.Skip("dev set (shared/eval/dev) not found; set KGRAG_DEV_SET")
	}
	qs, err := devset.Questions(dir)
	if err != nil {
		t.Fatal(err)
	}
	chunks, err := devset.Chunks(dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	return &devEnv{qs: qs, chunks: chunks}
}

// build indexes the dev chunks with emb and sp into a fresh memvec.
func (e *devEnv) build(t testing.TB, emb retrieval.Embedder, sp retrieval.SparseEncoder) *retrieval.Searcher {
	t.Helper()
	idx, err := memvec.Open(t.TempDir(), memvec.Options{Dim: emb.Dim(), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if err := retrieval.NewIndexer(idx, emb, sp, retrieval.IndexerOptions{}).IndexChunks(context.Background(), e.chunks); err != nil {
		t.Fatal(err)
	}
	return retrieval.NewSearcher(idx, emb, sp)
}

// eval runs every answerable question; realistic applies each question's
// channel and as-of date, otherwise only the knowledge base filters.
func (e *devEnv) eval(t testing.TB, s *retrieval.Searcher, mode retrieval.Mode, realistic bool) evalResult {
	t.Helper()
	var r evalResult
	for _, q := range e.qs {
		if q.Refuse || len(q.Sources) == 0 {
			continue
		}
		f := retrieval.Filter{KB: "dev"}
		if realistic {
			f = q.Filter("dev")
		}
		hits, err := s.Search(context.Background(), q.Question, f, retrieval.SearchOptions{Limit: 10, Mode: mode, Prefetch: 40})
		if err != nil {
			t.Fatalf("Search(%q) = %v", q.Question, err)
		}
		at := func(k int) (recall, hit float64) {
			found := map[string]bool{}
			for i, h := range hits {
				if i >= k {
					break
				}
				found[h.Chunk.SourceID] = true
			}
			n := 0
			for _, s := range q.Sources {
				if found[s] {
					n++
				}
			}
			if n > 0 {
				hit = 1
			}
			return float64(n) / float64(len(q.Sources)), hit
		}
		a, b := at(5)
		c, d := at(10)
		r.r5, r.hit5, r.r10, r.hit10 = r.r5+a, r.hit5+b, r.r10+c, r.hit10+d
		r.n++
	}
	n := float64(r.n)
	r.r5, r.r10, r.hit5, r.hit10 = r.r5/n, r.r10/n, r.hit5/n, r.hit10/n
	return r
}

// TestDevSetRecall guards the default configuration's retrieval quality on
// the dev set.
func TestDevSetRecall(t *testing.T) {
	e := loadDev(t)
	emb, err := embed.New(embed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := e.build(t, emb, sparse.New(nil, sparse.Options{}))
	for _, tc := range []struct {
		mode      retrieval.Mode
		realistic bool
		min10     float64
	}{
		{retrieval.Hybrid, false, 0.80},
		{retrieval.Hybrid, true, 0.80},
		{retrieval.DenseOnly, false, 0.65},
		{retrieval.SparseOnly, false, 0.75},
	} {
		r := e.eval(t, s, tc.mode, tc.realistic)
		t.Logf("%v realistic=%v: recall@5 | recall@10 | hit@5 | hit@10 = %v (%d questions)", tc.mode, tc.realistic, r, r.n)
		if r.r10 < tc.min10 {
			t.Errorf("%v (realistic filter %v): recall@10 = %.3f, want ≥ %.2f", tc.mode, tc.realistic, r.r10, tc.min10)
		}
	}
}

// TestDevSetCompare prints the comparison table of the README:
//
//	go test ./retrieval -run DevSetCompare -v -args -devcompare
func TestDevSetCompare(t *testing.T) {
	if !*devCompare {
		t.Skip("run with -args -devcompare")
	}
	e := loadDev(t)
	start := time.Now()
	gse, err := tokenize.NewGSE(false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("gse dictionary load: %v", time.Since(start))
	gseSearch, _ := tokenize.NewGSE(true)
	toks := []tokenize.Tokenizer{tokenize.Bigrams{Unigrams: true}, tokenize.Bigrams{}, gse, gseSearch}
	embs := []embed.Options{{}, {Dim: 256}, {Dim: 1024}, {Trigram: -1}, {Unigram: -1}, {WordGram: -1}}
	var b strings.Builder
	b.WriteString("| sparse tokenizer | embedder | mode | filter | recall@5 | recall@10 | hit@5 | hit@10 |\n|---|---|---|---|---|---|---|---|\n")
	for ei, eo := range embs {
		emb, err := embed.New(eo)
		if err != nil {
			t.Fatal(err)
		}
		for ti, tok := range toks {
			if ei > 0 && ti > 0 {
				continue // embedder variants only with the default tokenizer
			}
			s := e.build(t, emb, sparse.New(tok, sparse.Options{}))
			for _, mode := range []retrieval.Mode{retrieval.DenseOnly, retrieval.SparseOnly, retrieval.Hybrid} {
				if (mode == retrieval.DenseOnly && ti > 0) || (mode == retrieval.SparseOnly && ei > 0) {
					continue // would repeat a row
				}
				for _, realistic := range []bool{false, true} {
					fl := "kb"
					if realistic {
						fl = "kb+channel+as-of"
					}
					r := e.eval(t, s, mode, realistic)
					tn := tok.Name()
					if mode == retrieval.DenseOnly {
						tn = "—"
					}
					en := emb.Name()
					if mode == retrieval.SparseOnly {
						en = "—"
					}
					fmt.Fprintf(&b, "| %s | %s | %v | %s | %v |\n", tn, en, mode, fl, r)
				}
			}
		}
	}
	emb, _ := embed.New(embed.Options{})
	for _, so := range []sparse.Options{{B: -1}, {B: 0.5}, {B: 0.9}, {K1: 2}, {K1: 0.8}, {AvgLen: 100}, {AvgLen: 400}} {
		s := e.build(t, emb, sparse.New(nil, so))
		for _, mode := range []retrieval.Mode{retrieval.SparseOnly, retrieval.Hybrid} {
			fmt.Fprintf(&b, "| default, %+v | default | %v | kb | %v |\n", so, mode, e.eval(t, s, mode, false))
		}
	}
	t.Log("\n" + b.String())
}
