package ingest_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kgrag/ingest"
	"kgrag/kg"
)

// A scheduled change does not fail a re-ingest: a changed record applies
// now and carries over into the scheduled version, and a record the store
// refuses (here: an entity that only exists from a scheduled date) is a
// warning naming it while the other records are written.
func TestReingestWithScheduledChanges(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	ctx := context.Background()
	v1 := `{"id": "P-1", "name": "一号", "price_cny": 100, "category": "精华"}` + "\n" +
		`{"id": "P-2", "name": "二号", "price_cny": 200, "category": "精华"}` + "\n"
	rep, err := e.ing.Ingest(ctx, e.kb, []ingest.Input{{ID: "products.jsonl", Data: []byte(v1)}}, ingest.RunOptions{})
	if err != nil || rep.Err() != nil {
		t.Fatalf("first ingest = %v, %v", err, rep.Err())
	}
	e.tick()
	future := e.clock.AddDate(1, 0, 0)
	if _, err := e.store.Apply(ctx, e.kb, kg.Batch{Entities: []kg.EntityUpsert{
		{ID: "P-1", ValidFrom: future, Attributes: []kg.Attribute{{Key: "price_cny", Kind: kg.KindNumber, Value: "90"}}},
		{ID: "P-3", Type: "Product", Name: "三号", ValidFrom: future},
	}}); err != nil {
		t.Fatal(err)
	}
	e.tick()
	v2 := `{"id": "P-1", "name": "一号", "price_cny": 100, "category": "精华", "attributes": {"净含量": "30ml"}}` + "\n" +
		`{"id": "P-2", "name": "二号", "price_cny": 180, "category": "精华"}` + "\n" +
		`{"id": "P-3", "name": "三号", "price_cny": 300, "category": "精华"}` + "\n"
	rep, err = e.ing.Ingest(ctx, e.kb, []ingest.Input{{ID: "products.jsonl", Data: []byte(v2)}}, ingest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Sources[0]
	if s.Action == ingest.ActionFailed {
		t.Fatalf("re-ingest failed as a whole: %v", s.Errors)
	}
	if !slices.ContainsFunc(s.Warnings, func(w string) bool {
		return strings.Contains(w, "products.jsonl:3") && strings.Contains(w, `"P-3"`) && strings.Contains(w, "scheduled version 1")
	}) {
		t.Errorf("warnings = %q, want one naming products.jsonl:3, P-3 and its scheduled version", s.Warnings)
	}
	if p2 := e.entity("P-2"); attrText(p2, "price_cny") != "180" {
		t.Errorf("P-2 price = %s, want 180 (the other records are written)", attrText(p2, "price_cny"))
	}
	if p1 := e.entity("P-1"); attrText(p1, "净含量") != "30ml" || attrText(p1, "price_cny") != "100" {
		t.Errorf("P-1 now = %+v", p1.Attributes)
	}
	later, err := e.store.Entity(ctx, e.kb, "P-1", future.Add(time.Hour))
	if err != nil || attrText(later, "price_cny") != "90" || attrText(later, "净含量") != "30ml" {
		t.Errorf("P-1 after its scheduled change = %+v, %v; want price 90 kept and 净含量 carried over", later.Attributes, err)
	}
	// The refused record is tried again by the next run.
	rep, err = e.ing.Ingest(ctx, e.kb, []ingest.Input{{ID: "products.jsonl", Data: []byte(v2)}}, ingest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Sources[0]; s.Action == ingest.ActionUnchanged || !slices.ContainsFunc(s.Warnings, func(w string) bool { return strings.Contains(w, `"P-3"`) }) {
		t.Errorf("second re-ingest = %+v, want P-3 tried (and refused) again", s)
	}
}

func attrText(e kg.Entity, k string) string {
	a, ok := e.Attr(k)
	if !ok {
		return "<none>"
	}
	return a.Text()
}
