package kgtest

import (
	"context"
	"slices"
	"testing"

	"kgrag/kg"
)

// testKnowledgeBases: a knowledge base is listed once it holds an entity
// (retired ones too) or a document; one that was only read or asked is not.
func testKnowledgeBases(t *testing.T, s kg.Store) {
	l, ok := s.(kg.KnowledgeBaseLister)
	if !ok {
		t.Fatalf("%T does not list knowledge bases", s)
	}
	ctx := context.Background()
	withEntity, withDoc, readOnly, asked, retired := NewKB(t), NewKB(t), NewKB(t), NewKB(t), NewKB(t)
	mustApply(t, s, withEntity, kg.Batch{At: t0, Entities: []kg.EntityUpsert{product("P1", "水光精华", "259")}})
	mustApply(t, s, retired, kg.Batch{At: t0, Entities: []kg.EntityUpsert{product("P1", "水光精华", "259")}})
	mustApply(t, s, retired, kg.Batch{At: t1, Retire: []kg.Retirement{{EntityID: "P1", Provenance: user("tina")}}})
	d, ok := s.(kg.Docs)
	if !ok {
		t.Fatalf("%T keeps no documents", s)
	}
	if _, err := d.PutDoc(ctx, withDoc, "audit", "a1", []byte(`{}`), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Entity(ctx, readOnly, "P1", t0); err == nil {
		t.Fatal("entity in an empty knowledge base")
	}
	if err := s.PutTrace(ctx, asked, kg.Trace{ID: "ans-1", KB: asked, Question: "q", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	got, err := l.KnowledgeBases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(got) {
		t.Errorf("KnowledgeBases = %v, not sorted", got)
	}
	for kb, want := range map[string]bool{withEntity: true, withDoc: true, retired: true, readOnly: false, asked: false} {
		if slices.Contains(got, kb) != want {
			t.Errorf("KnowledgeBases lists %s: %v, want %v (got %v)", kb, !want, want, got)
		}
	}
}
