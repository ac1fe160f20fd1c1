package ingest_test

import (
	"strings"
	"testing"
	"time"

	"kgrag/ingest"
	"kgrag/kg"
	"kgrag/kg/kgtest/teststore"
	"kgrag/kg/memkg"
)

// A re-ingest that changes existing relations counts them as changed, not
// created: the versions before the run are read in batches
// (kg.RelationBatchReader), or from each history on a store that cannot.
func TestRelationCountsOnReingest(t *testing.T) { testRelationCounts(t, nil) }

func TestRelationCountsOnReingestFromHistory(t *testing.T) {
	s, err := memkg.Open(t.TempDir(), memkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	// The embedded store without its batch reads.
	testRelationCounts(t, struct {
		kg.Store
		kg.Docs
	}{s, s})
}

func TestRelationCountsOnReingestNeo4j(t *testing.T) {
	testRelationCounts(t, teststore.Neo4j(t))
}

func testRelationCounts(t *testing.T, store kg.Store) {
	e := newEnvWith(t, store, ingest.Options{})
	advance := e.tick
	if store != nil {
		advance = func() {
			time.Sleep(10 * time.Millisecond)
			e.clock = time.Now().UTC().Truncate(time.Millisecond)
		}
	}
	dir := t.TempDir()
	v1 := `{"id": "P-1", "name": "测试商品一号", "category": "品类甲", "ingredients": ["成分甲", "成分乙"]}
{"id": "P-2", "name": "测试商品二号", "category": "品类甲", "ingredients": ["成分乙"]}
`
	writeFiles(t, dir, map[string]string{"products.jsonl": v1})
	if err := e.ingestPaths(ingest.RunOptions{}, dir).Err(); err != nil {
		t.Fatal(err)
	}
	advance()
	// P-1's ingredients swap ranks; P-2 gains one.
	writeFiles(t, dir, map[string]string{"products.jsonl": strings.Replace(strings.Replace(v1,
		`["成分甲", "成分乙"]`, `["成分乙", "成分甲"]`, 1), `"ingredients": ["成分乙"]}`, `"ingredients": ["成分乙", "成分甲"]}`, 1)})
	rep := e.ingestPaths(ingest.RunOptions{}, dir)
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
	var got ingest.TypeCount
	for _, c := range rep.Relations {
		if c.Type == "CONTAINS_INGREDIENT" {
			got = c
		}
	}
	if got.Changed != 2 || got.Created != 1 || got.Total != 4 {
		t.Errorf("CONTAINS_INGREDIENT counts = %+v, want 2 changed, 1 created, 4 in all", got)
	}
}
