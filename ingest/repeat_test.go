package ingest_test

import (
	"context"
	"strings"
	"testing"

	"kgrag/ingest"
)

// TestRepeatedSourceInOneCall: a source id given twice in one call is not
// dropped silently: with the same content it is ingested once with a
// warning naming both positions; with different content it fails with an
// error naming both, and nothing of it is written.
func TestRepeatedSourceInOneCall(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	faq := func(a string) []byte { return []byte("id,question,answer\nQ1,保修多久？," + a + "\n") }
	rep, err := e.ing.Ingest(context.Background(), e.kb, []ingest.Input{
		{ID: "faq.csv", Data: faq("保修2年。")},
		{ID: "other.csv", Data: []byte("id,question,answer\nQ2,几天发货？,48小时内发货。\n")},
		{ID: "faq.csv", Data: faq("保修2年。")},
		{ID: "faq2.csv", Data: []byte("id,question,answer\nQ3,a？,b。\n")},
		{ID: "faq2.csv", Data: []byte("id,question,answer\nQ3,a？,c。\n")},
	}, ingest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]ingest.SourceResult{}
	for _, s := range rep.Sources {
		got[s.ID] = s
	}
	if len(rep.Sources) != 3 {
		t.Fatalf("report has %d sources, want 3: %+v", len(rep.Sources), rep.Sources)
	}
	if s := got["faq.csv"]; s.Action != ingest.ActionNew || strings.Join(s.Warnings, ";") != "faq.csv: given 2 times in this call (sources 1, 3) with the same content; ingested once" {
		t.Errorf("faq.csv = %s %q, want NEW with a warning naming sources 1 and 3", s.Action, s.Warnings)
	}
	if s := got["faq2.csv"]; s.Action != ingest.ActionFailed || len(s.Errors) != 1 || !strings.Contains(s.Errors[0], "sources 4, 5") {
		t.Errorf("faq2.csv = %s %q, want FAILED with an error naming sources 4 and 5", s.Action, s.Errors)
	}
	if n := len(e.idx.Chunks(e.kb, "faq2.csv")); n != 0 {
		t.Errorf("faq2.csv has %d chunks, want none written", n)
	}
}

// TestRepeatedIDAcrossSources: an entity id two sources of one call give
// different records for is applied from the first, and the second source's
// report warns naming both lines; the same record twice (a category two
// catalogs name) is no warning.
func TestRepeatedIDAcrossSources(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	rep, err := e.ing.Ingest(context.Background(), e.kb, []ingest.Input{
		{ID: "a/products.jsonl", Data: []byte(`{"id": "P-1", "name": "a", "category": "机器", "price_cny": 1}`)},
		{ID: "b/products.jsonl", Data: []byte(`{"id": "P-2", "name": "b", "category": "机器", "price_cny": 2}` + "\n" + `{"id": "P-1", "name": "c", "category": "机器", "price_cny": 3}`)},
	}, ingest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := rep.Sources[0].Warnings; len(w) != 0 {
		t.Errorf("a/products.jsonl warnings = %q, want none", w)
	}
	if w := rep.Sources[1].Warnings; len(w) != 1 || w[0] != `b/products.jsonl:2: id "P-1" is also in a/products.jsonl:1 of this call, which was applied; this record was not` {
		t.Errorf("b/products.jsonl warnings = %q, want one naming both lines", w)
	}
	if got := e.entity("P-1").Name; got != "a" {
		t.Errorf("P-1 = %q, want the first record's a", got)
	}
}
