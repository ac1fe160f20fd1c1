package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"kgrag/graph"
)

// TestUnknownKnowledgeBase: in dev mode (no keys), a knowledge base comes
// into existence with its first ingest or upsertEntity; asking or reading
// one that does not exist (a misspelt X-Kgrag-KB, or "default" while the
// brand's knowledge is elsewhere) is NOT_FOUND naming those that exist,
// and a request naming none is refused while several exist.
func TestUnknownKnowledgeBase(t *testing.T) {
	svc := newService(t, memStore(t))
	srv := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.New(io.Discard), AuthOff: true}))
	defer srv.Close()
	e := &env{t: t, srv: srv, svc: svc}
	ask := `mutation { ask(input: {question: "可以开发票吗？"}) { status text } }`
	kbs := func(kb string) []string {
		t.Helper()
		r := e.do("", kb, `{ knowledgeBases }`, nil)
		var out []string
		if err := json.Unmarshal(r.Data["knowledgeBases"], &out); err != nil || len(r.Errors) > 0 {
			t.Fatalf("knowledgeBases = %+v, %v", r.Errors, err)
		}
		return out
	}
	wantErr := func(name string, r gqlResponse, code string, says ...string) {
		t.Helper()
		if r.code() != code {
			t.Fatalf("%s: code %q (%+v), want %s", name, r.code(), r.Errors, code)
		}
		for _, s := range says {
			if !strings.Contains(r.Errors[0].Message, s) {
				t.Errorf("%s: message %q does not say %q", name, r.Errors[0].Message, s)
			}
		}
	}

	if got := kbs(""); len(got) != 0 {
		t.Errorf("knowledgeBases of a fresh server = %v", got)
	}
	wantErr("read before anything exists", e.do("", "", `{ entities { totalCount } }`, nil), graph.CodeNotFound, `"default" does not exist`, "none exists yet")

	// The first ingest creates the brand's knowledge base.
	r := e.do("", "lanji", `mutation { ingestSources(sources: [{id: "faq.csv", content: "id,question,answer,tags\nF1,可以开发票吗？,可以，在订单页申请电子发票。,发票\n"}]) { status } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("ingest into lanji: %+v", r.Errors)
	}
	if got := kbs(""); !slices.Equal(got, []string{"lanji"}) {
		t.Errorf("knowledgeBases = %v, want [lanji]", got)
	}
	wantErr("ask without a header", e.do("", "", ask, nil), graph.CodeNotFound, `"default" does not exist`, "lanji")
	wantErr("ask a misspelt one", e.do("", "lanjii", ask, nil), graph.CodeNotFound, `"lanjii" does not exist`, "knowledge bases: lanji")
	wantErr("read a misspelt one", e.do("", "lanjii", `{ entity(id: "F1") { id } }`, nil), graph.CodeNotFound, "lanji")
	wantErr("synonym in a misspelt one", e.do("", "lanjii", `mutation { addSynonym(input: {term: "发票", kind: ENTITY, target: "F1"}) { synonymsVersion } }`, nil), graph.CodeNotFound)
	var a struct{ Status, Text string }
	if r := e.do("", "lanji", ask, nil); len(r.Errors) > 0 || json.Unmarshal(r.Data["ask"], &a) != nil || a.Status != "ANSWERED" {
		t.Errorf("ask in lanji = %+v %+v", r.Errors, a)
	}
	// Requests that need no knowledge base work with any header.
	if r := e.do("", "lanjii", `{ me { kb } __schema { queryType { name } } }`, nil); len(r.Errors) > 0 {
		t.Errorf("me and introspection with a misspelt knowledge base: %+v", r.Errors)
	}

	// upsertEntity creates one too; then a request naming none is refused.
	if r := e.do("", "sandbox", `mutation { upsertEntity(input: {id: "S1", type: "Product", name: "样品"}) { version } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("upsertEntity into sandbox: %+v", r.Errors)
	}
	if r := e.do("", "sandbox", `{ entity(id: "S1") { id } }`, nil); len(r.Errors) > 0 {
		t.Errorf("read right after the creating upsert: %+v", r.Errors)
	}
	wantErr("upsert naming none while others exist", e.do("", "", `mutation { upsertEntity(input: {id: "D1", type: "Product", name: "x"}) { version } }`, nil),
		graph.CodeNotFound, `"default" does not exist`, "lanji, sandbox")
	if r := e.do("", "default", `mutation { upsertEntity(input: {id: "D1", type: "Product", name: "x"}) { version } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("upsertEntity into default, named: %+v", r.Errors)
	}
	wantErr("ask naming none among several", e.do("", "", ask, nil), graph.CodeBadUserInput, "X-Kgrag-KB", "default, lanji, sandbox")
	if got := kbs("lanji"); !slices.Equal(got, []string{"default", "lanji", "sandbox"}) {
		t.Errorf("knowledgeBases = %v, want [default lanji sandbox]", got)
	}
}

// TestDemoKnowledgeBaseIsDefault: serve --demo loads "default", which then
// answers requests that name no knowledge base, as the README's first
// examples do.
func TestDemoKnowledgeBaseIsDefault(t *testing.T) {
	svc := newService(t, memStore(t))
	if _, err := svc.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.New(io.Discard), AuthOff: true}))
	defer srv.Close()
	e := &env{t: t, srv: srv, svc: svc}
	var a struct{ Status string }
	e.ok("", `mutation { ask(input: {question: "M2 Pro 咖啡机多少钱？"}) { status } }`, nil, "ask", &a)
	if a.Status != "ANSWERED" {
		t.Errorf("demo ask = %+v", a)
	}
}

// TestKnowledgeBasesWithKeys: a key lists the knowledge bases it may use,
// which exist while empty (the key configuration names them); a key for
// all lists every one.
func TestKnowledgeBasesWithKeys(t *testing.T) {
	e := newEnv(t, memStore(t), graph.Limits{})
	var got []string
	e.ok(keyChat, `{ knowledgeBases }`, nil, "knowledgeBases", &got)
	if !slices.Equal(got, []string{e.kb}) {
		t.Errorf("chat key's knowledgeBases = %v, want [%s]", got, e.kb)
	}
	r := e.do(keyAdmin, e.kb, `{ knowledgeBases }`, nil)
	json.Unmarshal(r.Data["knowledgeBases"], &got)
	if !slices.Contains(got, e.kb) || !slices.Contains(got, e.kb2) {
		t.Errorf("admin's knowledgeBases = %v, want both configured ones", got)
	}
	// A configured, empty knowledge base exists: questions are refused for
	// want of evidence, not NOT_FOUND.
	var a struct{ Status string }
	e.ok(keyChat, `mutation { ask(input: {question: "可以开发票吗？"}) { status } }`, nil, "ask", &a)
	if a.Status == "" {
		t.Errorf("ask in an empty configured knowledge base = %+v", a)
	}
	if r := e.do(keyAdmin, "nosuchkb", `{ entities { totalCount } }`, nil); r.code() != graph.CodeNotFound {
		t.Errorf("admin in an unknown knowledge base: %+v", r.Errors)
	}
}
