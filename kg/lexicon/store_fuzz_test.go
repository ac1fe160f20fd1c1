package lexicon_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"kgrag/ingest"
	"kgrag/kg"
	"kgrag/retrieval/answer"
	"kgrag/service"
)

// FuzzStoredLexicon replaces one stored document of a knowledge base's
// lexicon (its header, a part, or the synonyms: a damaged or foreign
// record) with arbitrary bytes, then loads the lexicon and asks questions
// over it: loading returns an error or a lexicon, and answering never
// panics. Seeds: the documents a real build of a small catalog writes.
func FuzzStoredLexicon(f *testing.F) {
	ctx := context.Background()
	svc, err := service.New(ctx, service.Config{DataDir: f.TempDir(), NoSync: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(svc.Close)
	docs := svc.Store.(kg.Docs)
	const seedKB = "seed"
	if _, err := svc.Ingester.Ingest(ctx, seedKB, []ingest.Input{
		{ID: "products.jsonl", Data: []byte(`{"id": "ML-1", "name": "摩卡咖啡机 M1", "name_en": "Moka M1", "category": "咖啡机", "price_cny": 2899, "specs": {"功率": "1200W", "水箱": "1.5L"}, "channels": ["tmall"]}` + "\n" +
			`{"id": "ML-2", "name": "M1 替换滤网", "category": "配件", "price_cny": 49, "related": [{"type": "compatible_with", "id": "ML-1"}]}`)},
		{ID: "faq.csv", Data: []byte("id,question,answer\nQ1,保修多久？,咖啡机保修2年。\n")},
	}, ingest.RunOptions{}); err != nil {
		f.Fatal(err)
	}
	if _, err := svc.Lexicon.AddSynonym(ctx, seedKB, "tina", kg.Synonym{Term: "多大功率", Kind: kg.SynAttribute, Target: "功率"}, 0); err != nil {
		f.Fatal(err)
	}
	// Warm the engine (dictionaries load on first use), so that one input
	// stays well under the fuzzer's time limit per input.
	if _, err := svc.Engine.Ask(ctx, answer.Request{KB: seedKB, Question: "M1多大功率"}); err != nil {
		f.Fatal(err)
	}
	seed, err := docs.ListDocs(ctx, seedKB, "lexicon", "", kg.MaxDocList)
	if err != nil || len(seed) < 3 {
		f.Fatalf("seed lexicon documents: %d, %v", len(seed), err)
	}
	for i, d := range seed {
		f.Add(uint8(i), d.Data)
	}
	f.Add(uint8(0), []byte(`{"kb":"x","stamp":"s","parts":2147483647}`))
	f.Add(uint8(1), []byte(`{"stamp":"s","entities":[{"id":"","names":["",""]}],"attributes":[{"key":""}]}`))

	var seq atomic.Int64
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		kb := fmt.Sprintf("fz%d", seq.Add(1))
		for _, d := range seed {
			if _, err := docs.PutDoc(ctx, kb, "lexicon", d.ID, d.Data, kg.AnyVersion); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := docs.PutDoc(ctx, kb, "lexicon", seed[int(which)%len(seed)].ID, data, kg.AnyVersion); err != nil {
			return
		}
		if _, err := svc.Lexicon.Lexicon(ctx, kb); err != nil {
			return
		}
		for _, q := range []string{"M1多大功率", "摩卡咖啡机 M1 多少钱？", "3000以内的咖啡机", "M1 替换滤网适用哪款？", "保修多久"} {
			_, _ = svc.Engine.Ask(ctx, answer.Request{KB: kb, Question: q})
		}
	})
}
