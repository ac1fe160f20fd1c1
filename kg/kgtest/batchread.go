package kgtest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"kgrag/kg"
)

// testBatchRead checks that a batch read (kg.ReadEntities, with the
// store's kg.EntityBatchReader when it has one) returns what Entity returns
// for each id: merge redirects, retired entities, past and scheduled
// versions, and nothing for ids without a version at the instant.
func testBatchRead(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	ctx := context.Background()
	mustApply(t, s, kb, kg.Batch{At: t0, Entities: []kg.EntityUpsert{product("a", "A", "1"), product("b", "B", "2"),
		product("c", "C", "3"), product("d", "D", "4")}})
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "a", Attributes: []kg.Attribute{num("price_cny", "10")}}},
		Retire: []kg.Retirement{{EntityID: "c"}}})
	if _, err := s.MergeEntities(ctx, kb, kg.Merge{Keep: "a", Merge: "b", At: t1.Add(time.Hour), Provenance: user("trainer")}); err != nil {
		t.Fatal(err)
	}
	// A scheduled change of d, from a year after now.
	future := time.Now().UTC().AddDate(1, 0, 0).Truncate(time.Second)
	mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "d", Attributes: []kg.Attribute{num("price_cny", "40")}, ValidFrom: future}}})

	ids := []string{"a", "b", "c", "d", "missing", "a"}
	for _, asOf := range []time.Time{{}, t0.Add(-time.Hour), t0, t1, t2, future.Add(time.Hour)} {
		got, err := kg.ReadEntities(ctx, s, kb, ids, asOf)
		if err != nil {
			t.Fatalf("ReadEntities(%v) = %v", asOf, err)
		}
		want := map[string]kg.Entity{}
		for _, id := range ids {
			e, err := s.Entity(ctx, kb, id, asOf)
			if errors.Is(err, kg.ErrNotFound) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			want[id] = e
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ReadEntities(%v) =\n%+v\nwant (Entity per id)\n%+v", asOf, got, want)
		}
	}
	// Spot checks, so the comparison cannot pass on two equal mistakes.
	now, err := kg.ReadEntities(ctx, s, kb, ids, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if e := now["b"]; e.ID != "a" || e.RedirectedFrom != "b" {
		t.Errorf("b now = %s (from %q), want a redirected from b", e.ID, e.RedirectedFrom)
	}
	if now["c"].Status != kg.StatusRetired || attr(now["a"], "price_cny") != "10" || attr(now["d"], "price_cny") != "4" {
		t.Errorf("now = %+v", now)
	}
	if _, ok := now["missing"]; ok || len(now) != 4 {
		t.Errorf("now has %d entities, want a, b, c, d", len(now))
	}
	testLatestRelations(t, s)
	if br, ok := s.(kg.EntityBatchReader); ok {
		if _, err := br.EntitiesAt(ctx, kb, []string{"a", strings.Repeat("x", 5000)}, time.Time{}); !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("EntitiesAt(bad id) = %v, want ErrInvalid", err)
		}
		if _, err := br.EntitiesAt(ctx, kb, make([]string, kg.MaxReadIDs+1), time.Time{}); !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("EntitiesAt(too many) = %v, want ErrInvalid", err)
		}
	}
}

// testLatestRelations checks kg.RelationBatchReader, when the store has it,
// against the last version History lists for each relation.
func testLatestRelations(t *testing.T, s kg.Store) {
	br, ok := s.(kg.RelationBatchReader)
	if !ok {
		return
	}
	kb := NewKB(t)
	ctx := context.Background()
	rel := func(from, typ, to string) kg.RelationUpsert { return kg.RelationUpsert{From: from, Type: typ, To: to} }
	mustApply(t, s, kb, kg.Batch{At: t0, Entities: []kg.EntityUpsert{product("p", "P", "1"), product("q", "Q", "2"), {ID: "c", Type: "Category", Name: "C"}},
		Relations: []kg.RelationUpsert{rel("p", "IN_CATEGORY", "c"), rel("q", "IN_CATEGORY", "c"), rel("p", "COMPATIBLE_WITH", "q")}})
	mustApply(t, s, kb, kg.Batch{At: t1, Retire: []kg.Retirement{{Relation: &kg.RelationKey{From: "q", Type: "IN_CATEGORY", To: "c"}}}})
	future := time.Now().UTC().AddDate(1, 0, 0).Truncate(time.Second)
	mustApply(t, s, kb, kg.Batch{Relations: []kg.RelationUpsert{{From: "p", Type: "IN_CATEGORY", To: "c", Attributes: []kg.Attribute{num("rank", "2")}, ValidFrom: future}}})

	keys := []kg.RelationKey{{From: "p", Type: "IN_CATEGORY", To: "c"}, {From: "q", Type: "IN_CATEGORY", To: "c"},
		{From: "p", Type: "COMPATIBLE_WITH", To: "q"}, {From: "q", Type: "COMPATIBLE_WITH", To: "p"}}
	got, err := br.LatestRelations(ctx, kb, keys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[kg.RelationKey]int64{}
	for _, id := range []string{"p", "q"} {
		h, err := s.History(ctx, kb, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range h.Relations {
			want[r.Key()] = max(want[r.Key()], r.Version)
		}
	}
	for _, k := range keys {
		if got[k].Version != want[k] {
			t.Errorf("LatestRelations[%s] = version %d, want %d (History)", k, got[k].Version, want[k])
		}
	}
	if len(got) != 3 || got[keys[1]].Status != kg.StatusRetired || got[keys[0]].Version != 2 {
		t.Errorf("LatestRelations = %+v", got)
	}
	if _, err := br.LatestRelations(ctx, kb, []kg.RelationKey{{From: "p", Type: "no such type!", To: "c"}}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("LatestRelations(bad type) = %v, want ErrInvalid", err)
	}
}
