package ingest_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kgrag/ingest"
	"kgrag/ingest/ingesttest"
	"kgrag/ingest/registry"
	"kgrag/kg"
	"kgrag/retrieval"
)

// copyDir copies the dev knowledge base into a temporary directory the
// test may edit.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func actions(rep *ingest.Report) map[ingest.Action][]string {
	out := map[ingest.Action][]string{}
	for _, s := range rep.Sources {
		out[s.Action] = append(out[s.Action], s.ID)
	}
	return out
}

func TestIncremental(t *testing.T) {
	dir := copyDir(t, ingesttest.DevKB(t))
	e := newEnv(t, ingest.Options{})
	if err := e.ingestPaths(ingest.RunOptions{}, dir).Err(); err != nil {
		t.Fatal(err)
	}
	firstIngest := e.clock

	t.Run("edit one policy", func(t *testing.T) {
		e.tick()
		e.idx.Reset()
		edit(t, filepath.Join(dir, "policies", "lj-invoice.md"), "180天", "365天")
		rep := e.ingestPaths(ingest.RunOptions{}, dir)
		a := actions(rep)
		if !slices.Equal(a[ingest.ActionChanged], []string{"policies/lj-invoice.md"}) || len(a[ingest.ActionUnchanged]) != 12 {
			t.Fatalf("actions = %v, want only lj-invoice.md changed", a)
		}
		// Only the edited section's chunk is re-indexed.
		if e.idx.Indexed != 1 || e.idx.Deleted != 0 {
			t.Errorf("index: %d indexed, %d deleted; want 1, 0", e.idx.Indexed, e.idx.Deleted)
		}
		pol := e.entity("lj-invoice")
		text, _ := pol.Attr("text")
		if pol.Version != 2 || !strings.Contains(text.Value, "365天") || !pol.ValidFrom.Equal(e.clock) {
			t.Errorf("lj-invoice = v%d from %v; want v2 from the ingest time with the new text", pol.Version, pol.ValidFrom)
		}
		// As of before the change the old text is still there.
		old, err := e.store.Entity(context.Background(), e.kb, "lj-invoice", firstIngest)
		if err != nil {
			t.Fatal(err)
		}
		if ot, _ := old.Attr("text"); !strings.Contains(ot.Value, "180天") {
			t.Errorf("as of the first ingest the policy text lacks the old value")
		}
	})

	t.Run("edit a product", func(t *testing.T) {
		e.tick()
		e.idx.Reset()
		edit(t, filepath.Join(dir, "products.jsonl"), `"price_cny": 299`, `"price_cny": 279`)
		rep := e.ingestPaths(ingest.RunOptions{}, dir)
		if a := actions(rep); !slices.Equal(a[ingest.ActionChanged], []string{"products.jsonl"}) {
			t.Fatalf("actions = %v", a)
		}
		p := e.entity("LJ-1002")
		if price, _ := p.Attr("price_cny"); price.Value != "279" || p.Version != 2 {
			t.Errorf("LJ-1002 = v%d price %v", p.Version, price)
		}
		if v := e.entity("LJ-1001").Version; v != 1 {
			t.Errorf("LJ-1001 version = %d, want 1 (its record did not change)", v)
		}
		if e.idx.Indexed != 1 {
			t.Errorf("%d chunks re-indexed, want 1", e.idx.Indexed)
		}
		var ent ingest.TypeCount
		for _, c := range rep.Entities {
			if c.Type == "Product" {
				ent = c
			}
		}
		if ent.Changed != 1 || ent.Created != 0 {
			t.Errorf("Product counts = %+v, want 1 changed", ent)
		}
	})

	t.Run("remove a relation and a product", func(t *testing.T) {
		e.tick()
		path := filepath.Join(dir, "products.jsonl")
		b, _ := os.ReadFile(path)
		var kept []string
		for _, l := range strings.Split(string(b), "\n") {
			if !strings.Contains(l, `"id": "LJ-1044"`) {
				kept = append(kept, l)
			}
		}
		os.WriteFile(path, []byte(strings.Join(kept, "\n")), 0o644)
		edit(t, path, `"related": [{"type": "compatible_with", "id": "LJ-1029"}]`, `"related": []`)
		e.ingestPaths(ingest.RunOptions{}, dir)
		if got := e.entity("LJ-1044"); got.Status != kg.StatusRetired {
			t.Errorf("LJ-1044 status = %s, want RETIRED", got.Status)
		}
		if e.hasRelation("LJ-1040", "COMPATIBLE_WITH", "LJ-1029") {
			t.Errorf("LJ-1040 -[COMPATIBLE_WITH]-> LJ-1029 still active")
		}
		// Still there as of the first ingest.
		ns, _ := e.store.Neighbours(context.Background(), e.kb, "LJ-1040", kg.NeighbourQuery{AsOf: firstIngest, Direction: kg.Out, RelationTypes: []string{"COMPATIBLE_WITH"}})
		if len(ns) != 1 {
			t.Errorf("as of the first ingest LJ-1040 has %d COMPATIBLE_WITH relations, want 1", len(ns))
		}
		if slices.ContainsFunc(e.idx.Chunks(e.kb), func(c ingesttestChunk) bool { return c.ID == "products.jsonl#LJ-1044" }) {
			t.Errorf("the chunk of LJ-1044 is still indexed")
		}
		// The category only LJ-1044 had? It had 精华, shared: still active.
		if e.entity("category:精华").Status != kg.StatusActive {
			t.Errorf("category 精华 retired though other products are in it")
		}
	})

	t.Run("removed file", func(t *testing.T) {
		e.tick()
		os.Remove(filepath.Join(dir, "policies", "lj-privacy.md"))
		rep := e.ingestPaths(ingest.RunOptions{}, dir)
		if a := actions(rep); !slices.Equal(a[ingest.ActionRemoved], []string{"policies/lj-privacy.md"}) {
			t.Fatalf("actions = %v", a)
		}
		if e.entity("lj-privacy").Status != kg.StatusRetired {
			t.Errorf("lj-privacy not retired")
		}
		if n := len(e.idx.Chunks(e.kb, "policies/lj-privacy.md")); n != 0 {
			t.Errorf("%d chunks of the removed policy left", n)
		}
		src, err := e.reg.Source(context.Background(), e.kb, "policies/lj-privacy.md")
		if err != nil || src.Status != registry.StatusDeleted {
			t.Errorf("registry: %+v %v", src, err)
		}
	})

	t.Run("delete and re-add", func(t *testing.T) {
		e.tick()
		rep, err := e.ing.Delete(context.Background(), e.kb, []string{"faq.csv", "nope.csv"}, ingest.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if a := actions(rep); !slices.Equal(a[ingest.ActionRemoved], []string{"faq.csv"}) || !slices.Equal(a[ingest.ActionFailed], []string{"nope.csv"}) {
			t.Fatalf("actions = %v", a)
		}
		if e.entity("F001").Status != kg.StatusRetired || len(e.idx.Chunks(e.kb, "faq.csv")) != 0 {
			t.Errorf("F001 not retired or faq chunks left")
		}
		e.tick()
		rep = e.ingestPaths(ingest.RunOptions{}, filepath.Join(dir, "faq.csv"))
		if a := actions(rep); !slices.Equal(a[ingest.ActionNew], []string{"faq.csv"}) {
			t.Fatalf("re-add actions = %v", a)
		}
		f := e.entity("F001")
		if f.Status != kg.StatusActive || f.Version != 3 || !f.ValidFrom.Equal(e.clock) {
			t.Errorf("F001 after re-add = %s v%d from %v; want ACTIVE v3 from now", f.Status, f.Version, f.ValidFrom)
		}
		if len(e.idx.Chunks(e.kb, "faq.csv")) != 34 {
			t.Errorf("faq chunks not back")
		}
	})
}

type ingesttestChunk = retrieval.Chunk

type chunkT = retrieval.Chunk

func TestBadSourceRejectedWhole(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	good := ingest.Input{ID: "products.jsonl", Data: []byte(`{"id": "P-1", "name": "好产品", "price_cny": 10, "category": "精华"}`)}
	bad := ingest.Input{ID: "faq.csv", Data: []byte("id,question,answer\nF1,问题一,答案一\nF2,问题二\nF3,问题三,答案三\n")}
	rep, err := e.ing.Ingest(context.Background(), e.kb, []ingest.Input{good, bad}, ingest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := actions(rep)
	if !slices.Equal(a[ingest.ActionNew], []string{"products.jsonl"}) || !slices.Equal(a[ingest.ActionFailed], []string{"faq.csv"}) {
		t.Fatalf("actions = %v", a)
	}
	if msg := strings.Join(rep.Sources[1].Errors, "\n"); !strings.Contains(msg, "faq.csv:3: 2 fields, the header has 3") {
		t.Errorf("errors = %q", msg)
	}
	if _, err := e.store.Entity(context.Background(), e.kb, "F1", time.Time{}); !errors.Is(err, kg.ErrNotFound) {
		t.Errorf("F1 of the rejected source was written: %v", err)
	}
	if rep.Err() == nil {
		t.Errorf("Report.Err() = nil with a failed source")
	}
	src, _ := e.reg.Source(context.Background(), e.kb, "faq.csv")
	if src.Status != registry.StatusFailed || len(src.Errors) == 0 {
		t.Errorf("registry = %+v, want FAILED with errors", src)
	}
	// With SkipBad the good rows go in and the bad one is reported.
	rep, err = e.ing.Ingest(context.Background(), e.kb, []ingest.Input{bad}, ingest.RunOptions{SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Sources[0]; s.Action != ingest.ActionNew || s.Entities != 2 || s.Skipped != 1 || len(s.Warnings) != 1 {
		t.Errorf("SkipBad result = %+v", s)
	}
}

func TestReferences(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	ctx := context.Background()
	products := ingest.Input{ID: "products.jsonl", Data: []byte(`{"id": "P-1", "name": "品牌水光精华", "price_cny": 10, "category": "精华"}
{"id": "P-2", "name": "品牌水光面霜", "price_cny": 20, "category": "面霜", "related": [{"type": "compatible_with", "id": "P-1"}]}
{"id": "P-3", "name": "品牌水光乳液", "price_cny": 20, "category": "乳液"}`)}
	policy := ingest.Input{ID: "policies/p.md", Data: []byte("---\nid: pol\ntitle: 精华专享\napplies_to: [精华, P-2, 品牌水光乳液]\nsupersedes: old\n---\n正文。\n")}
	old := ingest.Input{ID: "policies/old.md", Data: []byte("---\nid: old\ntitle: 旧规则\neffective_to: 2024-12-31\n---\n旧。\n")}
	// The policy comes first and supersedes one given later: order does not matter.
	rep, err := e.ing.Ingest(ctx, e.kb, []ingest.Input{policy, products, old}, ingest.RunOptions{})
	if err != nil || rep.Err() != nil {
		t.Fatalf("Ingest: %v %v", err, rep.Err())
	}
	for _, to := range []string{"category:精华", "P-2", "P-3"} {
		if !e.hasRelation("pol", "APPLIES_TO", to) {
			t.Errorf("pol -[APPLIES_TO]-> %s missing", to)
		}
	}
	if !e.hasRelation("pol", "SUPERSEDES", "old") {
		t.Errorf("pol -[SUPERSEDES]-> old missing")
	}
	bad := ingest.Input{ID: "policies/bad.md", Data: []byte("---\nid: bad\ntitle: 坏\napplies_to: [不存在的品类]\n---\n正文。\n")}
	dangling := ingest.Input{ID: "more.jsonl", Kind: "product", Data: []byte(`{"id": "P-9", "name": "x", "price_cny": 1, "related": [{"type": "refill_of", "id": "P-404"}]}`)}
	clash := ingest.Input{ID: "faq.csv", Data: []byte("id,question,answer\nP-1,问,答\n")}
	rep, err = e.ing.Ingest(ctx, e.kb, []ingest.Input{bad, dangling, clash}, ingest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"more.jsonl": `more.jsonl:1: refill_of "P-404" is neither in this source nor an active entity`,
		"faq.csv":    `faq.csv:2: id "P-1" is a Product in the knowledge base; a FAQ cannot take it`,
	}
	for _, s := range rep.Sources {
		if s.ID == "policies/bad.md" {
			// A name the catalog does not know loses the policy nothing:
			// it loads, with a warning naming the line.
			if s.Action == ingest.ActionFailed || !strings.Contains(strings.Join(s.Warnings, "\n"), `policies/bad.md:4: applies_to: "不存在的品类" is not a product id`) {
				t.Errorf("%s: %s %v %v, want loaded with a warning about its applies_to", s.ID, s.Action, s.Errors, s.Warnings)
			}
			continue
		}
		if s.Action != ingest.ActionFailed || !strings.Contains(strings.Join(s.Errors, "\n"), want[s.ID]) {
			t.Errorf("%s: %s %v, want FAILED with %q", s.ID, s.Action, s.Errors, want[s.ID])
		}
	}
}

// failingIndex fails IndexChunks after n calls, as a crash would stop a run.
type failingIndex struct {
	*ingesttest.Index
	left int
}

func (f *failingIndex) IndexChunks(ctx context.Context, c []chunkT) error {
	if f.left <= 0 {
		return context.Canceled
	}
	f.left--
	return f.Index.IndexChunks(ctx, c)
}

func TestCrashResume(t *testing.T) {
	kbDir := ingesttest.DevKB(t)
	e := newEnv(t, ingest.Options{})
	fi := &failingIndex{Index: e.idx, left: 3}
	crashing := ingest.New(e.store, fi, e.reg, ingest.Options{Now: func() time.Time { return e.clock }})
	ctx := context.Background()
	c, err := crashing.Collect(ctx, e.kb, []string{kbDir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := crashing.Ingest(ctx, e.kb, c.Inputs, ingest.RunOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("crashing run: %v, want the index error", err)
	}
	srcs, _ := e.reg.Sources(ctx, e.kb)
	inProgress := 0
	for _, s := range srcs {
		if s.Status == registry.StatusInProgress {
			inProgress++
		}
	}
	if inProgress == 0 {
		t.Fatalf("no source left in progress after the crash")
	}
	e.tick()
	rep := e.ingestPaths(ingest.RunOptions{}, kbDir)
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
	if n := rep.Count(ingest.ActionResumed); n != inProgress {
		t.Errorf("%d sources resumed, want %d: %v", n, inProgress, actions(rep))
	}
	if n := len(e.idx.Chunks(e.kb)); n != 148 {
		t.Errorf("%d chunks after resume, want 148", n)
	}
	if got := count(t, e.store, e.kb, "Product"); got != 40 {
		t.Errorf("%d products after resume", got)
	}
	// Versions: nothing was written twice.
	if v := e.entity("LJ-1001").Version; v != 1 {
		t.Errorf("LJ-1001 version %d after resume, want 1", v)
	}
	e.tick()
	if rep := e.ingestPaths(ingest.RunOptions{}, kbDir); rep.Changed() {
		t.Errorf("third run changed something: %v", actions(rep))
	}
}

func TestFallbackWithoutDeleteByID(t *testing.T) {
	e := newEnv(t, ingest.Options{})
	plain := ingest.New(e.store, ingesttest.Plain{X: e.idx}, e.reg, ingest.Options{Now: func() time.Time { return e.clock }})
	ctx := context.Background()
	in := ingest.Input{ID: "a.md", Data: []byte("# A\n\n第一段。\n\n## B\n\n第二段。\n")}
	if _, err := plain.Ingest(ctx, e.kb, []ingest.Input{in}, ingest.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	in.Data = []byte("# A\n\n第一段。\n")
	e.tick()
	if _, err := plain.Ingest(ctx, e.kb, []ingest.Input{in}, ingest.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := e.idx.Chunks(e.kb, "a.md"); len(got) != 1 || got[0].Text != "第一段。" {
		t.Errorf("chunks = %+v", got)
	}
}
