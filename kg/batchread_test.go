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
