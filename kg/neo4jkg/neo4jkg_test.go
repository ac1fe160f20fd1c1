package neo4jkg

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"kgrag/kg"
	"kgrag/kg/kgtest"
)

// openTest opens the store at KGRAG_NEO4J_URI or skips the test.
func openTest(t *testing.T) *Store {
	t.Helper()
	uri := kgtest.ServerEnv(t, "KGRAG_NEO4J_URI")
	db := os.Getenv("KGRAG_NEO4J_DATABASE")
	if db == "" {
		db = "neo4j"
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Open(ctx, Config{URI: uri, User: os.Getenv("KGRAG_NEO4J_USER"), Password: os.Getenv("KGRAG_NEO4J_PASSWORD"), Database: db})
	if err != nil {
		t.Fatalf("Open(%s) = %v", uri, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestContract runs the contract suite, then checks that every statement
// the suite made the store run finds its nodes through an index: a label
// scan reads every node of a label, of every knowledge base.
func TestContract(t *testing.T) {
	s := openTest(t)
	stop := recordStatements()
	kgtest.Run(t, func(t *testing.T) kg.Store { return s })
	seen := stop()
	if t.Failed() {
		return
	}
	checkPlans(t, s, seen, 20)
}

// recordStatements records each distinct statement the store runs, with
// the parameters of its first run, until the returned stop is called.
func recordStatements() (stop func() map[string]map[string]any) {
	var mu sync.Mutex
	seen := map[string]map[string]any{}
	f := func(cypher string, params map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		if _, ok := seen[cypher]; !ok {
			seen[cypher] = maps.Clone(params)
		}
	}
	observe.Store(&f)
	return func() map[string]map[string]any {
		observe.Store(nil)
		mu.Lock()
		defer mu.Unlock()
		return seen
	}
}

// scanOK are the statements that read every node of a label on purpose.
var scanOK = []string{
	"MATCH (e:Entity) RETURN DISTINCT e.kb AS kb", // the knowledge bases
	"MATCH (t:Trace) RETURN DISTINCT t.kb AS kb",  // those with traces
}

// checkPlans fails for a statement whose plan scans a label or all nodes.
func checkPlans(t *testing.T, s *Store, stmts map[string]map[string]any, least int) {
	t.Helper()
	if len(stmts) < least {
		t.Fatalf("%d distinct statements were run, want at least %d; the observer is not working", len(stmts), least)
	}
	ctx := context.Background()
	for cypher, params := range stmts {
		if slices.ContainsFunc(scanOK, func(p string) bool { return strings.HasPrefix(cypher, p) }) {
			continue
		}
		res, err := neo4j.ExecuteQuery(ctx, s.drv, "EXPLAIN "+cypher, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db))
		if err != nil {
			t.Errorf("EXPLAIN %s: %v", cypher, err)
			continue
		}
		var scans []string
		var walk func(p neo4j.Plan)
		walk = func(p neo4j.Plan) {
			if op := p.Operator(); strings.Contains(op, "LabelScan") || strings.Contains(op, "AllNodesScan") {
				scans = append(scans, fmt.Sprintf("%s %v", op, p.Arguments()["Details"]))
			}
			for _, c := range p.Children() {
				walk(c)
			}
		}
		walk(res.Summary.Plan())
		if len(scans) > 0 {
			t.Errorf("statement scans instead of seeking an index: %v\n%s", scans, cypher)
		}
	}
}

func TestSchema(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if v, err := s.schemaVersion(ctx); err != nil || v != SchemaVersion() {
		t.Errorf("schemaVersion = %d, %v; want %d", v, err, SchemaVersion())
	}
	// A second start-up finds the schema in place and changes nothing.
	s2, err := New(ctx, s.drv, s.db, Options{})
	if err != nil {
		t.Fatalf("New on a migrated database = %v", err)
	}
	if err := s2.Ping(ctx); err != nil {
		t.Errorf("Ping = %v", err)
	}
	if err := s2.Close(); err != nil {
		t.Errorf("Close of a store over a borrowed driver = %v", err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping after closing the borrowing store = %v, want the driver still open", err)
	}
}

// TestModel checks what the contract suite cannot see: the graph a batch
// leaves behind in Neo4j.
func TestModel(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	kb := kgtest.NewKB(t)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := s.Apply(ctx, kb, kg.Batch{At: t0,
		Entities: []kg.EntityUpsert{
			{ID: "P1", Type: "Product", Name: "Serum", Aliases: &[]kg.Alias{{Text: "Hydra Serum"}}},
			{ID: "P2", Type: "Product", Name: "Refill"},
		},
		Relations: []kg.RelationUpsert{{From: "P2", Type: "REFILL_OF", To: "P1"}}})
	if err != nil {
		t.Fatal(err)
	}
	// Retire P2 in the batch that renames it: two versions in one batch.
	_, err = s.Apply(ctx, kb, kg.Batch{At: t0.Add(time.Hour),
		Entities: []kg.EntityUpsert{{ID: "P2", Name: "Old refill"}},
		Retire:   []kg.Retirement{{EntityID: "P2"}}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, cypher string
		want         int64
	}{
		{"type label", `MATCH (e:Entity:Product {kb: $kb}) RETURN count(e) AS n`, 2},
		{"entity versions", `MATCH (:Entity {kb: $kb, id: 'P2'})-[:VERSION]->(v:EntityVersion) RETURN count(v) AS n`, 3},
		{"open versions", `MATCH (v:EntityVersion {kb: $kb, id: 'P2'}) WHERE v.validTo IS NULL RETURN count(v) AS n`, 1},
		{"names of active entities", `MATCH (n:Name {kb: $kb})-[:NAMES]->(:Entity) RETURN count(n) AS n`, 2},
		{"mirror relationship", `MATCH (:Entity {kb: $kb, id: 'P2'})-[r:REFILL_OF {status: 'RETIRED', version: 2}]->(:Entity {kb: $kb, id: 'P1'}) RETURN count(r) AS n`, 1},
		{"one mirror per relation", `MATCH (:Entity {kb: $kb, id: 'P2'})-[r]->(:Entity {kb: $kb, id: 'P1'}) RETURN count(r) AS n`, 1},
		{"relation versions", `MATCH (:Relation {kb: $kb, id: 'P2-[REFILL_OF]->P1'})-[:VERSION]->(v:RelationVersion) RETURN count(v) AS n`, 2},
		{"relation head", `MATCH (r:Relation {kb: $kb, id: 'P2-[REFILL_OF]->P1', from: 'P2', type: 'REFILL_OF', to: 'P1', status: 'RETIRED', version: 2}) RETURN count(r) AS n`, 1},
		{"entity head written with its first version", `MATCH (e:Entity:Product {kb: $kb, id: 'P1', name: 'Serum', status: 'ACTIVE', version: 1})-[:VERSION]->(v:EntityVersion {version: 1, status: 'ACTIVE'}) WHERE e.data = v.data RETURN count(e) AS n`, 1},
		{"no lock property left", `MATCH (e {kb: $kb}) WHERE e._lock IS NOT NULL RETURN count(e) AS n`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := neo4j.ExecuteQuery(ctx, s.drv, tc.cypher, map[string]any{"kb": kb}, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase(s.db))
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := res.Records[0].Get("n"); n != tc.want {
				t.Errorf("%s = %v, want %d", tc.cypher, n, tc.want)
			}
		})
	}
}

// TestConcurrentCreate races creators of one new entity and of one trace:
// the entity's head is created once (MERGE on the uniqueness constraint) and
// every writer then sees the version before it; of the traces exactly one is
// stored and the others are ErrConflict.
func TestConcurrentCreate(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	kb := kgtest.NewKB(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	var traces atomic.Int32
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := s.Apply(ctx, kb, kg.Batch{Entities: []kg.EntityUpsert{{ID: "NEW", Type: "Product", Name: fmt.Sprintf("name %d", i)}}})
			if err != nil {
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			err := s.PutTrace(ctx, kb, kg.Trace{ID: "tr", Question: fmt.Sprint(i)})
			switch {
			case err == nil:
				traces.Add(1)
			case !errors.Is(err, kg.ErrConflict):
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent create = %v", err)
	}
	if got := traces.Load(); got != 1 {
		t.Errorf("stored %d traces with one id, want 1", got)
	}
	h, err := s.History(ctx, kb, "NEW")
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range h.Entities {
		if e.Version != int64(i+1) {
			t.Errorf("history[%d] = v%d, want v%d", i, e.Version, i+1)
		}
	}
	if len(h.Entities) != n {
		t.Errorf("history has %d versions, want %d (one per distinct name)", len(h.Entities), n)
	}
}

func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Port 1 on loopback: nothing listens, so the dial fails at once.
	_, err := Open(ctx, Config{URI: "bolt://127.0.0.1:1"})
	if !errors.Is(err, kg.ErrUnavailable) {
		t.Errorf("Open(unreachable) = %v, want ErrUnavailable", err)
	}
	if _, err := Open(ctx, Config{URI: "http://[::1"}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("Open(bad uri) = %v, want ErrInvalid", err)
	}

	// A store whose server went away: the driver retries the transaction
	// until the deadline, and the caller gets ErrUnavailable.
	drv, err := neo4j.NewDriverWithContext("bolt://127.0.0.1:1", neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(ctx)
	s := &Store{drv: drv, now: time.Now}
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, err = s.Apply(short, "kb1", kg.Batch{Entities: []kg.EntityUpsert{{ID: "P1", Type: "Product", Name: "x"}}})
	if !errors.Is(err, kg.ErrUnavailable) {
		t.Errorf("Apply(server down) = %v, want ErrUnavailable", err)
	}
	if err := s.Ping(ctx); !errors.Is(err, kg.ErrUnavailable) {
		t.Errorf("Ping(server down) = %v, want ErrUnavailable", err)
	}
	// Bad input is reported as such without asking the server.
	if _, err := s.Apply(ctx, "kb1", kg.Batch{}); !errors.Is(err, kg.ErrInvalid) {
		t.Errorf("Apply(empty batch, server down) = %v, want ErrInvalid", err)
	}
}

func TestWrap(t *testing.T) {
	conflict := fmt.Errorf("entity %q is at version 2: %w", "P1", kg.ErrConflict)
	cases := []struct {
		name   string
		err    error
		is     []error
		isNot  []error
		retryd bool // the driver would retry it
	}{
		{"kg error passes", conflict, []error{kg.ErrConflict}, []error{kg.ErrUnavailable}, false},
		{"annotated kg error", annotate(conflict, "retire[%d]", 3), []error{kg.ErrConflict}, nil, false},
		{"lost connection", &neo4j.ConnectivityError{Inner: io.EOF}, []error{kg.ErrUnavailable}, nil, true},
		{"retries exhausted", &neo4j.TransactionExecutionLimit{Cause: "timeout"}, []error{kg.ErrUnavailable}, nil, false},
		{"database down", &neo4j.Neo4jError{Code: codeDatabaseUnavailable}, []error{kg.ErrUnavailable}, nil, true},
		{"deadline", context.DeadlineExceeded, []error{kg.ErrUnavailable, context.DeadlineExceeded}, nil, false},
		{"canceled", context.Canceled, []error{context.Canceled}, []error{kg.ErrUnavailable}, false},
		{"constraint", &neo4j.Neo4jError{Code: codeConstraintViolation}, []error{kg.ErrConflict}, []error{kg.ErrUnavailable}, false},
		{"syntax", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, nil,
			[]error{kg.ErrUnavailable, kg.ErrConflict, kg.ErrInvalid, kg.ErrNotFound}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := wrap("apply", tc.err)
			for _, target := range tc.is {
				if !errors.Is(got, target) {
					t.Errorf("wrap(%v) = %v, want it to be %v", tc.err, got, target)
				}
			}
			for _, target := range tc.isNot {
				if errors.Is(got, target) {
					t.Errorf("wrap(%v) = %v, want it not to be %v", tc.err, got, target)
				}
			}
			if r := neo4j.IsRetryable(tc.err); r != tc.retryd {
				t.Errorf("IsRetryable(%v) = %v, want %v", tc.err, r, tc.retryd)
			}
		})
	}
	if wrap("apply", nil) != nil {
		t.Error("wrap(nil) != nil")
	}
	// Driver errors are not annotated: the driver decides on retries by
	// their type.
	ce := &neo4j.ConnectivityError{Inner: io.EOF}
	if got := annotate(ce, "retire[%d]", 1); got != error(ce) {
		t.Errorf("annotate(driver error) = %v, want it unchanged", got)
	}
}

func TestAllowLists(t *testing.T) {
	for _, typ := range kg.EntityTypes {
		if l, ok := typeLabel(typ); !ok || l != typ {
			t.Errorf("typeLabel(%q) = %q, %v", typ, l, ok)
		}
	}
	for _, typ := range []string{"Spaceship", "Entity", "Product`) DETACH DELETE n //"} {
		if l, ok := typeLabel(typ); ok {
			t.Errorf("typeLabel(%q) = %q, want no label", typ, l)
		}
	}
	for _, typ := range kg.RelationTypes {
		if got := mirrorType(typ); got != typ {
			t.Errorf("mirrorType(%q) = %q", typ, got)
		}
	}
	if got := mirrorType("LOVES]->() DETACH DELETE n //"); got != "REL" {
		t.Errorf("mirrorType(unknown) = %q, want REL", got)
	}
}

func TestTraceCursor(t *testing.T) {
	tr := kg.Trace{ID: "a:b/1", CreatedAt: time.Date(2025, 1, 2, 3, 4, 5, 6, time.FixedZone("CST", 8*3600))}
	at, id, err := parseTraceCursor(traceCursor(&tr))
	if err != nil || !at.Equal(tr.CreatedAt) || id != tr.ID {
		t.Errorf("parseTraceCursor(traceCursor) = %v, %q, %v; want %v, %q", at, id, err, tr.CreatedAt, tr.ID)
	}
	for _, c := range []string{"%%%", kg.EncodeCursor("no separator"), kg.EncodeCursor("yesterday\x00a1")} {
		if _, _, err := parseTraceCursor(c); !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("parseTraceCursor(%q) = %v, want ErrInvalid", c, err)
		}
	}
}

// TestScanEntities checks that a scan sees what paging through Entities
// sees: every active entity, in id order, across scan pages.
func TestScanEntities(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	kb := kgtest.NewKB(t)
	n := namesPage + 7
	var b kg.Batch
	for i := range n {
		b.Entities = append(b.Entities, kg.EntityUpsert{ID: fmt.Sprintf("E%04d", i), Type: "Concept", Name: fmt.Sprintf("概念%d", i)})
	}
	if _, err := s.Apply(ctx, kb, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, kb, kg.Batch{Retire: []kg.Retirement{{EntityID: "E0003"}}}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for after := ""; ; {
		p, err := s.Entities(ctx, kb, kg.EntityQuery{First: kg.MaxPage, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Entities {
			want = append(want, e.ID)
		}
		if !p.HasNext {
			break
		}
		after = p.EndCursor
	}
	var got []string
	err := s.ScanEntities(ctx, kb, func(e *kg.Entity) error {
		if e.Status != kg.StatusActive {
			t.Errorf("scan saw %s %s", e.ID, e.Status)
		}
		got = append(got, e.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != n-1 || !slices.Equal(got, want) {
		t.Errorf("scan saw %d entities, Entities lists %d (want %d); equal: %v", len(got), len(want), n-1, slices.Equal(got, want))
	}
}
