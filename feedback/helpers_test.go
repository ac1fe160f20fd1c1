package feedback_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"kgrag/feedback"
	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/kgtest/teststore"
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

// clock is a test clock that moves on a millisecond at every reading, so
// ids made from it sort in call order and every write has its own instant.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// advance moves the clock on by d.
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// peek returns the current time without moving the clock.
func (c *clock) peek() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

var (
	tSeed  = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tStart = time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
)

// env is one test's world: a store with the seed graph in a fresh
// knowledge base and the feedback service over it.
type env struct {
	ctx   context.Context
	st    kg.Store
	fb    *feedback.Service
	kb    string
	clock *clock
}

// forEachBackend runs fn once per configured backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			fb, err := feedback.New(st)
			if err != nil {
				t.Fatalf("feedback.New(%T) = %v", st, err)
			}
			c := &clock{t: tStart}
			fb.Now = c.Now
			e := &env{ctx: context.Background(), st: st, fb: fb, kb: kgtest.NewKB(t), clock: c}
			seed(t, e)
			fn(t, e)
		})
	}
}

func str(k, v string) kg.Attribute     { return kg.Attribute{Key: k, Kind: kg.KindString, Value: v} }
func num(k, v string) kg.Attribute     { return kg.Attribute{Key: k, Kind: kg.KindNumber, Value: v} }
func boolean(k, v string) kg.Attribute { return kg.Attribute{Key: k, Kind: kg.KindBool, Value: v} }
func date(k, v string) kg.Attribute    { return kg.Attribute{Key: k, Kind: kg.KindDate, Value: v} }
func list(k string, v ...string) kg.Attribute {
	return kg.Attribute{Key: k, Kind: kg.KindList, List: v}
}

var srcProv = kg.Provenance{Kind: kg.ProvSource, Source: "catalog.jsonl"}

// seed writes the graph every test starts from.
func seed(t *testing.T, e *env) {
	t.Helper()
	en := func(a ...kg.Alias) *[]kg.Alias { return &a }
	mustApply(t, e, kg.Batch{At: tSeed, Entities: []kg.EntityUpsert{
		{ID: "LJ-1002", Type: "Product", Name: "烟酰胺亮白精华", Aliases: en(kg.Alias{Text: "Niacinamide Brightening Serum", Lang: "en"}),
			Attributes: []kg.Attribute{num("price_cny", "299"), str("净含量", "30ml"), boolean("in_stock", "true"),
				date("launch_date", "2024-03-01"), list("skin_types", "油性", "混合性")}, Provenance: srcProv},
		{ID: "LJ-1024", Type: "Product", Name: "水光保湿眼霜", Attributes: []kg.Attribute{num("price_cny", "199"), str("净含量", "15g")}, Provenance: srcProv},
		{ID: "LJ-1099", Type: "Product", Name: "旧款面膜", Attributes: []kg.Attribute{num("price_cny", "59")}, Provenance: srcProv},
		{ID: "F012", Type: "FAQ", Name: "小程序在哪里看积分", Attributes: []kg.Attribute{str("answer", "在微信小程序「我的-积分」页面查看积分余额。")}, Provenance: srcProv},
		{ID: "lj-invoice", Type: "Policy", Name: "发票政策", Attributes: []kg.Attribute{str("scope", "全部订单")}, Provenance: srcProv},
		{ID: "cat-serum", Type: "Category", Name: "精华", Provenance: srcProv},
		{ID: "cat-eye", Type: "Category", Name: "眼霜", Provenance: srcProv},
	}, Relations: []kg.RelationUpsert{
		{From: "LJ-1002", Type: "IN_CATEGORY", To: "cat-serum", Provenance: srcProv},
		{From: "LJ-1024", Type: "IN_CATEGORY", To: "cat-eye", Provenance: srcProv},
	}})
	mustApply(t, e, kg.Batch{At: tSeed.Add(time.Hour), Retire: []kg.Retirement{{EntityID: "LJ-1099", Provenance: srcProv}}})
}

func mustApply(t *testing.T, e *env, b kg.Batch) kg.Applied {
	t.Helper()
	res, err := e.st.Apply(e.ctx, e.kb, b)
	if err != nil {
		t.Fatalf("Apply = %v", err)
	}
	return res
}

func mustEntity(t *testing.T, e *env, id string, asOf time.Time) kg.Entity {
	t.Helper()
	ent, err := e.st.Entity(e.ctx, e.kb, id, asOf)
	if err != nil {
		t.Fatalf("Entity(%q, %v) = %v", id, asOf, err)
	}
	return ent
}

func attr(ent kg.Entity, key string) string {
	a, ok := ent.Attr(key)
	if !ok {
		return "<none>"
	}
	return a.Text()
}

func mustSubmit(t *testing.T, e *env, actor string, in feedback.SubmitInput) feedback.Correction {
	t.Helper()
	c, err := e.fb.Submit(e.ctx, e.kb, actor, in)
	if err != nil {
		t.Fatalf("Submit(%+v) = %v", in, err)
	}
	return c
}

func mustApprove(t *testing.T, e *env, id string) feedback.Correction {
	t.Helper()
	c, err := e.fb.Approve(e.ctx, e.kb, "trainer", id, "ok")
	if err != nil {
		t.Fatalf("Approve(%s) = %v", id, err)
	}
	return c
}

func priceInput(newValue string) feedback.SubmitInput {
	return feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "LJ-1002", Key: "price_cny"},
		NewValue: newValue, Reason: "官方售价已调整"}
}

// errKind names the sentinel an error wraps, for table tests.
func errKind(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, kg.ErrNotFound):
		return "not found"
	case errors.Is(err, kg.ErrInvalid):
		return "invalid"
	case errors.Is(err, kg.ErrConflict):
		return "conflict"
	default:
		return "other: " + err.Error()
	}
}

// entityVersions returns the stored versions of one entity (not of the
// entities merged into it).
func entityVersions(t *testing.T, e *env, id string) []kg.Entity {
	t.Helper()
	h, err := e.st.History(e.ctx, e.kb, id)
	if err != nil {
		t.Fatalf("History(%q) = %v", id, err)
	}
	var out []kg.Entity
	for _, v := range h.Entities {
		if v.ID == id {
			out = append(out, v)
		}
	}
	return out
}

func relationVersions(t *testing.T, e *env, k kg.RelationKey) []kg.Relation {
	t.Helper()
	h, err := e.st.History(e.ctx, e.kb, k.From)
	if err != nil {
		t.Fatalf("History(%q) = %v", k.From, err)
	}
	var out []kg.Relation
	for _, r := range h.Relations {
		if r.Key() == k {
			out = append(out, r)
		}
	}
	return out
}

func corrections(t *testing.T, e *env, status string) []feedback.Correction {
	t.Helper()
	list, _, err := e.fb.List(e.ctx, e.kb, status, kg.MaxPage, "")
	if err != nil {
		t.Fatalf("List(%q) = %v", status, err)
	}
	return list
}

func auditActions(t *testing.T, e *env, q feedback.AuditQuery) []string {
	t.Helper()
	entries, _, err := e.fb.AuditLog(e.ctx, e.kb, q)
	if err != nil {
		t.Fatalf("AuditLog(%+v) = %v", q, err)
	}
	var out []string
	for _, a := range entries {
		out = append(out, a.Action+" "+a.Subject)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}
