package ingest_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"kgrag/ingest"
	"kgrag/ingest/ingesttest"
	"kgrag/ingest/registry"
	"kgrag/kg"
)

// A chunk index that lost a knowledge base's chunks (a Qdrant collection
// dropped under the service) gets them back from the next ingest runs,
// although the registry says every source is unchanged; the loss stands
// until every source with chunks was indexed again.
func TestLostChunksReindexed(t *testing.T) {
	dir := copyDir(t, ingesttest.DevKB(t))
	e := newEnv(t, ingest.Options{})
	if err := e.ingestPaths(ingest.RunOptions{}, dir).Err(); err != nil {
		t.Fatal(err)
	}
	want := e.idx.Chunks(e.kb)
	if len(want) == 0 {
		t.Fatal("no chunks indexed")
	}
	e.idx.Lose(e.kb)

	// One source: its chunks come back, the loss stands for the others.
	e.tick()
	one := filepath.Join(dir, "policies", "lj-invoice.md")
	rep := e.ingestPaths(ingest.RunOptions{}, one)
	if got := actions(rep); len(got[ingest.ActionChanged]) != 1 {
		t.Fatalf("actions after the loss, one source = %v, want it indexed again (CHANGED)", got)
	}
	if got := e.idx.Chunks(e.kb); len(got) == 0 || len(got) >= len(want) {
		t.Fatalf("%d chunks after re-indexing one source, want some of %d", len(got), len(want))
	}
	if lost, _ := e.idx.ChunksLost(t.Context(), e.kb); !lost {
		t.Fatal("loss cleared after re-indexing one source of many")
	}

	// Every source: all chunks back, the loss cleared.
	e.tick()
	rep = e.ingestPaths(ingest.RunOptions{}, dir)
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
	if got := actions(rep); len(got[ingest.ActionUnchanged]) != 0 {
		t.Errorf("unchanged sources skipped while the chunks are lost: %v", got[ingest.ActionUnchanged])
	}
	if got := e.idx.Chunks(e.kb); !slices.EqualFunc(got, want, func(a, b ingesttestChunk) bool { return a.ID == b.ID && a.Text == b.Text }) {
		t.Fatalf("%d chunks after re-indexing every source, want the %d of the first ingest", len(got), len(want))
	}
	if lost, _ := e.idx.ChunksLost(t.Context(), e.kb); lost {
		t.Fatal("loss not cleared after every source was indexed again")
	}

	// Then unchanged sources are skipped again.
	e.tick()
	e.idx.Reset()
	rep = e.ingestPaths(ingest.RunOptions{}, dir)
	if got := actions(rep); len(got[ingest.ActionUnchanged]) != len(rep.Sources) || e.idx.Indexed != 0 {
		t.Fatalf("after the re-index: actions %v, %d chunks indexed; want all unchanged, none", got, e.idx.Indexed)
	}
}

// TestIngestWaitsForLease: with a lease (Options.Lease), a run waits while
// another instance holds the knowledge base's lease, writing nothing, and
// runs once it is released.
func TestIngestWaitsForLease(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	other := registry.NewLease(e.store.(kg.Docs))
	e.ing = ingest.New(e.store, e.idx, e.reg, ingest.Options{Lease: registry.NewLease(e.store.(kg.Docs)), Now: func() time.Time { return e.clock }})
	release, err := other.Acquire(t.Context(), e.kb)
	if err != nil {
		t.Fatal(err)
	}
	in := []ingest.Input{{ID: "faq.csv", Data: []byte("id,question,answer\nQ1,保修多久？,保修2年。\n")}}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	_, err = e.ing.Ingest(ctx, e.kb, in, ingest.RunOptions{})
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Ingest while another instance holds the lease = %v, want it to wait until its context ends", err)
	}
	if srcs, _ := e.reg.Sources(t.Context(), e.kb); len(srcs) != 0 {
		t.Fatalf("the waiting run wrote %d sources", len(srcs))
	}
	release()
	rep, err := e.ing.Ingest(t.Context(), e.kb, in, ingest.RunOptions{})
	if err != nil || len(rep.Sources) != 1 || rep.Sources[0].Action != ingest.ActionNew {
		t.Fatalf("Ingest after the release = %+v, %v", rep, err)
	}
}
