package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"kgrag/ingest"
	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/memkg"
	"kgrag/kg/neo4jkg"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/evaluate"
)

// BenchmarkAskByBackend asks the dev set's questions on the embedded graph
// store and, when KGRAG_NEO4J_URI is set, on Neo4j, with the same embedded
// chunk index, and reports p50/p99 per question:
//
//	go test -run '^$' -bench AskByBackend ./cmd/kgrag/
func BenchmarkAskByBackend(b *testing.B) {
	dev := benchDevSet(b)
	set, err := evaluate.Load(dev)
	if err != nil {
		b.Fatal(err)
	}
	backends := benchBackends()
	for _, name := range []string{"embedded", "neo4j"} {
		b.Run(name, func(b *testing.B) {
			env, err := openEvalEnvOn(b.TempDir(), time.Now(), backends[name](b))
			if err != nil {
				b.Fatal(err)
			}
			defer env.Close()
			env.Engine.Now = nil // the wall clock, as a deployment runs
			ctx := context.Background()
			kb := "bench" + time.Now().Format("150405")
			col, err := env.Ingester.Collect(ctx, kb, []string{filepath.Join(dev, "kb")})
			if err != nil {
				b.Fatal(err)
			}
			if err := env.ingest(ctx, kb, col.Inputs); err != nil {
				b.Fatal(err)
			}
			var lat []float64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := set.Questions[i%len(set.Questions)]
				asOf, _ := set.AsOf(q)
				t := time.Now()
				if _, err := env.Engine.Ask(ctx, answer.Request{KB: kb, Question: q.Question, Channel: q.ChannelCode(), AsOf: asOf}); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, float64(time.Since(t).Microseconds())/1000)
			}
			b.StopTimer()
			sort.Float64s(lat)
			b.ReportMetric(lat[len(lat)/2], "p50_ms")
			b.ReportMetric(lat[len(lat)*99/100], "p99_ms")
		})
	}
}

// BenchmarkIngestByBackend ingests a synthetic catalog of 5,000 products
// (with categories, series, ingredients and channels: about 5,200 entities
// and 40,000 relations) into a fresh knowledge base of the embedded graph
// store and, when KGRAG_NEO4J_URI is set, of Neo4j, and reports facts
// (entities + relations) written per second, then the time of a re-ingest
// that changes 10,000 of the relations:
//
//	go test -run '^$' -bench IngestByBackend -benchtime 1x ./cmd/kgrag/
func BenchmarkIngestByBackend(b *testing.B) {
	const n = 5000
	var cat strings.Builder
	for i := range n {
		fmt.Fprintf(&cat, `{"id": "P-%d", "name": "测试商品%d号", "category": "品类%d", "series": "系列%d", "price_cny": %d, "channels": ["tmall", "douyin"], "attributes": {"净含量": "%dml"}, "ingredients": ["成分%d", "成分%d", "成分%d", "成分%d"]}`+"\n",
			i, i, i%20, i%100, 100+i, i%100, i%100, (i+1)%100, (i+7)%100, (i+31)%100)
	}
	in := []ingest.Input{{ID: "products.jsonl", Data: []byte(cat.String())}}
	// The same catalog with every product's first two ingredients swapped
	// (a re-ingest that changes 10,000 relations).
	changed := []ingest.Input{{ID: "products.jsonl", Data: []byte(swapRE.ReplaceAllString(cat.String(), `"ingredients": ["$2", "$1",`))}}
	backends := benchBackends()
	for _, name := range []string{"embedded", "neo4j"} {
		b.Run(name, func(b *testing.B) {
			env, err := openEvalEnvOn(b.TempDir(), time.Now(), backends[name](b))
			if err != nil {
				b.Fatal(err)
			}
			defer env.Close()
			ctx := context.Background()
			facts := 0
			var took, retook time.Duration
			for i := 0; b.Loop(); i++ {
				kb := fmt.Sprintf("ingbench%s%d", time.Now().Format("150405"), i)
				start := time.Now()
				rep, err := env.Ingester.Ingest(ctx, kb, in, ingest.RunOptions{Actor: "bench"})
				took += time.Since(start)
				if err != nil || rep.Err() != nil {
					b.Fatal(err, rep.Err())
				}
				for _, s := range rep.Sources {
					facts += s.Entities + s.Relations
				}
				start = time.Now()
				rep, err = env.Ingester.Ingest(ctx, kb, changed, ingest.RunOptions{Actor: "bench"})
				retook += time.Since(start)
				if err != nil || rep.Err() != nil {
					b.Fatal(err, rep.Err())
				}
			}
			b.ReportMetric(float64(facts)/took.Seconds(), "facts/s")
			b.ReportMetric(retook.Seconds()/float64(b.N), "reingest_s")
		})
	}
}

var swapRE = regexp.MustCompile(`"ingredients": \["([^"]+)", "([^"]+)",`)

// benchBackends opens the graph stores the backend benchmarks compare.
func benchBackends() map[string]func(b *testing.B) kg.Store {
	return map[string]func(b *testing.B) kg.Store{
		"embedded": func(b *testing.B) kg.Store {
			s, err := memkg.Open(b.TempDir(), memkg.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			return s
		},
		"neo4j": func(b *testing.B) kg.Store {
			uri := kgtest.ServerEnv(b, "KGRAG_NEO4J_URI")
			s, err := neo4jkg.Open(context.Background(), neo4jkg.Config{URI: uri, User: os.Getenv("KGRAG_NEO4J_USER"), Password: os.Getenv("KGRAG_NEO4J_PASSWORD")})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			return s
		},
	}
}

// benchDevSet finds ../shared/eval/dev beside the repository.
func benchDevSet(tb testing.TB) string {
	tb.Helper()
	dir, _ := os.Getwd()
	for range 6 {
		p := filepath.Join(dir, "..", "shared", "eval", "dev")
		if _, err := os.Stat(filepath.Join(p, "qa.jsonl")); err == nil {
			return p
		}
		dir = filepath.Dir(dir)
	}
	tb.Skip("../shared/eval/dev not found beside the repository")
	return ""
}
