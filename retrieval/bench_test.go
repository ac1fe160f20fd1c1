package retrieval_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kgrag/retrieval"
	"kgrag/retrieval/embed"
	"kgrag/retrieval/internal/devset"
	"kgrag/retrieval/memvec"
	"kgrag/retrieval/sparse"
)

// synthCorpus makes n chunks of about 300 characters from the sentences of
// the dev knowledge base, shuffled, with varied kinds, sources, channels
// and validity, so the vocabulary and term statistics are realistic.
func synthCorpus(tb testing.TB, kb string, n int) ([]retrieval.Chunk, []string) {
	tb.Helper()
	dir, ok := devset.Dir()
	if !ok {
		tb.Skip("dev set (shared/eval/dev) not found; set KGRAG_DEV_SET")
	}
	chunks, err := devset.Chunks(dir, "x")
	if err != nil {
		tb.Fatal(err)
	}
	qs, err := devset.Questions(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var sentences []string
	for _, c := range chunks {
		for _, s := range strings.FieldsFunc(c.Text, func(r rune) bool { return strings.ContainsRune("。！？\n", r) }) {
			if s = strings.TrimSpace(s); len([]rune(s)) >= 4 {
				sentences = append(sentences, s+"。")
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	kinds := []string{"product", "policy", "faq", "doc"}
	chans := [][]string{nil, nil, {"tmall"}, {"douyin"}, {"web", "wechat"}}
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]retrieval.Chunk, n)
	var b strings.Builder
	for i := range out {
		b.Reset()
		fmt.Fprintf(&b, "编号LJ-%d ", 1000+r.IntN(5000))
		for len([]rune(b.String())) < 300 {
			b.WriteString(sentences[r.IntN(len(sentences))])
		}
		c := retrieval.Chunk{
			KB: kb, ID: fmt.Sprintf("c%07d", i), SourceID: fmt.Sprintf("src%05d", i/20), Kind: kinds[r.IntN(len(kinds))],
			Position: i % 20, Text: b.String(), Channels: chans[r.IntN(len(chans))], EntityIDs: []string{fmt.Sprintf("LJ-%d", 1000+r.IntN(200))},
		}
		if r.IntN(4) == 0 {
			f := from.AddDate(0, r.IntN(24), 0)
			t := f.AddDate(0, 1+r.IntN(12), 0)
			c.ValidFrom, c.ValidTo = &f, &t
		}
		out[i] = c
	}
	var questions []string
	for _, q := range qs {
		questions = append(questions, q.Question)
	}
	return out, questions
}

// peakHeap samples the heap in use until stopped and returns its maximum.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

func defaultParts(tb testing.TB) (retrieval.Embedder, retrieval.SparseEncoder) {
	emb, err := embed.New(embed.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return emb, sparse.New(nil, sparse.Options{})
}

// BenchmarkIndexChunks measures end-to-end ingest into memvec (offline
// embedder, sparse encoding, fsynced bbolt commits): chunks/s and the peak
// heap.
func BenchmarkIndexChunks(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			chunks, _ := synthCorpus(b, "bench", n)
			emb, sp := defaultParts(b)
			runtime.GC()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				idx, err := memvec.Open(b.TempDir(), memvec.Options{Dim: emb.Dim()})
				if err != nil {
					b.Fatal(err)
				}
				ix := retrieval.NewIndexer(idx, emb, sp, retrieval.IndexerOptions{})
				runtime.GC()
				stop := peakHeap()
				b.StartTimer()
				start := time.Now()
				if err := ix.IndexChunks(context.Background(), chunks); err != nil {
					b.Fatal(err)
				}
				el := time.Since(start)
				b.StopTimer()
				peak := stop()
				b.ReportMetric(float64(n)/el.Seconds(), "chunks/s")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
				idx.Close()
				b.StartTimer()
			}
		})
	}
}

var (
	benchMu   sync.Mutex
	benchIdx  = map[int]*memvec.Index{}
	benchQs   []string
	benchOpen = map[int]time.Duration{}
)

// benchIndex builds (once per size) an index of n synthetic chunks.
func benchIndex(b *testing.B, n int) (*memvec.Index, []string) {
	benchMu.Lock()
	defer benchMu.Unlock()
	if x := benchIdx[n]; x != nil {
		return x, benchQs
	}
	chunks, qs := synthCorpus(b, "bench", n)
	emb, sp := defaultParts(b)
	dir, err := tempDir()
	if err != nil {
		b.Fatal(err)
	}
	x, err := memvec.Open(dir, memvec.Options{Dim: emb.Dim(), NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	if err := retrieval.NewIndexer(x, emb, sp, retrieval.IndexerOptions{}).IndexChunks(context.Background(), chunks); err != nil {
		b.Fatal(err)
	}
	// Reopen, to measure the load and to search what a restart sees.
	x.Close()
	start := time.Now()
	if x, err = memvec.Open(dir, memvec.Options{}); err != nil {
		b.Fatal(err)
	}
	benchOpen[n] = time.Since(start)
	benchIdx[n], benchQs = x, qs
	return x, qs
}

// tempDir outlives one benchmark: the index is shared by the benchmarks of a run.
func tempDir() (string, error) { return os.MkdirTemp("", "kgrag-bench-") }

// BenchmarkSearch measures one query (embedding and encoding the question
// included) at 10k and 100k chunks, per mode, with and without a filter.
func BenchmarkSearch(b *testing.B) {
	emb, sp := defaultParts(b)
	for _, n := range []int{10_000, 100_000} {
		for _, mode := range []retrieval.Mode{retrieval.DenseOnly, retrieval.SparseOnly, retrieval.Hybrid} {
			for _, filtered := range []bool{false, true} {
				name := fmt.Sprintf("n=%d/%v", n, mode)
				if filtered {
					name += "/channel+asof"
				}
				b.Run(name, func(b *testing.B) {
					x, qs := benchIndex(b, n)
					s := retrieval.NewSearcher(x, emb, sp)
					f := retrieval.Filter{KB: "bench"}
					if filtered {
						f.Channel, f.AsOf = "douyin", time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
					}
					b.ReportAllocs()
					b.ResetTimer()
					i := 0
					for b.Loop() {
						if _, err := s.Search(context.Background(), qs[i%len(qs)], f, retrieval.SearchOptions{Limit: 10, Mode: mode}); err != nil {
							b.Fatal(err)
						}
						i++
					}
				})
			}
		}
	}
}

// BenchmarkParallelSearch runs hybrid queries from all cores at 100k chunks.
func BenchmarkParallelSearch(b *testing.B) {
	emb, sp := defaultParts(b)
	x, qs := benchIndex(b, 100_000)
	s := retrieval.NewSearcher(x, emb, sp)
	var i atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			q := qs[int(i.Add(1))%len(qs)]
			if _, err := s.Search(context.Background(), q, retrieval.Filter{KB: "bench"}, retrieval.SearchOptions{}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkOpen reports how long loading the index at start-up takes, and
// the heap the loaded index holds.
func BenchmarkOpen(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			x, _ := benchIndex(b, n)
			_ = x
			var m runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m)
			for b.Loop() {
			}
			b.ReportMetric(benchOpen[n].Seconds(), "open-s")
			b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-with-indexes-MiB")
		})
	}
}

// BenchmarkDenseRecall checks the dense search against a brute-force scan
// over the stored vectors: recall@10 (1.0 for the exact scan).
func BenchmarkDenseRecall(b *testing.B) {
	emb, _ := defaultParts(b)
	chunks, qs := synthCorpus(b, "bench", 100_000)
	x, _ := benchIndex(b, 100_000)
	texts := make([]string, len(chunks))
	for i := range chunks {
		texts[i] = retrieval.EmbedText(&chunks[i])
	}
	vecs, err := emb.Embed(context.Background(), texts)
	if err != nil {
		b.Fatal(err)
	}
	qv, _ := emb.Embed(context.Background(), qs)
	var found, total int
	for b.Loop() {
		found, total = 0, 0
		for qi, q := range qv {
			type sc struct {
				i int
				s float32
			}
			all := make([]sc, len(vecs))
			for i, v := range vecs {
				var s float32
				for j := range v {
					s += v[j] * q[j]
				}
				all[i] = sc{i, s}
			}
			slices.SortFunc(all, func(a, b sc) int {
				if a.s > b.s {
					return -1
				}
				if a.s < b.s {
					return 1
				}
				return strings.Compare(chunks[a.i].ID, chunks[b.i].ID)
			})
			want := map[string]bool{}
			for _, s := range all[:10] {
				want[chunks[s.i].ID] = true
			}
			hits, err := x.Search(context.Background(), retrieval.Query{Dense: q, Filter: retrieval.Filter{KB: "bench"}, Limit: 10})
			if err != nil {
				b.Fatal(err)
			}
			for _, h := range hits {
				if want[h.Chunk.ID] {
					found++
				}
			}
			total += 10
			_ = qi
		}
	}
	b.ReportMetric(float64(found)/float64(total), "recall@10")
}

// BenchmarkMemoryPerChunk reports the live heap an opened index holds per
// chunk (the heap after a GC with the index open, minus the heap before
// opening it), at 10k and 100k chunks, with the dense vectors in memory
// and with Options.DenseOnDemand (what the service opens when it searches
// keyword-only):
//
//	go test ./retrieval -run XXX -bench MemoryPerChunk -benchtime 1x
func BenchmarkMemoryPerChunk(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		dir := b.TempDir()
		built := false
		for _, onDemand := range []bool{false, true} {
			name := fmt.Sprintf("n=%d", n)
			if onDemand {
				name += "/dense-on-demand"
			}
			b.Run(name, func(b *testing.B) {
				if !built {
					chunks, _ := synthCorpus(b, "bench", n)
					emb, sp := defaultParts(b)
					x, err := memvec.Open(dir, memvec.Options{Dim: emb.Dim(), NoSync: true})
					if err != nil {
						b.Fatal(err)
					}
					err = retrieval.NewIndexer(x, emb, sp, retrieval.IndexerOptions{}).IndexChunks(context.Background(), chunks)
					x.Close()
					if err != nil {
						b.Fatal(err)
					}
					built = true
				}
				live := func() uint64 {
					var m runtime.MemStats
					runtime.GC()
					runtime.GC()
					runtime.ReadMemStats(&m)
					return m.HeapAlloc
				}
				var perChunk float64
				for b.Loop() {
					before := live()
					x, err := memvec.Open(dir, memvec.Options{DenseOnDemand: onDemand})
					if err != nil {
						b.Fatal(err)
					}
					after := live()
					perChunk = (float64(after) - float64(before)) / float64(n)
					runtime.KeepAlive(x)
					x.Close()
				}
				b.ReportMetric(perChunk, "heap-B/chunk")
				b.ReportMetric(perChunk*float64(n)/(1<<20), "heap-MiB")
			})
		}
	}
}
