// Package ingesttest has what the tests of ingest and its callers share: an
// in-memory chunk index that records what it was asked to do, and the path
// of the shared dev knowledge base.
package ingesttest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"

	"kgrag/retrieval"
)

// Index is an in-memory chunk index for tests: it stores chunks as given
// and counts calls. Safe for concurrent use.
type Index struct {
	mu      sync.Mutex
	chunks  map[string]retrieval.Chunk // kb \x00 id
	Indexed int                        // chunks passed to IndexChunks
	Deleted int                        // chunks removed
	// Fail, when set, makes IndexChunks fail (crash tests).
	Fail error
	// NoDeleteByID hides DeleteChunks (see Plain).
	lost map[string]bool // knowledge bases whose chunks Lose dropped
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{chunks: map[string]retrieval.Chunk{}} }

// IndexChunks stores chunks, replacing those with the same (KB, ID).
func (x *Index) IndexChunks(ctx context.Context, chunks []retrieval.Chunk) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.Fail != nil {
		return x.Fail
	}
	for _, c := range chunks {
		x.chunks[c.KB+"\x00"+c.ID] = c
	}
	x.Indexed += len(chunks)
	return nil
}

// DeleteSource removes a source's chunks.
func (x *Index) DeleteSource(ctx context.Context, kb, src string) (int, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	n := 0
	for k, c := range x.chunks {
		if c.KB == kb && c.SourceID == src {
			delete(x.chunks, k)
			n++
		}
	}
	x.Deleted += n
	return n, nil
}

// DeleteChunks removes chunks by id.
func (x *Index) DeleteChunks(ctx context.Context, kb string, ids []string) (int, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	n := 0
	for _, id := range ids {
		if _, ok := x.chunks[kb+"\x00"+id]; ok {
			delete(x.chunks, kb+"\x00"+id)
			n++
		}
	}
	x.Deleted += n
	return n, nil
}

// Chunks returns the chunks of kb (of the sources given, or all) by id.
func (x *Index) Chunks(kb string, sources ...string) []retrieval.Chunk {
	x.mu.Lock()
	defer x.mu.Unlock()
	var out []retrieval.Chunk
	for _, c := range x.chunks {
		if c.KB == kb && (len(sources) == 0 || slices.Contains(sources, c.SourceID)) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lose drops every chunk of kb, as a dropped Qdrant collection does, and
// reports the loss through ChunksLost until ChunksReindexed.
func (x *Index) Lose(kb string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for k, c := range x.chunks {
		if c.KB == kb {
			delete(x.chunks, k)
		}
	}
	if x.lost == nil {
		x.lost = map[string]bool{}
	}
	x.lost[kb] = true
}

// ChunksLost reports whether Lose dropped kb's chunks since the last
// ChunksReindexed (ingest.ChunkLoss).
func (x *Index) ChunksLost(ctx context.Context, kb string) (bool, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.lost[kb], nil
}

// ChunksReindexed clears the loss of kb.
func (x *Index) ChunksReindexed(kb string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	delete(x.lost, kb)
}

// Reset zeroes the counters.
func (x *Index) Reset() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.Indexed, x.Deleted = 0, 0
}

// Plain wraps an Index so that it has no DeleteChunks (the fallback path).
type Plain struct{ X *Index }

// IndexChunks calls the wrapped index.
func (p Plain) IndexChunks(ctx context.Context, c []retrieval.Chunk) error {
	return p.X.IndexChunks(ctx, c)
}

// DeleteSource calls the wrapped index.
func (p Plain) DeleteSource(ctx context.Context, kb, src string) (int, error) {
	return p.X.DeleteSource(ctx, kb, src)
}

// DevKB returns the path of the shared dev knowledge base
// (../shared/eval/dev/kb from the module root, or $KGRAG_SHARED/eval/dev/kb),
// skipping the test when it is not there.
func DevKB(t testing.TB) string {
	t.Helper()
	return EvalKB(t, "dev")
}

// EvalKB returns the path of a shared evaluation set's knowledge base
// ("dev", "dev2": ../shared/eval/<name>/kb from the module root, or
// $KGRAG_SHARED/eval/<name>/kb), skipping the test when it is not there.
func EvalKB(t testing.TB, name string) string {
	t.Helper()
	if s := os.Getenv("KGRAG_SHARED"); s != "" {
		return filepath.Join(s, "eval", name, "kb")
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	kb := filepath.Join(dir, "..", "shared", "eval", name, "kb")
	if _, err := os.Stat(filepath.Join(kb, "products.jsonl")); err != nil {
		t.Skipf("%s knowledge base not found at %s", name, kb)
	}
	return kb
}
