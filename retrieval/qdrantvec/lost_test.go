package qdrantvec

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"kgrag/retrieval"
)

// logCtx returns a context whose zerolog logger writes into buf.
func logCtx(buf *bytes.Buffer) context.Context {
	return zerolog.New(buf).WithContext(context.Background())
}

// TestCollectionLoss runs the bookkeeping of lost collections with the
// collection lists Ping gets from ListCollections: a collection this
// process had that is missing fails the check, is logged at error level
// once per finding, and stays lost for ingest until ChunksReindexed, also
// after it was recreated.
func TestCollectionLoss(t *testing.T) {
	ix, err := New(Config{Addr: "localhost", Dim: testDim, Collection: "p"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var buf bytes.Buffer
	ctx := logCtx(&buf)

	// Nothing had: a missing collection is a knowledge base never ingested.
	if err := ix.checkCollections(ctx, nil); err != nil {
		t.Fatalf("check with no collection had = %v, want nil", err)
	}
	if ix.missingCollection(ctx, "lj") || buf.Len() > 0 {
		t.Fatalf("a collection never had was reported lost (log %q)", buf.String())
	}

	ix.mu.Lock()
	ix.ready["lj"], ix.ready["ab"] = true, true
	ix.sawCollection("lj")
	ix.sawCollection("ab")
	ix.mu.Unlock()
	all := []string{"p__lj", "p__ab", "other__xy"}
	if err := ix.checkCollections(ctx, all); err != nil {
		t.Fatalf("check with every collection there = %v", err)
	}

	// lj dropped.
	dropped := []string{"p__ab", "other__xy", "p__lj_old"}
	for i := range 2 {
		err := ix.checkCollections(ctx, dropped)
		if !errors.Is(err, ErrCollectionLost) || !strings.Contains(err.Error(), "lj") || strings.Contains(err.Error(), "ab") {
			t.Fatalf("check %d with lj dropped = %v, want ErrCollectionLost naming lj only", i, err)
		}
	}
	if n := strings.Count(buf.String(), `"level":"error"`); n != 1 || !strings.Contains(buf.String(), `"kb":"lj"`) {
		t.Fatalf("log after two checks = %q, want one error line naming lj", buf.String())
	}
	ix.mu.Lock()
	ready := ix.ready["lj"]
	ix.mu.Unlock()
	if ready {
		t.Error("lj still ready: the next operation would not check or recreate its collection")
	}
	if lost, err := ix.ChunksLost(ctx, "lj"); !lost || err != nil {
		t.Errorf("ChunksLost(lj) = %v, %v; want true", lost, err)
	}

	// Recreated (by an upsert): the check passes, the chunks stay lost.
	ix.mu.Lock()
	ix.sawCollection("lj")
	ix.mu.Unlock()
	if err := ix.checkCollections(ctx, all); err != nil {
		t.Fatalf("check after the collection was recreated = %v", err)
	}
	if lost, _ := ix.ChunksLost(ctx, "lj"); !lost {
		t.Error("ChunksLost(lj) = false after the recreate, before re-indexing")
	}
	ix.ChunksReindexed("lj")
	ix.mu.Lock()
	lost := ix.lost["lj"]
	ix.mu.Unlock()
	if lost {
		t.Error("lj still lost after ChunksReindexed")
	}

	// Dropped again: found and logged again.
	buf.Reset()
	if err := ix.checkCollections(ctx, dropped); !errors.Is(err, ErrCollectionLost) {
		t.Fatalf("check with lj dropped again = %v", err)
	}
	if n := strings.Count(buf.String(), `"level":"error"`); n != 1 {
		t.Errorf("log after the second drop = %q, want one error line", buf.String())
	}
}

// TestNotFoundMarksLoss: an operation Qdrant answers with NOT_FOUND (the
// collection dropped between the check and the request) marks a
// collection the process had as lost.
func TestNotFoundMarksLoss(t *testing.T) {
	ix, err := New(Config{Addr: "localhost", Dim: testDim})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var buf bytes.Buffer
	ctx := logCtx(&buf)
	ix.mu.Lock()
	ix.ready["lj"] = true
	ix.sawCollection("lj")
	ix.mu.Unlock()
	err = ix.do(ctx, "search", "lj", func(context.Context) error {
		return status.Error(codes.NotFound, "Collection `kgrag_chunks__lj` doesn't exist!")
	})
	if !errors.Is(err, retrieval.ErrNotFound) {
		t.Fatalf("do = %v, want ErrNotFound", err)
	}
	ix.mu.Lock()
	ready, gone, lost := ix.ready["lj"], ix.gone["lj"], ix.lost["lj"]
	ix.mu.Unlock()
	if ready || !gone || !lost {
		t.Errorf("after NOT_FOUND: ready %v gone %v lost %v; want false, true, true", ready, gone, lost)
	}
	if !strings.Contains(buf.String(), `"level":"error"`) {
		t.Errorf("log = %q, want an error line", buf.String())
	}
}
