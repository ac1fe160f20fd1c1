package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kgrag/ingest"
)

// BenchmarkIngestCatalog ingests a synthetic catalog (products with
// categories, channels and ingredients) and a long document into the
// embedded store with an in-memory index: the cost of ingest itself
// (parsing, graph writes, chunking, linking), without embedding.
func BenchmarkIngestCatalog(b *testing.B) {
	const n = 2000
	var cat, doc strings.Builder
	for i := range n {
		fmt.Fprintf(&cat, `{"id": "P-%d", "name": "品牌测试商品%d号", "name_en": "Test Product %d", "category": "品类%d", "price_cny": %d, "channels": ["tmall", "douyin"], "attributes": {"净含量": "%dml"}, "ingredients": ["成分%d", "成分%d"]}`+"\n",
			i, i, i, i%20, 100+i, i%100, i%50, i%77)
		fmt.Fprintf(&doc, "## 第%d节\n\n品牌测试商品%d号适合干性肌肤。使用前请阅读说明。每天早晚各一次。\n\n", i, i)
	}
	in := []ingest.Input{{ID: "products.jsonl", Data: []byte(cat.String())}, {ID: "guide.md", Data: []byte(doc.String())}}
	b.ReportAllocs()
	chunks := 0
	var took time.Duration
	for b.Loop() {
		b.StopTimer()
		e := newEnv(b, ingest.Options{})
		b.StartTimer()
		start := time.Now()
		rep, err := e.ing.Ingest(context.Background(), e.kb, in, ingest.RunOptions{})
		took += time.Since(start)
		if err != nil || rep.Err() != nil {
			b.Fatal(err, rep.Err())
		}
		chunks += len(e.idx.Chunks(e.kb))
	}
	b.ReportMetric(float64(chunks)/took.Seconds(), "chunks/s")
}
