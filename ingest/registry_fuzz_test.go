package ingest_test

import (
	"context"
	"encoding/json"
	"testing"

	"kgrag/ingest"
	"kgrag/ingest/registry"
)

// FuzzRegistryRecord gives a source an arbitrary registry record (a
// damaged or foreign sources.db) and re-ingests, changes and deletes the
// source: every run reports or fails, never panics. Seeds: the records
// ingest writes for a new, a changed and a failed source.
func FuzzRegistryRecord(f *testing.F) {
	ctx := context.Background()
	faq := []byte("id,question,answer\nQ1,保修多久？,保修2年。\nQ2,几天发货？,48小时内。\n")
	e := newEnv(f, ingest.Options{})
	for _, data := range [][]byte{faq, []byte("id,question,answer\nQ1,保修多久？,保修3年。\n"), []byte("id,question\n")} {
		if _, err := e.ing.Ingest(ctx, e.kb, []ingest.Input{{ID: "faq.csv", Data: data}}, ingest.RunOptions{}); err != nil {
			f.Fatal(err)
		}
		src, err := e.reg.Source(ctx, e.kb, "faq.csv")
		if err != nil {
			f.Fatal(err)
		}
		b, _ := json.Marshal(src)
		f.Add(b)
	}
	f.Add([]byte(`{"id":"faq.csv","status":"DELETING","entities":{"Q1":"x","../..":"y","":""},"relations":{"a\u0000b":"","Q1\u0000FAQ_OF\u0000Q1":"h"},"chunks":{"c":"h"}}`))
	f.Add([]byte(`{"id":"faq.csv","status":"IN_PROGRESS","pendingHash":"zz","entities":{"Q1":""}}`))

	f.Fuzz(func(t *testing.T, record []byte) {
		var src registry.Source
		if err := json.Unmarshal(record, &src); err != nil {
			return // Source() reports a record that does not decode
		}
		e := newEnv(t, ingest.Options{})
		if _, err := e.ing.Ingest(ctx, e.kb, []ingest.Input{{ID: "faq.csv", Data: faq}}, ingest.RunOptions{}); err != nil {
			t.Fatal(err)
		}
		src.KB, src.ID = e.kb, "faq.csv"
		if err := e.reg.PutSource(ctx, src); err != nil {
			return
		}
		_, _ = e.reg.Sources(ctx, e.kb)
		_, _ = e.ing.Ingest(ctx, e.kb, []ingest.Input{{ID: "faq.csv", Data: faq}}, ingest.RunOptions{})
		_, _ = e.ing.Ingest(ctx, e.kb, []ingest.Input{{ID: "faq.csv", Data: []byte("id,question,answer\nQ1,保修多久？,保修3年。\n")}}, ingest.RunOptions{})
		_, _ = e.ing.Delete(ctx, e.kb, []string{"faq.csv"}, ingest.RunOptions{})
	})
}
