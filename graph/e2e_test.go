package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"kgrag/graph"
	"kgrag/graph/auth"
	"kgrag/kg"
	"kgrag/kg/kgtest"
	"kgrag/kg/kgtest/teststore"
	"kgrag/kg/memkg"
	"kgrag/retrieval"
	"kgrag/service"
)

// backend is a kg.Store the end-to-end tests run against.
type backend struct {
	name string
	open func(t *testing.T) kg.Store
}

// backends lists the embedded store and every server backend configured
// in the environment (see backends_neo4j_test.go).
var backends = []backend{{"embedded", teststore.Embedded}}

func forEachBackend(t *testing.T, fn func(t *testing.T, s kg.Store)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b.open(t)) })
	}
}

// env is a running kgrag HTTP server with one key per role, over the
// service the composition root builds (as kgrag serve does).
type env struct {
	t   *testing.T
	srv *httptest.Server
	svc *service.Service
	kb  string // the knowledge base of the keys below
	kb2 string // a second knowledge base, only other-trainer and admin may use it
}

const (
	keyChat    = "chat-secret-0123456789"
	keyAgent   = "agent-secret-0123456789"
	keyTrainer = "trainer-secret-0123456789"
	keyAuditor = "auditor-secret-0123456789"
	keyAdmin   = "admin-secret-0123456789"
	keyOther   = "other-trainer-secret-0123456789"
)

// newService builds the service over the store s, with its embedded chunk
// index and source registry in a temporary directory.
func newService(t *testing.T, s kg.Store) *service.Service {
	t.Helper()
	svc, err := service.New(context.Background(), service.Config{DataDir: t.TempDir(), Store: s, NoSync: true})
	if err != nil {
		t.Fatalf("service.New = %v", err)
	}
	t.Cleanup(svc.Close)
	return svc
}

// newEnv serves a new service over s with the limits and one key per role
// in two fresh knowledge bases.
func newEnv(t *testing.T, s kg.Store, lim graph.Limits) *env {
	t.Helper()
	kb, kb2 := kgtest.NewKB(t), kgtest.NewKB(t)
	spec := strings.Join([]string{
		"bot:chat:" + kb + ":" + keyChat,
		"ana:agent:" + kb + ":" + keyAgent,
		"tina:trainer:" + kb + ":" + keyTrainer,
		"audrey:auditor:" + kb + ":" + keyAuditor,
		"root:admin:*:" + keyAdmin,
		"otto:trainer:" + kb2 + ":" + keyOther,
	}, ",")
	keys, err := auth.ParseKeys(spec)
	if err != nil {
		t.Fatal(err)
	}
	svc := newService(t, s)
	h := graph.NewHandler(graph.HandlerConfig{
		Resolver: svc.Resolver(),
		Logger:   zerolog.New(io.Discard),
		Keys:     keys,
		Limits:   lim,
		Ready:    svc.Ready,
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, svc: svc, kb: kb, kb2: kb2}
}

// chunks counts the chunks of the knowledge base kb in the service's index
// (of the sources given, or all).
func (e *env) chunks(kb string, sources ...string) int {
	e.t.Helper()
	n, err := e.svc.Index.Count(context.Background(), retrieval.Filter{KB: kb, SourceIDs: sources})
	if err != nil {
		e.t.Fatalf("Count(%s, %v) = %v", kb, sources, err)
	}
	return n
}

type gqlResponse struct {
	status int
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// do posts a GraphQL request with the key (and the knowledge base header when kb != "").
func (e *env) do(key, kb, query string, vars map[string]any) gqlResponse {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if kb != "" {
		req.Header.Set("X-Kgrag-KB", kb)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("POST /graphql: %v", err)
	}
	defer resp.Body.Close()
	var out gqlResponse
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatalf("response %q is not JSON: %v", raw, err)
	}
	out.status = resp.StatusCode
	return out
}

// ok runs a request that must succeed and decodes data.field into v.
func (e *env) ok(key, query string, vars map[string]any, field string, v any) {
	e.t.Helper()
	r := e.do(key, "", query, vars)
	if len(r.Errors) > 0 {
		e.t.Fatalf("%s: errors %+v", firstLine(query), r.Errors)
	}
	if err := json.Unmarshal(r.Data[field], v); err != nil {
		e.t.Fatalf("decode %s: %v (%s)", field, err, r.Data[field])
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return s
}

type entityJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Version    int    `json:"version"`
	Status     string `json:"status"`
	ValidFrom  string `json:"validFrom"`
	ValidTo    *string
	Attributes []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"attributes"`
	Provenance struct {
		Kind  string  `json:"kind"`
		Actor *string `json:"actor"`
		Note  *string `json:"note"`
	} `json:"provenance"`
	RedirectedFrom *string `json:"redirectedFrom"`
}

func (e entityJSON) attr(k string) string {
	for _, a := range e.Attributes {
		if a.Key == k {
			return a.Value
		}
	}
	return "<none>"
}

const entityFields = `id name version status validFrom validTo attributes { key value } provenance { kind actor note } redirectedFrom`

const upsertEntity = `mutation($in: EntityInput!) { upsertEntity(input: $in) { ` + entityFields + ` } }`

// TestTrainerWorkflow is the "done when": a trainer creates a
// product, relates it to a policy, changes its price, and reads the current
// price, the price before the change and the full history.
func TestTrainerWorkflow(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newEnv(t, s, graph.Limits{})
		var p entityJSON
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{
			"id": "LJ-1001", "type": "Product", "name": "澜肌水光玻尿酸精华液",
			"aliases":    []map[string]any{{"text": "Hydra Serum", "lang": "en"}},
			"channels":   []string{"tmall", "douyin"},
			"attributes": []map[string]any{{"key": "price_cny", "kind": "NUMBER", "value": "259"}, {"key": "净含量", "value": "30ml"}},
		}}, "upsertEntity", &p)
		if p.Version != 1 || p.attr("price_cny") != "259" || p.Provenance.Kind != "USER" || deref(p.Provenance.Actor) != "tina" {
			t.Fatalf("created = %+v", p)
		}
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{
			"id": "lj-returns-2025", "type": "Policy", "name": "退换货政策（2025版）",
		}}, "upsertEntity", &entityJSON{})
		var rel struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		}
		e.ok(keyTrainer, `mutation { upsertRelation(input: {from: "lj-returns-2025", type: "APPLIES_TO", to: "LJ-1001"}) { id version } }`, nil, "upsertRelation", &rel)
		if rel.ID != "lj-returns-2025-[APPLIES_TO]->LJ-1001" || rel.Version != 1 {
			t.Errorf("relation = %+v", rel)
		}
		time.Sleep(5 * time.Millisecond) // the price change must be later than creation
		before := time.Now().UTC()
		time.Sleep(5 * time.Millisecond)
		var v2 entityJSON
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{
			"id": "LJ-1001", "baseVersion": 1, "note": "price cut",
			"attributes": []map[string]any{{"key": "price_cny", "kind": "NUMBER", "value": "239"}},
		}}, "upsertEntity", &v2)
		if v2.Version != 2 || v2.attr("price_cny") != "239" || v2.attr("净含量") != "30ml" || deref(v2.Provenance.Note) != "price cut" {
			t.Fatalf("after price change = %+v", v2)
		}
		q := `query($id: ID!, $at: Time) { entity(id: $id, asOf: $at) { ` + entityFields + ` } }`
		var cur, old entityJSON
		e.ok(keyTrainer, q, map[string]any{"id": "LJ-1001"}, "entity", &cur)
		e.ok(keyTrainer, q, map[string]any{"id": "LJ-1001", "at": before.Format(time.RFC3339Nano)}, "entity", &old)
		if cur.attr("price_cny") != "239" || old.attr("price_cny") != "259" || old.Version != 1 || old.ValidTo == nil {
			t.Errorf("current price %s (v%d), before the change %s (v%d, validTo %v); want 239 and 259",
				cur.attr("price_cny"), cur.Version, old.attr("price_cny"), old.Version, old.ValidTo)
		}
		var ns []struct {
			Direction string `json:"direction"`
			Relation  struct {
				Type string `json:"type"`
			} `json:"relation"`
			Entity struct {
				ID string `json:"id"`
			} `json:"entity"`
		}
		e.ok(keyTrainer, `{ neighbours(id: "LJ-1001", channel: "douyin") { direction relation { type } entity { id } } }`, nil, "neighbours", &ns)
		if len(ns) != 1 || ns[0].Entity.ID != "lj-returns-2025" || ns[0].Direction != "IN" {
			t.Errorf("neighbours = %+v", ns)
		}
		var hist []struct {
			Subject string `json:"subject"`
			Version int    `json:"version"`
			Fields  []struct {
				Field  string  `json:"field"`
				Before *string `json:"before"`
				After  *string `json:"after"`
			} `json:"fields"`
		}
		e.ok(keyAuditor, `{ history(entityId: "LJ-1001") { subject version fields { field before after } } }`, nil, "history", &hist)
		if len(hist) != 3 {
			t.Fatalf("history = %+v, want entity v1, relation v1, entity v2", hist)
		}
		last := hist[2]
		if last.Subject != "LJ-1001" || last.Version != 2 || len(last.Fields) != 1 ||
			deref(last.Fields[0].Before) != "259" || deref(last.Fields[0].After) != "239" {
			t.Errorf("last change = %+v, want price 259 -> 239", last)
		}
		// A second edit based on the stale version conflicts.
		r := e.do(keyTrainer, "", upsertEntity, map[string]any{"in": map[string]any{
			"id": "LJ-1001", "baseVersion": 1, "attributes": []map[string]any{{"key": "price_cny", "kind": "NUMBER", "value": "1"}}}})
		if r.code() != graph.CodeConflict || !strings.Contains(r.Errors[0].Message, "version 2") {
			t.Errorf("stale edit = %+v, want CONFLICT naming the current version", r.Errors)
		}
		// Retire the relation, then the policy; history stays.
		var rr struct {
			Status  string `json:"status"`
			Version int    `json:"version"`
		}
		e.ok(keyTrainer, `mutation { retireRelation(from: "lj-returns-2025", type: "APPLIES_TO", to: "LJ-1001", note: "wrong") { status version } }`, nil, "retireRelation", &rr)
		if rr.Status != "RETIRED" || rr.Version != 2 {
			t.Errorf("retireRelation = %+v", rr)
		}
		var re entityJSON
		e.ok(keyTrainer, `mutation { retireEntity(id: "lj-returns-2025", baseVersion: 1) { `+entityFields+` } }`, nil, "retireEntity", &re)
		if re.Status != "RETIRED" || re.Version != 2 {
			t.Errorf("retireEntity = %+v", re)
		}
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestAuth(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newEnv(t, s, graph.Limits{})
		read := `{ entities { totalCount } }`
		write := `mutation { upsertEntity(input: {id: "P1", type: "Product", name: "x"}) { id } }`
		cases := []struct {
			name, key, kb, query string
			status               int
			code                 string
		}{
			{"no key", "", "", read, 401, graph.CodeUnauthenticated},
			{"unknown key", "nope-nope-nope-nope-nope", "", read, 401, graph.CodeUnauthenticated},
			{"chat may not read the graph", keyChat, "", read, 200, graph.CodeForbidden},
			{"agent may read", keyAgent, "", read, 200, ""},
			{"agent may not curate", keyAgent, "", write, 200, graph.CodeForbidden},
			{"auditor may not curate", keyAuditor, "", write, 200, graph.CodeForbidden},
			{"trainer may curate", keyTrainer, "", write, 200, ""},
			{"trainer may not read traces' history? it may read history", keyTrainer, "", `{ history(entityId: "P1") { version } }`, 200, ""},
			{"chat may not read history", keyChat, "", `{ history(entityId: "P1") { version } }`, 200, graph.CodeForbidden},
			{"key outside its knowledge base", keyTrainer, "", read, 200, ""},
			{"other kb forbidden", keyOther, "KB1", read, 403, graph.CodeForbidden},
			{"malformed kb", keyAdmin, "Not A KB", read, 400, graph.CodeBadUserInput},
			{"admin anywhere", keyAdmin, "KB2", write, 200, ""},
			{"me works for chat", keyChat, "", `{ me { keyId role kb } }`, 200, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				kb := strings.NewReplacer("KB1", e.kb, "KB2", e.kb2).Replace(tc.kb)
				r := e.do(tc.key, kb, tc.query, nil)
				if r.status != tc.status || r.code() != tc.code {
					t.Errorf("status %d code %q (%+v), want %d %q", r.status, r.code(), r.Errors, tc.status, tc.code)
				}
			})
		}
		var me struct {
			KeyID string `json:"keyId"`
			Role  string `json:"role"`
			KB    string `json:"kb"`
		}
		e.ok(keyChat, `{ me { keyId role kb } }`, nil, "me", &me)
		if me.KeyID != "bot" || me.Role != "CHAT" || me.KB != e.kb {
			t.Errorf("me = %+v", me)
		}
	})
}

// TestIsolation tries to reach one brand's knowledge from another's key.
func TestIsolation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newEnv(t, s, graph.Limits{})
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "SECRET-1", "type": "Product", "name": "机密新品"}}, "upsertEntity", &entityJSON{})
		// otto works in kb2: he cannot see or touch kb's entity.
		checks := []struct{ query, code string }{
			{`{ entity(id: "SECRET-1") { id } }`, graph.CodeNotFound},
			{`{ neighbours(id: "SECRET-1") { entity { id } } }`, graph.CodeNotFound},
			{`{ history(entityId: "SECRET-1") { version } }`, graph.CodeNotFound},
			{`mutation { retireEntity(id: "SECRET-1") { id } }`, graph.CodeNotFound},
		}
		for _, c := range checks {
			if r := e.do(keyOther, "", c.query, nil); r.code() != c.code {
				t.Errorf("%s from another kb = %q %+v, want %s", c.query, r.code(), r.Errors, c.code)
			}
		}
		var page struct {
			TotalCount int `json:"totalCount"`
		}
		e.ok(keyOther, `{ entities(nameContains: "机密") { totalCount } }`, nil, "entities", &page)
		if page.TotalCount != 0 {
			t.Errorf("other kb sees %d entities", page.TotalCount)
		}
		var found []entityJSON
		e.ok(keyOther, `{ lookup(name: "机密新品") { id } }`, nil, "lookup", &found)
		if len(found) != 0 {
			t.Errorf("other kb lookup = %+v", found)
		}
		r := e.do(keyOther, "", `mutation { upsertRelation(input: {from: "X", type: "REPLACES", to: "SECRET-1"}) { id } }`, nil)
		if r.code() != graph.CodeBadUserInput {
			t.Errorf("relation into another kb = %q, want BAD_USER_INPUT", r.code())
		}
		// Asking for the other knowledge base by header is forbidden, not silently ignored.
		if r := e.do(keyOther, e.kb, `{ entity(id: "SECRET-1") { id } }`, nil); r.status != 403 {
			t.Errorf("header naming a foreign kb = %d, want 403", r.status)
		}
		// The entity is still whole in its own knowledge base.
		var got entityJSON
		e.ok(keyTrainer, `{ entity(id: "SECRET-1") { `+entityFields+` } }`, nil, "entity", &got)
		if got.Status != "ACTIVE" || got.Version != 1 {
			t.Errorf("entity after foreign attempts = %+v", got)
		}
	})
}

func TestPagination(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newEnv(t, s, graph.Limits{})
		var ins []map[string]any
		for i := range 12 {
			ins = append(ins, map[string]any{"id": fmt.Sprintf("P%02d", i), "type": "Product", "name": fmt.Sprintf("商品%d", i)})
		}
		for _, in := range ins {
			e.ok(keyTrainer, upsertEntity, map[string]any{"in": in}, "upsertEntity", &entityJSON{})
		}
		type page struct {
			Nodes    []entityJSON `json:"nodes"`
			PageInfo struct {
				EndCursor   *string `json:"endCursor"`
				HasNextPage bool    `json:"hasNextPage"`
			} `json:"pageInfo"`
			TotalCount int `json:"totalCount"`
		}
		q := `query($after: String) { entities(type: "Product", first: 5, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } totalCount } }`
		var ids []string
		var after any
		for n := 0; n < 5; n++ {
			var p page
			e.ok(keyAgent, q, map[string]any{"after": after}, "entities", &p)
			if p.TotalCount != 12 {
				t.Errorf("totalCount = %d", p.TotalCount)
			}
			for _, x := range p.Nodes {
				ids = append(ids, x.ID)
			}
			if !p.PageInfo.HasNextPage {
				break
			}
			after = *p.PageInfo.EndCursor
		}
		if len(ids) != 12 || ids[0] != "P00" || ids[11] != "P11" {
			t.Errorf("ids = %v", ids)
		}
		bad := []struct{ query, code string }{
			{`{ entities(first: 1000) { totalCount } }`, graph.CodeBadUserInput},
			{`{ entities(first: -1) { totalCount } }`, graph.CodeBadUserInput},
			{`{ entities(after: "!!!") { totalCount } }`, graph.CodeBadUserInput},
			{`{ entities(type: "Spaceship") { totalCount } }`, graph.CodeBadUserInput},
		}
		for _, b := range bad {
			if r := e.do(keyAgent, "", b.query, nil); r.code() != b.code {
				t.Errorf("%s = %q %+v, want %s", b.query, r.code(), r.Errors, b.code)
			}
		}
	})
}

func TestBadInput(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newEnv(t, s, graph.Limits{})
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "type": "Product", "name": "x"}}, "upsertEntity", &entityJSON{})
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "P2", "type": "Product", "name": "z"}}, "upsertEntity", &entityJSON{})
		cases := []struct {
			name  string
			query string
			vars  map[string]any
			code  string
		}{
			{"malformed id", upsertEntity, map[string]any{"in": map[string]any{"id": "a b", "type": "Product", "name": "x"}}, graph.CodeBadUserInput},
			{"unknown entity type", upsertEntity, map[string]any{"in": map[string]any{"id": "X", "type": "Robot", "name": "x"}}, graph.CodeBadUserInput},
			{"over-long name", upsertEntity, map[string]any{"in": map[string]any{"id": "X", "type": "Product", "name": strings.Repeat("x", 500)}}, graph.CodeBadUserInput},
			{"invalid date value", upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "attributes": []map[string]any{{"key": "launched", "kind": "DATE", "value": "2025-02-30"}}}}, graph.CodeBadUserInput},
			{"NaN number", upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "attributes": []map[string]any{{"key": "price", "kind": "NUMBER", "value": "NaN"}}}}, graph.CodeBadUserInput},
			{"infinite number", upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "attributes": []map[string]any{{"key": "price", "kind": "NUMBER", "value": "Infinity"}}}}, graph.CodeBadUserInput},
			{"hex number", upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "attributes": []map[string]any{{"key": "price", "kind": "NUMBER", "value": "0x1p4"}}}}, graph.CodeBadUserInput},
			{"underscored number", upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "attributes": []map[string]any{{"key": "price", "kind": "NUMBER", "value": "1_000"}}}}, graph.CodeBadUserInput},
			{"negative baseVersion on upsert", upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "name": "y", "baseVersion": -1}}, graph.CodeBadUserInput},
			{"negative baseVersion on merge", `mutation { mergeEntities(keep: "P1", merge: "P2", baseVersion: -3) { id } }`, nil, graph.CodeBadUserInput},
			{"negative baseVersion on retire", `mutation { retireEntity(id: "P1", baseVersion: -1) { id } }`, nil, graph.CodeBadUserInput},
			{"invalid asOf", `{ entity(id: "P1", asOf: "last tuesday") { id } }`, nil, graph.CodeBadUserInput},
			{"invalid validFrom variable", upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "name": "y", "validFrom": "soon"}}, graph.CodeBadUserInput},
			{"unknown field", `mutation { upsertEntity(input: {id: "P1", colour: "red"}) { id } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{"unknown enum", upsertEntity, map[string]any{"in": map[string]any{"id": "P1", "attributes": []map[string]any{{"key": "k", "kind": "BLOB"}}}}, "GRAPHQL_VALIDATION_FAILED"},
			{"unknown relation type", `mutation { upsertRelation(input: {from: "P1", type: "LIKES", to: "P1"}) { id } }`, nil, graph.CodeBadUserInput},
			{"relation to missing entity", `mutation { upsertRelation(input: {from: "P1", type: "REPLACES", to: "P404"}) { id } }`, nil, graph.CodeBadUserInput},
			{"malformed channel", `{ neighbours(id: "P1", channel: "my space!") { direction } }`, nil, graph.CodeBadUserInput},
			{"missing entity", `{ entity(id: "P404") { id } }`, nil, graph.CodeNotFound},
			{"retire missing", `mutation { retireEntity(id: "P404") { id } }`, nil, graph.CodeNotFound},
			{"merge into itself", `mutation { mergeEntities(keep: "P1", merge: "P1") { id } }`, nil, graph.CodeBadUserInput},
			{"parse error", `{ entity(id: `, nil, "GRAPHQL_PARSE_FAILED"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := e.do(keyTrainer, "", tc.query, tc.vars)
				if r.code() != tc.code {
					t.Errorf("code = %q (%+v), want %s", r.code(), r.Errors, tc.code)
				}
				if len(r.Errors) > 0 && (r.Errors[0].Message == "" || r.Errors[0].Message == "internal error") {
					t.Errorf("message %q does not tell the caller what to fix", r.Errors[0].Message)
				}
			})
		}
		var got entityJSON
		e.ok(keyTrainer, `{ entity(id: "P1") { `+entityFields+` } }`, nil, "entity", &got)
		if got.Version != 1 || got.Name != "x" {
			t.Errorf("P1 after bad input = %+v, want untouched", got)
		}
	})
}

func TestMergeThroughGraphQL(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newEnv(t, s, graph.Limits{})
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "LJ-1001", "type": "Product", "name": "水光精华"}}, "upsertEntity", &entityJSON{})
		e.ok(keyTrainer, upsertEntity, map[string]any{"in": map[string]any{"id": "hydra-serum", "type": "Product", "name": "Hydra Serum"}}, "upsertEntity", &entityJSON{})
		var kept struct {
			Aliases []struct {
				Text string `json:"text"`
			} `json:"aliases"`
			Version int `json:"version"`
		}
		e.ok(keyTrainer, `mutation { mergeEntities(keep: "LJ-1001", merge: "hydra-serum") { aliases { text } version } }`, nil, "mergeEntities", &kept)
		if len(kept.Aliases) != 1 || kept.Aliases[0].Text != "Hydra Serum" || kept.Version != 2 {
			t.Errorf("merge = %+v", kept)
		}
		var got entityJSON
		e.ok(keyTrainer, `{ entity(id: "hydra-serum") { `+entityFields+` } }`, nil, "entity", &got)
		if got.ID != "LJ-1001" || deref(got.RedirectedFrom) != "hydra-serum" {
			t.Errorf("redirect = %+v", got)
		}
	})
}

func TestLimits(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s kg.Store) {
		e := newEnv(t, s, graph.Limits{MaxBodyBytes: 2048, MaxDepth: 3, MaxComplexity: 500})
		deep := `{ neighbours(id: "P1") { entity { provenance { note } } relation { provenance { source } } } }`
		if r := e.do(keyTrainer, "", deep, nil); r.code() != graph.CodeBadUserInput || !strings.Contains(r.Errors[0].Message, "depth") {
			t.Errorf("deep query = %q %+v, want depth error", r.code(), r.Errors)
		}
		wide := `{ entities(first: 200) { nodes { id name type } } }`
		if r := e.do(keyTrainer, "", wide, nil); r.code() != "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Errorf("complex query = %q %+v, want COMPLEXITY_LIMIT_EXCEEDED", r.code(), r.Errors)
		}
		big := `{ lookup(name: "` + strings.Repeat("长", 2000) + `") { id } }`
		if r := e.do(keyTrainer, "", big, nil); r.status != http.StatusRequestEntityTooLarge || r.code() != graph.CodeBadUserInput {
			t.Errorf("big body = %d %q", r.status, r.code())
		}
		// Introspection stays possible under a small depth limit.
		if r := e.do(keyTrainer, "", `{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }`, nil); len(r.Errors) > 0 {
			t.Errorf("introspection = %+v", r.Errors)
		}
	})
}

func TestHealth(t *testing.T) {
	s, err := memkg.Open(t.TempDir(), memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := newEnv(t, s, graph.Limits{})
	for _, path := range []string{"/healthz", "/readyz", "/"} {
		resp, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
		if resp.Header.Get("X-Request-Id") == "" {
			t.Errorf("GET %s has no X-Request-Id", path)
		}
	}
	s.Close()
	resp, err := http.Get(e.srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz with a closed store = %d, want 503", resp.StatusCode)
	}
}

func TestDevModeWithoutKeys(t *testing.T) {
	s, err := memkg.Open(t.TempDir(), memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	svc := newService(t, s)
	srv := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.New(io.Discard), AuthOff: true}))
	defer srv.Close()
	e := &env{t: t, srv: srv}
	var me struct {
		Role string `json:"role"`
		KB   string `json:"kb"`
	}
	e.ok("", `{ me { role kb } }`, nil, "me", &me)
	if me.Role != "ADMIN" || me.KB != auth.DefaultKB {
		t.Errorf("dev caller = %+v", me)
	}
	// Without AuthOff, no keys means no access.
	srv2 := httptest.NewServer(graph.NewHandler(graph.HandlerConfig{Resolver: svc.Resolver(), Logger: zerolog.New(io.Discard)}))
	defer srv2.Close()
	e2 := &env{t: t, srv: srv2}
	if r := e2.do("", "", `{ me { role } }`, nil); r.status != 401 {
		t.Errorf("no keys, auth on = %d, want 401", r.status)
	}
}

// auditEntryJSON is an audit log entry as the API returns it.
type auditEntryJSON struct {
	Actor   string  `json:"actor"`
	Action  string  `json:"action"`
	Subject string  `json:"subject"`
	After   *string `json:"after"`
}

// auditLog reads the knowledge base's last 50 audit entries as an auditor.
func (e *env) auditLog() (log struct {
	Nodes []auditEntryJSON `json:"nodes"`
}) {
	e.t.Helper()
	e.ok(keyAuditor, `{ auditLog(first: 50) { nodes { actor action subject after } } }`, nil, "auditLog", &log)
	return log
}
