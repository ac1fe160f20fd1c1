package ingest_test

import (
	"context"
	"slices"
	"testing"

	"kgrag/ingest"
	"kgrag/kg"
	"kgrag/kg/lexicon"
)

// rebuilds counts the lexicon rebuilds ingest asks for.
type rebuilds struct {
	svc *lexicon.Service
	kbs []string
}

func (r *rebuilds) Rebuild(ctx context.Context, kb string) (*kg.Lexicon, error) {
	r.kbs = append(r.kbs, kb)
	return r.svc.Rebuild(ctx, kb)
}

// TestLexiconRebuild: a run that changed something rebuilds the
// knowledge base's lexicon; an unchanged run does not; a delete does.
func TestLexiconRebuild(t *testing.T) {
	ctx := context.Background()
	lx := &rebuilds{}
	e := newEnv(t, ingest.Options{Lexicon: lx})
	svc, err := lexicon.New(e.store)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	lx.svc = svc
	products := []ingest.Input{{ID: "products.jsonl", Origin: "inline", Data: []byte(
		`{"id": "KT-1", "name": "暖风电水壶 K5", "name_en": "WarmBreeze Kettle K5", "category": "电水壶", "price_cny": 199, "channels": ["tmall"], "attributes": {"容量": "1.7L"}}` + "\n")}}

	run := func(in []ingest.Input) {
		t.Helper()
		rep, err := e.ing.Ingest(ctx, e.kb, in, ingest.RunOptions{Actor: "test"})
		if err != nil || rep.Err() != nil {
			t.Fatalf("Ingest = %v, %v", err, rep.Err())
		}
	}
	run(products)
	if !slices.Equal(lx.kbs, []string{e.kb}) {
		t.Fatalf("rebuilds after the first run = %v, want one", lx.kbs)
	}
	l, err := svc.Lexicon(ctx, e.kb)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(l.Groups, func(g kg.LexGroup) bool { return g.Name == "电水壶" && g.Members == 1 }) ||
		!slices.ContainsFunc(l.Attributes, func(a kg.LexAttribute) bool { return a.Key == "容量" }) ||
		!slices.ContainsFunc(l.Entities, func(x kg.LexEntity) bool { return x.ID == "KT-1" && slices.Contains(x.Codes, "K5") }) ||
		!slices.Contains(l.Words, kg.LexWord{Text: "WarmBreeze Kettle K5", ZH: "暖风电水壶 K5"}) {
		t.Errorf("lexicon after ingest = %+v", l)
	}

	run(products)
	if len(lx.kbs) != 1 {
		t.Errorf("an unchanged run rebuilt the lexicon (%d rebuilds)", len(lx.kbs))
	}

	e.tick()
	if _, err := e.ing.Delete(ctx, e.kb, []string{"products.jsonl"}, ingest.RunOptions{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if len(lx.kbs) != 2 {
		t.Fatalf("rebuilds after a delete = %d, want 2", len(lx.kbs))
	}
	if l, _ := svc.Lexicon(ctx, e.kb); slices.ContainsFunc(l.Entities, func(x kg.LexEntity) bool { return x.ID == "KT-1" }) {
		t.Errorf("deleted product still in the lexicon")
	}
}
