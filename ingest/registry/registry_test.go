package registry

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"kgrag/kg"
)

func TestRegistry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sources.db")
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := r.Source(ctx, "kb1", "a.md"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Source of an empty registry = %v, want ErrNotFound", err)
	}
	k := RelationKey(kg.RelationKey{From: "A", Type: "REFILL_OF", To: "B"})
	s := Source{KB: "kb1", ID: "a.md", Status: StatusOK, Hash: "h", LastIngest: time.Unix(100, 0).UTC(),
		Entities: map[string]string{"A": "1"}, Relations: map[string]string{k: "2"}}
	if err := r.PutSource(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := r.PutSource(ctx, Source{KB: "kb2", ID: "b.md", Status: StatusFailed}); err != nil {
		t.Fatal(err)
	}
	if err := r.PutSource(ctx, Source{KB: "Bad KB", ID: "x"}); err == nil {
		t.Errorf("PutSource with an invalid kb succeeded")
	}
	r.Close()
	// Persisted across reopen, and knowledge bases stay apart.
	r, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := r.Source(ctx, "kb1", "a.md")
	if err != nil || got.Hash != "h" || got.Entities["A"] != "1" || !got.LastIngest.Equal(s.LastIngest) {
		t.Errorf("Source = %+v, %v", got, err)
	}
	list, _ := r.Sources(ctx, "kb1")
	if len(list) != 1 || list[0].ID != "a.md" {
		t.Errorf("Sources(kb1) = %+v", list)
	}
	rk, ok := ParseRelationKey(k)
	if !ok || rk != (kg.RelationKey{From: "A", Type: "REFILL_OF", To: "B"}) {
		t.Errorf("ParseRelationKey = %+v %v", rk, ok)
	}
	if _, ok := ParseRelationKey("nope"); ok {
		t.Errorf("ParseRelationKey(nope) ok")
	}
}
