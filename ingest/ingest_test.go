package ingest_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"kgrag/ingest"
	"kgrag/ingest/ingesttest"
	"kgrag/ingest/registry"
	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/kgtest/teststore"
	"kgrag/kg/memkg"
	"kgrag/retrieval"
)

type env struct {
	t     testing.TB
	store kg.Store
	idx   *ingesttest.Index
	reg   *registry.Docs // in the graph store, as the service keeps it
	ing   *ingest.Ingester
	kb    string
	clock time.Time
}

func newEnv(t testing.TB, opt ingest.Options) *env {
	t.Helper()
	return newEnvWith(t, nil, opt)
}

// newEnvWith builds the test env over store, or over a memkg store with
// the env's clock when store is nil.
func newEnvWith(t testing.TB, store kg.Store, opt ingest.Options) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{t: t, idx: ingesttest.NewIndex(), kb: "default", clock: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)}
	var err error
	if store == nil {
		store, err = memkg.Open(dir, memkg.Options{Now: func() time.Time { return e.clock }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
	} else {
		e.kb = kgtest.NewKB(t.(*testing.T))
		e.clock = time.Now().UTC().Truncate(time.Millisecond)
	}
	e.store = store
	e.reg = registry.NewDocs(store.(kg.Docs))
	opt.Now = func() time.Time { return e.clock }
	e.ing = ingest.New(e.store, e.idx, e.reg, opt)
	return e
}

func (e *env) tick() { e.clock = e.clock.Add(time.Hour) }

func (e *env) ingestPaths(opts ingest.RunOptions, paths ...string) *ingest.Report {
	e.t.Helper()
	ctx := context.Background()
	c, err := e.ing.Collect(ctx, e.kb, paths)
	if err != nil {
		e.t.Fatal(err)
	}
	rep, err := e.ing.Ingest(ctx, e.kb, c.Inputs, opts)
	if err != nil {
		e.t.Fatalf("Ingest: %v", err)
	}
	if len(c.Removed) > 0 {
		drep, err := e.ing.Delete(ctx, e.kb, c.Removed, opts)
		if err != nil {
			e.t.Fatalf("Delete: %v", err)
		}
		rep.Sources = append(rep.Sources, drep.Sources...)
	}
	return rep
}

func (e *env) entity(id string) kg.Entity {
	e.t.Helper()
	x, err := e.store.Entity(context.Background(), e.kb, id, time.Time{})
	if err != nil {
		e.t.Fatalf("Entity(%q): %v", id, err)
	}
	return x
}

func (e *env) hasRelation(from, typ, to string) bool {
	e.t.Helper()
	ns, err := e.store.Neighbours(context.Background(), e.kb, from, kg.NeighbourQuery{RelationTypes: []string{typ}, Direction: kg.Out})
	if err != nil {
		e.t.Fatal(err)
	}
	return slices.ContainsFunc(ns, func(n kg.Neighbour) bool { return n.Entity.ID == to })
}

func count(t *testing.T, s kg.Store, kb, typ string) int {
	t.Helper()
	p, err := s.Entities(context.Background(), kb, kg.EntityQuery{Type: typ, First: 1})
	if err != nil {
		t.Fatal(err)
	}
	return p.TotalCount
}

func TestDevKB(t *testing.T) {
	testDevKB(t, newEnv(t, ingest.Options{}))
}

// TestDevKBNeo4j ingests the dev knowledge base into Neo4j when
// KGRAG_NEO4J_URI is set (scripts/test.sh sets it).
func TestDevKBNeo4j(t *testing.T) {
	testDevKB(t, newEnvWith(t, teststore.Neo4j(t), ingest.Options{}))
}

func testDevKB(t *testing.T, e *env) {
	kbDir := ingesttest.DevKB(t)
	rep := e.ingestPaths(ingest.RunOptions{Actor: "test"}, kbDir)
	var buf bytes.Buffer
	rep.WriteText(&buf)
	t.Logf("first run:\n%s", buf.String())
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
	for typ, want := range map[string]int{"Product": 40, "Policy": 11, "FAQ": 34} {
		if got := count(t, e.store, e.kb, typ); got != want {
			t.Errorf("%s entities = %d, want %d", typ, got, want)
		}
	}
	for _, r := range [][3]string{
		{"LJ-1013", "REFILL_OF", "LJ-1012"},
		{"LJ-1006", "REPLACES", "LJ-1005"},
		{"lj-returns-2025", "SUPERSEDES", "lj-returns-2024"},
		{"LJ-1015", "PART_OF_SET", "LJ-1035"},
		{"LJ-1042", "COMPATIBLE_WITH", "LJ-1001"},
		{"LJ-1001", "IN_CATEGORY", "category:精华"},
		{"LJ-1001", "IN_SERIES", "series:水光系列"},
		{"LJ-1033", "AVAILABLE_ON", "channel:xiaohongshu"},
		{"LJ-1001", "CONTAINS_INGREDIENT", "ingredient:泛醇"},
	} {
		if !e.hasRelation(r[0], r[1], r[2]) {
			t.Errorf("relation %s -[%s]-> %s missing", r[0], r[1], r[2])
		}
	}
	if e.hasRelation("LJ-1033", "AVAILABLE_ON", "channel:wechat") {
		t.Errorf("LJ-1033 is available on wechat; want xiaohongshu only")
	}
	p := e.entity("LJ-1001")
	if a, _ := p.Attr("price_cny"); a.Kind != kg.KindNumber || a.Value != "259" {
		t.Errorf("LJ-1001 price_cny = %+v", a)
	}
	if a, _ := p.Attr("净含量"); a.Value != "30ml" {
		t.Errorf("LJ-1001 净含量 = %+v", a)
	}
	if a, _ := p.Attr("ingredients"); a.Kind != kg.KindList || len(a.List) != 4 {
		t.Errorf("LJ-1001 ingredients = %+v", a)
	}
	if !p.ValidFrom.Equal(kg.Always) || p.Provenance.Kind != kg.ProvSource || p.Provenance.Source != "products.jsonl" {
		t.Errorf("LJ-1001 validFrom %v provenance %+v; want kg.Always, SOURCE products.jsonl", p.ValidFrom, p.Provenance)
	}
	if !slices.ContainsFunc(p.Aliases, func(a kg.Alias) bool { return a.Text == "LANJI Hydra Hyaluronic Acid Serum" && a.Lang == "en" }) {
		t.Errorf("LJ-1001 aliases = %+v, want the English name", p.Aliases)
	}
	d := e.entity("LJ-1005")
	if a, _ := d.Attr("discontinued"); a.Kind != kg.KindDate || a.Value != "2025-06-30" {
		t.Errorf("LJ-1005 discontinued = %+v", a)
	}
	pol := e.entity("lj-douyin-aftersale")
	if !slices.Equal(pol.Channels, []string{"douyin"}) {
		t.Errorf("lj-douyin-aftersale channels = %v", pol.Channels)
	}
	old24 := e.entity("lj-returns-2024")
	if a, _ := old24.Attr("effective_to"); a.Value != "2025-06-30" {
		t.Errorf("lj-returns-2024 effective_to = %+v", a)
	}
	faq := e.entity("F001")
	if a, _ := faq.Attr("tags"); !slices.Equal(a.List, []string{"正品", "防伪", "渠道"}) {
		t.Errorf("F001 tags = %+v", a)
	}

	// Chunks: one per product and FAQ row, policies by section.
	byKind := map[string]int{}
	for _, c := range e.idx.Chunks(e.kb) {
		byKind[c.Kind]++
		if c.Hash == "" || c.SourceID == "" || len(c.EntityIDs) == 0 {
			t.Errorf("chunk %s lacks hash, source or entity ids: %+v", c.ID, c)
		}
	}
	if byKind["product"] != 40 || byKind["faq"] != 34 || byKind["policy"] < 11 {
		t.Errorf("chunks by kind = %v", byKind)
	}
	ch := e.idx.Chunks(e.kb, "products.jsonl")
	i := slices.IndexFunc(ch, func(c retrieval.Chunk) bool { return c.ID == "products.jsonl#LJ-1013" })
	if i < 0 {
		t.Fatal("no chunk for LJ-1013")
	}
	t.Logf("LJ-1013 chunk:\n%s\nentities %v", ch[i].Text, ch[i].EntityIDs)
	for _, want := range []string{"379元", "澜肌A醇紧致晚霜（LJ-1012）", "替换装", "天猫"} {
		if !strings.Contains(ch[i].Text, want) {
			t.Errorf("LJ-1013 chunk lacks %q", want)
		}
	}
	if !slices.Contains(ch[i].EntityIDs, "LJ-1012") {
		t.Errorf("LJ-1013 chunk entities %v lack LJ-1012", ch[i].EntityIDs)
	}
	pc := e.idx.Chunks(e.kb, "policies/lj-returns-2025.md")
	if len(pc) == 0 || pc[0].ValidFrom == nil || pc[0].ValidFrom.Format(time.DateOnly) != "2025-07-01" || pc[0].ValidTo != nil {
		t.Fatalf("lj-returns-2025 chunks validity wrong: %+v", pc)
	}
	old := e.idx.Chunks(e.kb, "policies/lj-returns-2024.md")
	if old[0].ValidTo == nil || old[0].ValidTo.Format(time.DateOnly) != "2025-07-01" {
		t.Errorf("lj-returns-2024 chunk ValidTo = %v, want 2025-07-01 (the day after effective_to)", old[0].ValidTo)
	}
	if len(pc) != 8 || pc[2].HeadingPath[1] != "二、质量问题退换货" || !strings.HasPrefix(pc[2].Text, "1. 签收后30天内") {
		t.Errorf("lj-returns-2025 chunk 2 = %v %q", pc[2].HeadingPath, clip(pc[2].Text))
	}

	// Second run: nothing changes.
	e.tick()
	e.idx.Reset()
	rep = e.ingestPaths(ingest.RunOptions{Actor: "test"}, kbDir)
	buf.Reset()
	rep.WriteText(&buf)
	t.Logf("second run:\n%s", buf.String())
	if rep.Changed() || rep.Count(ingest.ActionUnchanged) != 13 || e.idx.Indexed != 0 || e.idx.Deleted != 0 {
		t.Errorf("second run changed something: %+v, index %d/%d", rep.Sources, e.idx.Indexed, e.idx.Deleted)
	}
	if !strings.Contains(buf.String(), "no changes") {
		t.Errorf("second run output lacks 'no changes':\n%s", buf.String())
	}
}

func clip(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

var _ = os.ReadFile

var zeroTime time.Time

func containsStr(xs []string, s string) bool { return slices.Contains(xs, s) }

func TestValuesCheckedBeforeWriting(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	crlf := ingest.Input{ID: "policies/p.md", Data: []byte("---\r\nid: p\r\ntitle: 政策\r\n---\r\n# 政策\r\n\r\n正文。\r\n")}
	ctrl := ingest.Input{ID: "faq.csv", Data: []byte("id,question,answer\nF1,好问题,好答案\nF2,问题,答案\x0b里有控制字符\n")}
	rep, err := e.ing.Ingest(context.Background(), e.kb, []ingest.Input{crlf, ctrl}, ingest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Sources[0]; s.Action != ingest.ActionNew {
		t.Errorf("CRLF policy: %s %v", s.Action, s.Errors)
	}
	if s := rep.Sources[1]; s.Action != ingest.ActionFailed || !strings.Contains(strings.Join(s.Errors, ""), "faq.csv:3:") {
		t.Errorf("control character: %s %v, want FAILED at faq.csv:3", s.Action, s.Errors)
	}
	if _, err := e.store.Entity(context.Background(), e.kb, "F1", time.Time{}); err == nil {
		t.Errorf("F1 of the rejected source was written")
	}
}
