package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kgrag/feedback"
	"kgrag/ingest"
	"kgrag/ingest/ingesttest"
	"kgrag/kg"
	"kgrag/kg/kgtest/teststore"
	"kgrag/kg/lexicon"
)

// catalogV1 has the catalog shapes of a brand unlike the dev set's: nested
// specs (one nested deeper), SKU variants, an unknown channel code, units,
// and a policy that applies to a category of the catalog.
var catalogV1 = map[string]string{
	"products.jsonl": `{"id": "BW-2004", "name": "贝窝电动双边吸奶器", "category": "吸奶器", "price_cny": 599, "channels": ["tmall", "suning"], ` +
		`"attributes": {"保修期": "1年", "净含量": "1台"}, "specs": {"吸力": "-300mmHg", "噪音": "≤45dB", "吸力档位": "9档", "尺寸": {"长": "20cm", "重量": "约230g"}}}` + "\n" +
		`{"id": "BW-3001", "name": "贝窝云柔纸尿裤", "name_en": "BEIWO Cloud Diapers", "category": "纸尿裤", "price_cny": 139, "channels": ["tmall", "douyin"], ` +
		`"specs": {"夜间吸收": "约12小时"}, "variants": [` +
		`{"sku": "BW-3001-S", "size": "S", "weight_range": "4-8kg", "count": 72, "price_cny": 139}, ` +
		`{"sku": "BW-3001-M", "size": "M", "weight_range": "6-11kg", "count": 62, "price_cny": 139}, ` +
		`{"sku": "BW-3001-L", "size": "L", "weight_range": "9-14kg", "count": 52, "price_cny": 139}]}` + "\n",
	"policies/diaper-returns.md": "---\nid: bw-diaper-returns\ntitle: 纸尿裤退货\napplies_to: [纸尿裤]\n---\n\n整箱纸尿裤可按未拆封单包退货。\n",
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCatalogShapes(t *testing.T) {
	testCatalogShapes(t, nil)
}

// TestCatalogShapesNeo4j runs the same against Neo4j when KGRAG_NEO4J_URI
// is set (scripts/test.sh sets it).
func TestCatalogShapesNeo4j(t *testing.T) {
	testCatalogShapes(t, teststore.Neo4j(t))
}

func numText(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}

func testCatalogShapes(t *testing.T, store kg.Store) {
	e := newEnvWith(t, store, ingest.Options{})
	fb, err := feedback.New(e.store)
	if err != nil {
		t.Fatal(err)
	}
	fb.Now = func() time.Time { return e.clock }
	e.ing = ingest.New(e.store, e.idx, e.reg, ingest.Options{Corrections: fb, Now: func() time.Time { return e.clock }})
	// A server store reads "now" by its own clock: there the test moves on
	// in real time, the embedded one by its test clock.
	advance := e.tick
	if store != nil {
		advance = func() {
			time.Sleep(10 * time.Millisecond)
			e.clock = time.Now().UTC().Truncate(time.Millisecond)
		}
	}
	ctx := context.Background()
	dir := t.TempDir()
	writeFiles(t, dir, catalogV1)

	rep := e.ingestPaths(ingest.RunOptions{Actor: "test"}, dir)
	if err := rep.Err(); err != nil {
		t.Fatalf("ingest: %v", err)
	}

	// Nested objects are attributes with their paths and parsed units.
	p := e.entity("BW-2004")
	attrs := []struct{ key, path, value, num, max, unit string }{
		{"吸力", "specs.吸力", "-300mmHg", "-300", "-", "mmHg"},
		{"噪音", "specs.噪音", "≤45dB", "45", "-", "dB"},
		{"吸力档位", "specs.吸力档位", "9档", "9", "-", "档"},
		{"长", "specs.尺寸.长", "20cm", "20", "-", "cm"},
		{"重量", "specs.尺寸.重量", "约230g", "230", "-", "g"},
		{"保修期", "", "1年", "1", "-", "年"},
		{"price_cny", "", "599", "599", "-", ""},
	}
	for _, w := range attrs {
		name := w.key
		if w.path != "" {
			name = w.path
		}
		a, ok := p.Attr(name)
		if !ok || a.Key != w.key || a.Path != w.path || a.Value != w.value || numText(a.Num) != w.num || numText(a.Max) != w.max || a.Unit != w.unit {
			t.Errorf("BW-2004 %s = %+v (num %s max %s); want %+v", name, a, numText(a.Num), numText(a.Max), w)
		}
	}
	// An unknown channel code loads as a channel named by its code.
	if strings.Join(p.Channels, ",") != "suning,tmall" || !e.hasRelation("BW-2004", "AVAILABLE_ON", "channel:suning") {
		t.Errorf("BW-2004 channels = %v, AVAILABLE_ON suning: %v", p.Channels, e.hasRelation("BW-2004", "AVAILABLE_ON", "channel:suning"))
	}
	if ch := e.entity("channel:suning"); ch.Type != "Channel" || ch.Name != "suning" {
		t.Errorf("channel:suning = %s %q", ch.Type, ch.Name)
	}

	// Lists of objects are Variant entities, VARIANT_OF their product.
	for _, sku := range []string{"BW-3001-S", "BW-3001-M", "BW-3001-L"} {
		if !e.hasRelation(sku, "VARIANT_OF", "BW-3001") {
			t.Errorf("%s -[VARIANT_OF]-> BW-3001 missing", sku)
		}
	}
	m := e.entity("BW-3001-M")
	if m.Type != "Variant" || m.Name != "贝窝云柔纸尿裤 M" || strings.Join(m.Channels, ",") != "douyin,tmall" ||
		len(m.Aliases) != 1 || m.Aliases[0].Text != "BEIWO Cloud Diapers M" {
		t.Errorf("BW-3001-M = %s %q channels %v aliases %v", m.Type, m.Name, m.Channels, m.Aliases)
	}
	for _, w := range []struct{ key, path, kind, value, num, max, unit string }{
		{"price_cny", "variants.price_cny", "NUMBER", "139", "139", "-", ""},
		{"count", "variants.count", "NUMBER", "62", "62", "-", ""},
		{"weight_range", "variants.weight_range", "STRING", "6-11kg", "6", "11", "kg"},
		{"size", "variants.size", "STRING", "M", "-", "-", ""},
	} {
		a, ok := m.Attr(w.key)
		if !ok || a.Path != w.path || string(a.Kind) != w.kind || a.Value != w.value || numText(a.Num) != w.num || numText(a.Max) != w.max || a.Unit != w.unit {
			t.Errorf("BW-3001-M %s = %+v; want %+v", w.key, a, w)
		}
	}
	if n := count(t, e.store, e.kb, "Variant"); n != 3 {
		t.Errorf("%d Variant entities, want 3", n)
	}
	// The policy's applies_to names a category of the catalog.
	if !e.hasRelation("bw-diaper-returns", "APPLIES_TO", "category:纸尿裤") {
		t.Errorf("bw-diaper-returns -[APPLIES_TO]-> category:纸尿裤 missing")
	}
	// The knowledge base's lexicon holds the flattened keys with their
	// paths and units, the variants with their product, the new channel.
	lex, err := lexicon.Build(ctx, e.store, e.kb)
	if err != nil {
		t.Fatalf("lexicon.Build = %v", err)
	}
	var suction *kg.LexAttribute
	for i := range lex.Attributes {
		if lex.Attributes[i].Key == "吸力" {
			suction = &lex.Attributes[i]
		}
	}
	if suction == nil || !slices.Contains(suction.Paths, "specs.吸力") || !slices.Contains(suction.Units, "mmHg") {
		t.Errorf("lexicon attribute 吸力 = %+v, want path specs.吸力 and unit mmHg", suction)
	}
	if !slices.ContainsFunc(lex.Entities, func(le kg.LexEntity) bool {
		return le.ID == "BW-3001-M" && le.Type == "Variant" && le.Parent == "BW-3001"
	}) {
		t.Errorf("lexicon entities lack the variant BW-3001-M of BW-3001: %+v", lex.Entities)
	}
	if !slices.ContainsFunc(lex.Channels, func(c kg.LexChannel) bool { return c.Code == "suning" }) {
		t.Errorf("lexicon channels = %+v, want suning", lex.Channels)
	}

	// The product's chunk tells its variants.
	var chunkText string
	for _, c := range e.idx.Chunks(e.kb, "products.jsonl") {
		if c.ID == "products.jsonl#BW-3001" {
			chunkText = c.Text
		}
	}
	if !strings.Contains(chunkText, "规格 BW-3001-M（贝窝云柔纸尿裤 M）：size：M，weight_range：6-11kg，count：62，价格：139元") ||
		!strings.Contains(chunkText, "夜间吸收：约12小时") {
		t.Errorf("BW-3001 chunk:\n%s", chunkText)
	}

	// Re-ingesting the unchanged catalog writes nothing.
	advance()
	rep = e.ingestPaths(ingest.RunOptions{Actor: "test"}, dir)
	for _, s := range rep.Sources {
		if s.Action != ingest.ActionUnchanged {
			t.Errorf("unchanged re-ingest: %s %s", s.ID, s.Action)
		}
	}
	if v := e.entity("BW-3001-M"); v.Version != m.Version {
		t.Errorf("BW-3001-M version %d after an unchanged re-ingest, want %d", v.Version, m.Version)
	}

	// An approved correction of a spec, named by its path.
	advance()
	c, err := fb.Submit(ctx, e.kb, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "BW-2004", Key: "specs.噪音"},
		NewValue: "≤42dB", Reason: "详情页已更新"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fb.Approve(ctx, e.kb, "trainer", c.ID, ""); err != nil {
		t.Fatal(err)
	}
	beforeChange := e.clock

	// The catalog changes: BW-3001-L is gone, BW-2004's price changed
	// (its record is written again, still saying ≤45dB).
	advance()
	v2 := strings.Replace(catalogV1["products.jsonl"], `, {"sku": "BW-3001-L", "size": "L", "weight_range": "9-14kg", "count": 52, "price_cny": 139}`, "", 1)
	v2 = strings.Replace(v2, `"price_cny": 599`, `"price_cny": 629`, 1)
	if v2 == catalogV1["products.jsonl"] {
		t.Fatal("the edit changed nothing")
	}
	writeFiles(t, dir, map[string]string{"products.jsonl": v2})
	rep = e.ingestPaths(ingest.RunOptions{Actor: "test"}, dir)
	if err := rep.Err(); err != nil {
		t.Fatalf("changed ingest: %v", err)
	}

	// The removed variant is retired, its history kept.
	if l := e.entity("BW-3001-L"); l.Status != kg.StatusRetired {
		t.Errorf("BW-3001-L status %s, want RETIRED", l.Status)
	}
	old, err := e.store.Entity(ctx, e.kb, "BW-3001-L", beforeChange)
	if err != nil || old.Status != kg.StatusActive || old.Name != "贝窝云柔纸尿裤 L" {
		t.Errorf("BW-3001-L as of before the change = %+v, %v; want the active variant", old, err)
	}
	h, err := e.store.History(ctx, e.kb, "BW-3001-L")
	if err != nil || len(h.Entities) != 2 {
		t.Errorf("History(BW-3001-L) = %d versions, %v; want 2", len(h.Entities), err)
	}
	if e.hasRelation("BW-3001-L", "VARIANT_OF", "BW-3001") {
		t.Errorf("BW-3001-L is still VARIANT_OF BW-3001")
	}
	if !e.hasRelation("BW-3001-M", "VARIANT_OF", "BW-3001") {
		t.Errorf("BW-3001-M lost its VARIANT_OF")
	}
	if v := e.entity("BW-3001-M"); v.Version != m.Version || v.Status != kg.StatusActive {
		t.Errorf("BW-3001-M = v%d %s after the change, want v%d ACTIVE (its record did not change)", v.Version, v.Status, m.Version)
	}

	// The correction of the spec survives, with its path and unit.
	p = e.entity("BW-2004")
	if a, _ := p.Attr("噪音"); a.Value != "≤42dB" || a.Path != "specs.噪音" || numText(a.Num) != "42" || a.Unit != "dB" {
		t.Errorf("BW-2004 噪音 after the changed re-ingest = %+v; want the corrected ≤42dB at specs.噪音", a)
	}
	if a, _ := p.Attr("price_cny"); a.Value != "629" || numText(a.Num) != "629" {
		t.Errorf("BW-2004 price_cny = %+v; want the source's new 629", a)
	}
	var kept bool
	for _, s := range rep.Sources {
		for _, w := range s.Warnings {
			kept = kept || strings.Contains(w, "BW-2004.噪音") && strings.Contains(w, c.ID)
		}
	}
	if !kept {
		t.Errorf("the report does not say the correction was kept: %+v", rep.Sources)
	}
}

// TestCatalogRejectedWhole: a catalog with one malformed variant is
// refused with the line and path, and nothing of it is written.
func TestCatalogRejectedWhole(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	dir := t.TempDir()
	bad := strings.Replace(catalogV1["products.jsonl"], `"count": 52, "price_cny": 139}`, `"count": 52, "price_cny": "abc"}`, 1)
	writeFiles(t, dir, map[string]string{"products.jsonl": bad})
	rep := e.ingestPaths(ingest.RunOptions{Actor: "test"}, dir)
	err := rep.Err()
	if err == nil || !strings.Contains(err.Error(), `products.jsonl:2: variants[2].price_cny: "abc" is not a number`) {
		t.Fatalf("ingest of a bad variant = %v; want the line and path", err)
	}
	for _, typ := range []string{"Product", "Variant", "Channel", "Category"} {
		if n := count(t, e.store, e.kb, typ); n != 0 {
			t.Errorf("%d %s entities written from a rejected source", n, typ)
		}
	}
}

// TestDev2KB loads the second dev set (nested specs, SKU variants) with no
// errors, and again with nothing changed.
func TestDev2KB(t *testing.T) {
	kbDir := ingesttest.EvalKB(t, "dev2")
	e := newEnv(t, ingest.Options{})
	rep := e.ingestPaths(ingest.RunOptions{Actor: "test"}, kbDir)
	if err := rep.Err(); err != nil {
		t.Fatalf("ingest dev2: %v", err)
	}
	for _, s := range rep.Sources {
		if s.Action != ingest.ActionNew || len(s.Errors) > 0 {
			t.Errorf("%s: %s %v", s.ID, s.Action, s.Errors)
		}
	}
	if n := count(t, e.store, e.kb, "Variant"); n != 27 {
		t.Errorf("%d variants, want 27", n)
	}
	m := e.entity("BW-3001-M")
	if a, _ := m.Attr("weight_range"); m.Name != "贝窝云柔纸尿裤 M" || a.Unit != "kg" || numText(a.Max) != "11" {
		t.Errorf("BW-3001-M = %q, weight_range %+v", m.Name, a)
	}
	pump := e.entity("BW-2004")
	if a, ok := pump.Attr("specs.噪音"); !ok || a.Value != "≤45dB" || numText(a.Num) != "45" {
		t.Errorf("BW-2004 specs.噪音 = %+v", a)
	}
	e.tick()
	rep = e.ingestPaths(ingest.RunOptions{Actor: "test"}, kbDir)
	for _, s := range rep.Sources {
		if s.Action != ingest.ActionUnchanged {
			t.Errorf("second run: %s %s", s.ID, s.Action)
		}
	}
}
