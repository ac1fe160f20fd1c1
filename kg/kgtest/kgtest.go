// Package kgtest is the contract suite every kg.Store implementation passes.
// Each test works in knowledge bases of its own, so one store (one Neo4j
// database) can serve the whole suite.
package kgtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kgrag/kg"
)

// Run runs the contract suite. newStore returns the store under test; it may
// return the same store every time.
func Run(t *testing.T, newStore func(t *testing.T) kg.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s kg.Store)
	}{
		{"CreateAndGet", testCreateAndGet},
		{"Versioning", testVersioning},
		{"Unchanged", testUnchanged},
		{"OptimisticConcurrency", testOptimisticConcurrency},
		{"AtomicBatch", testAtomicBatch},
		{"BadInput", testBadInput},
		{"Neighbours", testNeighbours},
		{"Retire", testRetire},
		{"Lookup", testLookup},
		{"Pagination", testPagination},
		{"Isolation", testIsolation},
		{"Merge", testMerge},
		{"Traces", testTraces},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ConcurrentConflicts", testConcurrentConflicts},
		{"ConcurrentEditsWithoutBase", testConcurrentEditsWithoutBase},
		{"Docs", testDocs},
		{"ScheduledChange", testScheduledChange},
		{"ScheduledCarryOver", testScheduledCarryOver},
		{"ScheduledChain", testScheduledChain},
		{"ScheduledRetireCancel", testScheduledRetireCancel},
		{"AttributeShapes", testAttributeShapes},
		{"KnowledgeBases", testKnowledgeBases},
		{"PruneTraces", testPruneTraces},
		{"BatchRead", testBatchRead},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

var kbSeq atomic.Int64

// NewKB returns a knowledge base id no other test uses.
func NewKB(t *testing.T) string {
	t.Helper()
	return fmt.Sprintf("t%d-%d", time.Now().UnixNano()%1e9, kbSeq.Add(1))
}

var (
	t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	t1 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	t2 = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
)

func str(k, v string) kg.Attribute { return kg.Attribute{Key: k, Kind: kg.KindString, Value: v} }
func num(k, v string) kg.Attribute { return kg.Attribute{Key: k, Kind: kg.KindNumber, Value: v} }
func src(s string) kg.Provenance   { return kg.Provenance{Kind: kg.ProvSource, Source: s} }
func user(a string) kg.Provenance  { return kg.Provenance{Kind: kg.ProvUser, Actor: a} }
func chans(c ...string) *[]string  { return &c }
func aliases(a ...kg.Alias) *[]kg.Alias {
	return &a
}

func product(id, name string, price string) kg.EntityUpsert {
	return kg.EntityUpsert{ID: id, Type: "Product", Name: name,
		Attributes: []kg.Attribute{num("price_cny", price), str("净含量", "30ml")}, Provenance: src("products.jsonl")}
}

func mustApply(t *testing.T, s kg.Store, kb string, b kg.Batch) kg.Applied {
	t.Helper()
	res, err := s.Apply(context.Background(), kb, b)
	if err != nil {
		t.Fatalf("Apply(%s) = %v", kb, err)
	}
	return res
}

func mustEntity(t *testing.T, s kg.Store, kb, id string, asOf time.Time) kg.Entity {
	t.Helper()
	e, err := s.Entity(context.Background(), kb, id, asOf)
	if err != nil {
		t.Fatalf("Entity(%q, %v) = %v", id, asOf, err)
	}
	return e
}

func attr(e kg.Entity, k string) string {
	a, ok := e.Attr(k)
	if !ok {
		return "<none>"
	}
	return a.Text()
}

func testCreateAndGet(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	u := product("LJ-1001", "澜肌水光玻尿酸精华液", "259")
	u.Aliases = aliases(kg.Alias{Text: "LANJI Hydra Serum", Lang: "en"}, kg.Alias{Text: "水光精华", Lang: "zh"})
	u.Channels = chans("tmall", "douyin")
	u.Attributes = append(u.Attributes, kg.Attribute{Key: "ingredients", Kind: kg.KindList, List: []string{"透明质酸钠", "泛醇"}})
	res := mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{u}, At: t0})
	if res.Changed != 1 || len(res.Entities) != 1 || res.Entities[0].Version != 1 {
		t.Fatalf("Apply = %+v, want one new version 1", res)
	}
	e := mustEntity(t, s, kb, "LJ-1001", time.Time{})
	if e.Name != "澜肌水光玻尿酸精华液" || e.Type != "Product" || e.Status != kg.StatusActive || e.KB != kb {
		t.Errorf("Entity = %+v", e)
	}
	if got := attr(e, "price_cny"); got != "259" {
		t.Errorf("price_cny = %q, want 259", got)
	}
	if got := attr(e, "ingredients"); got != "透明质酸钠、泛醇" {
		t.Errorf("ingredients = %q", got)
	}
	if len(e.Aliases) != 2 || e.Aliases[0].Lang != "en" {
		t.Errorf("aliases = %+v", e.Aliases)
	}
	if strings.Join(e.Channels, ",") != "douyin,tmall" {
		t.Errorf("channels = %v, want sorted douyin,tmall", e.Channels)
	}
	if !e.ValidFrom.Equal(t0) || e.ValidTo != nil {
		t.Errorf("validity = %v..%v, want %v..open", e.ValidFrom, e.ValidTo, t0)
	}
	if e.Provenance.Kind != kg.ProvSource || e.Provenance.Source != "products.jsonl" || !e.Provenance.RecordedAt.Equal(t0) {
		t.Errorf("provenance = %+v", e.Provenance)
	}
	if _, err := s.Entity(context.Background(), kb, "LJ-9999", time.Time{}); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("Entity(missing) = %v, want ErrNotFound", err)
	}
	if _, err := s.Entity(context.Background(), kb, "LJ-1001", t0.Add(-time.Hour)); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("Entity(before creation) = %v, want ErrNotFound", err)
	}
}

func testVersioning(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{product("P1", "Serum", "259")}, At: t0})
	res := mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "P1",
		Attributes: []kg.Attribute{num("price_cny", "279.00")}, Provenance: user("trainer-1")}}})
	if v := res.Entities[0]; v.Version != 2 || attr(v, "price_cny") != "279" || attr(v, "净含量") != "30ml" {
		t.Fatalf("new version = %+v, want v2 with price 279 and the other attribute kept", v)
	}
	cur := mustEntity(t, s, kb, "P1", time.Time{})
	if attr(cur, "price_cny") != "279" || cur.Version != 2 || cur.Provenance.Actor != "trainer-1" {
		t.Errorf("current = %+v", cur)
	}
	old := mustEntity(t, s, kb, "P1", t1.Add(-time.Second))
	if attr(old, "price_cny") != "259" || old.Version != 1 {
		t.Errorf("as of before the change = v%d price %s, want v1 259", old.Version, attr(old, "price_cny"))
	}
	if old.ValidTo == nil || !old.ValidTo.Equal(t1) {
		t.Errorf("old version validTo = %v, want %v", old.ValidTo, t1)
	}
	if e := mustEntity(t, s, kb, "P1", t1); e.Version != 2 {
		t.Errorf("as of the change instant = v%d, want v2", e.Version)
	}
	h, err := s.History(context.Background(), kb, "P1")
	if err != nil {
		t.Fatalf("History = %v", err)
	}
	if len(h.Entities) != 2 || h.Entities[0].Version != 1 || h.Entities[1].Version != 2 {
		t.Fatalf("History = %+v, want v1, v2", h.Entities)
	}
	ch := h.Changes()
	last := ch[len(ch)-1]
	if len(last.Fields) != 1 || last.Fields[0].Field != "attributes.price_cny" || *last.Fields[0].Before != "259" || *last.Fields[0].After != "279" {
		t.Errorf("last change = %+v, want price 259 -> 279", last)
	}
	// Removing an attribute is a change too.
	mustApply(t, s, kb, kg.Batch{At: t2, Entities: []kg.EntityUpsert{{ID: "P1", RemoveAttributes: []string{"净含量"}}}})
	if e := mustEntity(t, s, kb, "P1", time.Time{}); attr(e, "净含量") != "<none>" || e.Version != 3 {
		t.Errorf("after remove = v%d %v", e.Version, e.Attributes)
	}
	if _, err := s.Apply(context.Background(), kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", RemoveAttributes: []string{"nope"}}}}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("remove missing attribute = %v, want ErrInvalid", err)
	}
	// Replacing drops what the new record no longer has.
	mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", ReplaceAttributes: true, Attributes: []kg.Attribute{str("color", "blue")}}}})
	if e := mustEntity(t, s, kb, "P1", time.Time{}); len(e.Attributes) != 1 || attr(e, "color") != "blue" {
		t.Errorf("after replace = %v", e.Attributes)
	}
}

func testUnchanged(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	u := product("P1", "Serum", "259")
	u.Channels = chans("web")
	mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{u}, At: t0})
	res := mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{u}, At: t1})
	if res.Changed != 0 || res.Unchanged != 1 || res.Entities[0].Version != 1 {
		t.Errorf("re-apply = %+v, want unchanged v1", res)
	}
	h, _ := s.History(context.Background(), kb, "P1")
	if len(h.Entities) != 1 {
		t.Errorf("history has %d versions after a no-op, want 1", len(h.Entities))
	}
}

func testOptimisticConcurrency(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{product("P1", "Serum", "259")}, At: t0})
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "P1", BaseVersion: 1, Attributes: []kg.Attribute{num("price_cny", "279")}}}})
	_, err := s.Apply(context.Background(), kb, kg.Batch{At: t2, Entities: []kg.EntityUpsert{{ID: "P1", BaseVersion: 1, Attributes: []kg.Attribute{num("price_cny", "199")}}}})
	if !errors.Is(err, kg.ErrConflict) {
		t.Fatalf("stale edit = %v, want ErrConflict", err)
	}
	if e := mustEntity(t, s, kb, "P1", time.Time{}); attr(e, "price_cny") != "279" {
		t.Errorf("price after rejected edit = %s, want 279", attr(e, "price_cny"))
	}
	mustApply(t, s, kb, kg.Batch{Relations: []kg.RelationUpsert{}, Entities: []kg.EntityUpsert{product("P2", "Cream", "100")}})
	mustApply(t, s, kb, kg.Batch{Relations: []kg.RelationUpsert{{From: "P2", Type: "COMPATIBLE_WITH", To: "P1"}}})
	_, err = s.Apply(context.Background(), kb, kg.Batch{Retire: []kg.Retirement{{Relation: &kg.RelationKey{From: "P2", Type: "COMPATIBLE_WITH", To: "P1"}, BaseVersion: 7}}})
	if !errors.Is(err, kg.ErrConflict) {
		t.Errorf("stale relation retirement = %v, want ErrConflict", err)
	}
}

func testAtomicBatch(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	_, err := s.Apply(context.Background(), kb, kg.Batch{
		Entities:  []kg.EntityUpsert{product("P1", "Serum", "259"), product("P2", "Cream", "100")},
		Relations: []kg.RelationUpsert{{From: "P1", Type: "REFILL_OF", To: "MISSING"}},
	})
	if !errors.Is(err, kg.ErrInvalid) {
		t.Fatalf("batch with a dangling relation = %v, want ErrInvalid", err)
	}
	for _, id := range []string{"P1", "P2"} {
		if _, err := s.Entity(context.Background(), kb, id, time.Time{}); !errors.Is(err, kg.ErrNotFound) {
			t.Errorf("Entity(%s) after failed batch = %v, want ErrNotFound (nothing half-written)", id, err)
		}
	}
	mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{product("P1", "Serum", "259")}, At: t0})
	_, err = s.Apply(context.Background(), kb, kg.Batch{At: t1,
		Entities: []kg.EntityUpsert{{ID: "P1", Attributes: []kg.Attribute{num("price_cny", "1")}}, {ID: "P3", Name: "no type"}}})
	if !errors.Is(err, kg.ErrInvalid) {
		t.Fatalf("batch creating an untyped entity = %v, want ErrInvalid", err)
	}
	if e := mustEntity(t, s, kb, "P1", time.Time{}); attr(e, "price_cny") != "259" || e.Version != 1 {
		t.Errorf("P1 after failed batch = v%d %s, want v1 259", e.Version, attr(e, "price_cny"))
	}
}

func testBadInput(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{product("P1", "Serum", "259")}, At: t0})
	long := strings.Repeat("长", kg.MaxNameLen+1)
	tooMany := make([]kg.EntityUpsert, kg.MaxBatch+1)
	for i := range tooMany {
		tooMany[i] = product(fmt.Sprintf("X%d", i), "x", "1")
	}
	cases := []struct {
		name string
		b    kg.Batch
	}{
		{"empty batch", kg.Batch{}},
		{"too many operations", kg.Batch{Entities: tooMany}},
		{"malformed id", kg.Batch{Entities: []kg.EntityUpsert{product("bad id!", "x", "1")}}},
		{"unknown entity type", kg.Batch{Entities: []kg.EntityUpsert{{ID: "X1", Type: "Spaceship", Name: "x"}}}},
		{"over-long name", kg.Batch{Entities: []kg.EntityUpsert{{ID: "X1", Type: "Product", Name: long}}}},
		{"not a number", kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", Attributes: []kg.Attribute{num("price_cny", "cheap")}}}}},
		{"not a date", kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", Attributes: []kg.Attribute{{Key: "launched", Kind: kg.KindDate, Value: "2025-13-01"}}}}}},
		{"unknown value kind", kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", Attributes: []kg.Attribute{{Key: "k", Kind: "BLOB", Value: "x"}}}}}},
		{"malformed channel", kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", Channels: chans("my space!")}}}},
		{"type change", kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", Type: "Policy"}}}},
		{"unknown relation type", kg.Batch{Relations: []kg.RelationUpsert{{From: "P1", Type: "LOVES", To: "P1"}}}},
		{"self relation", kg.Batch{Relations: []kg.RelationUpsert{{From: "P1", Type: "REPLACES", To: "P1"}}}},
		{"relation to missing entity", kg.Batch{Relations: []kg.RelationUpsert{{From: "P1", Type: "REPLACES", To: "P404"}}}},
		{"duplicate id in batch", kg.Batch{Entities: []kg.EntityUpsert{product("P9", "a", "1"), product("P9", "b", "2")}}},
		{"validFrom before current", kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", ValidFrom: t0.Add(-time.Hour), Attributes: []kg.Attribute{num("price_cny", "1")}}}}},
		{"retire both", kg.Batch{Retire: []kg.Retirement{{EntityID: "P1", Relation: &kg.RelationKey{From: "P1", Type: "REPLACES", To: "P2"}}}}},
		{"control characters", kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", Name: "a\x00b"}}}},
		{"bad provenance", kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", Name: "x", Provenance: kg.Provenance{Kind: "RUMOUR"}}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Apply(context.Background(), kb, tc.b)
			if !errors.Is(err, kg.ErrInvalid) {
				t.Errorf("Apply = %v, want ErrInvalid", err)
			}
		})
	}
	if _, err := s.Apply(context.Background(), "Bad KB", kg.Batch{Entities: []kg.EntityUpsert{product("P1", "x", "1")}}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("Apply(bad kb) = %v, want ErrInvalid", err)
	}
	if _, err := s.Entity(context.Background(), kb, "", time.Time{}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("Entity(\"\") = %v, want ErrInvalid", err)
	}
	if _, err := s.Neighbours(context.Background(), kb, "P1", kg.NeighbourQuery{Channel: "my space!"}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("Neighbours(bad channel) = %v, want ErrInvalid", err)
	}
	if _, err := s.Entities(context.Background(), kb, kg.EntityQuery{After: "%%%"}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("Entities(bad cursor) = %v, want ErrInvalid", err)
	}
	if _, err := s.Entities(context.Background(), kb, kg.EntityQuery{First: kg.MaxPage + 1}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("Entities(first too big) = %v, want ErrInvalid", err)
	}
	if e := mustEntity(t, s, kb, "P1", time.Time{}); e.Version != 1 || e.Name != "Serum" {
		t.Errorf("P1 after bad input = %+v, want untouched v1", e)
	}
}

func seedGraph(t *testing.T, s kg.Store, kb string) {
	t.Helper()
	mustApply(t, s, kb, kg.Batch{At: t0,
		Entities: []kg.EntityUpsert{
			product("P1", "Serum", "259"),
			product("P2", "Serum Refill", "199"),
			{ID: "returns", Type: "Policy", Name: "Returns", Provenance: src("returns.md")},
			{ID: "douyin-aftersale", Type: "Policy", Name: "Douyin after-sale", Channels: chans("douyin"), Provenance: src("douyin.md")},
		},
		Relations: []kg.RelationUpsert{
			{From: "P2", Type: "REFILL_OF", To: "P1", Provenance: src("products.jsonl")},
			{From: "returns", Type: "APPLIES_TO", To: "P1"},
			{From: "douyin-aftersale", Type: "APPLIES_TO", To: "P1"},
		}})
}

func neighbourIDs(ns []kg.Neighbour) string {
	var ids []string
	for _, n := range ns {
		ids = append(ids, string(n.Direction)+":"+n.Relation.Type+":"+n.Entity.ID)
	}
	return strings.Join(sorted(ids), " ")
}

func sorted(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

func testNeighbours(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	seedGraph(t, s, kb)
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "new-policy", Type: "Policy", Name: "New"}},
		Relations: []kg.RelationUpsert{{From: "new-policy", Type: "APPLIES_TO", To: "P1", Channels: chans("web")}}})
	ctx := context.Background()
	cases := []struct {
		name string
		q    kg.NeighbourQuery
		want string
	}{
		{"all now", kg.NeighbourQuery{}, "IN:APPLIES_TO:douyin-aftersale IN:APPLIES_TO:new-policy IN:APPLIES_TO:returns IN:REFILL_OF:P2"},
		{"by type", kg.NeighbourQuery{RelationTypes: []string{"REFILL_OF"}}, "IN:REFILL_OF:P2"},
		{"outgoing only", kg.NeighbourQuery{Direction: kg.Out}, ""},
		{"channel tmall", kg.NeighbourQuery{Channel: "tmall"}, "IN:APPLIES_TO:returns IN:REFILL_OF:P2"},
		{"channel douyin", kg.NeighbourQuery{Channel: "douyin"}, "IN:APPLIES_TO:douyin-aftersale IN:APPLIES_TO:returns IN:REFILL_OF:P2"},
		{"channel web", kg.NeighbourQuery{Channel: "web"}, "IN:APPLIES_TO:new-policy IN:APPLIES_TO:returns IN:REFILL_OF:P2"},
		{"as of before new policy", kg.NeighbourQuery{AsOf: t1.Add(-time.Second)}, "IN:APPLIES_TO:douyin-aftersale IN:APPLIES_TO:returns IN:REFILL_OF:P2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ns, err := s.Neighbours(ctx, kb, "P1", tc.q)
			if err != nil {
				t.Fatalf("Neighbours = %v", err)
			}
			if got := neighbourIDs(ns); got != tc.want {
				t.Errorf("Neighbours(P1, %+v) = %q, want %q", tc.q, got, tc.want)
			}
		})
	}
	ns, err := s.Neighbours(ctx, kb, "P2", kg.NeighbourQuery{Direction: kg.Out})
	if err != nil || neighbourIDs(ns) != "OUT:REFILL_OF:P1" {
		t.Errorf("Neighbours(P2, out) = %q, %v", neighbourIDs(ns), err)
	}
	if len(ns) == 1 && (ns[0].Relation.Provenance.Source != "products.jsonl" || ns[0].Entity.Name != "Serum") {
		t.Errorf("neighbour = %+v", ns[0])
	}
	if _, err := s.Neighbours(ctx, kb, "P404", kg.NeighbourQuery{}); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("Neighbours(missing) = %v, want ErrNotFound", err)
	}
	// Changing a relation makes a new version; the old one stays readable.
	mustApply(t, s, kb, kg.Batch{At: t2, Relations: []kg.RelationUpsert{{From: "P2", Type: "REFILL_OF", To: "P1", Channels: chans("tmall")}}})
	ns, _ = s.Neighbours(ctx, kb, "P1", kg.NeighbourQuery{RelationTypes: []string{"REFILL_OF"}, Channel: "web"})
	if len(ns) != 0 {
		t.Errorf("refill relation on web after restricting to tmall = %q, want none", neighbourIDs(ns))
	}
	ns, _ = s.Neighbours(ctx, kb, "P1", kg.NeighbourQuery{RelationTypes: []string{"REFILL_OF"}, Channel: "web", AsOf: t1})
	if len(ns) != 1 || ns[0].Relation.Version != 1 {
		t.Errorf("refill relation on web as of t1 = %+v, want v1", ns)
	}
}

func testRetire(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	seedGraph(t, s, kb)
	ctx := context.Background()
	res := mustApply(t, s, kb, kg.Batch{At: t1, Retire: []kg.Retirement{{EntityID: "P2", Provenance: user("trainer")}}})
	if len(res.Retired) != 1 || res.Retired[0].Entity == nil || res.Retired[0].Entity.Status != kg.StatusRetired || res.Retired[0].Entity.Version != 2 {
		t.Fatalf("retire = %+v", res.Retired)
	}
	if e := mustEntity(t, s, kb, "P2", time.Time{}); e.Status != kg.StatusRetired {
		t.Errorf("retired entity status = %s", e.Status)
	}
	if e := mustEntity(t, s, kb, "P2", t0); e.Status != kg.StatusActive || e.Version != 1 {
		t.Errorf("as of before retirement = %s v%d", e.Status, e.Version)
	}
	ns, _ := s.Neighbours(ctx, kb, "P1", kg.NeighbourQuery{RelationTypes: []string{"REFILL_OF"}})
	if len(ns) != 0 {
		t.Errorf("neighbours after retiring P2 = %q, want none", neighbourIDs(ns))
	}
	ns, _ = s.Neighbours(ctx, kb, "P1", kg.NeighbourQuery{RelationTypes: []string{"REFILL_OF"}, AsOf: t0})
	if len(ns) != 1 {
		t.Errorf("neighbours as of before retirement = %q, want P2", neighbourIDs(ns))
	}
	if _, err := s.Apply(ctx, kb, kg.Batch{Relations: []kg.RelationUpsert{{From: "P2", Type: "REPLACES", To: "P1"}}}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("relation to retired entity = %v, want ErrInvalid", err)
	}
	page, _ := s.Entities(ctx, kb, kg.EntityQuery{Type: "Product"})
	if len(page.Entities) != 1 || page.Entities[0].ID != "P1" {
		t.Errorf("Entities without retired = %+v", page.Entities)
	}
	page, _ = s.Entities(ctx, kb, kg.EntityQuery{Type: "Product", IncludeRetired: true})
	if len(page.Entities) != 2 {
		t.Errorf("Entities with retired = %d, want 2", len(page.Entities))
	}
	h, err := s.History(ctx, kb, "P2")
	if err != nil || len(h.Entities) != 2 {
		t.Fatalf("History(P2) = %d versions, %v", len(h.Entities), err)
	}
	var relStatuses []string
	for _, r := range h.Relations {
		relStatuses = append(relStatuses, fmt.Sprintf("%s v%d %s", r.Type, r.Version, r.Status))
	}
	if strings.Join(relStatuses, "; ") != "REFILL_OF v1 ACTIVE; REFILL_OF v2 RETIRED" {
		t.Errorf("relation history = %v", relStatuses)
	}
	// Retiring a missing entity or relation is NotFound.
	if _, err := s.Apply(ctx, kb, kg.Batch{Retire: []kg.Retirement{{EntityID: "P404"}}}); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("retire missing = %v, want ErrNotFound", err)
	}
	if _, err := s.Apply(ctx, kb, kg.Batch{Retire: []kg.Retirement{{Relation: &kg.RelationKey{From: "P1", Type: "REPLACES", To: "returns"}}}}); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("retire missing relation = %v, want ErrNotFound", err)
	}
	// An upsert restores a retired entity.
	mustApply(t, s, kb, kg.Batch{At: t2, Entities: []kg.EntityUpsert{{ID: "P2", Name: "Serum Refill (back)"}}})
	if e := mustEntity(t, s, kb, "P2", time.Time{}); e.Status != kg.StatusActive || e.Version != 3 {
		t.Errorf("restored = %s v%d", e.Status, e.Version)
	}
	// Retiring a relation alone.
	res = mustApply(t, s, kb, kg.Batch{At: t2, Retire: []kg.Retirement{{Relation: &kg.RelationKey{From: "returns", Type: "APPLIES_TO", To: "P1"}}}})
	if r := res.Retired[0].Relation; r == nil || r.Status != kg.StatusRetired || r.Version != 2 {
		t.Errorf("retired relation = %+v", res.Retired[0])
	}
	ns, _ = s.Neighbours(ctx, kb, "P1", kg.NeighbourQuery{RelationTypes: []string{"APPLIES_TO"}})
	if neighbourIDs(ns) != "IN:APPLIES_TO:douyin-aftersale" {
		t.Errorf("after retiring returns relation = %q", neighbourIDs(ns))
	}
}

func testLookup(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	u := product("LJ-1001", "澜肌水光玻尿酸精华液", "259")
	u.Aliases = aliases(kg.Alias{Text: "Hydra Serum", Lang: "en"}, kg.Alias{Text: "水光精华", Lang: "zh"})
	mustApply(t, s, kb, kg.Batch{At: t0, Entities: []kg.EntityUpsert{u, product("LJ-1002", "水光精华", "100")}})
	ctx := context.Background()
	cases := []struct{ q, want string }{
		{"水光精华", "LJ-1001 LJ-1002"},
		{"hydra  serum", "LJ-1001"},
		{"ＨＹＤＲＡ ＳＥＲＵＭ", "LJ-1001"}, // full-width
		{"LJ-1002", "LJ-1002"},
		{"nothing", ""},
	}
	for _, tc := range cases {
		es, err := s.Lookup(ctx, kb, tc.q)
		if err != nil {
			t.Fatalf("Lookup(%q) = %v", tc.q, err)
		}
		var ids []string
		for _, e := range es {
			ids = append(ids, e.ID)
		}
		if got := strings.Join(sorted(ids), " "); got != tc.want {
			t.Errorf("Lookup(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
	// Renaming moves the name index.
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "LJ-1002", Name: "烟酰胺精华"}}})
	if es, _ := s.Lookup(ctx, kb, "水光精华"); len(es) != 1 {
		t.Errorf("Lookup after rename = %d entities, want 1", len(es))
	}
	n := 0
	err := s.Names(ctx, kb, func(id, name string) error { n++; return nil })
	if err != nil || n != 4 {
		t.Errorf("Names = %d, %v; want 4 names", n, err)
	}
}

func testPagination(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	var us []kg.EntityUpsert
	for i := range 25 {
		us = append(us, product(fmt.Sprintf("P%02d", i), fmt.Sprintf("Product %d", i), "1"))
	}
	us = append(us, kg.EntityUpsert{ID: "pol", Type: "Policy", Name: "Returns Product policy"})
	mustApply(t, s, kb, kg.Batch{At: t0, Entities: us})
	ctx := context.Background()
	var got []string
	after := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		p, err := s.Entities(ctx, kb, kg.EntityQuery{Type: "Product", First: 10, After: after})
		if err != nil {
			t.Fatalf("Entities = %v", err)
		}
		if p.TotalCount != 25 {
			t.Errorf("TotalCount = %d, want 25", p.TotalCount)
		}
		for _, e := range p.Entities {
			got = append(got, e.ID)
		}
		if !p.HasNext {
			break
		}
		after = p.EndCursor
	}
	if len(got) != 25 || got[0] != "P00" || got[24] != "P24" {
		t.Errorf("paged ids = %v", got)
	}
	// Every entity's cursor resumes right after it (GraphQL edges carry them).
	full, err := s.Entities(ctx, kb, kg.EntityQuery{Type: "Product", First: 10})
	if err != nil || len(full.Cursors) != len(full.Entities) || full.Cursors[9] != full.EndCursor {
		t.Fatalf("Entities = %d entities, cursors %v, end %q, %v; want a cursor each, the last the end cursor",
			len(full.Entities), full.Cursors, full.EndCursor, err)
	}
	for i, c := range full.Cursors[:9] {
		p, err := s.Entities(ctx, kb, kg.EntityQuery{Type: "Product", First: 1, After: c})
		if err != nil || len(p.Entities) != 1 || p.Entities[0].ID != full.Entities[i+1].ID {
			t.Errorf("Entities(after cursor of %s) = %+v, %v; want %s", full.Entities[i].ID, p.Entities, err, full.Entities[i+1].ID)
		}
	}
	p, _ := s.Entities(ctx, kb, kg.EntityQuery{NameContains: "product 1"})
	if len(p.Entities) != 11 { // Product 1, 10..19
		t.Errorf("nameContains 'product 1' = %d, want 11", len(p.Entities))
	}
	p, _ = s.Entities(ctx, kb, kg.EntityQuery{NameContains: "policy"})
	if len(p.Entities) != 1 || p.Entities[0].ID != "pol" {
		t.Errorf("nameContains policy = %+v", p.Entities)
	}
}

func testIsolation(t *testing.T, s kg.Store) {
	a, b := NewKB(t), NewKB(t)
	seedGraph(t, s, a)
	ctx := context.Background()
	if _, err := s.Entity(ctx, b, "P1", time.Time{}); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("Entity in other kb = %v, want ErrNotFound", err)
	}
	if es, _ := s.Lookup(ctx, b, "Serum"); len(es) != 0 {
		t.Errorf("Lookup in other kb = %d entities", len(es))
	}
	if p, _ := s.Entities(ctx, b, kg.EntityQuery{}); len(p.Entities) != 0 {
		t.Errorf("Entities in other kb = %d", len(p.Entities))
	}
	if _, err := s.Neighbours(ctx, b, "P1", kg.NeighbourQuery{}); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("Neighbours in other kb = %v", err)
	}
	if _, err := s.History(ctx, b, "P1"); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("History in other kb = %v", err)
	}
	// A relation cannot reach into another knowledge base.
	mustApply(t, s, b, kg.Batch{Entities: []kg.EntityUpsert{product("Q1", "Other brand", "1")}})
	if _, err := s.Apply(ctx, b, kg.Batch{Relations: []kg.RelationUpsert{{From: "Q1", Type: "REPLACES", To: "P1"}}}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("relation across kbs = %v, want ErrInvalid", err)
	}
	// Same id in two knowledge bases: two separate entities.
	mustApply(t, s, b, kg.Batch{Entities: []kg.EntityUpsert{product("P1", "B's P1", "5")}})
	if e := mustEntity(t, s, a, "P1", time.Time{}); e.Name != "Serum" || e.Version != 1 {
		t.Errorf("a's P1 after b wrote P1 = %+v", e)
	}
	if e := mustEntity(t, s, b, "P1", time.Time{}); e.Name != "B's P1" || e.KB != b {
		t.Errorf("b's P1 = %+v", e)
	}
	ns, _ := s.Neighbours(ctx, b, "P1", kg.NeighbourQuery{})
	if len(ns) != 0 {
		t.Errorf("b's P1 neighbours = %q, want none", neighbourIDs(ns))
	}
	n := 0
	_ = s.Names(ctx, b, func(id, name string) error { n++; return nil })
	if n != 2 {
		t.Errorf("Names(b) = %d, want 2", n)
	}
	if err := s.PutTrace(ctx, a, kg.Trace{ID: "tr-1", Question: "q"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Trace(ctx, b, "tr-1"); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("Trace in other kb = %v", err)
	}
	if p, _ := s.Traces(ctx, b, kg.TraceQuery{}); len(p.Traces) != 0 {
		t.Errorf("Traces in other kb = %d", len(p.Traces))
	}
}

func testMerge(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	ctx := context.Background()
	zh := product("LJ-1001", "水光精华", "259")
	en := product("hydra-serum", "Hydra Serum", "259")
	en.Aliases = aliases(kg.Alias{Text: "LANJI Hydra", Lang: "en"})
	en.Attributes = append(en.Attributes, str("texture", "gel"))
	mustApply(t, s, kb, kg.Batch{At: t0, Entities: []kg.EntityUpsert{zh, en, {ID: "returns", Type: "Policy", Name: "Returns"}, product("refill", "Refill", "1")},
		Relations: []kg.RelationUpsert{{From: "returns", Type: "APPLIES_TO", To: "hydra-serum"}, {From: "refill", Type: "REFILL_OF", To: "hydra-serum"}, {From: "hydra-serum", Type: "COMPATIBLE_WITH", To: "LJ-1001"}}})
	kept, err := s.MergeEntities(ctx, kb, kg.Merge{Keep: "LJ-1001", Merge: "hydra-serum", At: t1, Provenance: user("trainer")})
	if err != nil {
		t.Fatalf("MergeEntities = %v", err)
	}
	var al []string
	for _, a := range kept.Aliases {
		al = append(al, a.Text)
	}
	if strings.Join(al, "|") != "Hydra Serum|LANJI Hydra" || attr(kept, "texture") != "gel" || attr(kept, "price_cny") != "259" || kept.Version != 2 {
		t.Errorf("kept = %+v", kept)
	}
	// Reading the merged id redirects.
	e := mustEntity(t, s, kb, "hydra-serum", time.Time{})
	if e.ID != "LJ-1001" || e.RedirectedFrom != "hydra-serum" {
		t.Errorf("Entity(merged) = %s (redirected from %q), want LJ-1001", e.ID, e.RedirectedFrom)
	}
	if e := mustEntity(t, s, kb, "hydra-serum", t0); e.ID != "hydra-serum" {
		t.Errorf("Entity(merged, before merge) = %s, want hydra-serum", e.ID)
	}
	ns, _ := s.Neighbours(ctx, kb, "LJ-1001", kg.NeighbourQuery{})
	if got := neighbourIDs(ns); got != "IN:APPLIES_TO:returns IN:REFILL_OF:refill" {
		t.Errorf("neighbours after merge = %q", got)
	}
	if es, _ := s.Lookup(ctx, kb, "Hydra Serum"); len(es) != 1 || es[0].ID != "LJ-1001" {
		t.Errorf("Lookup(Hydra Serum) after merge = %+v", es)
	}
	h, err := s.History(ctx, kb, "LJ-1001")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	for _, e := range h.Entities {
		ids[e.ID]++
	}
	if ids["LJ-1001"] != 2 || ids["hydra-serum"] != 2 {
		t.Errorf("history entity versions = %v, want 2 each", ids)
	}
	// A relation written to the merged id lands on the kept one.
	mustApply(t, s, kb, kg.Batch{At: t2, Entities: []kg.EntityUpsert{product("P9", "x", "1")}, Relations: []kg.RelationUpsert{{From: "P9", Type: "REPLACES", To: "hydra-serum"}}})
	ns, _ = s.Neighbours(ctx, kb, "LJ-1001", kg.NeighbourQuery{RelationTypes: []string{"REPLACES"}})
	if neighbourIDs(ns) != "IN:REPLACES:P9" {
		t.Errorf("relation to merged id = %q", neighbourIDs(ns))
	}
	for _, m := range []kg.Merge{{Keep: "LJ-1001", Merge: "LJ-1001"}, {Keep: "LJ-1001", Merge: "hydra-serum"}, {Keep: "LJ-1001", Merge: "returns"}} {
		if _, err := s.MergeEntities(ctx, kb, m); !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("MergeEntities(%+v) = %v, want ErrInvalid", m, err)
		}
	}
	if _, err := s.MergeEntities(ctx, kb, kg.Merge{Keep: "LJ-1001", Merge: "nope"}); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("merge missing = %v, want ErrNotFound", err)
	}
}

func testTraces(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	ctx := context.Background()
	for i := range 7 {
		tr := kg.Trace{ID: fmt.Sprintf("a%d", i), CreatedAt: t0.Add(time.Duration(i) * time.Hour), Question: "q", Channel: "web", Status: "ANSWERED",
			LinkedEntities: []string{"P1"}, Evidence: []kg.Evidence{{Kind: "fact", ID: "P1", Version: 2, Score: 0.5}}}
		if i%2 == 1 {
			tr.Status, tr.Reason, tr.Channel, tr.LinkedEntities = "REFUSED", "NO_EVIDENCE", "douyin", nil
			tr.Evidence = nil
		}
		if err := s.PutTrace(ctx, kb, tr); err != nil {
			t.Fatalf("PutTrace = %v", err)
		}
	}
	if err := s.PutTrace(ctx, kb, kg.Trace{ID: "a0"}); !errors.Is(err, kg.ErrConflict) {
		t.Errorf("PutTrace(duplicate) = %v, want ErrConflict", err)
	}
	got, err := s.Trace(ctx, kb, "a2")
	if err != nil || got.Evidence[0].Version != 2 || !got.CreatedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("Trace(a2) = %+v, %v", got, err)
	}
	if _, err := s.Trace(ctx, kb, "zz"); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("Trace(missing) = %v", err)
	}
	cases := []struct {
		name string
		q    kg.TraceQuery
		want string
	}{
		{"all newest first", kg.TraceQuery{}, "a6 a5 a4 a3 a2 a1 a0"},
		{"refused", kg.TraceQuery{Status: "REFUSED"}, "a5 a3 a1"},
		{"reason", kg.TraceQuery{Reason: "NO_EVIDENCE"}, "a5 a3 a1"},
		{"channel", kg.TraceQuery{Channel: "web"}, "a6 a4 a2 a0"},
		{"entity", kg.TraceQuery{EntityID: "P1"}, "a6 a4 a2 a0"},
		{"window", kg.TraceQuery{From: t0.Add(2 * time.Hour), To: t0.Add(5 * time.Hour)}, "a4 a3 a2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := s.Traces(ctx, kb, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, tr := range p.Traces {
				ids = append(ids, tr.ID)
			}
			if got := strings.Join(ids, " "); got != tc.want {
				t.Errorf("Traces(%+v) = %q, want %q", tc.q, got, tc.want)
			}
		})
	}
	var ids []string
	after := ""
	for range 10 {
		p, err := s.Traces(ctx, kb, kg.TraceQuery{First: 3, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range p.Traces {
			ids = append(ids, tr.ID)
		}
		if !p.HasNext {
			break
		}
		after = p.EndCursor
	}
	if strings.Join(ids, " ") != "a6 a5 a4 a3 a2 a1 a0" {
		t.Errorf("paged traces = %v", ids)
	}
	// Every trace's cursor resumes right after it (GraphQL edges carry them).
	full, err := s.Traces(ctx, kb, kg.TraceQuery{})
	if err != nil || len(full.Cursors) != len(full.Traces) || len(full.Traces) != 7 || full.Cursors[6] != full.EndCursor {
		t.Fatalf("Traces = %d traces, cursors %v, end %q, %v; want 7 with a cursor each, the last the end cursor",
			len(full.Traces), full.Cursors, full.EndCursor, err)
	}
	for i, c := range full.Cursors[:6] {
		p, err := s.Traces(ctx, kb, kg.TraceQuery{First: 1, After: c})
		if err != nil || len(p.Traces) != 1 || p.Traces[0].ID != full.Traces[i+1].ID {
			t.Errorf("Traces(after cursor of %s) = %d traces, %v; want %s", full.Traces[i].ID, len(p.Traces), err, full.Traces[i+1].ID)
		}
	}
}

func testConcurrentWriters(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	ctx := context.Background()
	mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{product("hub", "Hub", "1")}})
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 10 {
				id := fmt.Sprintf("w%d-%d", w, i)
				_, err := s.Apply(ctx, kb, kg.Batch{Entities: []kg.EntityUpsert{product(id, id, "1")},
					Relations: []kg.RelationUpsert{{From: id, Type: "COMPATIBLE_WITH", To: "hub"}}})
				if err != nil {
					errs <- err
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range 10 {
				if _, err := s.Neighbours(ctx, kb, "hub", kg.NeighbourQuery{}); err != nil {
					errs <- err
				}
				if _, err := s.Entities(ctx, kb, kg.EntityQuery{First: 50}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent op = %v", err)
	}
	ns, err := s.Neighbours(ctx, kb, "hub", kg.NeighbourQuery{})
	if err != nil || len(ns) != 40 {
		t.Errorf("hub neighbours = %d, %v; want 40", len(ns), err)
	}
}

func testConcurrentConflicts(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	ctx := context.Background()
	mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{product("P1", "x", "1")}})
	var wins, conflicts atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Apply(ctx, kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", BaseVersion: 1,
				Attributes: []kg.Attribute{num("price_cny", fmt.Sprint(100+i))}}}})
			switch {
			case err == nil:
				wins.Add(1)
			case errors.Is(err, kg.ErrConflict):
				conflicts.Add(1)
			default:
				t.Errorf("concurrent edit = %v", err)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 || conflicts.Load() != 7 {
		t.Errorf("wins = %d, conflicts = %d; want exactly one winner", wins.Load(), conflicts.Load())
	}
	if e := mustEntity(t, s, kb, "P1", time.Time{}); e.Version != 2 {
		t.Errorf("version after race = %d, want 2", e.Version)
	}
}

func testScheduledChange(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	future := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Second)
	mustApply(t, s, kb, kg.Batch{At: t0, Entities: []kg.EntityUpsert{product("P1", "x", "259")}})
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "P1", ValidFrom: future, Attributes: []kg.Attribute{num("price_cny", "199")}}}})
	if e := mustEntity(t, s, kb, "P1", time.Time{}); attr(e, "price_cny") != "259" {
		t.Errorf("price now = %s, want 259 until the scheduled change", attr(e, "price_cny"))
	}
	if e := mustEntity(t, s, kb, "P1", future.Add(time.Hour)); attr(e, "price_cny") != "199" {
		t.Errorf("price after the scheduled change = %s, want 199", attr(e, "price_cny"))
	}
}

// Edits without a base version all land, each as its own version, in the
// order the store serialised them.
func testConcurrentEditsWithoutBase(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	ctx := context.Background()
	mustApply(t, s, kb, kg.Batch{Entities: []kg.EntityUpsert{product("P1", "x", "1")}})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Apply(ctx, kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1",
				Attributes: []kg.Attribute{num("price_cny", fmt.Sprint(100+i))}}}})
			if err != nil {
				t.Errorf("concurrent edit %d = %v", i, err)
			}
		}()
	}
	wg.Wait()
	h, err := s.History(ctx, kb, "P1")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Entities) != 9 {
		t.Fatalf("history has %d versions, want 9", len(h.Entities))
	}
	for i := 1; i < len(h.Entities); i++ {
		prev, cur := h.Entities[i-1], h.Entities[i]
		if cur.Version != prev.Version+1 || prev.ValidTo == nil || !prev.ValidTo.Equal(cur.ValidFrom) || cur.ValidFrom.Before(prev.ValidFrom) {
			t.Errorf("versions %d and %d do not chain: %v..%v then %v", prev.Version, cur.Version, prev.ValidFrom, prev.ValidTo, cur.ValidFrom)
		}
	}
}

func testDocs(t *testing.T, s kg.Store) {
	d, ok := s.(kg.Docs)
	if !ok {
		t.Fatalf("%T does not implement kg.Docs", s)
	}
	kb, other := NewKB(t), NewKB(t)
	ctx := context.Background()
	v, err := d.PutDoc(ctx, kb, "corrections", "c1", []byte(`{"a":1}`), 0)
	if err != nil || v != 1 {
		t.Fatalf("PutDoc(create) = %d, %v", v, err)
	}
	if _, err := d.PutDoc(ctx, kb, "corrections", "c1", []byte(`{}`), 0); !errors.Is(err, kg.ErrConflict) {
		t.Errorf("PutDoc(create existing) = %v, want ErrConflict", err)
	}
	if v, err := d.PutDoc(ctx, kb, "corrections", "c1", []byte(`{"a":2}`), 1); err != nil || v != 2 {
		t.Errorf("PutDoc(replace v1) = %d, %v", v, err)
	}
	if _, err := d.PutDoc(ctx, kb, "corrections", "c1", []byte(`{"a":3}`), 1); !errors.Is(err, kg.ErrConflict) {
		t.Errorf("PutDoc(stale) = %v, want ErrConflict", err)
	}
	if _, err := d.PutDoc(ctx, kb, "corrections", "c9", []byte(`{}`), 4); !errors.Is(err, kg.ErrConflict) {
		t.Errorf("PutDoc(missing at v4) = %v, want ErrConflict", err)
	}
	if v, err := d.PutDoc(ctx, kb, "corrections", "c1", []byte(`{"a":4}`), kg.AnyVersion); err != nil || v != 3 {
		t.Errorf("PutDoc(any) = %d, %v", v, err)
	}
	got, err := d.GetDoc(ctx, kb, "corrections", "c1")
	if err != nil || string(got.Data) != `{"a":4}` || got.Version != 3 || got.UpdatedAt.IsZero() {
		t.Errorf("GetDoc = %+v, %v", got, err)
	}
	if _, err := d.GetDoc(ctx, kb, "corrections", "c9"); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("GetDoc(missing) = %v", err)
	}
	if _, err := d.GetDoc(ctx, other, "corrections", "c1"); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("GetDoc(other kb) = %v", err)
	}
	for _, id := range []string{"c3", "c2", "c4"} {
		if _, err := d.PutDoc(ctx, kb, "corrections", id, []byte(`{}`), 0); err != nil {
			t.Fatal(err)
		}
	}
	_, _ = d.PutDoc(ctx, kb, "ratings", "r1", []byte(`{}`), 0)
	var ids []string
	after := ""
	for {
		page, err := d.ListDocs(ctx, kb, "corrections", after, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range page {
			ids = append(ids, x.ID)
		}
		if len(page) < 3 {
			break
		}
		after = page[len(page)-1].ID
	}
	if strings.Join(ids, " ") != "c1 c2 c3 c4" {
		t.Errorf("ListDocs = %v", ids)
	}
	if page, _ := d.ListDocs(ctx, other, "corrections", "", 10); len(page) != 0 {
		t.Errorf("ListDocs(other kb) = %d docs", len(page))
	}
	for _, bad := range []struct{ coll, id string }{{"Bad Coll", "x"}, {"ok", "bad id"}} {
		if _, err := d.PutDoc(ctx, kb, bad.coll, bad.id, []byte(`{}`), 0); !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("PutDoc(%q, %q) = %v, want ErrInvalid", bad.coll, bad.id, err)
		}
	}
	if _, err := d.ListDocs(ctx, kb, "corrections", "", 0); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("ListDocs(limit 0) = %v", err)
	}
	// Concurrent compare-and-set: exactly one winner.
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.PutDoc(ctx, kb, "corrections", "c2", []byte(`{"won":true}`), 1); err == nil {
				wins.Add(1)
			} else if !errors.Is(err, kg.ErrConflict) {
				t.Errorf("concurrent PutDoc = %v", err)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Errorf("%d concurrent compare-and-set writers won, want 1", wins.Load())
	}
}

// testAttributeShapes: attributes flattened from nested source objects
// keep their path and parsed number, range and unit; Variant entities and
// VARIANT_OF relations are stored like any other; bad paths and numbers
// are refused.
func testAttributeShapes(t *testing.T, s kg.Store) {
	kb := NewKB(t)
	ctx := context.Background()
	f := func(v float64) *float64 { return &v }
	suction := kg.Attribute{Key: "吸力", Path: "specs.吸力", Kind: kg.KindString, Value: "8000Pa", Num: f(8000), Unit: "Pa"}
	weight := kg.Attribute{Key: "weight_range", Path: "variants.weight_range", Kind: kg.KindString, Value: "6-11kg", Num: f(6), Max: f(11), Unit: "kg"}
	price := kg.Attribute{Key: "price_cny", Path: "variants.price_cny", Kind: kg.KindNumber, Value: "139", Num: f(139)}
	mustApply(t, s, kb, kg.Batch{At: t0, Entities: []kg.EntityUpsert{
		{ID: "P1", Type: "Product", Name: "吸尘器", Attributes: []kg.Attribute{suction}, Provenance: src("products.jsonl")},
		{ID: "P1-M", Type: "Variant", Name: "吸尘器 M", Attributes: []kg.Attribute{weight, price}, Channels: chans("suning"), Provenance: src("products.jsonl")},
	}, Relations: []kg.RelationUpsert{{From: "P1-M", Type: "VARIANT_OF", To: "P1", Provenance: src("products.jsonl")}}})
	p := mustEntity(t, s, kb, "P1", time.Time{})
	if a, ok := p.Attr("specs.吸力"); !ok || !a.Equal(suction) {
		t.Errorf("P1 specs.吸力 = %+v, want %+v", a, suction)
	}
	v := mustEntity(t, s, kb, "P1-M", time.Time{})
	for _, want := range []kg.Attribute{weight, price} {
		if a, ok := v.Attr(want.Key); !ok || !a.Equal(want) {
			t.Errorf("P1-M %s = %+v, want %+v", want.Key, a, want)
		}
	}
	if v.Type != "Variant" || len(v.Channels) != 1 || v.Channels[0] != "suning" {
		t.Errorf("P1-M = %s %v", v.Type, v.Channels)
	}
	ns, err := s.Neighbours(ctx, kb, "P1", kg.NeighbourQuery{RelationTypes: []string{"VARIANT_OF"}, Direction: kg.In})
	if err != nil || len(ns) != 1 || ns[0].Entity.ID != "P1-M" {
		t.Errorf("VARIANT_OF neighbours of P1 = %q, %v", neighbourIDs(ns), err)
	}
	// A new value without a measure drops the old one; the old version keeps it.
	plain := kg.Attribute{Key: "吸力", Path: "specs.吸力", Kind: kg.KindString, Value: "强劲"}
	mustApply(t, s, kb, kg.Batch{At: t1, Entities: []kg.EntityUpsert{{ID: "P1", Attributes: []kg.Attribute{plain}, Provenance: user("trainer")}}})
	cur, old := mustEntity(t, s, kb, "P1", time.Time{}), mustEntity(t, s, kb, "P1", t0)
	if a, _ := cur.Attr("吸力"); !a.Equal(plain) || a.Num != nil {
		t.Errorf("P1 吸力 after the edit = %+v, want %+v", a, plain)
	}
	if a, _ := old.Attr("吸力"); !a.Equal(suction) {
		t.Errorf("P1 吸力 as of before the edit = %+v, want %+v", a, suction)
	}
	nan := 0.0
	nan = nan / nan
	for _, bad := range []kg.Attribute{
		{Key: "吸力", Path: "specs[0].吸力", Value: "1Pa"},
		{Key: "吸力", Path: strings.Repeat("p", kg.MaxPathLen+1), Value: "1Pa"},
		{Key: "吸力", Value: "1Pa", Num: &nan},
		{Key: "吸力", Value: "1Pa", Max: f(1)},
	} {
		_, err := s.Apply(ctx, kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", Attributes: []kg.Attribute{bad}, Provenance: user("trainer")}}})
		if !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("Apply(attribute %+v) = %v, want ErrInvalid", bad, err)
		}
	}
}

// testPruneTraces: traces older than the cut-off are deleted oldest first,
// in batches of the limit, except the kept ones; other knowledge bases
// and newer traces stay.
func testPruneTraces(t *testing.T, s kg.Store) {
	p, ok := s.(kg.TracePruner)
	if !ok {
		t.Skipf("%T does not prune traces", s)
	}
	kb, other := NewKB(t), NewKB(t)
	ctx := context.Background()
	for i := range 7 {
		tr := kg.Trace{ID: fmt.Sprintf("a%d", i), CreatedAt: t0.Add(time.Duration(i) * time.Hour), Question: "q", Status: "ANSWERED",
			LinkedEntities: []string{"P1"}}
		if err := s.PutTrace(ctx, kb, tr); err != nil {
			t.Fatalf("PutTrace = %v", err)
		}
		if i < 2 {
			if err := s.PutTrace(ctx, other, tr); err != nil {
				t.Fatalf("PutTrace = %v", err)
			}
		}
	}
	if _, err := p.PruneTraces(ctx, kb, t0, nil, 0); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("PruneTraces(limit 0) = %v, want ErrInvalid", err)
	}
	cut := t0.Add(5 * time.Hour) // a0..a4 are older
	keep := map[string]bool{"a1": true}
	var got []int
	for range 4 {
		n, err := p.PruneTraces(ctx, kb, cut, keep, 2)
		if err != nil {
			t.Fatalf("PruneTraces = %v", err)
		}
		got = append(got, n)
		if n < 2 {
			break
		}
	}
	if fmt.Sprint(got) != "[2 2 0]" {
		t.Errorf("PruneTraces deleted %v per call, want [2 2 0]", got)
	}
	page, err := s.Traces(ctx, kb, kg.TraceQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tr := range page.Traces {
		ids = append(ids, tr.ID)
	}
	if strings.Join(ids, " ") != "a6 a5 a1" {
		t.Errorf("traces after pruning = %v, want [a6 a5 a1]", ids)
	}
	if _, err := s.Trace(ctx, kb, "a0"); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("Trace(pruned a0) = %v, want ErrNotFound", err)
	}
	if page, _ := s.Traces(ctx, other, kg.TraceQuery{}); len(page.Traces) != 2 {
		t.Errorf("other knowledge base has %d traces after pruning, want 2", len(page.Traces))
	}
	kbs, err := p.TraceKBs(ctx)
	if err != nil || !slices.Contains(kbs, kb) || !slices.Contains(kbs, other) {
		t.Errorf("TraceKBs = %v, %v; want %s and %s among them", kbs, err, kb, other)
	}
}
