package service_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kgrag/ingest"
	"kgrag/ingest/registry"
	"kgrag/kg"
	"kgrag/kg/memkg"
	"kgrag/retrieval"
	"kgrag/retrieval/answer"
	"kgrag/retrieval/openaichat"
	"kgrag/retrieval/openaiembed"
	"kgrag/retrieval/qdrantvec"
	"kgrag/service"
)

// TestZeroConfig: the zero Config is the embedded service in a temporary
// directory that Close removes; it loads the demo once, answers from it,
// searches keyword-only with the offline embedder, and is ready.
func TestZeroConfig(t *testing.T) {
	ctx := context.Background()
	svc, err := service.New(ctx, service.Config{})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	dir := svc.DataDir
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("data directory %q: %v", dir, err)
	}
	if svc.SearchMode != retrieval.SparseOnly || svc.Engine.SearchMode != svc.SearchMode {
		t.Errorf("search mode = %v (engine %v), want keyword-only with the offline embedder", svc.SearchMode, svc.Engine.SearchMode)
	}
	if svc.LLM != nil || svc.Engine.LLM != nil {
		t.Errorf("LLM = %v, want none (extractive)", svc.LLM)
	}
	if err := svc.Ready(ctx); err != nil {
		t.Errorf("Ready = %v", err)
	}
	rep, err := svc.LoadDemo(ctx)
	if err != nil || len(rep.Sources) == 0 {
		t.Fatalf("LoadDemo = %v, %v", rep, err)
	}
	if _, err := svc.LoadDemo(ctx); !errors.Is(err, service.ErrNotEmpty) {
		t.Errorf("second LoadDemo = %v, want ErrNotEmpty", err)
	}
	a, err := svc.Engine.Ask(ctx, answer.Request{KB: "default", Question: "M2 Pro 咖啡机多少钱？保修几年？"})
	if err != nil || a.Status != answer.StatusAnswered || !strings.Contains(a.Text, "元") {
		t.Errorf("Ask = %s %q, %v; want a price", a.Status, a.Text, err)
	}
	r := svc.Resolver()
	if r.Store != svc.Store || r.Ingest != svc.Ingester || r.Jobs == nil || r.Answering != svc.Engine || r.Feedback != svc.Feedback || r.Lexicons != svc.Lexicon {
		t.Errorf("Resolver = %+v, want the service's parts", r)
	}
	svc.Close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("temporary data directory after Close: %v, want it removed", err)
	}
}

// TestAskOnly opens nothing of ingest in the data directory.
func TestAskOnly(t *testing.T) {
	dir := t.TempDir()
	svc, err := service.New(context.Background(), service.Config{DataDir: dir, AskOnly: true})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	defer svc.Close()
	if svc.Ingester != nil || svc.Jobs != nil || svc.Resolver().Ingest != nil {
		t.Errorf("AskOnly built an ingester")
	}
	if _, err := os.Stat(filepath.Join(dir, "sources.db")); !os.IsNotExist(err) {
		t.Errorf("AskOnly opened the source registry: %v", err)
	}
	if _, err := svc.LoadDemo(context.Background()); err == nil {
		t.Errorf("LoadDemo with AskOnly = nil, want an error")
	}
}

// TestGivenStore: a store passed in is used and left open by Close, and
// the clock reaches every part.
func TestGivenStore(t *testing.T) {
	ctx := context.Background()
	st, err := memkg.Open(t.TempDir(), memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	svc, err := service.New(ctx, service.Config{DataDir: t.TempDir(), Store: st, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	if svc.Store != st {
		t.Errorf("Store = %T, want the one given", svc.Store)
	}
	if _, err := svc.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	a, err := svc.Engine.Ask(ctx, answer.Request{KB: "default", Question: "M2 Pro 咖啡机多少钱？"})
	if err != nil || !a.Trace.AsOf.Equal(now) {
		t.Errorf("Ask as of %v, %v; want the service clock %v", a.Trace.AsOf, err, now)
	}
	svc.Close()
	if err := st.Ping(ctx); err != nil {
		t.Errorf("given store after Close: %v, want it open", err)
	}
}

// TestModels: an embedding model makes answers search hybrid; a chat model
// writes them. Neither endpoint is contacted by New.
func TestModels(t *testing.T) {
	svc, err := service.New(context.Background(), service.Config{
		Embed: openaiembed.Config{BaseURL: "http://127.0.0.1:1/v1", Model: "text-embedding-3-small", Dim: 8},
		LLM:   openaichat.Config{BaseURL: "http://127.0.0.1:1/v1", Model: "test-model"},
	})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	defer svc.Close()
	if svc.SearchMode != retrieval.Hybrid || svc.Engine.SearchMode != retrieval.Hybrid || svc.Embedder.Dim() != 8 {
		t.Errorf("search mode = %v, dim %d; want hybrid over 8 dims", svc.SearchMode, svc.Embedder.Dim())
	}
	if g, ok := svc.Engine.LLM.(*openaichat.Generator); !ok || g.Model() != "test-model" {
		t.Errorf("engine LLM = %T, want the openaichat generator of test-model", svc.Engine.LLM)
	}
}

// TestChunkLossReachesIngest: the Qdrant index's report of lost chunks (a
// collection dropped under the service) reaches the ingester through the
// outbox and the metrics wrapper; with Qdrant down it cannot tell, which
// ingest takes as "not lost".
func TestChunkLossReachesIngest(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there: Qdrant is down
	svc, err := service.New(context.Background(), service.Config{DataDir: t.TempDir(), Qdrant: qdrantvec.Config{Addr: addr, Timeout: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	l, ok := svc.Indexer.(ingest.ChunkLoss)
	if !ok {
		t.Fatalf("the ingester's index %T has no ChunkLoss", svc.Indexer)
	}
	if _, err := l.ChunksLost(context.Background(), "default"); !errors.Is(err, retrieval.ErrUnavailable) {
		t.Fatalf("ChunksLost with Qdrant down = %v, want ErrUnavailable from Qdrant", err)
	}
}

// TestRegistryInGraphStore: the source registry lives in the graph
// store's documents; a sources.db of an earlier version in the data
// directory is copied in on first use and renamed.
func TestRegistryInGraphStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old, err := registry.Open(filepath.Join(dir, "sources.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := old.PutSource(ctx, registry.Source{KB: "default", ID: "old.md", Status: registry.StatusOK, Hash: "h"}); err != nil {
		t.Fatal(err)
	}
	old.Close()
	svc, err := service.New(ctx, service.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	srcs, err := svc.Ingester.Sources(ctx, "default")
	if err != nil || len(srcs) != 1 || srcs[0].ID != "old.md" {
		t.Fatalf("Sources after start = %+v, %v; want the migrated old.md", srcs, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sources.db")); !os.IsNotExist(err) {
		t.Errorf("sources.db after the migration: %v, want it renamed", err)
	}
	docs, _ := svc.Store.(kg.Docs).ListDocs(ctx, "default", "ingest_sources", "", 10)
	if len(docs) != 1 {
		t.Errorf("%d source documents in the graph store, want 1", len(docs))
	}
}
