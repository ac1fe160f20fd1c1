package registry

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/kgtest/teststore"
)

func TestDocs(t *testing.T) {
	t.Run("embedded", func(t *testing.T) { testDocs(t, teststore.Embedded(t), "kb1") })
	t.Run("neo4j", func(t *testing.T) { testDocs(t, teststore.Neo4jStore(t), kgtest.NewKB(t)) })
}

// bigSource has maps whose JSON is well over kg.MaxDocBytes.
func bigSource(kb, id, tag string, n int) Source {
	s := Source{KB: kb, ID: id, Status: StatusOK, Hash: tag, Entities: map[string]string{}, Relations: map[string]string{}, Chunks: map[string]string{}}
	for i := range n {
		h := fmt.Sprintf("%s-%064d", tag, i)
		s.Entities[fmt.Sprintf("LJ-%06d", i)] = h
		s.Relations[RelationKey(kg.RelationKey{From: fmt.Sprintf("LJ-%06d", i), Type: "BELONGS_TO", To: "C1"})] = h
		s.Chunks[fmt.Sprintf("%s#%06d", id, i)] = h
	}
	return s
}

func testDocs(t *testing.T, store kg.Store, kb string) {
	ctx := context.Background()
	r := NewDocs(store.(kg.Docs))
	if _, err := r.Source(ctx, kb, "a.md"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Source of an empty registry = %v, want ErrNotFound", err)
	}
	// Source ids are paths of any characters and length: doc ids are not.
	odd := "政策/退货 (2025) & more?" + strings.Repeat("x", 300)
	k := RelationKey(kg.RelationKey{From: "A", Type: "REFILL_OF", To: "B"})
	small := Source{KB: kb, ID: odd, Status: StatusOK, Hash: "h", LastIngest: time.Unix(100, 0).UTC(),
		Entities: map[string]string{"A": "1"}, Relations: map[string]string{k: "2"}, Chunks: map[string]string{"c": "3"}}
	if err := r.PutSource(ctx, small); err != nil {
		t.Fatal(err)
	}
	got, err := r.Source(ctx, kb, odd)
	if err != nil || got.ID != odd || got.Hash != "h" || got.Relations[k] != "2" || !got.LastIngest.Equal(small.LastIngest) {
		t.Fatalf("Source(odd id) = %+v, %v", got, err)
	}

	// 20,000 entries of each map: about 6 MB of JSON, split into parts.
	const n = 20_000
	for _, tag := range []string{"v1", "v2"} { // the second write goes to the other slot
		big := bigSource(kb, "products.jsonl", tag, n)
		if err := r.PutSource(ctx, big); err != nil {
			t.Fatalf("PutSource(%s, %d entries each) = %v", tag, n, err)
		}
		got, err := r.Source(ctx, kb, big.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Entities) != n || len(got.Relations) != n || len(got.Chunks) != n || got.Chunks["products.jsonl#000007"] != big.Chunks["products.jsonl#000007"] || got.Hash != tag {
			t.Fatalf("big source %s read back: %d/%d/%d entries, hash %q", tag, len(got.Entities), len(got.Relations), len(got.Chunks), got.Hash)
		}
	}
	// Small again: inline, the parts left behind are not read.
	shrunk := bigSource(kb, "products.jsonl", "v3", 3)
	if err := r.PutSource(ctx, shrunk); err != nil {
		t.Fatal(err)
	}
	list, err := r.Sources(ctx, kb)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != "products.jsonl" || list[1].ID != odd || len(list[0].Chunks) != 3 || list[0].Hash != "v3" {
		t.Fatalf("Sources = %d sources %v", len(list), ids(list))
	}
	if err := r.PutSource(ctx, Source{KB: "Bad KB", ID: "x"}); err == nil {
		t.Error("PutSource with an invalid kb succeeded")
	}
	if other, _ := r.Sources(ctx, kb+"x"); len(other) != 0 {
		t.Errorf("another knowledge base sees %v", ids(other))
	}
}

func ids(list []Source) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.ID)
	}
	return out
}

// TestMigrate copies a sources.db into the documents once; a source the
// documents already hold (written since by another instance) is kept.
func TestMigrate(t *testing.T) {
	ctx := context.Background()
	old, err := Open(filepath.Join(t.TempDir(), "sources.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	for _, s := range []Source{
		{KB: "kb1", ID: "a.md", Status: StatusOK, Hash: "old", Chunks: map[string]string{"c1": "h"}},
		{KB: "kb1", ID: "b.md", Status: StatusOK, Hash: "b"},
		{KB: "kb2", ID: "c.csv", Status: StatusDeleted},
		bigSource("kb2", "big.jsonl", "v1", 20_000),
	} {
		if err := old.PutSource(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	docs := NewDocs(teststore.Embedded(t).(kg.Docs))
	if err := docs.PutSource(ctx, Source{KB: "kb1", ID: "a.md", Status: StatusOK, Hash: "new"}); err != nil {
		t.Fatal(err)
	}
	n, err := Migrate(ctx, old, docs)
	if err != nil || n != 3 {
		t.Fatalf("Migrate = %d, %v; want 3 copied", n, err)
	}
	if s, _ := docs.Source(ctx, "kb1", "a.md"); s.Hash != "new" {
		t.Errorf("a.md after the migration has hash %q, want the newer %q", s.Hash, "new")
	}
	l1, _ := docs.Sources(ctx, "kb1")
	l2, _ := docs.Sources(ctx, "kb2")
	if len(l1) != 2 || len(l2) != 2 || l2[0].ID != "big.jsonl" || len(l2[0].Chunks) != 20_000 || l2[1].Status != StatusDeleted {
		t.Fatalf("after the migration: kb1 %v, kb2 %v", ids(l1), ids(l2))
	}
	if n, err := Migrate(ctx, old, docs); err != nil || n != 0 {
		t.Errorf("second Migrate = %d, %v; want nothing copied", n, err)
	}
}

// TestWithMigration: the first call copies sources.db in and renames it,
// so it is read once; without the file there is nothing to do.
func TestWithMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sources.db")
	old, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := old.PutSource(ctx, Source{KB: "kb1", ID: "a.md", Status: StatusOK, Hash: "h"}); err != nil {
		t.Fatal(err)
	}
	old.Close()
	store := teststore.Embedded(t).(kg.Docs)
	r := NewDocs(store).WithMigration(path)
	if s, err := r.Source(ctx, "kb1", "a.md"); err != nil || s.Hash != "h" {
		t.Fatalf("Source after the migration = %+v, %v", s, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("sources.db still there after the migration (%v)", err)
	}
	if _, err := os.Stat(path + ".migrated"); err != nil {
		t.Errorf("sources.db.migrated: %v", err)
	}
	// Another instance (or a restart) finds no file: nothing to do.
	r2 := NewDocs(store).WithMigration(path)
	if l, err := r2.Sources(ctx, "kb1"); err != nil || len(l) != 1 {
		t.Fatalf("Sources through a second registry = %v, %v", ids(l), err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a registry without a sources.db created one")
	}
}
