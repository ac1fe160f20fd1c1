package tokenize

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestGSE(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the gse dictionary")
	}
	for _, search := range []bool{false, true} {
		tok, err := NewGSE(search)
		if err != nil {
			t.Fatal(err)
		}
		got := tok.AppendTokens(nil, "退货运费由顾客承担 Refund")
		for _, want := range []string{"退货", "运费", "顾客", "承担", "refund"} {
			if !slices.Contains(got, want) {
				t.Errorf("%s: AppendTokens = %q, want it to contain %q", tok.Name(), got, want)
			}
		}
		// concurrent use is safe (run with -race)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { tok.AppendTokens(nil, strings.Repeat("澜肌水光玻尿酸精华液多少钱", 5)) })
		}
		wg.Wait()
	}
}

// TestSegmenterHeap bounds the heap a loaded segmenter keeps: gse's own
// Segmenter keeps about 130 MiB for the same dictionary.
func TestSegmenterHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the gse dictionary")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ws, err := loadSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	kept := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("segmenter keeps %.1f MiB of heap (%d words)", float64(kept)/(1<<20), ws.Words())
	if kept > 40<<20 {
		t.Errorf("segmenter keeps %d MiB of heap, want ≤ 40 MiB", kept>>20)
	}
	runtime.KeepAlive(ws)
}
