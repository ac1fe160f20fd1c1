package kg_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"kgrag/kg"
	"kgrag/kg/memkg"
)

type entry struct {
	actor, action, subject string
	before, after          any
}

type recorder struct {
	mu      sync.Mutex
	entries []entry
}

func (r *recorder) Audit(_ context.Context, _, actor, action, subject string, before, after any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = append(r.entries, entry{actor, action, subject, before, after})
	return nil
}

// TestCurator: an edit that changed something is recorded with its actor,
// the version it replaced (read back exactly, even when other edits ran
// meanwhile) and the one it wrote; an edit that changed nothing is not.
func TestCurator(t *testing.T) {
	s, err := memkg.Open(t.TempDir(), memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := &recorder{}
	changed := 0
	c := &kg.Curator{Store: s, Audit: rec, Changed: func(context.Context, string) { changed++ }}
	ctx, at := context.Background(), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	prov := kg.Provenance{Kind: kg.ProvUser, Actor: "tina"}
	price := func(v string) []kg.Attribute {
		return []kg.Attribute{{Key: "price_cny", Kind: kg.KindNumber, Value: v}}
	}

	if _, err := c.UpsertEntity(ctx, "kb1", kg.EntityUpsert{ID: "P1", Type: "Product", Name: "精华", Attributes: price("10"), Provenance: prov}, at); err != nil {
		t.Fatal(err)
	}
	// Another edit, not through the curator, then the curator's.
	if _, err := s.Apply(ctx, "kb1", kg.Batch{At: at.Add(time.Hour), Entities: []kg.EntityUpsert{{ID: "P1", Attributes: price("11"), Provenance: prov}}}); err != nil {
		t.Fatal(err)
	}
	e, err := c.UpsertEntity(ctx, "kb1", kg.EntityUpsert{ID: "P1", Attributes: price("12"), Provenance: prov}, at.Add(2*time.Hour))
	if err != nil || e.Version != 3 {
		t.Fatalf("UpsertEntity = %+v, %v", e, err)
	}
	if _, err := c.UpsertEntity(ctx, "kb1", kg.EntityUpsert{ID: "P1", Attributes: price("12"), Provenance: prov}, at.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if len(rec.entries) != 2 || changed != 2 {
		t.Fatalf("%d entries, %d changes; want 2 of each (the no-op is not recorded): %+v", len(rec.entries), changed, rec.entries)
	}
	if got := rec.entries[0]; got.actor != "tina" || got.action != kg.ActionUpsertEntity || got.subject != "P1" || got.before != nil {
		t.Errorf("creation entry = %+v", got)
	}
	got := rec.entries[1]
	b, ok := got.before.(*kg.Entity)
	if !ok || b.Version != 2 || b.Attributes[0].Value != "11" {
		t.Errorf("before = %+v, want version 2 (price 11)", got.before)
	}
	if a, ok := got.after.(kg.Entity); !ok || a.Version != 3 || a.Attributes[0].Value != "12" {
		t.Errorf("after = %+v, want version 3 (price 12)", got.after)
	}
}
