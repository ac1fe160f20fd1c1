package qdrantvec

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"kgrag/kg/kgtest"
	"kgrag/retrieval"
	"kgrag/retrieval/vectest"
)

// These tests need a real Qdrant (1.15+): KGRAG_QDRANT_ADDR=host:6334, and
// KGRAG_QDRANT_API_KEY / KGRAG_QDRANT_TLS for a secured one. Each test
// works under a collection prefix of its own and drops its collections
// when it ends.

const contractDim = 16

// serverConfig returns a configuration for the Qdrant at KGRAG_QDRANT_ADDR
// with a fresh collection prefix, or skips the test.
func serverConfig(t *testing.T) Config {
	t.Helper()
	addr := kgtest.ServerEnv(t, "KGRAG_QDRANT_ADDR")
	return Config{
		Addr:       addr,
		APIKey:     os.Getenv("KGRAG_QDRANT_API_KEY"),
		TLS:        os.Getenv("KGRAG_QDRANT_TLS") == "1" || os.Getenv("KGRAG_QDRANT_TLS") == "true",
		Collection: fmt.Sprintf("kgrag_test_%x", rand.Uint64()),
		Dim:        contractDim,
		Model:      "vectest",
		Timeout:    30 * time.Second,
	}
}

// openServer opens an index and drops the prefix's collections at cleanup.
func openServer(t *testing.T, cfg Config) *Index {
	t.Helper()
	ix, err := New(cfg)
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := ix.Ensure(ctx); err != nil {
		t.Fatalf("Ensure = %v", err)
	}
	t.Cleanup(func() {
		dropPrefix(t, ix, cfg.Collection)
		ix.Close()
	})
	return ix
}

func dropPrefix(t *testing.T, ix *Index, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	names, err := ix.client.ListCollections(ctx)
	if err != nil {
		t.Errorf("list collections to clean up: %v", err)
		return
	}
	for _, n := range names {
		if strings.HasPrefix(n, prefix+collectionSep) {
			if err := ix.client.DeleteCollection(ctx, n); err != nil {
				t.Errorf("drop %s: %v", n, err)
			}
		}
	}
}

func TestContract(t *testing.T) {
	cfg := serverConfig(t)
	ix := openServer(t, cfg)
	vectest.Run(t, func(t *testing.T) retrieval.Index { return ix }, contractDim)
}

// TestServerMismatch starts against collections made for another
// configuration: refused with ErrMismatch, unless Recreate.
func TestServerMismatch(t *testing.T) {
	cfg := serverConfig(t)
	ctx := context.Background()
	ix := openServer(t, cfg)
	kb := vectest.KB(t)
	p := retrieval.Point{Chunk: retrieval.Chunk{KB: kb, ID: "c1", Text: "x"}, Dense: make([]float32, contractDim)}
	p.Dense[0] = 1
	if err := ix.Upsert(ctx, []retrieval.Point{p}); err != nil {
		t.Fatalf("Upsert = %v", err)
	}

	// Same configuration: accepted, data there.
	same, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer same.Close()
	if n, err := same.Count(ctx, retrieval.Filter{KB: kb}); err != nil || n != 1 {
		t.Errorf("Count through a second index with the same configuration = %d, %v; want 1", n, err)
	}

	tests := []struct {
		name string
		edit func(c *Config)
	}{
		{"other dimension", func(c *Config) { c.Dim = contractDim * 2 }},
		{"other model", func(c *Config) { c.Model = "another-embedder" }}, // detected on Qdrant 1.16+ only
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			tc.edit(&c)
			other, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			err = other.Ensure(ctx)
			if tc.name == "other model" && err == nil {
				t.Skip("the server keeps no collection metadata (Qdrant < 1.16)")
			}
			if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), kb) {
				t.Fatalf("Ensure with %s = %v, want ErrMismatch naming the collection", tc.name, err)
			}
			if _, err := other.Count(ctx, retrieval.Filter{KB: kb}); !errors.Is(err, ErrMismatch) {
				t.Errorf("Count with %s = %v, want ErrMismatch", tc.name, err)
			}
		})
	}

	// Recreate: the collection is dropped and made anew, empty.
	c := cfg
	c.Dim, c.Recreate = contractDim*2, true
	re, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	if err := re.Ensure(ctx); err != nil {
		t.Fatalf("Ensure with Recreate = %v", err)
	}
	if n, err := re.Count(ctx, retrieval.Filter{KB: kb}); err != nil || n != 0 {
		t.Errorf("Count after Recreate = %d, %v; want 0", n, err)
	}
}

// TestQdrantOrderedWrites checks the conditional writes the outbox orders
// index writes with, on a real Qdrant: a write numbered below the one that
// stored a point leaves it alone (an upsert or a delete that stalled and
// lands late), a later one replaces or removes it.
func TestQdrantOrderedWrites(t *testing.T) {
	cfg := serverConfig(t)
	ix := openServer(t, cfg)
	ctx := context.Background()
	get := func() string {
		t.Helper()
		cs, err := ix.Get(ctx, "kb", []string{"a"})
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 {
			return "(none)"
		}
		return cs[0].Text
	}
	if err := ix.UpsertAt(ctx, []retrieval.Point{pt("kb", "a", "v5", 0)}, 5); err != nil {
		t.Fatal(err)
	}
	if err := ix.UpsertAt(ctx, []retrieval.Point{pt("kb", "a", "v3", 0)}, 3); err != nil {
		t.Fatal(err)
	}
	if got := get(); got != "v5" {
		t.Errorf("after write 5 and a late write 3 = %q, want v5", got)
	}
	if err := ix.UpsertAt(ctx, []retrieval.Point{pt("kb", "a", "v7", 0)}, 7); err != nil {
		t.Fatal(err)
	}
	if got := get(); got != "v7" {
		t.Errorf("after write 7 = %q, want v7", got)
	}
	if _, err := ix.DeleteAt(ctx, retrieval.Filter{KB: "kb", IDs: []string{"a"}}, 6); err != nil {
		t.Fatal(err)
	}
	if got := get(); got != "v7" {
		t.Errorf("after a late delete numbered 6 = %q, want v7 kept", got)
	}
	if n, err := ix.DeleteAt(ctx, retrieval.Filter{KB: "kb", IDs: []string{"a"}}, 8); err != nil || n != 1 {
		t.Errorf("DeleteAt 8 = %d, %v; want 1", n, err)
	}
	if got := get(); got != "(none)" {
		t.Errorf("after delete 8 = %q, want the point gone", got)
	}
	// A point stored without a number (before ordered writes) is replaced.
	if err := ix.Upsert(ctx, []retrieval.Point{pt("kb", "b", "old", 1)}); err != nil {
		t.Fatal(err)
	}
	if err := ix.UpsertAt(ctx, []retrieval.Point{pt("kb", "b", "new", 1)}, 1); err != nil {
		t.Fatal(err)
	}
	if cs, err := ix.Get(ctx, "kb", []string{"b"}); err != nil || len(cs) != 1 || cs[0].Text != "new" {
		t.Errorf("unnumbered point after write 1 = %v, %v; want new", cs, err)
	}
}

// TestQdrantDroppedCollection drops a knowledge base's collection under a
// running index: Ping reports it (ErrCollectionLost), ChunksLost says so
// for ingest, and an upsert recreates the collection.
func TestQdrantDroppedCollection(t *testing.T) {
	cfg := serverConfig(t)
	ix := openServer(t, cfg)
	ctx := context.Background()
	kb := vectest.KB(t)
	p := retrieval.Point{Chunk: retrieval.Chunk{KB: kb, ID: "c1", Text: "x"}, Dense: make([]float32, contractDim)}
	p.Dense[0] = 1
	if err := ix.Upsert(ctx, []retrieval.Point{p}); err != nil {
		t.Fatalf("Upsert = %v", err)
	}
	if err := ix.Ping(ctx); err != nil {
		t.Fatalf("Ping with the collection there = %v", err)
	}
	if lost, err := ix.ChunksLost(ctx, kb); lost || err != nil {
		t.Fatalf("ChunksLost with the collection there = %v, %v", lost, err)
	}
	name, _ := ix.CollectionName(kb)
	if err := ix.client.DeleteCollection(ctx, name); err != nil {
		t.Fatalf("drop %s: %v", name, err)
	}
	if err := ix.Ping(ctx); !errors.Is(err, ErrCollectionLost) || !strings.Contains(err.Error(), kb) {
		t.Fatalf("Ping after the drop = %v, want ErrCollectionLost naming %s", err, kb)
	}
	if lost, err := ix.ChunksLost(ctx, kb); !lost || err != nil {
		t.Fatalf("ChunksLost after the drop = %v, %v; want true", lost, err)
	}
	// Another process that never saw the collection finds the loss too.
	other, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if lost, err := other.ChunksLost(ctx, kb); !lost || err != nil {
		t.Fatalf("ChunksLost in a fresh index after the drop = %v, %v; want true", lost, err)
	}

	if err := ix.Upsert(ctx, []retrieval.Point{p}); err != nil {
		t.Fatalf("Upsert after the drop = %v", err)
	}
	if n, err := ix.Count(ctx, retrieval.Filter{KB: kb}); err != nil || n != 1 {
		t.Fatalf("Count after the recreating upsert = %d, %v; want 1", n, err)
	}
	if err := ix.Ping(ctx); err != nil {
		t.Fatalf("Ping after the collection was recreated = %v", err)
	}
	if lost, _ := ix.ChunksLost(ctx, kb); !lost {
		t.Error("ChunksLost = false after the recreate, before ChunksReindexed")
	}
	ix.ChunksReindexed(kb)
	if lost, err := ix.ChunksLost(ctx, kb); lost || err != nil {
		t.Errorf("ChunksLost after ChunksReindexed = %v, %v; want false", lost, err)
	}
}
