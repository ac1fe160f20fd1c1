package qdrantvec

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qdrant/go-client/qdrant"

	"kgrag/retrieval"
	"kgrag/retrieval/embed"
	"kgrag/retrieval/internal/devset"
)

// TestQdrantRecall measures recall@10 of Qdrant's HNSW dense search
// against its exact search, on synthetic chunks made of the dev set's
// sentences (embedded by the offline embedder) and the dev questions. It
// needs a real Qdrant (KGRAG_QDRANT_ADDR) and the sizes to measure:
//
//	KGRAG_QDRANT_ADDR=localhost:6334 KGRAG_QDRANT_RECALL=10000,100000 \
//	  go test -run TestQdrantRecall -v -timeout 2h ./retrieval/qdrantvec/
//
// It waits until Qdrant has built the HNSW index (below its indexing
// threshold a collection is searched by a full scan, which is exact) and
// logs recall@10 with Qdrant's defaults and with a few hnsw_ef values.
func TestQdrantRecall(t *testing.T) {
	cfg := serverConfig(t)
	sizes := os.Getenv("KGRAG_QDRANT_RECALL")
	if sizes == "" {
		t.Skip("set KGRAG_QDRANT_RECALL=10000,100000 to measure recall (minutes per size)")
	}
	dir, ok := devset.Dir()
	if !ok {
		t.Skip("dev set (shared/eval/dev) not found; set KGRAG_DEV_SET")
	}
	emb, err := embed.New(embed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Dim = emb.Dim()
	ix := openServer(t, cfg)
	exact := cfg
	exact.Exact = true
	ex, err := New(exact)
	if err != nil {
		t.Fatal(err)
	}
	defer ex.Close()
	qs, err := devset.Questions(dir)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, q := range qs {
		texts = append(texts, q.Question)
	}
	ctx := context.Background()
	qv, err := emb.Embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	sentences := devSentences(t, dir)
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 || n > 1_000_000 {
			t.Fatalf("KGRAG_QDRANT_RECALL: %q is not a size in 1..1000000", s)
		}
		kb := fmt.Sprintf("recall%d", n)
		loadSynthetic(t, ix, emb, kb, n, sentences)
		waitIndexed(t, ix, kb)
		for _, ef := range []int{0, 128, 256, 512} {
			c := cfg
			c.HNSWEf = ef
			approx, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			found, total := 0, 0
			for _, q := range qv {
				query := retrieval.Query{Dense: q, Filter: retrieval.Filter{KB: kb}, Limit: 10}
				want, err := ex.Search(ctx, query)
				if err != nil {
					t.Fatal(err)
				}
				got, err := approx.Search(ctx, query)
				if err != nil {
					t.Fatal(err)
				}
				in := map[string]bool{}
				for _, h := range want {
					in[h.Chunk.ID] = true
				}
				for _, h := range got {
					if in[h.Chunk.ID] {
						found++
					}
				}
				total += len(want)
			}
			approx.Close()
			t.Logf("%d chunks, hnsw_ef %d (0: Qdrant's default): recall@10 against exact search %.3f (%d questions)",
				n, ef, float64(found)/float64(total), len(qv))
		}
	}
}

// devSentences splits the dev set's chunk texts into sentences.
func devSentences(t *testing.T, dir string) []string {
	chunks, err := devset.Chunks(dir, "x")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range chunks {
		for _, s := range strings.FieldsFunc(c.Text, func(r rune) bool { return strings.ContainsRune("。！？\n", r) }) {
			if s = strings.TrimSpace(s); len([]rune(s)) >= 4 {
				out = append(out, s+"。")
			}
		}
	}
	return out
}

// loadSynthetic upserts n chunks of about 300 characters of shuffled dev
// sentences into kb.
func loadSynthetic(t *testing.T, ix *Index, emb retrieval.Embedder, kb string, n int, sentences []string) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	const batch = 512
	for start := 0; start < n; start += batch {
		var chunks []retrieval.Chunk
		var texts []string
		for i := start; i < min(start+batch, n); i++ {
			var b strings.Builder
			fmt.Fprintf(&b, "编号LJ-%d ", 1000+r.IntN(5000))
			for len([]rune(b.String())) < 300 {
				b.WriteString(sentences[r.IntN(len(sentences))])
			}
			chunks = append(chunks, retrieval.Chunk{KB: kb, ID: fmt.Sprintf("c%07d", i), SourceID: fmt.Sprintf("src%05d", i/20), Kind: "doc", Text: b.String()})
			texts = append(texts, b.String())
		}
		vecs, err := emb.Embed(ctx, texts)
		if err != nil {
			t.Fatal(err)
		}
		points := make([]retrieval.Point, len(chunks))
		for i := range chunks {
			points[i] = retrieval.Point{Chunk: chunks[i], Dense: vecs[i]}
		}
		if err := ix.Upsert(ctx, points); err != nil {
			t.Fatalf("upsert %d-%d: %v", start, start+len(points)-1, err)
		}
	}
}

// waitIndexed waits (up to 30 minutes) until Qdrant's optimizers are done
// with kb's collection, and logs how many vectors its HNSW index holds.
func waitIndexed(t *testing.T, ix *Index, kb string) {
	name, _ := ix.CollectionName(kb)
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Minute)
	for {
		info, err := ix.client.GetCollectionInfo(ctx, name)
		if err != nil {
			t.Fatalf("collection info: %v", err)
		}
		if info.GetStatus() == qdrant.CollectionStatus_Green {
			t.Logf("%s: %d points, %d vectors in the HNSW index", name, info.GetPointsCount(), info.GetIndexedVectorsCount())
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not indexed after 30 minutes (status %s)", name, info.GetStatus())
		}
		time.Sleep(2 * time.Second)
	}
}
