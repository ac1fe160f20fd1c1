package lexicon_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/kgtest/teststore"
	"kgrag/kg/lexicon"
)

// Every test runs against the embedded store, and against Neo4j when
// KGRAG_NEO4J_URI is set (each test in a knowledge base of its own).
type backend struct {
	name string
	open func(t *testing.T) kg.Store
}

var backends = []backend{
	{"memkg", teststore.Embedded},
	{"neo4j", teststore.Neo4jStore},
}

func forEachBackend(t *testing.T, fn func(t *testing.T, st kg.Store, kb string)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b.open(t), kgtest.NewKB(t)) })
	}
}

var ctx = context.Background()

func f(v float64) *float64 { return &v }

func str(k, v string) kg.Attribute { return kg.Attribute{Key: k, Kind: kg.KindString, Value: v} }

// spec is an attribute flattened from a nested source object, with its
// parsed measure.
func spec(k, v string, num float64, unit string) kg.Attribute {
	return kg.Attribute{Key: k, Kind: kg.KindString, Value: v, Path: "specs." + k, Num: f(num), Unit: unit}
}

func aliases(a ...kg.Alias) *[]kg.Alias { return &a }
func chans(c ...string) *[]string       { return &c }

var prov = kg.Provenance{Kind: kg.ProvSource, Source: "catalog.jsonl"}

// seed writes a small catalog: two robot vacuums with nested specs, a
// variant of one, their categories and series, a channel entity, an FAQ and
// a policy.
func seed(t *testing.T, st kg.Store, kb string) {
	t.Helper()
	ent := func(id, typ, name string, al *[]kg.Alias, ch *[]string, attrs ...kg.Attribute) kg.EntityUpsert {
		return kg.EntityUpsert{ID: id, Type: typ, Name: name, Aliases: al, Channels: ch, Attributes: attrs, Provenance: prov}
	}
	rel := func(from, typ, to string) kg.RelationUpsert {
		return kg.RelationUpsert{From: from, Type: typ, To: to, Provenance: prov}
	}
	_, err := st.Apply(ctx, kb, kg.Batch{
		Entities: []kg.EntityUpsert{
			ent("RB-100", "Product", "云扫扫地机器人 AF45", aliases(kg.Alias{Text: "CloudSweep Robot AF45", Lang: "en"}), chans("tmall", "douyin"),
				kg.Attribute{Key: "price_cny", Kind: kg.KindNumber, Value: "2999"}, str("category", "扫地机器人"),
				str("name_en", "CloudSweep Robot AF45"), spec("吸力", "8000Pa", 8000, "Pa"), spec("尘盒容量", "0.4L", 0.4, "L")),
			ent("RB-200", "Product", "云扫扫地机器人 X7 Pro", nil, chans("web"),
				kg.Attribute{Key: "price_cny", Kind: kg.KindNumber, Value: "3999"}, str("category", "扫地机器人"),
				spec("吸力", "12000Pa", 12000, "Pa"), spec("尘盒容量", "300ml", 300, "ml"), spec("续航", "180分钟", 180, "分钟")),
			ent("RB-100-W", "Variant", "云扫扫地机器人 AF45 白色", nil, nil,
				kg.Attribute{Key: "颜色", Kind: kg.KindString, Value: "白色", Path: "variants.颜色"}, str("sku", "RB-100-W")),
			ent("category:扫地机器人", "Category", "扫地机器人", aliases(kg.Alias{Text: "robot vacuum", Lang: "en"}), nil),
			ent("series:云扫", "Series", "云扫系列", nil, nil),
			ent("channel:tmall", "Channel", "天猫", aliases(kg.Alias{Text: "Tmall", Lang: "en"}, kg.Alias{Text: "tmall"}), nil),
			ent("F001", "FAQ", "扫地机器人可以拖地吗？", nil, nil, str("question", "扫地机器人可以拖地吗？"), str("answer", "AF45 支持拖地。")),
			ent("pol-warranty", "Policy", "保修政策", nil, nil, kg.Attribute{Key: "effective_from", Kind: kg.KindDate, Value: "2025-01-01"}),
		},
		Relations: []kg.RelationUpsert{
			rel("RB-100", "IN_CATEGORY", "category:扫地机器人"), rel("RB-200", "IN_CATEGORY", "category:扫地机器人"),
			rel("RB-100", "IN_SERIES", "series:云扫"), rel("RB-100-W", "VARIANT_OF", "RB-100"),
			rel("RB-100", "AVAILABLE_ON", "channel:tmall"),
		},
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
}

func attr(l *kg.Lexicon, key string) kg.LexAttribute {
	for _, a := range l.Attributes {
		if a.Key == key {
			return a
		}
	}
	return kg.LexAttribute{}
}

func entity(l *kg.Lexicon, id string) kg.LexEntity {
	for _, e := range l.Entities {
		if e.ID == id {
			return e
		}
	}
	return kg.LexEntity{}
}

func TestBuild(t *testing.T) {
	forEachBackend(t, func(t *testing.T, st kg.Store, kb string) {
		seed(t, st, kb)
		l, err := lexicon.Build(ctx, st, kb)
		if err != nil {
			t.Fatalf("Build = %v", err)
		}
		if l.KB != kb || l.BuiltAt.IsZero() {
			t.Errorf("Build: kb %q builtAt %v", l.KB, l.BuiltAt)
		}

		suction := attr(&l, "吸力")
		if !slices.Equal(suction.Paths, []string{"specs.吸力"}) || !slices.Equal(suction.Units, []string{"Pa"}) ||
			!slices.Equal(suction.EntityTypes, []string{"Product"}) || suction.Count != 2 ||
			!slices.Equal(suction.Kinds, []kg.ValueKind{kg.KindString}) || len(suction.Samples) != 2 ||
			!slices.Contains(suction.Samples, "8000Pa") {
			t.Errorf("吸力 = %+v", suction)
		}
		if dust := attr(&l, "尘盒容量"); len(dust.Units) != 2 || dust.Count != 2 {
			t.Errorf("尘盒容量 = %+v, want units L and ml", dust)
		}
		if color := attr(&l, "颜色"); !slices.Equal(color.EntityTypes, []string{"Variant"}) || !slices.Equal(color.Paths, []string{"variants.颜色"}) {
			t.Errorf("颜色 = %+v", color)
		}
		// FAQ and policy keys are listed with their types, for the engine to filter.
		if q := attr(&l, "question"); !slices.Equal(q.EntityTypes, []string{"FAQ"}) {
			t.Errorf("question = %+v", q)
		}
		if p := attr(&l, "price_cny"); !slices.Equal(p.Kinds, []kg.ValueKind{kg.KindNumber}) || p.Count != 2 {
			t.Errorf("price_cny = %+v", p)
		}
		if l.Attributes[0].Count < l.Attributes[len(l.Attributes)-1].Count {
			t.Errorf("attributes not most common first: %+v", l.Attributes)
		}

		wantGroups := []kg.LexGroup{
			{ID: "category:扫地机器人", Type: "Category", Name: "扫地机器人", Aliases: []string{"robot vacuum"}, Members: 2},
			{ID: "series:云扫", Type: "Series", Name: "云扫系列", Aliases: []string{}, Members: 1},
		}
		if fmt.Sprint(l.Groups) != fmt.Sprint(wantGroups) {
			t.Errorf("groups = %+v, want %+v", l.Groups, wantGroups)
		}

		var codes []string
		for _, c := range l.Channels {
			codes = append(codes, c.Code)
		}
		if !slices.Equal(codes, []string{"tmall", "douyin", "web"}) {
			t.Errorf("channels = %v, want tmall, douyin, web", codes)
		}
		if c := l.Channels[0]; c.Name != "天猫" || c.NameEN != "Tmall" {
			t.Errorf("tmall = %+v", c)
		}

		if e := entity(&l, "RB-100"); !slices.Contains(e.Codes, "AF45") || !slices.Contains(e.Codes, "RB-100") || e.Type != "Product" {
			t.Errorf("RB-100 = %+v, want codes AF45 and RB-100", e)
		}
		if e := entity(&l, "RB-200"); !slices.Contains(e.Codes, "X7") {
			t.Errorf("RB-200 = %+v, want code X7", e)
		}
		if v := entity(&l, "RB-100-W"); v.Parent != "RB-100" || v.Type != "Variant" {
			t.Errorf("variant = %+v, want parent RB-100", v)
		}
		if e := entity(&l, "F001"); e.ID != "" {
			t.Errorf("FAQ listed as a linkable entity: %+v", e)
		}
		if e := entity(&l, "channel:tmall"); e.ID == "" {
			t.Errorf("channel entity not listed")
		}

		want := []kg.LexWord{{Text: "CloudSweep Robot AF45", ZH: "云扫扫地机器人 AF45"}, {Text: "robot vacuum", ZH: "扫地机器人"}, {Text: "Tmall", ZH: "天猫"}}
		for _, w := range want {
			if !slices.Contains(l.Words, w) {
				t.Errorf("words = %+v, want %+v among them", l.Words, w)
			}
		}
		if len(l.Words) != len(want) {
			t.Errorf("words = %+v, want %d (no duplicates)", l.Words, len(want))
		}
	})
}

func TestCodes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"云扫扫地机器人 AF45", []string{"AF45"}},
		{"摩卡实验室 意式咖啡机 M2 Pro", []string{"M2"}},
		{"X7", []string{"X7"}},
		{"ML-101", []string{"ML-101"}},
		{"精华液 30ml 1.8L", nil},
		{"辅酶Q10面霜", []string{"Q10"}},
		{"A醇紧致精华", nil},
		{"category:扫地机器人", nil},
		{"--", nil},
	} {
		if got := lexicon.Codes(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Codes(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// auditLog is an Auditor keeping entries in memory.
type auditLog struct {
	mu      sync.Mutex
	entries []string
}

func (a *auditLog) Audit(_ context.Context, kb, actor, action, subject string, before, after any) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries = append(a.entries, fmt.Sprintf("%s %s %s before=%v after=%v", actor, action, subject, before != nil, after != nil))
	return nil
}

func newService(t *testing.T, st kg.Store) *lexicon.Service {
	t.Helper()
	s, err := lexicon.New(st)
	if err != nil {
		t.Fatalf("lexicon.New = %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestSynonyms(t *testing.T) {
	forEachBackend(t, func(t *testing.T, st kg.Store, kb string) {
		seed(t, st, kb)
		s := newService(t, st)
		log := &auditLog{}
		s.Auditor = log
		l, err := s.Lexicon(ctx, kb)
		if err != nil {
			t.Fatalf("Lexicon = %v", err)
		}
		if l.SynonymsVersion != 0 || len(l.Synonyms) != 0 || len(l.Attributes) == 0 {
			t.Fatalf("first Lexicon: version %d, synonyms %v, %d attributes", l.SynonymsVersion, l.Synonyms, len(l.Attributes))
		}

		add := func(term string, kind kg.SynonymKind, target string, base int64) (*kg.Lexicon, error) {
			return s.AddSynonym(ctx, kb, "tina", kg.Synonym{Term: term, Kind: kind, Target: target}, base)
		}
		l, err = add("suction", kg.SynAttribute, "吸力", 0)
		if err != nil {
			t.Fatalf("AddSynonym = %v", err)
		}
		if l.SynonymsVersion != 1 || len(l.Synonyms) != 1 {
			t.Fatalf("after add: version %d, synonyms %+v", l.SynonymsVersion, l.Synonyms)
		}
		if syn := l.Synonyms[0]; syn.Lang != "en" || syn.Actor != "tina" || syn.AddedAt.IsZero() || syn.Target != "吸力" {
			t.Errorf("synonym = %+v, want lang en, actor tina, addedAt set", syn)
		}
		// Canonical targets: a path stays a path, group and channel names
		// become the group's name and the channel's code, an entity name its id.
		for _, tc := range []struct {
			term   string
			kind   kg.SynonymKind
			target string
			want   string
		}{
			{"吸尘力", kg.SynAttribute, "specs.吸力", "specs.吸力"},
			{"扫地机", kg.SynGroup, "Robot Vacuum", "扫地机器人"},
			{"扫拖机器人", kg.SynGroup, "category:扫地机器人", "category:扫地机器人"},
			{"猫店", kg.SynChannel, "天猫", "tmall"},
			{"淘宝店", kg.SynChannel, "TMALL", "tmall"},
			{"大吸力款", kg.SynEntity, "云扫扫地机器人 X7 Pro", "RB-200"},
			{"保修", kg.SynEntity, "pol-warranty", "pol-warranty"},
		} {
			l, err = add(tc.term, tc.kind, tc.target, l.SynonymsVersion)
			if err != nil {
				t.Fatalf("AddSynonym(%q, %s, %q) = %v", tc.term, tc.kind, tc.target, err)
			}
			if got := l.Synonyms[len(l.Synonyms)-1]; got.Target != tc.want || got.Term != tc.term {
				t.Errorf("AddSynonym(%q, %s, %q) stored %+v, want target %q", tc.term, tc.kind, tc.target, got, tc.want)
			}
		}
		v := l.SynonymsVersion
		if v != 8 {
			t.Errorf("version after 8 adds = %d", v)
		}

		// A duplicate is a no-op, even with a stale base version.
		l, err = add(" suction ", kg.SynAttribute, "吸力", 1)
		if err != nil || l.SynonymsVersion != v {
			t.Errorf("duplicate AddSynonym = version %d, %v; want no-op at %d", l.SynonymsVersion, err, v)
		}
		// A stale base version is a conflict naming the current one.
		_, err = add("吸力大小", kg.SynAttribute, "吸力", 3)
		if !errors.Is(err, kg.ErrConflict) || !strings.Contains(err.Error(), fmt.Sprint(v)) {
			t.Errorf("stale AddSynonym = %v, want ErrConflict naming version %d", err, v)
		}
		for _, tc := range []struct {
			name         string
			syn          kg.Synonym
			wantInMesage string
		}{
			{"unknown attribute", kg.Synonym{Term: "噪音", Kind: kg.SynAttribute, Target: "噪音"}, "吸力 (specs.吸力)"},
			{"unknown group", kg.Synonym{Term: "洗碗机", Kind: kg.SynGroup, Target: "洗碗机"}, "扫地机器人"},
			{"unknown channel", kg.Synonym{Term: "京东店", Kind: kg.SynChannel, Target: "jd"}, "tmall"},
			{"unknown entity", kg.Synonym{Term: "老款", Kind: kg.SynEntity, Target: "RB-999"}, "by id"},
			{"empty term", kg.Synonym{Term: "  ", Kind: kg.SynAttribute, Target: "吸力"}, "required"},
			{"long term", kg.Synonym{Term: strings.Repeat("吸", 65), Kind: kg.SynAttribute, Target: "吸力"}, "limit is 64"},
			{"control character", kg.Synonym{Term: "吸\x07力", Kind: kg.SynAttribute, Target: "吸力"}, "control"},
			{"bad kind", kg.Synonym{Term: "吸", Kind: "WORD", Target: "吸力"}, "ATTRIBUTE"},
			{"bad lang", kg.Synonym{Term: "吸", Kind: kg.SynAttribute, Target: "吸力", Lang: "fr"}, "zh, en"},
			{"empty target", kg.Synonym{Term: "吸", Kind: kg.SynAttribute}, "target is required"},
		} {
			_, err := s.AddSynonym(ctx, kb, "tina", tc.syn, kg.AnyVersion)
			if !errors.Is(err, kg.ErrInvalid) || !strings.Contains(err.Error(), tc.wantInMesage) {
				t.Errorf("%s: AddSynonym(%+v) = %v, want ErrInvalid mentioning %q", tc.name, tc.syn, err, tc.wantInMesage)
			}
		}

		// Remove: stale base → conflict; missing → not found; then removed.
		if _, err := s.RemoveSynonym(ctx, kb, "tina", "suction", kg.SynAttribute, "吸力", 1); !errors.Is(err, kg.ErrConflict) {
			t.Errorf("stale RemoveSynonym = %v, want ErrConflict", err)
		}
		if _, err := s.RemoveSynonym(ctx, kb, "tina", "suction", kg.SynGroup, "吸力", kg.AnyVersion); !errors.Is(err, kg.ErrNotFound) ||
			!strings.Contains(err.Error(), "ATTRIBUTE") {
			t.Errorf("RemoveSynonym of a missing synonym = %v, want ErrNotFound listing the term's synonyms", err)
		}
		l, err = s.RemoveSynonym(ctx, kb, "tina", "SUCTION", kg.SynAttribute, "吸力", v)
		if err != nil {
			t.Fatalf("RemoveSynonym = %v", err)
		}
		if l.SynonymsVersion != v+1 || slices.ContainsFunc(l.Synonyms, func(s kg.Synonym) bool { return s.Term == "suction" }) {
			t.Errorf("after remove: version %d, synonyms %+v", l.SynonymsVersion, l.Synonyms)
		}
		if _, err := s.RemoveSynonym(ctx, kb, "tina", "猫店", kg.SynChannel, "TMALL", kg.AnyVersion); err != nil {
			t.Errorf("RemoveSynonym of a channel synonym by upper-case code = %v", err)
		}

		// Every write was audited, nothing else.
		if len(log.entries) != 10 || !strings.HasPrefix(log.entries[0], "tina addSynonym synonym:ATTRIBUTE:suction→吸力 before=false after=true") ||
			!strings.HasPrefix(log.entries[8], "tina removeSynonym synonym:ATTRIBUTE:suction→吸力 before=true after=false") {
			t.Errorf("audit log = %q", log.entries)
		}

		// Another instance over the same store reads the same synonyms.
		other, err := newService(t, st).Lexicon(ctx, kb)
		if err != nil || other.SynonymsVersion != v+2 || len(other.Synonyms) != len(l.Synonyms)-1 {
			t.Errorf("another instance: version %d, %d synonyms, %v", other.SynonymsVersion, len(other.Synonyms), err)
		}
	})
}

// TestCache: a cached lexicon is served until TTL; the instance's own edits
// and rebuilds show at once; another instance's after its TTL.
func TestCache(t *testing.T) {
	forEachBackend(t, func(t *testing.T, st kg.Store, kb string) {
		seed(t, st, kb)
		a, b := newService(t, st), newService(t, st)
		a.TTL = time.Hour
		la, err := a.Lexicon(ctx, kb)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := a.Lexicon(ctx, kb); again != la {
			t.Errorf("second Lexicon call is not the cached lexicon")
		}
		if _, err := b.AddSynonym(ctx, kb, "otto", kg.Synonym{Term: "续航时间", Kind: kg.SynAttribute, Target: "续航"}, 0); err != nil {
			t.Fatal(err)
		}
		if got, _ := a.Lexicon(ctx, kb); got.SynonymsVersion != 0 {
			t.Errorf("within TTL: version %d, want the cached 0", got.SynonymsVersion)
		}
		a.TTL = 20 * time.Millisecond
		time.Sleep(30 * time.Millisecond)
		got, err := a.Lexicon(ctx, kb)
		if err != nil || got.SynonymsVersion != 1 {
			t.Fatalf("after TTL: version %d, %v; want 1", got.SynonymsVersion, err)
		}
		if len(got.Entities) != len(la.Entities) {
			t.Errorf("after TTL: %d entities, want %d", len(got.Entities), len(la.Entities))
		}

		// Its own edit is visible at once.
		a.TTL = time.Hour
		if _, err := a.AddSynonym(ctx, kb, "tina", kg.Synonym{Term: "电量", Kind: kg.SynAttribute, Target: "续航"}, 1); err != nil {
			t.Fatal(err)
		}
		if got, _ := a.Lexicon(ctx, kb); got.SynonymsVersion != 2 {
			t.Errorf("after own edit: version %d, want 2", got.SynonymsVersion)
		}

		// New knowledge shows after a rebuild, the synonyms kept.
		if _, err := st.Apply(ctx, kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "RB-300", Type: "Product", Name: "云扫洗地机 W9",
			Attributes: []kg.Attribute{spec("水箱", "4L", 4, "L")}, Provenance: prov}}}); err != nil {
			t.Fatal(err)
		}
		if got, _ := a.Lexicon(ctx, kb); entity(got, "RB-300").ID != "" {
			t.Errorf("new product visible before a rebuild")
		}
		got, err = a.Rebuild(ctx, kb)
		if err != nil {
			t.Fatalf("Rebuild = %v", err)
		}
		if entity(got, "RB-300").ID == "" || attr(got, "水箱").Count != 1 || got.SynonymsVersion != 2 {
			t.Errorf("after Rebuild: RB-300 %+v, 水箱 %+v, synonyms version %d", entity(got, "RB-300"), attr(got, "水箱"), got.SynonymsVersion)
		}
		if got, _ := a.Lexicon(ctx, kb); entity(got, "RB-300").ID == "" {
			t.Errorf("Lexicon after Rebuild lacks the new product")
		}

		// Stale rebuilds in the background.
		a.Debounce = 10 * time.Millisecond
		if _, err := st.Apply(ctx, kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "RB-400", Type: "Product", Name: "云扫 V8",
			Provenance: prov}}}); err != nil {
			t.Fatal(err)
		}
		a.Stale(ctx, kb)
		deadline := time.Now().Add(30 * time.Second)
		for {
			got, err := a.Lexicon(ctx, kb)
			if err == nil && entity(got, "RB-400").ID != "" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("Stale: RB-400 not in the lexicon after 30s (%v)", err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// TestEmpty: a knowledge base without entities has an empty lexicon, which
// is not stored until an explicit rebuild.
func TestEmpty(t *testing.T) {
	forEachBackend(t, func(t *testing.T, st kg.Store, kb string) {
		s := newService(t, st)
		l, err := s.Lexicon(ctx, kb)
		if err != nil || len(l.Attributes)+len(l.Entities)+len(l.Groups)+len(l.Channels) != 0 || l.Attributes == nil {
			t.Fatalf("Lexicon of an empty knowledge base = %+v, %v", l, err)
		}
		if _, _, err := lexicon.StoredParts(ctx, st.(kg.Docs), kb); !errors.Is(err, kg.ErrNotFound) {
			t.Errorf("empty lexicon stored: %v", err)
		}
		if _, err := s.Lexicon(ctx, "Bad KB"); !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("Lexicon(bad kb) = %v, want ErrInvalid", err)
		}
		if _, err := s.AddSynonym(ctx, kb, "tina", kg.Synonym{Term: "x", Kind: kg.SynAttribute, Target: "y"}, 0); !errors.Is(err, kg.ErrInvalid) ||
			!strings.Contains(err.Error(), "none yet") {
			t.Errorf("AddSynonym in an empty knowledge base = %v, want ErrInvalid saying it has no attributes", err)
		}
	})
}

// TestParts: a lexicon bigger than a part is split, read back whole, and
// a catalog that shrinks leaves fewer parts; a reader meeting parts of
// another build still gets a whole lexicon.
func TestParts(t *testing.T) {
	defer lexicon.SetPartBudget(2048)()
	forEachBackend(t, func(t *testing.T, st kg.Store, kb string) {
		seed(t, st, kb)
		var ups []kg.EntityUpsert
		for i := range 40 {
			ups = append(ups, kg.EntityUpsert{ID: fmt.Sprintf("ACC-%03d", i), Type: "Product", Name: fmt.Sprintf("配件 %03d 型号 Z%d", i, i),
				Attributes: []kg.Attribute{str("category", "配件")}, Provenance: prov})
		}
		if _, err := st.Apply(ctx, kb, kg.Batch{Entities: ups}); err != nil {
			t.Fatal(err)
		}
		s := newService(t, st)
		built, err := s.Rebuild(ctx, kb)
		if err != nil {
			t.Fatalf("Rebuild = %v", err)
		}
		docs := st.(kg.Docs)
		parts, _, err := lexicon.StoredParts(ctx, docs, kb)
		if err != nil || parts < 3 {
			t.Fatalf("stored parts = %d, %v; want several", parts, err)
		}
		fresh, err := newService(t, st).Lexicon(ctx, kb)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(fresh.Entities) != fmt.Sprint(built.Entities) || fmt.Sprint(fresh.Attributes) != fmt.Sprint(built.Attributes) ||
			fmt.Sprint(fresh.Words) != fmt.Sprint(built.Words) || fmt.Sprint(fresh.Groups) != fmt.Sprint(built.Groups) {
			t.Errorf("read back differs from built")
		}

		// A torn read (a part of another build) still gives a whole lexicon.
		if _, err := docs.PutDoc(ctx, kb, "lexicon", lexicon.PartID(1), []byte(`{"stamp":"other"}`), kg.AnyVersion); err != nil {
			t.Fatal(err)
		}
		torn, err := newService(t, st).Lexicon(ctx, kb)
		if err != nil || len(torn.Entities) != len(built.Entities) {
			t.Errorf("torn read: %d entities, %v; want %d", len(torn.Entities), err, len(built.Entities))
		}

		var retire []kg.Retirement
		for i := range 40 {
			retire = append(retire, kg.Retirement{EntityID: fmt.Sprintf("ACC-%03d", i), Provenance: prov})
		}
		if _, err := st.Apply(ctx, kb, kg.Batch{Retire: retire}); err != nil {
			t.Fatal(err)
		}
		small, err := s.Rebuild(ctx, kb)
		if err != nil {
			t.Fatal(err)
		}
		fewer, _, _ := lexicon.StoredParts(ctx, docs, kb)
		if fewer >= parts || entity(small, "ACC-001").ID != "" {
			t.Errorf("after retiring: %d parts (was %d), ACC-001 %+v", fewer, parts, entity(small, "ACC-001"))
		}
		old, err := docs.GetDoc(ctx, kb, "lexicon", lexicon.PartID(parts))
		if err != nil || len(old.Data) > 64 {
			t.Errorf("left-over part %d = %d bytes, %v; want emptied", parts, len(old.Data), err)
		}
		if got, _ := newService(t, st).Lexicon(ctx, kb); len(got.Entities) != len(small.Entities) {
			t.Errorf("read back after shrinking: %d entities, want %d", len(got.Entities), len(small.Entities))
		}
	})
}

// TestLargeCatalog: 5,000 products with nested specs make a lexicon bigger
// than one document; it is stored in parts and read back whole, and group
// sizes beyond a page of neighbours are counted.
func TestLargeCatalog(t *testing.T) {
	if testing.Short() {
		t.Skip("large catalog")
	}
	forEachBackend(t, func(t *testing.T, st kg.Store, kb string) {
		const n, cats = 5000, 20
		var groups []kg.EntityUpsert
		for c := range cats {
			groups = append(groups, kg.EntityUpsert{ID: fmt.Sprintf("category:c%02d", c), Type: "Category", Name: fmt.Sprintf("品类%02d", c), Provenance: prov})
		}
		if _, err := st.Apply(ctx, kb, kg.Batch{Entities: groups}); err != nil {
			t.Fatal(err)
		}
		for start := 0; start < n; start += 500 {
			var b kg.Batch
			for i := start; i < start+500; i++ {
				c := i % cats
				b.Entities = append(b.Entities, kg.EntityUpsert{ID: fmt.Sprintf("SKU-%05d", i), Type: "Product",
					Name:     fmt.Sprintf("示例品牌多功能家用产品 第%d款 型号 K%d", i, i),
					Aliases:  aliases(kg.Alias{Text: fmt.Sprintf("Example Multi-purpose Home Product K%d", i), Lang: "en"}),
					Channels: chans("tmall", "jd"),
					Attributes: []kg.Attribute{{Key: "price_cny", Kind: kg.KindNumber, Value: fmt.Sprint(100 + i)},
						str("category", fmt.Sprintf("品类%02d", c)), str("name_en", fmt.Sprintf("Example Multi-purpose Home Product K%d", i)),
						spec("功率", fmt.Sprintf("%dW", 1000+i%7*100), float64(1000+i%7*100), "W"),
						spec("重量", fmt.Sprintf("%d.5kg", 1+i%9), 1.5+float64(i%9), "kg")},
					Provenance: prov})
				b.Relations = append(b.Relations, kg.RelationUpsert{From: fmt.Sprintf("SKU-%05d", i), Type: "IN_CATEGORY",
					To: fmt.Sprintf("category:c%02d", c), Provenance: prov})
			}
			if _, err := st.Apply(ctx, kb, b); err != nil {
				t.Fatalf("Apply products %d: %v", start, err)
			}
		}
		s := newService(t, st)
		began := time.Now()
		built, err := s.Rebuild(ctx, kb)
		if err != nil {
			t.Fatalf("Rebuild = %v", err)
		}
		t.Logf("rebuild of %d entities: %v", len(built.Entities), time.Since(began))
		parts, _, err := lexicon.StoredParts(ctx, st.(kg.Docs), kb)
		if err != nil || parts < 2 {
			t.Errorf("stored parts = %d, %v; want the lexicon split", parts, err)
		}
		began = time.Now()
		got, err := newService(t, st).Lexicon(ctx, kb)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("load of %d parts: %v", parts, time.Since(began))
		if len(got.Entities) != n+cats || len(got.Words) != n {
			t.Errorf("read back: %d entities, %d words", len(got.Entities), len(got.Words))
		}
		if e := entity(got, "SKU-04999"); !slices.Contains(e.Codes, "K4999") {
			t.Errorf("SKU-04999 = %+v", e)
		}
		for _, g := range got.Groups {
			if g.Members != n/cats {
				t.Errorf("group %s has %d members, want %d", g.Name, g.Members, n/cats)
			}
		}
		if p := attr(got, "功率"); p.Count != n || len(p.Samples) != 3 || !slices.Equal(p.Units, []string{"W"}) {
			t.Errorf("功率 = %+v", p)
		}
	})
}
