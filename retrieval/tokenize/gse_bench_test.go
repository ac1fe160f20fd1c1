package tokenize

import (
	"runtime"
	"sync"
	"testing"
)

type syncOnce = sync.Once

func benchTok(b *testing.B, search bool) {
	tok, err := NewGSE(search)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	var dst []string
	for b.Loop() {
		dst = tok.AppendTokens(dst[:0], benchText)
	}
	b.ReportMetric(float64(len(dst)), "tokens/op")
}

func BenchmarkGSE(b *testing.B)           { benchTok(b, false) }
func BenchmarkGSESearchMode(b *testing.B) { benchTok(b, true) }

// BenchmarkGSELoad measures loading the gse dictionary (done once per
// process) and the heap it keeps.
func BenchmarkGSELoad(b *testing.B) {
	var before, after runtime.MemStats
	gseOnce = *new(syncOnce)
	gseSeg, gseErr = nil, nil // an earlier benchmark's segmenter is not counted
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		gseOnce = *new(syncOnce)
		gseSeg, gseErr = nil, nil
		if _, err := NewGSE(false); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/(1<<20), "dict-heap-MiB")
}
