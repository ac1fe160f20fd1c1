package kg_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"kgrag/kg"
	"kgrag/kg/memkg"
)

// Connecting reads in batches through its backend once connected, and is
// unavailable before.
func TestConnectingEntitiesAt(t *testing.T) {
	ctx := context.Background()
	never := kg.Connect(func(ctx context.Context) (kg.Store, error) {
		return nil, errors.New("down")
	}, nil)
	defer never.Close()
	if _, err := never.EntitiesAt(ctx, "kb1", []string{"a"}, time.Time{}); !errors.Is(err, kg.ErrUnavailable) {
		t.Errorf("EntitiesAt before connecting = %v, want ErrUnavailable", err)
	}

	c := kg.Connect(func(ctx context.Context) (kg.Store, error) {
		return memkg.Open(t.TempDir(), memkg.Options{})
	}, nil)
	defer c.Close()
	if err := c.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(ctx, "kb1", kg.Batch{Entities: []kg.EntityUpsert{{ID: "a", Type: "Product", Name: "A"}, {ID: "b", Type: "Product", Name: "B"}}}); err != nil {
		t.Fatal(err)
	}
	es, err := c.EntitiesAt(ctx, "kb1", []string{"a", "b", "missing", "a"}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es["a"].Name != "A" || es["b"].Name != "B" {
		t.Errorf("EntitiesAt = %+v, want a and b", es)
	}
	if _, err := c.EntitiesAt(ctx, "kb1", []string{strings.Repeat("x", 5000)}, time.Time{}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("EntitiesAt(bad id) = %v, want ErrInvalid", err)
	}
}

// Connecting has the batch reads and the scan ingest and the lexicon
// builder look for, through its backend's own or, for a backend without
// them, through History and pages of Entities.
func TestConnectingLatestRelationsAndScan(t *testing.T) {
	ctx := context.Background()
	mem, err := memkg.Open(t.TempDir(), memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if _, err := mem.Apply(ctx, "kb1", kg.Batch{
		Entities:  []kg.EntityUpsert{{ID: "a", Type: "Product", Name: "A"}, {ID: "b", Type: "Product", Name: "B"}, {ID: "c", Type: "Category", Name: "C"}},
		Relations: []kg.RelationUpsert{{From: "a", Type: "IN_CATEGORY", To: "c"}, {From: "b", Type: "IN_CATEGORY", To: "c"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.Apply(ctx, "kb1", kg.Batch{Relations: []kg.RelationUpsert{{From: "a", Type: "IN_CATEGORY", To: "c",
		Attributes: []kg.Attribute{{Key: "rank", Kind: kg.KindNumber, Value: "1"}}}}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		backend kg.Store
	}{
		{"batch reads", mem},
		{"without batch reads", struct{ kg.Store }{mem}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := kg.Connect(func(ctx context.Context) (kg.Store, error) { return tc.backend, nil }, nil)
			if err := c.Wait(ctx); err != nil {
				t.Fatal(err)
			}
			keys := []kg.RelationKey{{From: "a", Type: "IN_CATEGORY", To: "c"}, {From: "b", Type: "IN_CATEGORY", To: "c"}, {From: "c", Type: "IN_CATEGORY", To: "a"}}
			got, err := c.LatestRelations(ctx, "kb1", keys)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[keys[0]].Version != 2 || got[keys[1]].Version != 1 {
				t.Errorf("LatestRelations = %+v, want a→c at version 2 and b→c at 1", got)
			}
			if _, err := c.LatestRelations(ctx, "kb1", []kg.RelationKey{{From: "a", Type: "no such type!", To: "c"}}); !errors.Is(err, kg.ErrInvalid) {
				t.Errorf("LatestRelations(bad type) = %v, want ErrInvalid", err)
			}
			var ids []string
			if err := c.ScanEntities(ctx, "kb1", func(e *kg.Entity) error { ids = append(ids, e.ID); return nil }); err != nil {
				t.Fatal(err)
			}
			if strings.Join(ids, ",") != "a,b,c" {
				t.Errorf("ScanEntities = %v, want a, b, c", ids)
			}
		})
	}
}
