package ingest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"kgrag/ingest"
	"kgrag/ingest/extract"
	"kgrag/kg"
)

func TestExtraction(t *testing.T) {
	answer := `{"entities":[{"name":"摩卡云","type":"Brand","aliases":["Moka Cloud"],"confidence":0.9},
		{"name":"咖啡机","type":"Category","confidence":0.95},{"name":"猜的","type":"Concept","confidence":0.2}],
		"relations":[{"from":"摩卡云","type":"RELATED_TO","to":"咖啡机","confidence":0.8},
		{"from":"摩卡云","type":"RELATED_TO","to":"不存在","confidence":0.9}]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"id": "x", "object": "chat.completion", "choices": []map[string]any{
			{"index": 0, "message": map[string]any{"role": "assistant", "content": answer}}}})
	}))
	defer srv.Close()
	llm, err := extract.New(extract.Config{BaseURL: srv.URL + "/v1", APIKey: "k", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, ingest.Options{Extractor: llm})
	ctx := context.Background()
	products := ingest.Input{ID: "products.jsonl", Data: []byte(`{"id": "M1", "name": "咖啡机M1", "price_cny": 1999, "category": "咖啡机"}`)}
	doc := ingest.Input{ID: "news.md", Data: []byte("# 新闻\n\n摩卡云发布了新的咖啡机。\n")}
	rep, err := e.ing.Ingest(ctx, e.kb, []ingest.Input{products, doc}, ingest.RunOptions{})
	if err != nil || rep.Err() != nil {
		t.Fatalf("Ingest: %v %v", err, rep.Err())
	}
	b := e.entity("x:摩卡云")
	if b.Type != "Brand" || b.Provenance.Kind != kg.ProvExtracted || b.Provenance.Confidence != 0.9 || b.Provenance.Source != "news.md" {
		t.Errorf("extracted entity = %+v", b)
	}
	if !e.hasRelation("x:摩卡云", "RELATED_TO", "category:咖啡机") {
		t.Errorf("extracted relation to the existing category missing")
	}
	if _, err := e.store.Entity(ctx, e.kb, "x:猜的", zeroTime); err == nil {
		t.Errorf("a proposal below the confidence threshold was stored")
	}
	if c := e.entity("category:咖啡机"); c.Version != 1 || c.Provenance.Kind != kg.ProvSource {
		t.Errorf("an existing entity was changed by extraction: %+v", c)
	}
	// The news chunk links the extracted entity.
	ch := e.idx.Chunks(e.kb, "news.md")
	if len(ch) != 1 || !containsStr(ch[0].EntityIDs, "x:摩卡云") {
		t.Errorf("news chunk = %+v", ch)
	}
	// Removing the source retires what only it supported.
	if _, err := e.ing.Delete(ctx, e.kb, []string{"news.md"}, ingest.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if e.entity("x:摩卡云").Status != kg.StatusRetired || e.entity("category:咖啡机").Status != kg.StatusActive {
		t.Errorf("after delete: extracted entity not retired, or the category was")
	}
}
