package main

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

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
	backends := map[string]func(b *testing.B) kg.Store{
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
